"""The coordinator's board: partnerships by step, filtered, with who they wait for.

A programme may hold thousands of partnerships, so the board never loads
them all: one query counts each column, one picks the cards to show (those
waiting longest first, ``per_column`` of each step), and only those cards
are loaded with what their step's requirements read. "Waiting for X since
DATE" comes from those requirements: the library a missing item names, or
else whoever acts in that step; a step with nothing missing waits for the
coordinator to advance it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, false, func, or_, select, union_all
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload

import states
from states.text import Text, lazy_text
from workflow import changes
from workflow.cooperation.checkins import dormant_condition
from workflow.lifecycle.access import visible_to
from workflow.models import (
    DEFAULT_STEP_TARGETS,
    AnimatorAssignment,
    Organisation,
    Partnership,
    Party,
    Programme,
    User,
)

#: The columns: the five steps, then cooperation.
COLUMNS: tuple[str, ...] = tuple(s.name for s in states.STEPS) + ("cooperation",)
#: Listed compactly under the columns.
SETTLED: tuple[str, ...] = ("on_hold", "closed", "withdrawn")
PER_COLUMN = 25
#: Who moves each step on when no missing item names a library.
ACTS: dict[str, Text] = {
    "selection": lazy_text("the coordinator"),
    "introduction": lazy_text("the lead library and its animator"),
    "memorandum": lazy_text("the coordinator"),
    "planning": lazy_text("the lead library"),
    "campaign": lazy_text("the lead library"),
}
READY = lazy_text("the coordinator, to advance it")


@dataclass(frozen=True)
class BoardFilter:
    programme_id: int | None = None
    country: str | None = None
    kind: str | None = None
    overdue: bool = False
    dormant: bool = False
    q: str = ""
    #: Only the partnerships whose lead library this animator supports.
    animator_id: int | None = None

    @property
    def active(self) -> bool:
        return any(
            (
                self.programme_id,
                self.country,
                self.kind,
                self.overdue,
                self.dormant,
                self.q,
                self.animator_id,
            )
        )


@dataclass(frozen=True)
class Waiting:
    who: Text | str
    since: datetime
    missing: tuple[Text, ...]


@dataclass
class Card:
    partnership: Partnership
    days: int
    target: int | None
    waiting: Waiting | None
    dormant: bool

    @property
    def overdue(self) -> bool:
        return self.target is not None and self.days > self.target


@dataclass
class Column:
    name: str
    count: int = 0
    cards: list[Card] = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.count - len(self.cards)


@dataclass
class Board:
    columns: list[Column]
    settled: list[Column]
    total: int
    #: Until when, the data unchanged, the board stays as it is: the next
    #: moment a shown card's day count ticks, a partnership becomes overdue
    #: under the overdue filter, or the day (and so dormancy) changes.
    valid_until: datetime = datetime.max


def data_stamp(session: Session) -> object:
    """What changes whenever anything the board shows changes, but the time.

    The counter every transaction that writes a table the board reads adds
    one to (``workflow.changes``): one primary-key read.
    """
    return changes.stamp(session.connection())


def overdue_condition(programmes: Sequence[Programme], now: datetime) -> ColumnElement[bool]:
    """In a step longer than its programme's target: one OR term per programme and step."""
    terms = [
        and_(
            Partnership.programme_id == programme.id,
            Partnership.status == step,
            Partnership.step_entered_at < now - timedelta(days=programme.target_days(step) or 0),
        )
        for programme in programmes
        for step in DEFAULT_STEP_TARGETS
    ]
    return or_(*terms) if terms else false()


def _party_matches(condition: ColumnElement[bool]) -> ColumnElement[bool]:
    """A party's organisation meets ``condition``: the matching organisations
    first, then their parties (``ix_parties_organisation``), not one look per partnership."""
    return Partnership.id.in_(
        select(Party.partnership_id).where(
            Party.organisation_id.in_(select(Organisation.id).where(condition))
        )
    )


def supported_by(animator_id: int) -> ColumnElement[bool]:
    """The partnership's lead library is assigned to the animator in its programme."""
    return exists().where(
        Party.partnership_id == Partnership.id,
        Party.role == "lead",
        AnimatorAssignment.organisation_id == Party.organisation_id,
        AnimatorAssignment.programme_id == Partnership.programme_id,
        AnimatorAssignment.animator_id == animator_id,
    )


def filtered(
    user: User, f: BoardFilter, programmes: Sequence[Programme], now: datetime
) -> Select[Partnership]:
    """The partnerships of the board: what the user may see, narrowed by the filter."""
    query = select(Partnership).where(visible_to(user))
    if f.programme_id:
        query = query.where(Partnership.programme_id == f.programme_id)
    if f.kind:
        query = query.where(Partnership.kind == f.kind)
    if f.country:
        query = query.where(_party_matches(Organisation.country == f.country.upper()))
    if f.overdue:
        query = query.where(overdue_condition(programmes, now))
    if f.dormant:
        query = query.where(dormant_condition(now.date()))
    if f.animator_id:
        query = query.where(supported_by(f.animator_id))
    if q := f.q.strip():
        pattern = f"%{q}%"
        query = query.where(
            or_(
                Partnership.title.ilike(pattern),
                _party_matches(
                    or_(Organisation.name.ilike(pattern), Organisation.name_latin.ilike(pattern))
                ),
            )
        )
    return query


