"""A programme's report, computed from the history of moves."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select, update

from tests.factories import make_world, sister
from workflow.cockpit.reports import build_report, hours_report, month_ends
from workflow.hours import entries as hours
from workflow.lifecycle.moves import advance, withdraw
from workflow.models import HistoryEntry, Programme


def set_times(session, pid, *times):
    """Give the partnership's history rows these times, oldest first."""
    rows = session.scalars(
        select(HistoryEntry).where(HistoryEntry.partnership_id == pid).order_by(HistoryEntry.id)
    ).all()
    assert len(rows) == len(times)
    for row, at in zip(rows, times, strict=True):
        session.execute(update(HistoryEntry).where(HistoryEntry.id == row.id).values(at=at))
    session.commit()


def test_month_ends_are_the_last_twelve_months_up_to_today():
    ends = month_ends(date(2026, 3, 15))
    assert len(ends) == 12
    assert ends[0] == date(2025, 4, 30)
    assert ends[-2] == date(2026, 2, 28)
    assert ends[-1] == date(2026, 3, 15)


def test_the_report_counts_steps_per_month_stays_passing_on_and_countries(session):
    w = make_world(session)
    a = sister(session, w).id  # Odesa – Liverpool
    advance(session, a, actor=w.coordinator)
    set_times(session, a, datetime(2026, 1, 5), datetime(2026, 1, 15))
    b = sister(session, w, w.odesa, w.krakow).id
    set_times(session, b, datetime(2026, 2, 10))
    withdraw(session, b, actor=w.coordinator, reason="Closed", confirmed=True)
    set_times(session, b, datetime(2026, 2, 10), datetime(2026, 3, 1))

    report = build_report(session, w.programme.id, today=date(2026, 3, 20))
    months = [d.isoformat() for d in report.months]
    jan, feb, mar = (months.index(x) for x in ("2026-01-31", "2026-02-28", "2026-03-20"))
    assert report.per_month["introduction"][jan] == 1
    assert report.per_month["selection"][jan] == 0  # it left selection on the 15th
    assert report.per_month["selection"][feb] == 1  # b, created on 10 February
    assert report.per_month["selection"][mar] == 0  # b was withdrawn on 1 March
    assert report.per_month["introduction"][mar] == 1

    flows = {f.step: f for f in report.flows}
    assert (flows["selection"].entered, flows["selection"].passed_on) == (2, 1)
    assert flows["selection"].rate == 0.5
    # a stayed 10 days, b 19 days before being withdrawn: the median of the two.
    assert flows["selection"].median_days == 14.5
    assert flows["introduction"].entered == 1
    assert flows["introduction"].median_days is None  # still there

    assert report.by_country == [("UA", 2), ("GB", 1), ("PL", 1)]
    assert report.total == 2


def test_another_programmes_partnerships_are_not_counted(session):
    w = make_world(session)
    sister(session, w)
    other = Programme(name="Other")
    session.add(other)
    session.commit()
    assert build_report(session, other.id).total == 0


def test_hours_are_reported_per_lead_library_and_per_animator_against_budgets(session):
    w = make_world(session)
    pid = sister(session, w).id  # Odesa leads
    hours.assign_animator(
        session,
        w.coordinator,
        programme_id=w.programme.id,
        animator_id=w.animator.id,
        organisation_id=w.odesa.id,
    )
    hours.grant_extension(
        session,
        w.coordinator,
        programme_id=w.programme.id,
        organisation_id=w.odesa.id,
        minutes=4 * 60,
        reason="A second local partner joined",
    )
    for minutes in (120, 90):
        hours.log_hours(
            session,
            w.animator,
            partnership_id=pid,
            worked_on=date.today(),
            minutes=minutes,
            kind="meeting",
        )
    report = hours_report(session, w.programme.id)
    (library,) = report.libraries
    assert (library.name, library.budget_minutes, library.used_minutes) == (
        "Одеська обласна бібліотека",
        20 * 60,
        210,
    )
    assert library.share == 210 / 1200
    (animator,) = report.animators
    assert (animator.name, animator.libraries, animator.used_minutes) == ("animator", 1, 210)
    assert animator.budget_minutes == 20 * 60


def test_the_demo_s_history_gives_every_step_a_stay_of_weeks(session, monkeypatch):
    from workflow.demo import PROGRAMME, load_demo

    monkeypatch.delenv("MAIL_SERVER", raising=False)
    load_demo(session)
    programme = session.scalar(select(Programme).where(Programme.name == PROGRAMME))
    report = build_report(session, programme.id)
    medians = {f.step: f.median_days for f in report.flows}
    # Every step the demo has left took weeks, not minutes of one day.
    for step in ("selection", "introduction", "memorandum", "planning", "campaign"):
        assert medians[step] is not None and medians[step] >= 14, medians
    # Where the partnerships stood at each month's end: not all in this month.
    earlier = sum(sum(counts[:-1]) for counts in report.per_month.values())
    assert earlier > 0, report.per_month
