"""The clause library, and each partnership's memorandum composed from it.

The library holds the clauses memoranda are made of: a key, a section, an
order, whether a memorandum may leave the clause out, which partnerships it
is for, whether it is part of every new memorandum (``standard``), and a
title and text per language (en, uk, pl). Texts may name placeholders
(``%(months)s``) that are filled in from the partnership's data; parts that
are generated from data (the parties, the chosen directions, the signature
table...) are drawn by the memorandum's template after the clause's text.

A partnership's memorandum is the library's standard clauses for its kind
until the coordinator composes it: then it keeps its own list of library
clauses, in its own order, each with the partnership's own texts where the
coordinator edited them (``MemorandumClause.overrides``).

What a later library edit does to a partnership:

- It reaches every memorandum that is still a draft: a clause the
  partnership did not give its own text takes the library's new text. The
  drafts in the memorandum step are touched (their version goes up), so
  that their stored documents and pages opened before are no longer current.
- Once the current version has been sent for signature, or a party signed
  it, its texts are *pinned*: the composition keeps a copy of each clause's
  texts as they are (``MemorandumClause.pinned``) and no library edit
  changes them. So a library edit never changes a memorandum with open
  signature requests (the requests stay valid: the signatories sign what
  they were sent) nor a signed one; the frozen PDFs are never rendered again
  in any case.
- The coordinator takes up the library's new text by changing the
  composition; like any edit that makes a new version, voids the open
  requests and signatures of the old one, and unpins: a new version is a
  draft again.

Clauses are never deleted: retiring one takes it out of the library (no
longer offered, nor part of new memoranda); a memorandum that has it keeps it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from states.base import MEMORANDUM_TEXT
from states.memorandum import REQUIRED
from states.text import lazy_text
from workflow.errors import InvalidInput
from workflow.lifecycle.edits import edit_partnership, require_edit, require_staff
from workflow.lifecycle.unit_of_work import unit_of_work

# The composition's reads are re-exported for the pages that name one module.
from workflow.memorandum.composition import (  # noqa: F401
    APPLIES_TO_KEYS,
    DRAFTING,
    SECTION_ORDER,
    Composed,
    Texts,
    addendum_missing_languages,
    composition,
    fill,
    lacking,
    library,
    load_clause,
    materialize,
    missing_languages,
    placeholder_problems,
    placeholder_values,
    standard_clauses,
    unpin,
    uses,
)
from workflow.memorandum.versions import new_memorandum_version
from workflow.models import (
    LANGUAGES,
    Clause,
    ClauseText,
    MemorandumClause,
    Partnership,
    User,
    utcnow,
)

KEY = re.compile(r"[a-z][a-z0-9_]{1,39}")


@dataclass(frozen=True)
class ClauseValues:
    """What the library's form sets of a clause. ``section`` and ``applies_to``
    are set when the clause is added: memoranda are composed by them."""

    texts: Texts
    optional: bool = True
    standard: bool = False
    position: int = 0
    section: str = "other"
    applies_to: str = "both"


def _check(values: ClauseValues) -> None:
    if values.section not in SECTION_ORDER or values.applies_to not in APPLIES_TO_KEYS:
        raise InvalidInput()
    texts = {lang: values.texts.get(lang, ("", "")) for lang in LANGUAGES}
    if not any(title.strip() for title, _text in texts.values()):
        raise InvalidInput(lazy_text("Give the clause a title in at least one language."))
    if any(text.strip() and not title.strip() for title, text in texts.values()):
        raise InvalidInput(lazy_text("A text needs its title in the same language."))
    problems = placeholder_problems(texts)
    if problems:
        raise InvalidInput(problems[0])


def _set_texts(clause: Clause, texts: Texts) -> None:
    for lang in LANGUAGES:
        title, text = (x.strip() for x in texts.get(lang, ("", "")))
        row = clause.text_in(lang)
        if not title:
            if row is not None:
                clause.texts.remove(row)
        elif row is None:
            clause.texts.append(ClauseText(language=lang, title=title, text=text))
        else:
            row.title, row.text = title, text


def _snapshot(clause: Clause) -> tuple[Any, ...]:
    return (
        clause.standard,
        clause.optional,
        clause.position,
        clause.retired_at is None,
        tuple((t.language, t.title, t.text) for t in clause.texts),
    )


def _touch_drafts(session: Session, clause: Clause, was_standard: bool) -> None:
    """The drafts whose memorandum a change of ``clause`` changes get a new
    version of their data (see the module's docstring)."""
    session.flush()
    found = set(
        session.scalars(
            select(Partnership).where(
                DRAFTING,
                Partnership.memorandum_clauses.any(
                    and_(MemorandumClause.clause_id == clause.id, MemorandumClause.pinned.is_(None))
                ),
            )
        ).all()
    )
    if clause.standard or was_standard:
        kinds = ("sister", "local") if clause.applies_to == "both" else (clause.applies_to,)
        found |= set(
            session.scalars(
                select(Partnership).where(
                    DRAFTING,
                    Partnership.kind.in_(kinds),
                    ~Partnership.memorandum_clauses.any(),
                )
            ).all()
        )
    for p in found:
        p.updated_at = utcnow()


def save_clause(
    session: Session,
    actor: User,
    clause_id: int | None,
    values: ClauseValues,
    *,
    key: str = "",
) -> Clause:
    """Add a clause to the library (``clause_id`` None, with a new ``key``) or
    change one: its texts, whether it may be left out, whether it is standard,
    its place in its section."""
    require_staff(actor)
    _check(values)
    try:
        return _save_clause(session, clause_id, values, key)
    except IntegrityError as exc:
        if clause_id is not None:
            raise
        # Another coordinator added the same key after the check below.
        raise InvalidInput(lazy_text("There is already a clause with this key.")) from exc


def _save_clause(session: Session, clause_id: int | None, values: ClauseValues, key: str) -> Clause:
    with unit_of_work(session) as uow:
        if clause_id is None:
            key = key.strip()
            if not KEY.fullmatch(key):
                raise InvalidInput(
                    lazy_text(
                        "A key is 2-40 small Latin letters, digits or _, starting with a letter."
                    )
                )
            if session.scalar(select(Clause.id).where(Clause.key == key)) is not None:
                raise InvalidInput(lazy_text("There is already a clause with this key."))
            clause = Clause(key=key, section=values.section, applies_to=values.applies_to)
            session.add(clause)
            before: tuple[Any, ...] = ()
            was_standard = False
        else:
            clause = load_clause(session, clause_id)
            before = _snapshot(clause)
            was_standard = clause.standard
        clause.optional = values.optional and clause.key not in REQUIRED
        clause.standard = values.standard
        clause.position = values.position
        _set_texts(clause, values.texts)
        if _snapshot(clause) != before:
            clause.updated_at = utcnow()
            _touch_drafts(session, clause, was_standard)
        uow.commit()
    return clause


def retire_clause(session: Session, actor: User, clause_id: int, *, retired: bool = True) -> None:
    """Take a clause out of the library (or bring it back). Never a delete:
    the memoranda that have it keep it."""
    require_staff(actor)
    with unit_of_work(session) as uow:
        clause = load_clause(session, clause_id)
        if retired and clause.key in REQUIRED:
            raise InvalidInput(lazy_text("No memorandum goes without this clause."))
        if (clause.retired_at is not None) == retired:
            uow.commit()
            return
        clause.retired_at = utcnow() if retired else None
        clause.updated_at = utcnow()
        _touch_drafts(session, clause, clause.standard)
        uow.commit()


def _compose(
    session: Session,
    actor: User,
    partnership_id: int,
    change: Callable[[Partnership, list[MemorandumClause]], bool],
    *,
    clauses: bool = True,
) -> int:
    """Apply ``change`` to the composition (made the partnership's own first
    when ``clauses`` are changed); when it changed anything and a version
    exists, the change makes a new version: the links and signatures of the
    old one are void."""
    require_staff(actor)

    def edit(p: Partnership) -> int:
        require_edit(p, actor, MEMORANDUM_TEXT)
        had_own = bool(p.memorandum_clauses)
        rows = materialize(session, p) if clauses else p.memorandum_clauses
        if not change(p, rows):
            if clauses and not had_own:
                p.memorandum_clauses.clear()
            return p.memorandum_version
        for n, row in enumerate(sorted(rows, key=lambda r: r.position)):
            row.position = n
        unpin(p)
        if p.memorandum_version:
            new_memorandum_version(session, p)
        return p.memorandum_version

    return edit_partnership(session, partnership_id, actor, edit)


def _row(rows: list[MemorandumClause], clause_id: int) -> MemorandumClause:
    row = next((r for r in rows if r.clause_id == clause_id), None)
    if row is None:
        raise InvalidInput(lazy_text("This clause is not in the memorandum."))
    return row


def add_clause(session: Session, actor: User, partnership_id: int, clause_id: int) -> int:
    """Add a library clause, after the clauses of its own and earlier sections."""

    def change(p: Partnership, rows: list[MemorandumClause]) -> bool:
        clause = load_clause(session, clause_id)
        if clause.retired_at is not None or not clause.applies(p.kind):
            raise InvalidInput(lazy_text("This clause cannot be added to this memorandum."))
        if any(r.clause_id == clause_id for r in rows):
            raise InvalidInput(lazy_text("This clause is already in the memorandum."))
        ordered = sorted(rows, key=lambda r: r.position)
        section = SECTION_ORDER[clause.section]
        at = max(
            (n + 1 for n, r in enumerate(ordered) if SECTION_ORDER[r.clause.section] <= section),
            default=0,
        )
        # Everything after the new clause's place moves one down.
        for r in ordered[at:]:
            r.position += 1
        p.memorandum_clauses.append(
            MemorandumClause(clause=clause, clause_id=clause.id, position=at, overrides={})
        )
        return True

    return _compose(session, actor, partnership_id, change)


def remove_clause(session: Session, actor: User, partnership_id: int, clause_id: int) -> int:
    """Leave an optional clause out of the memorandum."""

    def change(p: Partnership, rows: list[MemorandumClause]) -> bool:
        row = _row(rows, clause_id)
        if not row.clause.optional:
            raise InvalidInput(lazy_text("This clause may not be left out of the memorandum."))
        p.memorandum_clauses.remove(row)
        return True

    return _compose(session, actor, partnership_id, change)


def move_clause(
    session: Session, actor: User, partnership_id: int, clause_id: int, offset: int
) -> int:
    """Move a numbered clause one place up (``offset`` -1) or down (+1); the
    preamble, languages and signatures keep their places."""
    if offset not in (-1, 1):
        raise InvalidInput()

    def change(p: Partnership, rows: list[MemorandumClause]) -> bool:
        row = _row(rows, clause_id)
        movable = [r for r in sorted(rows, key=lambda r: r.position) if Composed(r.clause).movable]
        if row not in movable:
            return False
        n = movable.index(row) + offset
        if not 0 <= n < len(movable):
            return False
        row.position, movable[n].position = movable[n].position, row.position
        return True

    return _compose(session, actor, partnership_id, change)


def set_clause_texts(
    session: Session, actor: User, partnership_id: int, clause_id: int, texts: Texts
) -> int:
    """The partnership's own title and text of a clause, per language. A text
    left empty, or written as the library has it, follows the library."""
    problems = placeholder_problems(texts)
    if problems:
        raise InvalidInput(problems[0])

    def change(p: Partnership, rows: list[MemorandumClause]) -> bool:
        row = _row(rows, clause_id)
        own: dict[str, dict[str, str]] = {}
        for lang in p.language_list:
            title, text = (x.strip() for x in texts.get(lang, ("", "")))
            if text and not title:
                raise InvalidInput(lazy_text("A text needs its title in the same language."))
            library_text = row.clause.text_in(lang)
            same = library_text is not None and (library_text.title, library_text.text) == (
                title,
                text,
            )
            if title and not same:
                own[lang] = {"title": title, "text": text}
        if own == (row.overrides or {}):
            return False
        row.overrides = own
        return True

    return _compose(session, actor, partnership_id, change)


def set_addenda(
    session: Session, actor: User, partnership_id: int, addenda: Mapping[str, str]
) -> int:
    """The free-text addenda, one per language."""

    def change(p: Partnership, _rows: list[MemorandumClause]) -> bool:
        texts = {
            lang: addenda[lang].strip()
            for lang in p.language_list
            if (addenda.get(lang) or "").strip()
        }
        if texts == dict(p.memorandum_addenda or {}):
            return False
        p.memorandum_addenda = texts
        return True

    return _compose(session, actor, partnership_id, change, clauses=False)
