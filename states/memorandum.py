"""Memorandum: the parties sign the generated memorandum of cooperation.

The coordinator generates it; each party's signatory signs the current
version. The step is left when every party has signed that version. A local
partnership need not be formalised (seed 004, §3.7) and may skip it with a
recorded reason.
"""

from __future__ import annotations

from typing import Any

from states.base import DocumentSpec, Step, Transition, reopen
from states.text import Text, _l

#: The memorandum's clauses, in their order: (key, title, may be left out).
#: The parties and the signatures are always there; the contact persons are
#: named with the parties; the texts are in the document's template.
CLAUSES: tuple[tuple[str, Text, bool], ...] = (
    ("preamble", _l("Preamble"), True),
    ("parties", _l("The Parties"), False),
    ("areas", _l("Areas of cooperation"), True),
    ("obligations", _l("Rights and obligations of the Parties"), True),
    ("principles", _l("Principles of cooperation"), True),
    ("term", _l("Term"), True),
    ("provisions", _l("Further provisions"), True),
    ("languages", _l("Languages"), True),
    ("signatures", _l("Signatures"), False),
)
OPTIONAL_CLAUSES = tuple(key for key, _title, optional in CLAUSES if optional)


def memorandum_generated(p: Any) -> list[Text]:
    return [] if p.memorandum_version else [_l("The memorandum has not been generated")]


def every_party_signed(p: Any) -> list[Text]:
    if not p.memorandum_version:
        return []
    return [
        _l("%(library)s has not signed the current version", library=x.organisation.name)
        for x in p.parties
        if x.signed_version != p.memorandum_version
    ]


def is_local_partnership(p: Any) -> bool:
    return bool(p.kind == "local")


STEP = Step(
    name="memorandum",
    title=_l("Memorandum of cooperation"),
    summary=_l("The memorandum is generated and signed by each party."),
    order=3,
    documents=(DocumentSpec("memorandum", _l("Memorandum of cooperation")),),
    transitions=(
        Transition("advance", dest="planning", requires=(memorandum_generated, every_party_signed)),
        Transition(
            "skip_memorandum", dest="planning", when=is_local_partnership, needs_reason=True
        ),
        reopen("introduction"),
    ),
)
