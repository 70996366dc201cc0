"""The documents of a partnership: plain-data contexts and the store of rendered PDFs.

``build_context`` turns the ORM partnership into the plain data a template
needs (nothing else, so that its hash changes only when the document would);
``get_or_render`` renders a PDF once per distinct context and keeps it, since
WeasyPrint's output is not byte-identical from run to run and a signed or
published PDF must stay the one that was signed or published.

Context schema (JSON-serialisable: str, int, float, bool, None, list, dict)::

    kind            str, one of documents.KINDS
    languages       [str]   1-3 of en, uk, pl, in the partnership's order
    generated_on    str|None  ISO date of the latest change the data shows
    partnership     {id, title, kind}
    parties         [{name, name_latin, country, city, role, sector,
                      selection_report only: works_now_in, library_type, population, status;
                      the others: contact_name, contact_role, contact_email
                      (None until the parties may see each other's contacts);
                      meeting_record, evaluation: contact_pending (a contact
                      exists, named as shown only after every party accepted);
                      memorandum only: signatory_name, signatory_role,
                      signed: bool (signed the current memorandum version),
                      signed_at: ISO date | None}]
    selection_report: selection_reason; shortlist [{name, country, score, chosen,
                      factors [{factor, points, msgid, params}]}] (from matching,
                      the reasons translated into each language) or [{..., reasons}]
    meeting_record, evaluation: meetings [{number, held_at "YYYY-MM-DD HH:MM" (in its zone),
                                 timezone, planned_minutes, place_kind, place,
                                 agenda [{key, covered}], invited,
                                 attendees [{name, organisation, sector, decision_maker}],
                                 attendance, minutes, evaluation,
                                 evaluations [{side, worked, to_change, next_steps,
                                               engagement [{name, score}]}]}];
    memorandum:       memorandum_version, duration_months, leader, leader_latin,
                      cooperation_rules, areas [direction], tasks, and
                      cooperation_rules_lang, tasks_lang (``written_in``),
                      clauses [{key, section, texts {lang: {title, text, lang}}}]
                      (placeholders filled in; ``lang``: the language the text
                      is written in, another where the clause lacks one),
                      addenda {lang: text}
    activity_plan:    plan_version, activities [{texts {lang: {title, description}},
                        direction, status, responsible, involved [name], starts_on,
                        ends_on, place, resources, expected_result, indicator,
                        development_plan_url}]
    campaign_brief:   audience, audience_lang (``written_in``),
                      messages {lang: key message} (every language),
                      channels [code] (those planned, in CHANNELS order),
                      publications [{channel, language, message, planned_on,
                                     published_on, url, reach,
                                     activity: {lang: title} | None}]
    press_release:    signed_on ISO date | None, memorandum_skipped: bool,
                      lead, lead_latin, messages {lang: key message},
                      activities [{titles {lang: title}, starts_on, ends_on}]
                      (not cancelled)
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, undefer

import states
from documents import KINDS, context_hash, render_pdf
from states.base import DocumentSpec
from workflow.campaign.context import campaign_brief, press_release
from workflow.introduction.context import meeting_record
from workflow.lifecycle.access import visible_to
from workflow.lifecycle.context import Context, is_signed, iso_date, party_context
from workflow.memorandum.context import memorandum_context, memorandum_left, memorandum_signed_on
from workflow.models import Partnership, StoredDocument, User
from workflow.planning.context import activity_plan
from workflow.selection.context import selection_report

_BY_KIND: dict[str, Callable[[Partnership], Context]] = {
    "selection_report": selection_report,
    "meeting_record": meeting_record,
    "evaluation": meeting_record,
    "memorandum": memorandum_context,
    "activity_plan": activity_plan,
    "campaign_brief": campaign_brief,
    "press_release": press_release,
}
assert set(_BY_KIND) == set(KINDS)


def _data_date(p: Partnership, kind: str) -> str | None:
    """The date of the latest change a document of ``kind`` shows, for its footer.

    Never today's date: the context would change, and the PDF be rendered
    again, every day. Planned (future) dates don't count.
    """
    moments: list[date | datetime | None] = [p.created_at]
    if kind == "memorandum":
        moments += [x.signed_at for x in p.parties if is_signed(x, p)]
    elif kind in ("meeting_record", "evaluation"):
        moments += [m.held_at for m in p.meetings] + [m.evaluated_at for m in p.meetings]
    elif kind == "campaign_brief":
        moments += [x.published_on for x in p.publications]
    elif kind == "press_release":
        moments.append(memorandum_signed_on(p))
    days = [iso_date(m) for m in moments if m is not None]
    return max(d for d in days if d) if days else None


def build_context(
    partnership: Partnership, kind: str, extra: Mapping[str, Any] | None = None
) -> Context:
    """The plain-data context of document ``kind`` for ``partnership``.

    ``extra`` adds plain data the partnership's rows don't hold, such as the
    selection report's ``shortlist`` from matching.
    """
    if kind not in _BY_KIND:
        raise KeyError(f"unknown document kind {kind!r}; expected one of {KINDS}")
    p = partnership
    context: Context = {
        "kind": kind,
        "languages": p.language_list,
        "generated_on": _data_date(p, kind),
        # No status: a move must not make every document new.
        "partnership": {"id": p.id, "title": p.title, "kind": p.kind},
        "parties": [party_context(x, p, kind) for x in p.parties],
    }
    context.update(_BY_KIND[kind](p))
    if extra:
        context.update(extra)
    return context


def get_or_render(
    session: Session, partnership: Partnership, kind: str, extra: Mapping[str, Any] | None = None
) -> StoredDocument:
    """The stored PDF of ``kind`` for the partnership's current data, rendered if new.

    Flushes but never commits: the caller owns the transaction. Two requests
    rendering the same new document at once both succeed and return the row
    stored first (unique on partnership, kind, data_hash).
    """
    if partnership.id is None:
        session.flush()
    context = build_context(partnership, kind, extra)
    data_hash = context_hash(context)
    existing = _find(session, partnership.id, kind, data_hash)
    if existing is not None:
        return existing
    pdf = render_pdf(kind, context)
    row = {
        "partnership_id": partnership.id,
        "kind": kind,
        "data_hash": data_hash,
        "sha256": hashlib.sha256(pdf).hexdigest(),
        "size": len(pdf),
        "pdf": pdf,
    }
    insert = _INSERTS.get(session.get_bind().dialect.name)
    if insert is None:
        document = StoredDocument(**row)
        session.add(document)
        session.flush()
        return document
    # INSERT ... ON CONFLICT DO NOTHING rather than a SAVEPOINT: pysqlite's
    # SAVEPOINT outside an explicit BEGIN would commit on RELEASE, and the
    # caller owns the transaction.
    session.flush()
    session.execute(
        insert(StoredDocument)
        .values(**row)
        .on_conflict_do_nothing(index_elements=["partnership_id", "kind", "data_hash"])
    )
    stored = _find(session, partnership.id, kind, data_hash)
    assert stored is not None
    return stored


#: Dialects whose INSERT can skip a row that a concurrent render stored first.
_INSERTS: dict[str, Callable[..., Any]] = {"sqlite": sqlite_insert, "postgresql": pg_insert}


def stamped_document(
    session: Session, actor: User, partnership_id: int, kind: str
) -> StoredDocument | None:
    """The PDF of ``kind`` already found current at the partnership's present
    version, if ``actor`` may see the partnership: one query, nothing loaded
    but the row served.

    A stamp is only written by ``current_document`` after the caller checked
    that the partnership had reached the document's step at that version, and
    every move or edit makes a new version, so a stamp that matches still
    answers both questions.
    """
    return session.scalars(
        select(StoredDocument)
        .join(
            Partnership,
            (Partnership.id == StoredDocument.partnership_id)
            & (Partnership.version == StoredDocument.partnership_version),
        )
        .where(
            StoredDocument.partnership_id == partnership_id,
            StoredDocument.kind == kind,
            visible_to(actor),
        )
        .options(undefer(StoredDocument.pdf))
        .limit(1)
    ).first()


def current_document(
    session: Session, partnership: Partnership, kind: str
) -> tuple[StoredDocument, bool]:
    """The stored PDF of ``kind`` as the partnership's data stands now, and
    whether anything was written to find it (then the caller commits).

    At a version where it was already found current, one indexed look-up;
    otherwise the context is built and hashed (``get_or_render``) and the
    PDF is stamped with this version. Flushes, never commits.
    """
    stamped = session.scalars(
        select(StoredDocument)
        .where(
            StoredDocument.partnership_id == partnership.id,
            StoredDocument.kind == kind,
            StoredDocument.partnership_version == partnership.version,
        )
        .options(undefer(StoredDocument.pdf))
        .limit(1)
    ).first()
    if stamped is not None:
        return stamped, False
    document = get_or_render(session, partnership, kind)
    document.partnership_version = partnership.version
    session.flush()
    return document, True


def _find(
    session: Session, partnership_id: int, kind: str, data_hash: str
) -> StoredDocument | None:
    return session.scalars(
        select(StoredDocument).where(
            StoredDocument.partnership_id == partnership_id,
            StoredDocument.kind == kind,
            StoredDocument.data_hash == data_hash,
        )
    ).first()


def document_kinds_for(status: str) -> list[DocumentSpec]:
    """The documents a partnership in ``status`` has: those of the steps reached.

    A step's documents and every earlier step's; all five after the steps
    (cooperation, closed) and, to keep it simple, for on hold and withdrawn.
    """
    if status not in states.BY_NAME:
        raise ValueError(f"unknown status {status!r}")
    names = [s.name for s in states.STEPS]
    reached = states.STEPS[: names.index(status) + 1] if status in names else states.STEPS
    return [spec for step in reached for spec in step.documents]


def has_content(p: Partnership, kind: str) -> bool:
    """Whether a document of ``kind`` would show anything of its own: a
    memorandum once generated (and not skipped), the meeting record once a
    meeting is recorded, the evaluation once one is written, the plan once it
    has an activity. An empty document is not offered."""
    if kind == "memorandum":
        left = memorandum_left(p)
        return bool(p.memorandum_version) and not (
            left is not None and left.trigger == "skip_memorandum"
        )
    if kind == "meeting_record":
        return bool(p.meetings)
    if kind == "evaluation":
        return any(m.evaluations or m.evaluation for m in p.meetings)
    if kind == "activity_plan":
        return bool(p.activities)
    return True


def offered_documents(p: Partnership, specs: list[DocumentSpec]) -> list[DocumentSpec]:
    """Those of ``specs`` (the documents of the steps reached) that have content."""
    return [spec for spec in specs if has_content(p, spec.kind)]
