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
                      the others: contact_name, contact_role, contact_email;
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
                      parties' contacts only once every party accepted
    memorandum:       memorandum_version, duration_months, leader, leader_latin,
                      cooperation_rules, areas [direction], tasks,
                      clauses [{key, section, texts {lang: {title, text, lang}}}]
                      (placeholders filled in; ``lang``: the language the text
                      is written in, another where the clause lacks one),
                      addenda {lang: text}
    activity_plan:    plan_version, activities [{texts {lang: {title, description}},
                        direction, status, responsible, involved [name], starts_on,
                        ends_on, place, resources, expected_result, indicator,
                        development_plan_url}]
    campaign_brief:   audience, messages {lang: key message} (every language),
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
from states.introduction import agenda_for
from workflow.lifecycle.access import visible_to
from workflow.memorandum.composition import clauses_context
from workflow.models import Activity, Partnership, Party, StoredDocument, User
from workflow.timezones import in_zone

Context = dict[str, Any]


def _iso_date(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.date()
    return value.isoformat()


def _is_signed(party: Party, partnership: Partnership) -> bool:
    """Signed the memorandum's current version (a new version voids signatures)."""
    return bool(partnership.memorandum_version) and (
        party.signed_version == partnership.memorandum_version
    )


def _party(party: Party, partnership: Partnership, kind: str) -> Context:
    """What ``kind`` shows of a party, and nothing more: a change to what a
    document does not show must not make it new (and rendered again)."""
    org = party.organisation
    shown: Context = {
        "name": org.name,
        "name_latin": org.name_latin,
        "country": org.country,
        "city": org.city,
        "role": party.role,
        "sector": party.sector,
    }
    if kind == "selection_report":
        # What the selection looked at.
        shown.update(
            works_now_in=org.works_now_in,
            library_type=org.library_type,
            population=org.population,
            status=org.status,
        )
        return shown
    # Before every party has accepted the partnership, the record the
    # parties share does not give one party's contact persons to the other.
    consented = kind not in ("meeting_record", "evaluation") or all(
        x.accepted_at for x in partnership.parties
    )
    shown.update(
        contact_name=party.contact_name if consented else None,
        contact_role=party.contact_role if consented else None,
        contact_email=party.contact_email if consented else None,
    )
    if kind == "memorandum":
        signed = _is_signed(party, partnership)
        shown.update(
            signatory_name=party.signatory_name,
            signatory_role=party.signatory_role,
            signed=signed,
            signed_at=_iso_date(party.signed_at) if signed else None,
        )
    return shown


def _selection_report(p: Partnership) -> Context:
    return {"selection_reason": p.selection_reason, "shortlist": p.selection_shortlist or []}


def _meeting_record(p: Partnership) -> Context:
    return {
        "meetings": [
            {
                "number": m.number,
                "held_at": in_zone(m.held_at, m.timezone).strftime("%Y-%m-%d %H:%M"),
                "timezone": m.timezone,
                "planned_minutes": m.planned_minutes,
                "place_kind": m.place_kind,
                "place": m.place,
                "agenda": [
                    {"key": key, "covered": key in (m.agenda_done or [])}
                    for key, _title in agenda_for(m.number)
                ],
                "invited": m.invited,
                "attendees": [
                    {
                        "name": a.name,
                        "organisation": a.organisation,
                        "sector": a.sector,
                        "decision_maker": a.decision_maker,
                    }
                    for a in m.attendees
                ],
                "attendance": m.attendance,
                "evaluations": [
                    {
                        "side": e.side,
                        "worked": e.worked,
                        "to_change": e.to_change,
                        "next_steps": e.next_steps,
                        "engagement": [
                            {"name": x.organisation.name, "score": e.engagement[str(x.id)]}
                            for x in p.parties
                            if (e.engagement or {}).get(str(x.id))
                        ],
                    }
                    for e in m.evaluations
                ],
                "minutes": m.minutes,
                "evaluation": m.evaluation,
            }
            for m in p.meetings
        ]
    }


def _memorandum(p: Partnership) -> Context:
    leader = next((x for x in p.parties if x.id == p.leader_party_id), None)
    return {
        "memorandum_version": p.memorandum_version,
        "duration_months": p.memorandum_duration_months,
        "leader": leader.organisation.name if leader else None,
        "leader_latin": leader.organisation.name_latin if leader else None,
        "cooperation_rules": p.cooperation_rules,
        # What the second meeting decided (none chosen: every direction).
        "areas": list(p.areas or ()),
        "tasks": p.agreed_tasks,
        # The coordinator's composition: the clauses and addenda per language.
        "clauses": clauses_context(p),
        "addenda": {
            lang: text
            for lang, text in sorted((p.memorandum_addenda or {}).items())
            if lang in p.language_list and text.strip()
        },
    }


def _activity_texts(a: Activity, languages: list[str]) -> Context:
    """{lang: {title, description}} in the partnership's languages; the first
    language falls back on the activity's own title (older rows have no texts)."""
    texts: Context = {}
    for i, lang in enumerate(languages):
        given = (a.texts or {}).get(lang) or {}
        title = given.get("title") or (a.title if i == 0 else "")
        description = given.get("description") or (a.description if i == 0 else "")
        texts[lang] = {"title": title, "description": description}
    return texts


def _activity_plan(p: Partnership) -> Context:
    return {
        "plan_version": p.plan_version,
        "activities": [
            {
                "texts": _activity_texts(a, p.language_list),
                "direction": a.direction,
                "status": a.status,
                "responsible": (
                    a.responsible_party.organisation.name if a.responsible_party else None
                ),
                "involved": [x.organisation.name for x in a.involved],
                "starts_on": _iso_date(a.starts_on),
                "ends_on": _iso_date(a.ends_on),
                "place": a.place,
                "resources": a.resources,
                "expected_result": a.expected_result,
                "indicator": a.indicator,
                "development_plan_url": a.development_plan_url,
            }
            for a in p.activities
        ],
    }


def _activity_titles(a: Activity | None, languages: list[str]) -> Context | None:
    """{lang: title} of an activity (the first language's where it has no
    title in another), or None."""
    if a is None:
        return None
    texts = _activity_texts(a, languages)
    first = texts[languages[0]]["title"]
    return {lang: text["title"] or first for lang, text in texts.items()}


def _key_messages(p: Partnership) -> Context:
    """The campaign's key message in each of the partnership's languages."""
    given = p.campaign_messages or {}
    return {lang: given.get(lang) or "" for lang in p.language_list}


def _campaign_brief(p: Partnership) -> Context:
    from workflow.models import CHANNELS

    used = {x.channel for x in p.publications}
    return {
        "audience": p.campaign_audience or "",
        "messages": _key_messages(p),
        "channels": [c for c in CHANNELS if c in used],
        "publications": [
            {
                "channel": x.channel,
                "language": x.language,
                "message": x.message,
                "planned_on": _iso_date(x.planned_on),
                "published_on": _iso_date(x.published_on),
                "url": x.url,
                "reach": x.reach,
                "activity": _activity_titles(x.activity, p.language_list),
            }
            for x in p.publications
        ],
    }


def _memorandum_left(p: Partnership) -> Any:
    """The latest move out of the memorandum step (signed or skipped), if any."""
    return next(
        (
            h
            for h in reversed(p.history)
            if h.from_state == "memorandum" and h.trigger in ("advance", "skip_memorandum")
        ),
        None,
    )


def memorandum_signed_on(p: Partnership) -> date | None:
    """When the memorandum came into force: the day the last party signed its
    current version, else the day the partnership left the memorandum step;
    None when it was skipped (a local partnership) or is not signed yet."""
    left = _memorandum_left(p)
    if left is not None and left.trigger == "skip_memorandum":
        return None
    signed = [x.signed_at for x in p.parties if _is_signed(x, p) and x.signed_at]
    if signed and len(signed) == len(p.parties):
        return max(signed).date()
    return left.at.date() if left is not None else None


def _press_release(p: Partnership) -> Context:
    left = _memorandum_left(p)
    leader = next((x for x in p.parties if x.id == p.leader_party_id), None)
    lead = leader or next((x for x in p.parties if x.role == "lead"), None)
    return {
        "signed_on": _iso_date(memorandum_signed_on(p)),
        "memorandum_skipped": left is not None and left.trigger == "skip_memorandum",
        "lead": lead.organisation.name if lead else None,
        "lead_latin": lead.organisation.name_latin if lead else None,
        "messages": _key_messages(p),
        "activities": [
            {
                "titles": _activity_titles(a, p.language_list),
                "starts_on": _iso_date(a.starts_on),
                "ends_on": _iso_date(a.ends_on),
            }
            for a in p.activities
            if a.status != "cancelled"
        ],
    }


_BY_KIND: dict[str, Callable[[Partnership], Context]] = {
    "selection_report": _selection_report,
    "meeting_record": _meeting_record,
    "evaluation": _meeting_record,
    "memorandum": _memorandum,
    "activity_plan": _activity_plan,
    "campaign_brief": _campaign_brief,
    "press_release": _press_release,
}
assert set(_BY_KIND) == set(KINDS)


def _data_date(p: Partnership, kind: str) -> str | None:
    """The date of the latest change a document of ``kind`` shows, for its footer.

    Never today's date: the context would change, and the PDF be rendered
    again, every day. Planned (future) dates don't count.
    """
    moments: list[date | datetime | None] = [p.created_at]
    if kind == "memorandum":
        moments += [x.signed_at for x in p.parties if _is_signed(x, p)]
    elif kind in ("meeting_record", "evaluation"):
        moments += [m.held_at for m in p.meetings] + [m.evaluated_at for m in p.meetings]
    elif kind == "campaign_brief":
        moments += [x.published_on for x in p.publications]
    elif kind == "press_release":
        moments.append(memorandum_signed_on(p))
    days = [_iso_date(m) for m in moments if m is not None]
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
        "parties": [_party(x, p, kind) for x in p.parties],
    }
    context.update(_BY_KIND[kind](p))
    if extra:
        context.update(extra)
    return context


def get_or_render(
    session: Session,
    partnership: Partnership,
    kind: str,
    extra: Mapping[str, Any] | None = None,
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
