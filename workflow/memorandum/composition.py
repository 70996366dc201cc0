"""A memorandum's composition: the clause library, the clauses a partnership's
memorandum is made of, their texts filled in and pinned once sent.

Plain queries and rules: nothing here commits or imports a use case."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, object_session

import states
from states.memorandum import (
    APPLIES_TO,
    CLOSING,
    OPENING,
    PLACEHOLDERS,
    SECTION_KEYS,
)
from states.text import Text, lazy_text
from workflow.errors import NotFound
from workflow.models import (
    LANGUAGES,
    Clause,
    MemorandumClause,
    Partnership,
)

#: {language: (title, text)} as a form gives them.
Texts = Mapping[str, tuple[str, str]]


#: ``%(name)s`` as written, including wrong ones (``%(name)``, ``%(Name)d``).
TOKEN = re.compile(r"%\(([^)]*)\)([a-z]?)")


APPLIES_TO_KEYS = tuple(key for key, _title in APPLIES_TO)


SECTION_ORDER = {key: n for n, key in enumerate(SECTION_KEYS)}


#: Sections whose place is fixed (first or last): the up and down buttons skip them.
FIXED = frozenset(OPENING + CLOSING)


#: A partnership whose memorandum is being drafted (a library edit touches it).
DRAFTING = or_(
    Partnership.status == states.MEMORANDUM,
    and_(Partnership.status == states.ON_HOLD, Partnership.held_from == states.MEMORANDUM),
)


def order(clause: Clause) -> tuple[int, int, int]:
    return (SECTION_ORDER[clause.section], clause.position, clause.id or 0)


def placeholders(text: str) -> set[str]:
    return {name for name, _kind in TOKEN.findall(text or "")}


def placeholder_problems(texts: Texts) -> list[Text]:
    """What is wrong with the placeholders of a clause's texts: unknown or
    misspelt ones, or languages that name different ones."""
    known = ", ".join(f"%({name})s" for name in PLACEHOLDERS)
    problems: list[Text] = []
    used: dict[str, set[str]] = {}
    for lang, (title, text) in texts.items():
        for part in (title, text):
            for name, kind in TOKEN.findall(part or ""):
                if name not in PLACEHOLDERS or kind != "s":
                    problems.append(
                        lazy_text(
                            "%(placeholder)s is not a placeholder the memorandum knows: "
                            "use %(known)s.",
                            placeholder=f"%({name}){kind}",
                            known=known,
                        )
                    )
        if (title or "").strip() or (text or "").strip():
            used[lang] = placeholders(title) | placeholders(text)
    if len({frozenset(x) for x in used.values()}) > 1:
        problems.append(
            lazy_text(
                "Every language must name the same placeholders: %(placeholders)s.",
                placeholders=", ".join(sorted(f"%({x})s" for x in set().union(*used.values()))),
            )
        )
    return problems


def fill(text: str, values: Mapping[str, Any]) -> str:
    """``text`` with its placeholders replaced; anything else, ``%`` included, as written."""

    def value(match: re.Match[str]) -> str:
        name, kind = match.groups()
        return str(values[name]) if name in values and kind == "s" else match.group(0)

    return TOKEN.sub(value, text or "")


def library(session: Session) -> list[Clause]:
    """Every clause, retired ones too, in the order of a memorandum."""
    return sorted(session.scalars(select(Clause)).all(), key=order)


def standard_clauses(session: Session, kind: str) -> list[Clause]:
    """The clauses of a new memorandum of a ``kind`` partnership."""
    found = session.scalars(
        select(Clause).where(
            Clause.standard.is_(True),
            Clause.retired_at.is_(None),
            Clause.applies_to.in_(("both", kind)),
        )
    ).all()
    return sorted(found, key=order)


def missing_languages(clause: Clause) -> list[str]:
    """The languages the library's clause has no title in."""
    given = {t.language for t in clause.texts if t.title.strip()}
    return [lang for lang in LANGUAGES if lang not in given]


def uses(session: Session, clause_id: int) -> int:
    """How many memoranda composed by their coordinator have the clause."""
    return session.scalar(select(func.count()).where(MemorandumClause.clause_id == clause_id)) or 0


