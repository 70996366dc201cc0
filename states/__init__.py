"""The lifecycle of a partnership, declared as data.

Each step module exposes ``STEP``; this package lists them in order and adds
the states beside them (on hold, withdrawn) and after them (cooperation,
closed). ``workflow.lifecycle.engine`` compiles the whole into one ``transitions``
machine per process. Nothing here imports Flask.
"""

from __future__ import annotations

from states import campaign, introduction, memorandum, planning, selection, settled
from states.base import (
    ADMIN,
    ANIMATOR,
    COORDINATOR,
    LIBRARIAN,
    ROLES,
    DocumentSpec,
    Edit,
    Step,
    Transition,
)

#: The five steps in the order a partnership walks them.
STEPS: tuple[Step, ...] = (
    selection.STEP,
    introduction.STEP,
    memorandum.STEP,
    planning.STEP,
    campaign.STEP,
)
#: Every state, the steps first.
ALL: tuple[Step, ...] = STEPS + settled.STATES
BY_NAME: dict[str, Step] = {s.name: s for s in ALL}
STATE_NAMES: tuple[str, ...] = tuple(s.name for s in ALL)
#: States from which a partnership can be put on hold and resumed into.
OPEN_STATES: tuple[str, ...] = tuple(s.name for s in ALL if s.is_open)
INITIAL = selection.STEP.name
#: The states' names, to compare with (a step's name is never spelled out elsewhere).
SELECTION = selection.STEP.name
INTRODUCTION = introduction.STEP.name
MEMORANDUM = memorandum.STEP.name
PLANNING = planning.STEP.name
CAMPAIGN = campaign.STEP.name
COOPERATION = settled.COOPERATION.name
CLOSED = settled.CLOSED.name
ON_HOLD = settled.ON_HOLD.name
WITHDRAWN = settled.WITHDRAWN.name


def steps_allowing(edit: str) -> tuple[str, ...]:
    """The states in which edit ``edit`` may be made (by someone)."""
    return tuple(s.name for s in ALL if s.edit(edit) is not None)


__all__ = [
    "CAMPAIGN",
    "CLOSED",
    "COOPERATION",
    "INTRODUCTION",
    "MEMORANDUM",
    "ON_HOLD",
    "PLANNING",
    "SELECTION",
    "WITHDRAWN",
    "ADMIN",
    "ALL",
    "ANIMATOR",
    "BY_NAME",
    "COORDINATOR",
    "INITIAL",
    "LIBRARIAN",
    "OPEN_STATES",
    "ROLES",
    "STATE_NAMES",
    "STEPS",
    "DocumentSpec",
    "Edit",
    "Step",
    "Transition",
    "steps_allowing",
]
