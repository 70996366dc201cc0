"""Memorandum: the parties sign the generated memorandum of cooperation.

The coordinator generates it; each party's signatory signs the current
version. The step is left when every party has signed that version. A local
partnership need not be formalised (seed 004, §3.7) and may skip it with a
recorded reason.
"""

from __future__ import annotations

from typing import Any

from states.base import (
    CONTACTS,
    LIBRARIAN,
    MEMORANDUM_TEXT,
    SIGNATURES,
    STAFF,
    DocumentSpec,
    Edit,
    Step,
    Transition,
    reopen,
)
from states.text import Text, lazy_text

#: The sections of a memorandum, in the order a clause added to a composition
#: takes by default ("other" stands before the closing languages and
#: signatures). The clauses themselves live in the library (``workflow.memorandum.clauses``).
SECTIONS: tuple[tuple[str, Text], ...] = (
    ("preamble", lazy_text("Preamble")),
    ("parties", lazy_text("The Parties")),
    ("areas", lazy_text("Areas of cooperation")),
    ("obligations", lazy_text("Rights and obligations of the Parties")),
    ("principles", lazy_text("Principles of cooperation")),
    ("term", lazy_text("Duration and termination")),
    ("contacts", lazy_text("Contact persons")),
    ("other", lazy_text("Other provisions")),
    ("languages", lazy_text("Languages")),
    ("signatures", lazy_text("Signatures")),
)
SECTION_KEYS: tuple[str, ...] = tuple(key for key, _title in SECTIONS)

#: Which partnerships a clause is for.
APPLIES_TO: tuple[tuple[str, Text], ...] = (
    ("both", lazy_text("Every partnership")),
    ("sister", lazy_text("Sister libraries")),
    ("local", lazy_text("Local partnerships")),
)

#: What a clause's text may name, filled in from the partnership's data.
PLACEHOLDERS: dict[str, Text] = {
    "months": lazy_text("the memorandum's duration in months"),
    "title": lazy_text("the partnership's title"),
}

#: Parts generated from the partnership's data after the text of the clause
#: with this key (the memorandum's template draws them).
GENERATED: dict[str, Text] = {
    "parties": lazy_text("the parties, where they are and who represents them"),
    "areas": lazy_text("the directions of cooperation the second meeting chose"),
    "obligations": lazy_text("the leader the second meeting chose"),
    "contacts": lazy_text("each party's contact person"),
    "provisions": lazy_text("the rules of cooperation and the tasks the second meeting agreed"),
    "signatures": lazy_text("the signature table"),
}

#: Clauses no memorandum goes without: the library cannot make them optional.
REQUIRED: tuple[str, ...] = ("parties", "signatures")

#: Sections with a fixed place whatever the order: the preamble opens the
#: text, the languages and signatures close it; the others are numbered.
OPENING: tuple[str, ...] = ("preamble",)
CLOSING: tuple[str, ...] = ("languages", "signatures")


def memorandum_generated(p: Any) -> list[Text]:
    return [] if p.memorandum_version else [lazy_text("The memorandum has not been generated")]


def every_party_signed(p: Any) -> list[Text]:
    if not p.memorandum_version:
        return []
    return [
        lazy_text("%(library)s has not signed the current version", library=x.organisation.name)
        for x in p.parties
        if x.signed_version != p.memorandum_version
    ]


def is_local_partnership(p: Any) -> bool:
    return bool(p.kind == "local")


STEP = Step(
    name="memorandum",
    title=lazy_text("Memorandum of cooperation"),
    summary=lazy_text("The memorandum is generated and signed by each party."),
    order=3,
    edits=(
        Edit(CONTACTS, roles=(*STAFF, LIBRARIAN)),
        Edit(MEMORANDUM_TEXT),
        Edit(SIGNATURES, roles=(LIBRARIAN,)),
    ),
    documents=(DocumentSpec("memorandum", lazy_text("Memorandum of cooperation")),),
    transitions=(
        Transition("advance", dest="planning", requires=(memorandum_generated, every_party_signed)),
        Transition(
            "skip_memorandum", dest="planning", when=is_local_partnership, needs_reason=True
        ),
        reopen("introduction"),
    ),
)
