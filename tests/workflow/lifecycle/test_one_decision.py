"""The page offers exactly the moves the use case lets through: one decision, the machine's."""

from __future__ import annotations

from itertools import product

import states
from states.base import TRIGGER_TITLES
from tests.factories import make_world, sister
from workflow.errors import PermissionDenied, RequirementsNotMet, TransitionNotAllowed
from workflow.lifecycle import moves as lifecycle_moves
from workflow.lifecycle.engine import ENGINE
from workflow.models import KINDS, Partnership


def _situations() -> list[tuple[str, str, str | None]]:
    """Every (state, kind, held_from) a partnership can be in."""
    found = []
    for step in states.ALL:
        for kind in KINDS:
            held = states.OPEN_STATES if step.name == states.ON_HOLD else (None,)
            found += [(step.name, kind, h) for h in held]
    return found


def test_the_page_offers_what_a_move_lets_through_in_every_situation(session) -> None:
    w = make_world(session)
    pid = sister(session, w).id
    outcomes: dict[str, int] = {"moved": 0, "not ready": 0, "not allowed": 0, "refused": 0}
    for state, kind, held_from in _situations():
        for trigger, actor in product(TRIGGER_TITLES, (w.coordinator, w.odesa_librarian)):
            p = session.get(Partnership, pid)
            p.status, p.kind, p.held_from = state, kind, held_from
            session.commit()
            where = (state, kind, held_from, trigger, actor.role)
            declared = {o.trigger: o for o in ENGINE.options(p)}
            offered = {o.trigger: o for o in lifecycle_moves.move_options(p, actor)}
            try:
                moved = lifecycle_moves.move(
                    session, pid, trigger, actor, reason="Because", confirmed=True
                )
            except TransitionNotAllowed:
                assert trigger not in declared and trigger not in offered, where
                outcomes["refused"] += 1
            except PermissionDenied:
                assert trigger in declared and trigger not in offered, where
                outcomes["not allowed"] += 1
            except RequirementsNotMet:
                assert trigger in offered and not offered[trigger].ready, where
                outcomes["not ready"] += 1
            else:
                assert trigger in offered and offered[trigger].ready, where
                assert moved.to_state == offered[trigger].dest, where
                assert session.get(Partnership, pid).status == moved.to_state, where
                outcomes["moved"] += 1
    # Each kind of answer was met: the agreement was checked on all of them.
    assert all(outcomes.values()), outcomes
