"""Moves: what an actor may fire now, and firing it with its history row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session
from transitions import MachineError

import states
from states.base import TRIGGER_TITLES
from states.text import Text
from workflow.errors import (
    ConfirmationRequired,
    NotFound,
    PermissionDenied,
    ReasonRequired,
    RequirementsNotMet,
    StaleVersion,
    TransitionNotAllowed,
)
from workflow.lifecycle import queries as moves
from workflow.lifecycle.access import can_see
from workflow.lifecycle.engine import ENGINE
from workflow.lifecycle.unit_of_work import unit_of_work
from workflow.models import HistoryEntry, Partnership, User, utcnow


@dataclass(frozen=True)
class MoveOption:
    trigger: str
    dest: str
    title: Text
    needs_reason: bool
    confirm: bool
    missing: tuple[Text, ...]

    @property
    def ready(self) -> bool:
        return not self.missing


def move_options(partnership: Partnership, actor: User) -> list[MoveOption]:
    """The moves this actor may take on this partnership, with what each still misses."""
    found = []
    for option in ENGINE.options(partnership):
        t = option.transition
        if actor.role not in t.roles:
            continue
        missing = tuple(m for req in t.requires for m in req(partnership))
        found.append(
            MoveOption(
                trigger=t.trigger,
                dest=option.dest,
                title=TRIGGER_TITLES[t.trigger],
                needs_reason=t.needs_reason,
                confirm=t.confirm,
                missing=missing,
            )
        )
    return found


def move(
    session: Session,
    partnership_id: int,
    trigger: str,
    actor: User,
    *,
    reason: str | None = None,
    expected_version: int | None = None,
    confirmed: bool = False,
) -> Moved:
    """Move a partnership by ``trigger``: one transaction, one history row.

    A move that cannot be undone (withdraw, close) needs ``confirmed``: the
    person said they understand, on the screen or in the API call.
    """
    with unit_of_work(session) as uow:
        p = moves.load(session, partnership_id)
        # The light view has what ``can_see`` reads: the parties.
        if p is None or not can_see(actor, cast(Partnership, p)):
            raise NotFound()
        if expected_version is not None and p.version != expected_version:
            raise StaleVersion()
        option = ENGINE.option(p, trigger)
        if option is None:
            raise TransitionNotAllowed()
        t = option.transition
        if actor.role not in t.roles:
            raise PermissionDenied()
        reason = (reason or "").strip() or None
        if t.needs_reason and not reason:
            raise ReasonRequired()
        if t.confirm and not confirmed:
            raise ConfirmationRequired()
        missing = [m for req in t.requires for m in req(p)]
        if missing:
            raise RequirementsNotMet(missing)
        source = p.status
        try:
            dest = ENGINE.fire(p, trigger)
        except MachineError as exc:
            raise TransitionNotAllowed() from exc
        now = utcnow()
        held_from = source if dest == states.ON_HOLD else None
        if not moves.update_state(p, dest, held_from, now):
            raise StaleVersion()
        entry = record_history(
            p,
            partnership_id=p.id,
            actor_id=actor.id,
            at=now,
            from_state=source,
            to_state=dest,
            trigger=trigger,
            reason=reason,
        )
        uow.commit()
    moves.forget(session, partnership_id)
    return entry


@dataclass(frozen=True)
class Moved:
    """What a move did: its history row, as plain values."""

    history_id: int
    partnership_id: int
    from_state: str
    to_state: str
    trigger: str
    reason: str | None


def record_history(
    p: moves.PartnershipView,
    *,
    partnership_id: int,
    actor_id: int,
    at: datetime,
    from_state: str,
    to_state: str,
    trigger: str,
    reason: str | None,
) -> Moved:
    """Write the history row of a move (inside the move's transaction)."""
    values = dict(
        partnership_id=partnership_id,
        actor_id=actor_id,
        at=at,
        from_state=from_state,
        to_state=to_state,
        trigger=trigger,
        reason=reason,
    )
    return Moved(
        moves.insert_history(p, values), partnership_id, from_state, to_state, trigger, reason
    )


advance = partial(move, trigger="advance")


reopen = partial(move, trigger="reopen")


hold = partial(move, trigger="hold")


resume = partial(move, trigger="resume")


withdraw = partial(move, trigger="withdraw")


skip_memorandum = partial(move, trigger="skip_memorandum")


close = partial(move, trigger="close")


def history_of(session: Session, partnership: Partnership) -> list[HistoryEntry]:
    return list(
        session.scalars(
            select(HistoryEntry)
            .where(HistoryEntry.partnership_id == partnership.id)
            .order_by(HistoryEntry.id)
        )
    )
