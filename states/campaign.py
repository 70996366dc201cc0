"""Campaign: the information campaign about the partnership.

The step is left when at least one publication is planned and one published.
"""

from __future__ import annotations

from typing import Any

from states.base import (
    ACTIVITY_STATUS,
    LIBRARIAN,
    PUBLICATIONS,
    STAFF,
    DocumentSpec,
    Edit,
    Step,
    Transition,
    reopen,
)
from states.text import Text, lazy_text


def publication_planned(p: Any) -> list[Text]:
    return [] if p.publications else [lazy_text("No publication is planned yet")]


def publication_published(p: Any) -> list[Text]:
    if any(x.published_on for x in p.publications):
        return []
    return [lazy_text("Nothing has been published yet")]


STEP = Step(
    name="campaign",
    title=lazy_text("Information campaign"),
    summary=lazy_text("The partnership is announced on the parties' channels."),
    order=5,
    edits=(
        Edit(ACTIVITY_STATUS, roles=(*STAFF, LIBRARIAN)),
        Edit(PUBLICATIONS, roles=(*STAFF, LIBRARIAN)),
    ),
    documents=(
        DocumentSpec("campaign_brief", lazy_text("Campaign brief and report")),
        DocumentSpec("press_release", lazy_text("Press release")),
    ),
    transitions=(
        Transition(
            "advance",
            dest="cooperation",
            requires=(publication_planned, publication_published),
        ),
        reopen("planning"),
    ),
)
