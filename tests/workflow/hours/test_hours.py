"""Animator hours against a lead library's budget (seed 004: 16 hours of support)."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session

from tests.factories import World, make_world, sister
from workflow.errors import InvalidInput, NotFound, PermissionDenied
from workflow.hours import entries as hours
from workflow.models import Partnership, User
from workflow.people.users import create_user

TODAY = date(2026, 3, 20)


@pytest.fixture
def w(session: Session) -> World:
    return make_world(session)


@pytest.fixture
def p(session: Session, w: World) -> Partnership:
    partnership = sister(session, w)
    hours.assign_animator(
        session,
        w.coordinator,
        programme_id=w.programme.id,
        animator_id=w.animator.id,
        organisation_id=w.odesa.id,
    )
    return partnership


def log(session: Session, actor: User, pid: int, minutes: int, **extra: object):  # type: ignore[no-untyped-def]
    values = dict(partnership_id=pid, worked_on=TODAY, minutes=minutes, kind="meeting")
    values.update(extra)
    return hours.log_hours(session, actor, today=TODAY, **values)


def test_exactly_the_sixteen_hours_are_accepted(session: Session, w: World, p: Partnership) -> None:
    log(session, w.animator, p.id, 8 * 60)
    log(session, w.animator, p.id, 8 * 60)
    b = hours.budget(session, w.programme.id, w.odesa.id)
    assert (b.total_minutes, b.used_minutes, b.left_minutes) == (960, 960, 0)


def test_sixteen_hours_fifteen_minutes_are_refused_with_what_is_left(
    session: Session, w: World, p: Partnership
) -> None:
    log(session, w.animator, p.id, 16 * 60 - 60)
    with pytest.raises(hours.BudgetExceeded) as refused:
        log(session, w.animator, p.id, 75)
    text = str(refused.value.message)
    assert "1 h 15 min" in text and "Only 1 h of 16 h are left" in text
    assert hours.budget(session, w.programme.id, w.odesa.id).used_minutes == 15 * 60


def test_an_extension_lets_the_entry_in_and_is_recorded(
    session: Session, w: World, p: Partnership
) -> None:
    log(session, w.animator, p.id, 16 * 60)
    with pytest.raises(hours.BudgetExceeded):
        log(session, w.animator, p.id, 15)
    hours.grant_extension(
        session,
        w.coordinator,
        programme_id=w.programme.id,
        organisation_id=w.odesa.id,
        minutes=120,
        reason="A third meeting with the school",
    )
    log(session, w.animator, p.id, 15)
    b = hours.budget(session, w.programme.id, w.odesa.id)
    assert (b.total_minutes, b.used_minutes) == (18 * 60, 16 * 60 + 15)
    [granted] = hours.extensions(session, w.programme.id, w.odesa.id)
    assert granted.reason == "A third meeting with the school"
    assert granted.granted_by_id == w.coordinator.id


def test_an_extension_needs_a_reason_and_a_coordinator(
    session: Session, w: World, p: Partnership
) -> None:
    with pytest.raises(InvalidInput):
        hours.grant_extension(
            session,
            w.coordinator,
            programme_id=w.programme.id,
            organisation_id=w.odesa.id,
            minutes=60,
            reason=" ",
        )
    with pytest.raises(PermissionDenied):
        hours.grant_extension(
            session,
            w.animator,
            programme_id=w.programme.id,
            organisation_id=w.odesa.id,
            minutes=60,
            reason="More",
        )


def test_the_budget_warns_at_three_quarters(session: Session, w: World, p: Partnership) -> None:
    log(session, w.animator, p.id, 11 * 60 + 45)
    assert not hours.budget(session, w.programme.id, w.odesa.id).warning
    log(session, w.animator, p.id, 15)
    assert hours.budget(session, w.programme.id, w.odesa.id).warning


def test_an_animator_cannot_log_hours_for_a_library_not_assigned_to_them(
    session: Session, w: World, p: Partnership
) -> None:
    other = sister(session, w, lead=w.krakow, partner=w.liverpool)
    with pytest.raises(PermissionDenied) as refused:
        log(session, w.animator, other.id, 60)
    assert "not assigned" in str(refused.value.message)
    assert hours.entries(session, w.coordinator) == []


def test_librarians_and_coordinators_do_not_log_hours(
    session: Session, w: World, p: Partnership
) -> None:
    for actor in (w.odesa_librarian, w.coordinator):
        with pytest.raises(PermissionDenied):
            log(session, actor, p.id, 60)


@pytest.mark.parametrize("minutes", [0, 10, 50, -15])
def test_time_is_logged_in_quarter_hours(
    session: Session, w: World, p: Partnership, minutes: int
) -> None:
    with pytest.raises(InvalidInput):
        log(session, w.animator, p.id, minutes)


def test_an_animator_edits_only_their_own_entries_within_the_window(
    session: Session, w: World, p: Partnership
) -> None:
    colleague = create_user(
        session, email="anna@example.org", name="Anna", password="x-123456", role="animator"
    )
    session.commit()
    hours.assign_animator(
        session,
        w.coordinator,
        programme_id=w.programme.id,
        animator_id=colleague.id,
        organisation_id=w.odesa.id,
    )
    entry = log(session, w.animator, p.id, 60)
    with pytest.raises(NotFound):
        hours.edit_hours(
            session, colleague, entry.id, today=TODAY, worked_on=TODAY, minutes=30, kind="email"
        )
    hours.edit_hours(
        session, w.animator, entry.id, today=TODAY, worked_on=TODAY, minutes=30, kind="email"
    )
    assert (entry.minutes, entry.kind) == (30, "email")
    later = TODAY + timedelta(days=w.programme.hours_edit_days + 1)
    with pytest.raises(InvalidInput):
        hours.edit_hours(
            session, w.animator, entry.id, today=later, worked_on=TODAY, minutes=45, kind="email"
        )
    with pytest.raises(InvalidInput):
        hours.delete_hours(session, w.animator, entry.id, today=later)
    hours.delete_hours(session, w.animator, entry.id, today=TODAY)
    assert hours.entries(session, w.coordinator) == []


def test_an_edit_counts_against_the_budget_without_its_old_value(
    session: Session, w: World, p: Partnership
) -> None:
    entry = log(session, w.animator, p.id, 16 * 60)
    hours.edit_hours(
        session, w.animator, entry.id, today=TODAY, worked_on=TODAY, minutes=15 * 60, kind="meeting"
    )
    with pytest.raises(hours.BudgetExceeded):
        hours.edit_hours(
            session,
            w.animator,
            entry.id,
            today=TODAY,
            worked_on=TODAY,
            minutes=16 * 60 + 15,
            kind="meeting",
        )


def test_hours_cannot_be_logged_for_the_future_or_before_the_window(
    session: Session, w: World, p: Partnership
) -> None:
    with pytest.raises(InvalidInput):
        log(session, w.animator, p.id, 60, worked_on=TODAY + timedelta(days=1))
    with pytest.raises(InvalidInput):
        log(session, w.animator, p.id, 60, worked_on=TODAY - timedelta(days=15))


def test_the_csv_export_lists_the_entries_of_the_month(
    session: Session, w: World, p: Partnership
) -> None:
    log(session, w.animator, p.id, 90, note="=SUM(A1)")
    february = date(2026, 2, 27)
    hours.log_hours(
        session,
        w.animator,
        today=february,
        partnership_id=p.id,
        worked_on=february,
        minutes=30,
        kind="phone",
    )
    rows = hours.entries(session, w.coordinator, organisation_id=w.odesa.id, month="2026-03")
    table = list(csv.reader(io.StringIO(hours.entries_csv(rows))))
    assert table[0][:4] == ["date", "minutes", "hours", "kind"]
    assert table[1][:4] == ["2026-03-20", "90", "1.50", "meeting"]
    assert table[1][-1] == "'=SUM(A1)"
    assert len(table) == 2


def test_a_librarian_sees_no_hours(session: Session, w: World, p: Partnership) -> None:
    log(session, w.animator, p.id, 60)
    assert hours.entries(session, w.odesa_librarian) == []
    assert hours.assignments(session, w.odesa_librarian) == []


def test_an_animator_sees_only_the_hours_of_libraries_assigned_to_them(
    session: Session, w: World, p: Partnership
) -> None:
    colleague = create_user(
        session, email="marta@example.org", name="Marta", password="x-123456", role="animator"
    )
    session.commit()
    krakow = sister(session, w, lead=w.krakow, partner=w.liverpool)
    hours.assign_animator(
        session,
        w.coordinator,
        programme_id=w.programme.id,
        animator_id=colleague.id,
        organisation_id=w.krakow.id,
    )
    log(session, colleague, krakow.id, 60)
    log(session, w.animator, p.id, 30)
    assert [e.organisation_id for e in hours.entries(session, w.animator)] == [w.odesa.id]
    assert [a.organisation_id for a in hours.assignments(session, w.animator)] == [w.odesa.id]
    assert len(hours.entries(session, w.coordinator)) == 2
    with pytest.raises(PermissionDenied):
        hours.timesheet_context(
            session,
            w.animator,
            month="2026-03",
            organisation_id=w.krakow.id,
            programme_id=w.programme.id,
        )