def waiting_for(p: Partnership, missing: Sequence[Text]) -> Waiting | None:
    """Whom the partnership waits for in its step, and since when."""
    if p.status not in ACTS:
        return None
    if not missing:
        return Waiting(READY, p.step_entered_at, ())
    named = [m.params["library"] for m in missing if "library" in m.params]
    who: Text | str = ", ".join(dict.fromkeys(named)) if named else ACTS[p.status]
    return Waiting(who, p.step_entered_at, tuple(missing))


#: What a step's requirements read besides the parties: loaded for its cards only.
READS: dict[str, InstrumentedAttribute[list[Any]]] = {
    "introduction": Partnership.meetings,
    "planning": Partnership.activities,
    "campaign": Partnership.publications,
}


def _load_what_steps_read(session: Session, cards: Sequence[Partnership]) -> None:
    """One query per step for the collections its cards' requirements read."""
    for step, collection in READS.items():
        ids = [p.id for p in cards if p.status == step]
        if ids:  # the cards are in the session: their unloaded collection is filled in
            session.scalars(
                select(Partnership).where(Partnership.id.in_(ids)).options(selectinload(collection))
            ).all()


def build_board(
    session: Session,
    user: User,
    f: BoardFilter,
    now: datetime,
    *,
    per_column: int = PER_COLUMN,
    programmes: Sequence[Programme] | None = None,
) -> Board:
    if programmes is None:
        programmes = session.scalars(select(Programme)).all()
    by_id = {x.id: x for x in programmes}
    query = filtered(user, f, programmes, now)
    base = query.subquery()
    counts: dict[str, int] = dict(
        session.execute(select(base.c.status, func.count()).group_by(base.c.status)).all()
    )
    # The cards shown: in each state, the longest waiting first. One LIMIT per
    # state walks ``ix_partnerships_status_entered`` and stops at ``per_column``
    # (a window over every row would sort the whole filtered table).
    tops = [
        select(
            query.where(Partnership.status == state)
            .with_only_columns(Partnership.id)
            .order_by(Partnership.step_entered_at, Partnership.id)
            .limit(per_column)
            .subquery()
            .c.id
        )
        for state in counts
    ]
    shown = [] if not tops else session.scalars(union_all(*tops)).all()
    loaded = session.scalars(
        select(Partnership)
        .where(Partnership.id.in_(shown))
        .options(selectinload(Partnership.parties).selectinload(Party.organisation))
        .order_by(Partnership.step_entered_at, Partnership.id)
    ).all()
    _load_what_steps_read(session, loaded)
    cooperating = [p.id for p in loaded if p.status == states.COOPERATION]
    dormant: set[int] = set()
    if cooperating:
        dormant = set(
            session.scalars(
                select(Partnership.id).where(
                    Partnership.id.in_(cooperating), dormant_condition(now.date())
                )
            )
        )
    columns = {name: Column(name, counts.get(name, 0)) for name in COLUMNS + SETTLED}
    for p in loaded:
        step = states.BY_NAME[p.status]
        missing = step.missing(p) if p.status in ACTS else []
        programme = by_id.get(p.programme_id)
        columns[p.status].cards.append(
            Card(
                partnership=p,
                days=(now - p.step_entered_at).days,
                target=programme.target_days(p.status) if programme else None,
                waiting=waiting_for(p, missing),
                dormant=p.id in dormant,
            )
        )
    return Board(
        columns=[columns[x] for x in COLUMNS],
        settled=[columns[x] for x in SETTLED],
        total=sum(counts.values()),
        valid_until=_valid_until(session, user, f, programmes, now, loaded),
    )


def _valid_until(
    session: Session,
    user: User,
    f: BoardFilter,
    programmes: Sequence[Programme],
    now: datetime,
    loaded: Sequence[Partnership],
) -> datetime:
    """The next moment the board would differ with the same data (see ``Board``)."""
    moments = [datetime.combine(now.date() + timedelta(days=1), datetime.min.time())]
    moments += [
        p.step_entered_at + timedelta(days=(now - p.step_entered_at).days + 1) for p in loaded
    ]
    if f.overdue:
        # The first matching partnership not overdue yet becomes so at its
        # entry plus its programme's target for the step.
        by_id = {x.id: x for x in programmes}
        pending = (
            filtered(user, replace(f, overdue=False), programmes, now)
            .where(~overdue_condition(programmes, now))
            .where(Partnership.status.in_(DEFAULT_STEP_TARGETS))
            .with_only_columns(
                Partnership.programme_id, Partnership.status, func.min(Partnership.step_entered_at)
            )
            .group_by(Partnership.programme_id, Partnership.status)
        )
        for programme_id, status, first in session.execute(pending):
            target = by_id[programme_id].target_days(status) or 0
            moments.append(first + timedelta(days=target))
    return min(moments)
