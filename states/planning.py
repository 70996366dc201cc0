"""Planning: the joint activity plan, approved by every party.

An edit of the plan makes a new version and voids earlier approvals.
"""

from __future__ import annotations

from typing import Any

from states.base import (
    ACTIVITIES,
    ACTIVITY_REMOVAL,
    ACTIVITY_STATUS,
    LIBRARIAN,
    PLAN_APPROVAL,
    STAFF,
    DocumentSpec,
    Edit,
    Step,
    Transition,
    reopen,
)
from states.text import Text, lazy_text


def plan_has_activities(p: Any) -> list[Text]:
    return [] if p.activities else [lazy_text("The plan has no activities yet")]


def every_party_approved(p: Any) -> list[Text]:
    if not p.activities:
        return []
    return [
        lazy_text("%(library)s has not approved the current plan", library=x.organisation.name)
        for x in p.parties
        if x.plan_approved_version != p.plan_version
    ]


STEP = Step(
    name="planning",
    title=lazy_text("Joint activity plan"),
    summary=lazy_text("The parties plan their joint activities and approve the plan."),
    order=4,
    edits=(
        Edit(ACTIVITIES, roles=(*STAFF, LIBRARIAN)),
        Edit(ACTIVITY_REMOVAL, roles=(*STAFF, LIBRARIAN)),
        Edit(ACTIVITY_STATUS, roles=(*STAFF, LIBRARIAN)),
        Edit(PLAN_APPROVAL, roles=(*STAFF, LIBRARIAN)),
    ),
    documents=(DocumentSpec("activity_plan", lazy_text("Joint activity plan")),),
    transitions=(
        Transition(
            "advance", dest="campaign", requires=(plan_has_activities, every_party_approved)
        ),
        reopen("memorandum"),
    ),
)
