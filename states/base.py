"""The vocabulary in which steps are declared."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from states.text import Text, lazy_text

ADMIN = "admin"
COORDINATOR = "coordinator"
ANIMATOR = "animator"
LIBRARIAN = "librarian"
ROLES: tuple[str, ...] = (ADMIN, COORDINATOR, ANIMATOR, LIBRARIAN)
ROLE_TITLES: dict[str, Text] = {
    ADMIN: lazy_text("Administrator"),
    COORDINATOR: lazy_text("Coordinator"),
    ANIMATOR: lazy_text("Animator"),
    LIBRARIAN: lazy_text("Library representative"),
}
#: Who moves partnerships: the programme's staff.
STAFF: tuple[str, ...] = (COORDINATOR, ADMIN)

#: What may be changed in a step (``Edit.name``); a step lists those it allows.
PARTIES = "parties"
CONTACTS = "contacts"
CONSENT = "consent"
MEETINGS = "meetings"
EVALUATIONS = "evaluations"
LEADER = "leader"
MEMORANDUM_TEXT = "memorandum_text"
SIGNATURES = "signatures"
ACTIVITIES = "activities"
ACTIVITY_REMOVAL = "activity_removal"
ACTIVITY_STATUS = "activity_status"
PLAN_APPROVAL = "plan_approval"
PUBLICATIONS = "publications"
CHECKINS = "checkins"
CONDITIONS = "conditions"

#: A requirement looks at a partnership and says, in words, what is missing.
Requirement = Callable[[Any], list[Text]]
#: A condition decides whether a transition exists at all for a partnership.
Condition = Callable[[Any], bool]


@dataclass(frozen=True)
class DocumentSpec:
    kind: str
    title: Text


@dataclass(frozen=True)
class Transition:
    trigger: str
    dest: str
    roles: tuple[str, ...] = STAFF
    requires: Sequence[Requirement] = ()
    when: Condition | None = None
    needs_reason: bool = False
    #: Irreversible moves are confirmed by the user before they are sent.
    confirm: bool = False


@dataclass(frozen=True)
class Edit:
    """Something that may be changed while a partnership is in a step, and by whom.

    ``when`` narrows it to the partnerships it holds for; which of a
    partnership's parties someone may act for is checked by the use case.
    """

    name: str
    roles: tuple[str, ...] = STAFF
    when: Condition | None = None


@dataclass(frozen=True)
class Step:
    name: str
    title: Text
    summary: Text
    order: int
    transitions: tuple[Transition, ...] = ()
    documents: tuple[DocumentSpec, ...] = ()
    edits: tuple[Edit, ...] = ()
    #: Open states can be put on hold, withdrawn from, and resumed into.
    is_open: bool = True
    is_terminal: bool = False
    #: Extra fields describing the step for screens (checklist hints etc.).
    extra: dict[str, Any] = field(default_factory=dict)

    def requirements(self) -> list[Requirement]:
        """What must hold before the step is left forward."""
        for t in self.transitions:
            if t.trigger == "advance":
                return list(t.requires)
        return []

    def edit(self, name: str) -> Edit | None:
        """What the step says of edit ``name``: None when it is not allowed in it."""
        return next((e for e in self.edits if e.name == name), None)

    def missing(self, partnership: Any) -> list[Text]:
        return [m for req in self.requirements() for m in req(partnership)]


TRIGGER_TITLES: dict[str, Text] = {
    "advance": lazy_text("Advance to the next step"),
    "reopen": lazy_text("Reopen the previous step"),
    "hold": lazy_text("Put on hold"),
    "resume": lazy_text("Resume"),
    "withdraw": lazy_text("Withdraw"),
    "skip_memorandum": lazy_text("Skip the memorandum"),
    "close": lazy_text("Close the partnership"),
}


def reopen(dest: str) -> Transition:
    return Transition("reopen", dest=dest, needs_reason=True)
