"""The statements of a move, and the light view of a partnership its checks read.

A move is the hot path: it reads the partnership (locking the row on
PostgreSQL), lets the step's requirements look at it, writes the new state
with a version check, and inserts the history row. The view loads a relation
only when a requirement first reads it.
"""

from __future__ import annotations

from datetime import datetime
from functools import cached_property
from typing import Any, cast

from sqlalchemy import Table, bindparam, exists, insert, literal_column, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from workflow.lifecycle.prepared import Prepared
from workflow.models import (
    Activity,
    ContactPerson,
    HistoryEntry,
    Meeting,
    Organisation,
    Partnership,
    Party,
    Publication,
)

_P = cast(Table, Partnership.__table__)
_Q = Party.__table__
_C = ContactPerson.__table__

_ROW = Prepared(
    select(
        _P.c.id,
        _P.c.status,
        _P.c.version,
        _P.c.kind,
        _P.c.held_from,
        _P.c.leader_party_id,
        _P.c.memorandum_version,
        _P.c.plan_version,
    )
    .where(_P.c.id == bindparam("pid"))
    # PostgreSQL: a second mover waits here, then sees the new version.
    .with_for_update()
)
_PARTIES = Prepared(
    select(
        _Q.c.id,
        _Q.c.organisation_id,
        _Q.c.role,
        _Q.c.sector,
        exists()
        .where(
            _C.c.party_id == _Q.c.id,
            # Literals, not parameters: the statement is prepared once.
            _C.c.name != literal_column("''"),
            _C.c.email != literal_column("''"),
        )
        .label("has_contact_person"),
        _Q.c.signed_version,
        _Q.c.plan_approved_version,
    )
    .where(_Q.c.partnership_id == bindparam("pid"))
    .order_by(_Q.c.role, _Q.c.id)
)
# One versioned UPDATE: if anyone moved the partnership since it was read, no
# row matches and the whole move is refused.
_MOVE = Prepared(
    update(_P)
    .where(_P.c.id == bindparam("pid"), _P.c.version == bindparam("seen"))
    .values(
        status=bindparam("new_status"),
        held_from=bindparam("new_held_from"),
        step_entered_at=bindparam("now"),
        version=bindparam("new_version"),
    )
)
_HISTORY = Prepared(
    insert(cast(Table, HistoryEntry.__table__))
    .values(
        partnership_id=bindparam("partnership_id"),
        actor_id=bindparam("actor_id"),
        at=bindparam("at"),
        from_state=bindparam("from_state"),
        to_state=bindparam("to_state"),
        trigger=bindparam("trigger"),
        reason=bindparam("reason"),
    )
    .returning(HistoryEntry.__table__.c.id)
)


class PartyView:
    __slots__ = (
        "_session",
        "id",
        "organisation_id",
        "role",
        "sector",
        "has_contact_person",
        "signed_version",
        "plan_approved_version",
    )

    def __init__(self, session: Session, row: tuple[Any, ...]) -> None:
        self._session = session
        (
            self.id,
            self.organisation_id,
            self.role,
            self.sector,
            self.has_contact_person,
            self.signed_version,
            self.plan_approved_version,
        ) = row

    @property
    def organisation(self) -> Organisation | None:
        return self._session.get(Organisation, self.organisation_id)


class PartnershipView:
    """The partnership as a move's checks see it."""

    def __init__(self, session: Session, connection: Connection, row: tuple[Any, ...]) -> None:
        self._session = session
        self.connection = connection
        (
            self.id,
            self.status,
            self.version,
            self.kind,
            self.held_from,
            self.leader_party_id,
            self.memorandum_version,
            self.plan_version,
        ) = row

    @cached_property
    def parties(self) -> list[PartyView]:
        cursor = _PARTIES.execute(self.connection, {"pid": self.id})
        return [PartyView(self._session, row) for row in cursor.fetchall()]

    def party_of(self, organisation_id: int | None) -> PartyView | None:
        return next((x for x in self.parties if x.organisation_id == organisation_id), None)

    def _children(self, model: Any, order: Any) -> list[Any]:
        query = select(model).where(model.partnership_id == self.id).order_by(*order)
        return list(self._session.scalars(query))

    @cached_property
    def meetings(self) -> list[Meeting]:
        return self._children(Meeting, (Meeting.number,))

    @cached_property
    def activities(self) -> list[Activity]:
        return self._children(Activity, (Activity.starts_on, Activity.id))

    @cached_property
    def publications(self) -> list[Publication]:
        return self._children(Publication, (Publication.planned_on, Publication.id))


def load(session: Session, partnership_id: int) -> PartnershipView | None:
    connection = session.connection()
    row = _ROW.execute(connection, {"pid": partnership_id}).fetchone()
    return None if row is None else PartnershipView(session, connection, tuple(row))


def update_state(p: PartnershipView, dest: str, held_from: str | None, now: datetime) -> bool:
    """Write the new state if nobody changed the partnership since it was read."""
    cursor = _MOVE.execute(
        p.connection,
        {
            "pid": p.id,
            "seen": p.version,
            "new_status": dest,
            "new_held_from": held_from,
            "now": now,
            "new_version": p.version + 1,
        },
    )
    return bool(cursor.rowcount == 1)


def insert_history(p: PartnershipView, values: dict[str, Any]) -> int:
    return int(_HISTORY.execute(p.connection, values).fetchone()[0])


def forget(session: Session, partnership_id: int) -> None:
    """Expire a copy of the partnership the session holds: it is out of date now."""
    held = session.identity_map.get(session.identity_key(Partnership, partnership_id))
    if held is not None:
        session.expire(held)
