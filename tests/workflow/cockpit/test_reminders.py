"""Reminders before a partnership stalls, and the coordinators' morning digest."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from tests.factories import complete_introduction, make_world, sister
from workflow.cockpit import reminders
from workflow.lifecycle.moves import advance
from workflow.memorandum.operations import generate_memorandum
from workflow.models import OutboxMessage, Partnership, Programme

ENTERED = datetime(2026, 3, 2, 9, 0)
DAY0 = ENTERED.date()
BASE = "https://x.example/"


@pytest.fixture(autouse=True)
def tagged_mail(monkeypatch):
    """Mail text marked with its language, whatever catalogs are compiled."""
    monkeypatch.delenv("MAIL_SERVER", raising=False)
    monkeypatch.setattr(reminders, "gettext_for", lambda lang: lambda s: f"[{lang}] {s}")


def in_memorandum(session, w, *, generated: bool) -> int:
    pid = sister(session, w).id
    advance(session, pid, actor=w.coordinator)
    complete_introduction(session, w, pid)
    advance(session, pid, actor=w.coordinator)
    if generated:
        generate_memorandum(session, w.coordinator, pid)
    session.execute(
        update(Partnership).where(Partnership.id == pid).values(step_entered_at=ENTERED)
    )
    session.commit()
    session.expire_all()
    return pid


def outbox(session) -> list[OutboxMessage]:
    return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def sent_on(session, day: date) -> list[str]:
    before = len(outbox(session))
    reminders.send_reminders(session, day, BASE)
    return sorted(m.to for m in outbox(session)[before:])


def test_the_libraries_that_have_not_signed_are_reminded_before_on_and_after_the_target(
    session,
):
    w = make_world(session)
    in_memorandum(session, w, generated=True)
    both = ["liverpool@example.org", "odesa@example.org"]
    target = DAY0 + timedelta(days=30)  # the memorandum's default target

    assert sent_on(session, target - timedelta(days=4)) == []
    assert sent_on(session, target - timedelta(days=3)) == both
    assert sent_on(session, target - timedelta(days=3)) == []  # run twice a day
    assert sent_on(session, target - timedelta(days=1)) == []
    assert sent_on(session, target) == both  # the day it passes
    assert sent_on(session, target + timedelta(days=1)) == []
    assert sent_on(session, target + timedelta(days=7)) == both  # then weekly


def test_a_reminder_is_in_the_librarians_language_and_says_what_is_missing(session):
    w = make_world(session)
    w.odesa_librarian.locale = "uk"
    session.commit()
    pid = in_memorandum(session, w, generated=True)
    reminders.send_reminders(session, DAY0 + timedelta(days=30), BASE)
    mail = {m.to: m for m in outbox(session)}
    odesa = mail["odesa@example.org"]
    assert odesa.language == "uk"
    assert odesa.subject.startswith("[uk] ")
    assert "Odesa – Liverpool" in odesa.subject
    assert "should have been done by" in odesa.body
    assert "has not signed the current version" in odesa.body
    assert f"https://x.example/partnerships/{pid}" in odesa.body
    assert mail["liverpool@example.org"].language == "en"


def test_who_chose_not_to_be_reminded_is_not(session):
    w = make_world(session)
    w.liverpool_librarian.notify_reminders = False
    session.commit()
    in_memorandum(session, w, generated=True)
    assert sent_on(session, DAY0 + timedelta(days=30)) == ["odesa@example.org"]


def test_a_wait_for_the_coordinator_goes_to_the_digest_not_to_the_libraries(session):
    w = make_world(session)
    in_memorandum(session, w, generated=False)  # the coordinator must generate it
    assert sent_on(session, DAY0 + timedelta(days=31)) == []
    assert reminders.send_digests(session, DAY0 + timedelta(days=31), BASE) == 1
    (digest,) = outbox(session)
    assert digest.to == "coordinator@example.org"
    assert digest.subject.endswith("1 overdue, 0 dormant")
    assert "Odesa – Liverpool" in digest.body
    assert "waiting for" in digest.body
    assert "https://x.example/?overdue=y" in digest.body


def test_a_programme_sets_its_own_targets(session):
    w = make_world(session)
    in_memorandum(session, w, generated=True)
    session.execute(update(Programme).values(step_targets={"memorandum": 10}))
    session.commit()
    assert sent_on(session, DAY0 + timedelta(days=6)) == []
    assert len(sent_on(session, DAY0 + timedelta(days=7))) == 2


def test_the_digest_says_when_nothing_is_overdue_and_respects_the_choice(session):
    w = make_world(session)
    sister(session, w)
    assert reminders.send_digests(session, date.today(), BASE) == 1
    assert "Nothing is overdue." in outbox(session)[0].body
    w.coordinator.notify_digest = False
    session.commit()
    assert reminders.send_digests(session, date.today(), BASE) == 0


@pytest.mark.parametrize(
    ("sent", "today", "expected"),
    [
        ([], date(2026, 4, 1), True),
        ([date(2026, 4, 1)], date(2026, 4, 1), False),
        ([date(2026, 3, 29)], date(2026, 4, 1), True),  # the due day itself
        ([date(2026, 4, 1)], date(2026, 4, 7), False),
        ([date(2026, 4, 1)], date(2026, 4, 8), True),
        ([], date(2026, 3, 28), False),  # more than three days before
    ],
)
def test_the_reminder_rhythm(sent, today, expected):
    assert reminders.should_remind(sent, date(2026, 4, 1), today) is expected
