"""Selection: a partner library is chosen by similarity.

A sister partnership needs its two libraries; a local partnership needs its
lead library and partners from the public, social and economic sectors
(seed 004, §1.3, "the three-sector rule").
"""

from __future__ import annotations

from typing import Any

from states.base import (
    CONSENT,
    CONTACTS,
    LIBRARIAN,
    PARTIES,
    STAFF,
    DocumentSpec,
    Edit,
    Step,
    Transition,
)
from states.text import Text, lazy_text

SECTOR_MISSING: dict[str, Text] = {
    "public": lazy_text("No partner from the public sector yet"),
    "social": lazy_text("No partner from the social sector yet"),
    "economic": lazy_text("No partner from the economic sector yet"),
}


def parties_chosen(p: Any) -> list[Text]:
    leads = [x for x in p.parties if x.role == "lead"]
    partners = [x for x in p.parties if x.role == "partner"]
    missing: list[Text] = []
    if not leads:
        missing.append(lazy_text("No lead library has been chosen"))
    if not partners:
        missing.append(lazy_text("No partner has been chosen"))
    if p.kind == "sister" and len(p.parties) > 2:
        missing.append(lazy_text("A sister partnership has exactly two libraries"))
    return missing


def three_sectors_present(p: Any) -> list[Text]:
    if p.kind != "local":
        return []
    present = {x.sector for x in p.parties}
    return [text for sector, text in SECTOR_MISSING.items() if sector not in present]


STEP = Step(
    name="selection",
    title=lazy_text("Selection"),
    summary=lazy_text("A partner library is chosen by similarity."),
    order=1,
    edits=(
        Edit(PARTIES),
        Edit(CONTACTS, roles=(*STAFF, LIBRARIAN)),
        Edit(CONSENT, roles=(LIBRARIAN,)),
    ),
    documents=(DocumentSpec("selection_report", lazy_text("Partner selection report")),),
    transitions=(
        Transition(
            "advance", dest="introduction", requires=(parties_chosen, three_sectors_present)
        ),
    ),
)
