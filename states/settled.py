"""The states after and beside the five steps.

Cooperation follows the campaign and can be closed; any open state can be put
on hold (resume returns to the state it left) or withdrawn from for good.
"""

from __future__ import annotations

from states.base import (
    ACTIVITIES,
    ACTIVITY_STATUS,
    ANIMATOR,
    CHECKINS,
    CONDITIONS,
    LIBRARIAN,
    PUBLICATIONS,
    STAFF,
    Edit,
    Step,
    Transition,
    reopen,
)
from states.text import lazy_text

HOLD = Transition("hold", dest="on_hold", needs_reason=True)
WITHDRAW = Transition("withdraw", dest="withdrawn", needs_reason=True, confirm=True)
#: Resume's destination is the state the partnership was held from; the
#: engine expands it into one transition per open state.
RESUME = Transition("resume", dest="")
#: Offered from every open state.
FROM_ANY_OPEN: tuple[Transition, ...] = (HOLD, WITHDRAW)

COOPERATION = Step(
    name="cooperation",
    title=lazy_text("Cooperation"),
    summary=lazy_text("The partnership is at work."),
    order=6,
    edits=(
        Edit(ACTIVITIES, roles=(*STAFF, LIBRARIAN)),
        Edit(ACTIVITY_STATUS, roles=(*STAFF, LIBRARIAN)),
        Edit(PUBLICATIONS, roles=(*STAFF, LIBRARIAN)),
        Edit(CHECKINS, roles=(LIBRARIAN,)),
        Edit(CONDITIONS, roles=(*STAFF, ANIMATOR, LIBRARIAN)),
    ),
    transitions=(
        Transition("close", dest="closed", needs_reason=True, confirm=True),
        reopen("campaign"),
    ),
)
CLOSED = Step(
    name="closed",
    title=lazy_text("Closed"),
    summary=lazy_text("The partnership has ended."),
    order=7,
    is_open=False,
    transitions=(reopen("cooperation"),),
)
ON_HOLD = Step(
    name="on_hold",
    title=lazy_text("On hold"),
    summary=lazy_text("The partnership is paused and can be resumed where it stopped."),
    order=8,
    is_open=False,
    transitions=(RESUME, WITHDRAW),
)
WITHDRAWN = Step(
    name="withdrawn",
    title=lazy_text("Withdrawn"),
    summary=lazy_text("The partnership was given up."),
    order=9,
    is_open=False,
    is_terminal=True,
)

STATES: tuple[Step, ...] = (COOPERATION, CLOSED, ON_HOLD, WITHDRAWN)
