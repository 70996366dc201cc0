"""A programme's report for its funders, computed from the history of moves
and from the animators' hours.

Every figure comes from the ``history`` table (one row per move, the first
one the creation), read once in order: where each partnership stood at the
end of each month, how long each stay in a step lasted, which step it went
to next; and from the parties' countries. Plain values only: the web layer
draws the charts and writes the CSV files.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

import states
from workflow.models import (
    AnimatorAssignment,
    BudgetExtension,
    HistoryEntry,
    HoursEntry,
    Organisation,
    Partnership,
    Party,
    Programme,
    User,
    utcnow,
)

STEPS: tuple[str, ...] = tuple(s.name for s in states.STEPS)
#: The states counted month by month: the steps, then cooperation.
TRACKED: tuple[str, ...] = STEPS + ("cooperation",)
MONTHS = 12


@dataclass(frozen=True)
class StepFlow:
    step: str
    entered: int
    passed_on: int
    median_days: float | None

    @property
    def rate(self) -> float | None:
        return self.passed_on / self.entered if self.entered else None


@dataclass(frozen=True)
class Report:
    months: list[date]
    #: state -> count at the end of each month (same order as ``months``)
    per_month: dict[str, list[int]]
    flows: list[StepFlow]
    by_country: list[tuple[str, int]]
    total: int


def month_ends(today: date, months: int = MONTHS) -> list[date]:
    """The last day of each of the last ``months`` months, this one included."""
    ends = []
    first = today.replace(day=1)
    for _ in range(months):
        following = (first + timedelta(days=32)).replace(day=1)
        ends.append(min(following - timedelta(days=1), today))
        first = (first - timedelta(days=1)).replace(day=1)
    return list(reversed(ends))


def build_report(session: Session, programme_id: int, today: date | None = None) -> Report:
    today = today or utcnow().date()
    months = month_ends(today)
    cutoffs = [datetime.combine(m, time.max) for m in months]
    rows = session.execute(
        select(HistoryEntry.partnership_id, HistoryEntry.at, HistoryEntry.to_state)
        .join(Partnership, Partnership.id == HistoryEntry.partnership_id)
        .where(Partnership.programme_id == programme_id)
        .order_by(HistoryEntry.partnership_id, HistoryEntry.at, HistoryEntry.id)
    ).all()
    per_month: dict[str, list[int]] = {s: [0] * len(months) for s in TRACKED}
    entered: Counter[str] = Counter()
    passed: Counter[str] = Counter()
    stays: dict[str, list[float]] = defaultdict(list)
    by_partnership: dict[int, list[tuple[datetime, str]]] = defaultdict(list)
    for pid, at, to_state in rows:
        by_partnership[pid].append((at, to_state))
    for moves in by_partnership.values():
        # Where it stood at each month's end.
        i = 0
        current: str | None = None
        for k, cutoff in enumerate(cutoffs):
            while i < len(moves) and moves[i][0] <= cutoff:
                current = moves[i][1]
                i += 1
            if current in per_month:
                per_month[current][k] += 1
        # Stays in each step, and where each led.
        for n, (at, state) in enumerate(moves):
            if state not in STEPS:
                continue
            entered[state] += 1
            nxt = moves[n + 1] if n + 1 < len(moves) else None
            if nxt is None:
                continue  # still there: only finished stays have a length
            stays[state].append((nxt[0] - at).total_seconds() / 86400)
            if _forward(state, nxt[1]):
                passed[state] += 1
    flows = [
        StepFlow(
            step=s,
            entered=entered[s],
            passed_on=passed[s],
            median_days=round(statistics.median(stays[s]), 1) if stays[s] else None,
        )
        for s in STEPS
    ]
    countries = session.execute(
        select(Organisation.country, Party.partnership_id)
        .join(Party, Party.organisation_id == Organisation.id)
        .join(Partnership, Partnership.id == Party.partnership_id)
        .where(Partnership.programme_id == programme_id)
        .distinct()
    ).all()
    by_country = Counter(country for country, _ in countries)
    return Report(
        months=months,
        per_month=per_month,
        flows=flows,
        by_country=sorted(by_country.items(), key=lambda x: (-x[1], x[0])),
        total=len(by_partnership),
    )


_ORDER = {s: i for i, s in enumerate(TRACKED)}


def _forward(state: str, to_state: str) -> bool:
    """A move on from ``state``: to a later step or into cooperation."""
    return to_state in _ORDER and _ORDER[to_state] > _ORDER[state]


@dataclass(frozen=True)
class HoursRow:
    name: str
    budget_minutes: int
    used_minutes: int
    libraries: int = 1

    @property
    def share(self) -> float | None:
        return self.used_minutes / self.budget_minutes if self.budget_minutes else None


@dataclass(frozen=True)
class HoursReport:
    libraries: list[HoursRow]
    animators: list[HoursRow]


def _minutes_by(
    session: Session,
    table: type[HoursEntry] | type[BudgetExtension],
    key: InstrumentedAttribute[int],
    programme_id: int,
) -> dict[int, int]:
    """The programme's minutes of ``table`` summed per ``key``."""
    rows = session.execute(
        select(key, func.sum(table.minutes)).where(table.programme_id == programme_id).group_by(key)
    ).all()
    return {k: int(v or 0) for k, v in rows}


def hours_report(session: Session, programme_id: int) -> HoursReport:
    """Animator hours used against the budgets, per lead library and per animator.

    A lead library's budget is the programme's default plus its extensions;
    an animator's is the sum of the budgets of the libraries assigned to them.
    """
    programme = session.get(Programme, programme_id)
    if programme is None:
        return HoursReport([], [])
    default = programme.animator_budget_minutes
    used = _minutes_by(session, HoursEntry, HoursEntry.organisation_id, programme_id)
    extended = _minutes_by(session, BudgetExtension, BudgetExtension.organisation_id, programme_id)
    assignments = session.execute(
        select(AnimatorAssignment.animator_id, AnimatorAssignment.organisation_id).where(
            AnimatorAssignment.programme_id == programme_id
        )
    ).all()
    library_ids = set(used) | set(extended) | {org for _, org in assignments}
    names = dict(
        session.execute(
            select(Organisation.id, Organisation.name).where(Organisation.id.in_(library_ids))
        ).all()
    )

    def budget_of(org: int) -> int:
        return default + int(extended.get(org) or 0)

    libraries = sorted(
        (HoursRow(names[org], budget_of(org), int(used.get(org) or 0)) for org in library_ids),
        key=lambda r: (-(r.share or 0), r.name),
    )
    by_animator: dict[int, set[int]] = defaultdict(set)
    for animator, org in assignments:
        by_animator[animator].add(org)
    logged = _minutes_by(session, HoursEntry, HoursEntry.animator_id, programme_id)
    people = dict(
        session.execute(
            select(User.id, User.name).where(User.id.in_(set(by_animator) | set(logged)))
        ).all()
    )
    animators = sorted(
        (
            HoursRow(
                people[a],
                sum(budget_of(org) for org in by_animator.get(a, ())),
                int(logged.get(a) or 0),
                libraries=len(by_animator.get(a, ())),
            )
            for a in people
        ),
        key=lambda r: r.name,
    )
    return HoursReport(libraries, animators)