def load_clause(session: Session, clause_id: int) -> Clause:
    clause = session.get(Clause, clause_id)
    if clause is None:
        raise NotFound(lazy_text("No such clause."))
    return clause


@dataclass(frozen=True)
class Composed:
    """A clause of one partnership's memorandum."""

    clause: Clause
    row: MemorandumClause | None = None

    def own(self, lang: str) -> dict[str, str] | None:
        """The partnership's own text in ``lang``, if the coordinator gave one."""
        return (self.row.overrides or {}).get(lang) if self.row else None

    def text(self, lang: str) -> dict[str, str] | None:
        """{title, text} in ``lang``: pinned, else the partnership's own,
        else the library's; None when there is none."""
        if self.row is not None and self.row.pinned is not None:
            return self.row.pinned.get(lang)
        own = self.own(lang)
        if own is not None:
            return own
        found = self.clause.text_in(lang)
        return {"title": found.title, "text": found.text} if found else None

    @property
    def movable(self) -> bool:
        return self.clause.section not in FIXED


def composition(p: Partnership, session: Session | None = None) -> list[Composed]:
    """The clauses of ``p``'s memorandum, in order."""
    if p.memorandum_clauses:
        rows = sorted(p.memorandum_clauses, key=lambda r: r.position)
        return [Composed(row.clause, row) for row in rows]
    session = session or object_session(p)
    assert session is not None, "the partnership must belong to a session"
    return [Composed(c) for c in standard_clauses(session, p.kind)]


def lacking(p: Partnership, composed: list[Composed]) -> list[tuple[Composed, list[str]]]:
    """The composed clauses that lack one of the partnership's languages, and which."""
    found = []
    for c in composed:
        missing = [
            lang for lang in p.language_list if not ((c.text(lang) or {}).get("title") or "")
        ]
        if missing:
            found.append((c, missing))
    return found


def addendum_missing_languages(p: Partnership) -> list[str]:
    """The partnership's languages an addendum lacks (none while there is no addendum)."""
    given = {lang for lang, text in (p.memorandum_addenda or {}).items() if text.strip()}
    return [lang for lang in p.language_list if given and lang not in given]


def placeholder_values(p: Partnership) -> dict[str, Any]:
    """What the placeholders (``PLACEHOLDERS``) stand for in ``p``'s memorandum."""
    return {"months": p.memorandum_duration_months, "title": p.title}


def clauses_context(p: Partnership) -> list[dict[str, Any]]:
    """The memorandum's clauses as plain data: key, section and, in each of
    the partnership's languages, the title and text with the placeholders
    filled in. A language a clause lacks shows another language's text
    (``lang`` says which); the compose page warns about it."""
    values = placeholder_values(p)
    fallbacks = [*p.language_list, *LANGUAGES]
    shown = []
    for c in composition(p):
        texts = {}
        for lang in p.language_list:
            found = next(
                ((x, t) for x in [lang, *fallbacks] if (t := c.text(x)) and t.get("title")),
                None,
            )
            written_in, text = found or (lang, {"title": "", "text": ""})
            texts[lang] = {
                "title": fill(text["title"], values),
                "text": fill(text.get("text", ""), values),
                "lang": written_in,
            }
        shown.append({"key": c.clause.key, "section": c.clause.section, "texts": texts})
    return shown


def pin(session: Session, p: Partnership) -> None:
    """Keep the memorandum's texts as they are now: the current version was
    sent for signature or signed (see the module's docstring)."""
    rows = materialize(session, p)
    for row in rows:
        if row.pinned is None:
            composed = Composed(row.clause, row)
            row.pinned = {
                lang: dict(text) for lang in p.language_list if (text := composed.text(lang))
            }


def unpin(p: Partnership) -> None:
    """A new version is a draft: the texts follow the library again."""
    for row in p.memorandum_clauses:
        row.pinned = None


def materialize(session: Session, p: Partnership) -> list[MemorandumClause]:
    """The partnership's own composition, made from the standard one if it has none."""
    if not p.memorandum_clauses:
        for n, clause in enumerate(standard_clauses(session, p.kind)):
            p.memorandum_clauses.append(
                MemorandumClause(clause=clause, clause_id=clause.id, position=n, overrides={})
            )
    return p.memorandum_clauses
