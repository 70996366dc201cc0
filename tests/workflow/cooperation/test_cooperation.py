"""Cooperation: check-ins, dormancy, condition evaluations, the outbox and the public data."""

from __future__ import annotations

import smtplib
from datetime import date, datetime

import pytest
from sqlalchemy import func, select, update

from tests.factories import (
    complete_campaign,
    complete_introduction,
    complete_planning,
    make_world,
    sign_all,
    sister,
)
from workflow.campaign.publications import add_publication
from workflow.cooperation import checkins as coop
from workflow.cooperation.public import public_partnerships
from workflow.errors import DomainError, InvalidInput, NotFound, PermissionDenied
from workflow.lifecycle.moves import advance, close
from workflow.mail import outbox as mail
from workflow.memorandum.operations import generate_memorandum
from workflow.models import Activity, CheckIn, OutboxMessage, Partnership
from workflow.planning.activities import add_activity, edit_activity, remove_activity

ENTERED = datetime(2026, 6, 10, 9, 0)


def to_cooperation(session, w):
    pid = sister(session, w).id
    advance(session, pid, actor=w.coordinator)
    complete_introduction(session, w, pid)
    advance(session, pid, actor=w.coordinator)
    generate_memorandum(session, w.coordinator, pid)
    sign_all(session, w, pid)
    advance(session, pid, actor=w.coordinator)
    complete_planning(session, w, pid)
    advance(session, pid, actor=w.coordinator)
    complete_campaign(session, w, pid)
    advance(session, pid, actor=w.coordinator)
    enter_cooperation_at(session, pid, ENTERED)
    return pid


def enter_cooperation_at(session, pid, when):
    session.execute(update(Partnership).where(Partnership.id == pid).values(step_entered_at=when))
    session.commit()
    session.expire_all()


def outbox(session):
    return session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


@pytest.fixture
def tagged_mail(monkeypatch):
    """Mail text marked with its language, whatever catalogs are compiled."""
    monkeypatch.setattr(coop, "gettext_for", lambda lang: lambda s: f"[{lang}] {s}")


# --- check-ins -----------------------------------------------------------------


def test_due_dates_count_calendar_months_from_entering_cooperation():
    assert coop.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert coop.add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)
    entered = date(2026, 6, 10)
    assert coop.latest_due_date(entered, 3, date(2026, 9, 9)) is None
    assert coop.latest_due_date(entered, 3, date(2026, 9, 10)) == date(2026, 9, 10)
    assert coop.latest_due_date(entered, 3, date(2026, 12, 9)) == date(2026, 9, 10)
    assert coop.latest_due_date(entered, 3, date(2027, 1, 1)) == date(2026, 12, 10)


def test_three_months_after_entering_cooperation_both_parties_get_one_checkin(
    session, tagged_mail, monkeypatch
):
    monkeypatch.delenv("MAIL_SERVER", raising=False)
    w = make_world(session)
    w.odesa_librarian.locale = "uk"
    w.liverpool_librarian.locale = "en"
    session.commit()
    pid = to_cooperation(session, w)
    p = session.get(Partnership, pid)
    contacts = {x.organisation_id: x.contact_email for x in p.parties}

    assert coop.send_checkins(session, date(2026, 9, 9), "https://x.example/") == 0
    assert coop.send_checkins(session, date(2026, 9, 10), "https://x.example/") == 2

    rows = session.scalars(select(CheckIn).where(CheckIn.partnership_id == pid)).all()
    assert sorted(r.party.organisation_id for r in rows) == sorted([w.odesa.id, w.liverpool.id])
    assert {r.due_on for r in rows} == {date(2026, 9, 10)}
    assert all(r.sent_at is not None and r.answered_at is None for r in rows)

    sent = {m.to: m for m in outbox(session)}
    # Everyone in their own language: librarians in the one they chose, the
    # contact persons in their library's (not the partnership's first).
    assert {to: m.language for to, m in sent.items()} == {
        "odesa@example.org": "uk",
        "liverpool@example.org": "en",
        contacts[w.odesa.id]: "uk",
        contacts[w.liverpool.id]: "en",
    }
    liverpool = sent["liverpool@example.org"]
    assert liverpool.subject.startswith("[en] How is the partnership")
    assert "Odesa – Liverpool" in liverpool.subject
    assert f"https://x.example/partnerships/{pid}" in liverpool.body
    assert "Liverpool Central Library" in liverpool.body
    assert sent["odesa@example.org"].subject.startswith("[uk] ")
    assert all(m.sent_at is None for m in sent.values())  # no SMTP configured

    # Run again the same day, or the next: nothing is sent twice.
    assert coop.send_checkins(session, date(2026, 9, 10)) == 0
    assert coop.send_checkins(session, date(2026, 10, 1)) == 0
    assert len(outbox(session)) == 4
    # Three months later, the next round.
    assert coop.due_checkins(session, date(2026, 12, 10)) != []
    assert coop.send_checkins(session, date(2026, 12, 10)) == 2
    count = session.scalar(select(func.count()).select_from(CheckIn))
    assert count == 4


def test_a_checkin_goes_to_a_contact_in_the_language_they_speak(session, monkeypatch):
    monkeypatch.delenv("MAIL_SERVER", raising=False)
    w = make_world(session)
    pid = to_cooperation(session, w)
    p = session.get(Partnership, pid)
    odesa = p.party_of(w.odesa.id)
    # The Odesa contact person says they read English and Polish, not Ukrainian.
    odesa.contact_languages = "en, pl"
    session.commit()
    coop.send_checkins(session, date(2026, 9, 10), "https://x.example/")
    sent = {m.to: m.language for m in outbox(session)}
    assert sent[odesa.contact_email] == "en"
    assert sent["odesa@example.org"] == "uk"  # the librarian, with no language chosen


def test_checkins_follow_the_programme_period_and_only_partnerships_in_cooperation(session):
    w = make_world(session)
    pid = to_cooperation(session, w)
    other = sister(session, w, w.krakow, w.liverpool).id  # in selection: never asked
    enter_cooperation_at(session, other, ENTERED)
    w.programme.checkin_months = 1
    session.commit()
    assert coop.send_checkins(session, date(2026, 7, 10)) == 2
    assert {c.partnership_id for c in session.scalars(select(CheckIn))} == {pid}


def test_a_librarian_answers_their_own_partys_checkin_only(session):
    w = make_world(session)
    pid = to_cooperation(session, w)
    coop.send_checkins(session, date(2026, 9, 10))
    by_org = {
        c.party.organisation_id: c
        for c in session.scalars(select(CheckIn).where(CheckIn.partnership_id == pid))
    }
    odesa_checkin = by_org[w.odesa.id]

    with pytest.raises(NotFound):  # another library's librarian cannot even see it
        coop.answer_checkin(session, w.krakow_librarian, pid, odesa_checkin.id, answer="Fine")
    with pytest.raises(PermissionDenied):  # the other party's librarian
        coop.answer_checkin(session, w.liverpool_librarian, pid, odesa_checkin.id, answer="Hi")
    with pytest.raises(PermissionDenied):  # staff do not answer for a library
        coop.answer_checkin(session, w.coordinator, pid, odesa_checkin.id, answer="Hi")
    with pytest.raises(InvalidInput):
        coop.answer_checkin(session, w.odesa_librarian, pid, odesa_checkin.id, answer="  ")

    coop.answer_checkin(
        session, w.odesa_librarian, pid, odesa_checkin.id, answer="  Reading club every week. "
    )
    session.expire_all()
    checkin = session.get(CheckIn, odesa_checkin.id)
    assert checkin.answer == "Reading club every week."
    assert checkin.answered_at is not None
    assert by_org[w.liverpool.id].answer is None


# --- the plan goes on ---------------------------------------------------------------


def test_in_cooperation_a_party_adds_an_activity_and_the_approved_plan_stays_approved(
    session,
):
    w = make_world(session)
    pid = to_cooperation(session, w)
    p = session.get(Partnership, pid)
    approved = p.plan_version
    liverpool = p.party_of(w.liverpool.id)

    added = add_activity(
        session,
        w.liverpool_librarian,
        pid,
        title="Summer reading camp",
        direction="culture",
        responsible_party_id=liverpool.id,
        starts_on=date(2026, 7, 20),
    )
    edit_activity(
        session,
        w.liverpool_librarian,
        pid,
        added.id,
        title="Summer reading camp",
        direction="culture",
        responsible_party_id=liverpool.id,
        starts_on=date(2026, 7, 27),
        status="done",
    )

    session.expire_all()
    p = session.get(Partnership, pid)
    assert [a.title for a in p.activities][-1] == "Summer reading camp"
    assert p.activities[-1].starts_on == date(2026, 7, 27)
    assert p.plan_version == approved
    assert {x.plan_approved_version for x in p.parties} == {approved}
    # Cancelled, not removed: what was planned stays on record.
    with pytest.raises(DomainError):
        remove_activity(session, w.coordinator, pid, added.id)


def test_a_librarian_of_another_library_cannot_add_to_a_partnership_in_cooperation(session):
    w = make_world(session)
    pid = to_cooperation(session, w)
    with pytest.raises((PermissionDenied, NotFound)):
        add_activity(
            session,
            w.krakow_librarian,
            pid,
            title="Not ours",
            direction="culture",
            responsible_party_id=None,
            starts_on=date(2026, 7, 20),
        )
    assert session.scalar(select(func.count()).select_from(Activity)) == 1


# --- dormancy --------------------------------------------------------------------


def test_a_partnership_without_anything_for_90_days_is_dormant_until_something_new(session):
    w = make_world(session)
    pid = to_cooperation(session, w)  # its campaign and plan are dated before June 10
    # Entered cooperation on June 10: not dormant for 90 days.
    assert coop.dormant_ids(session, [pid], date(2026, 9, 7)) == set()
    assert coop.dormant_ids(session, [pid], date(2026, 9, 8)) == {pid}
    assert coop.is_dormant(session, session.get(Partnership, pid), date(2026, 9, 8))

    # A new publication wakes it up...
    add_publication(
        session,
        w.liverpool_librarian,
        pid,
        channel="facebook",
        language="en",
        message="Our reading club met again.",
        planned_on=date(2026, 9, 1),
    )
    assert coop.dormant_ids(session, [pid], date(2026, 9, 8)) == set()
    # ... for 90 days.
    assert coop.dormant_ids(session, [pid], date(2026, 11, 30)) == {pid}

    # So does a new activity of the plan.
    session.add(
        Activity(
            partnership_id=pid,
            title="Online reading",
            direction="culture",
            starts_on=date(2026, 11, 20),
        )
    )
    session.commit()
    assert coop.dormant_ids(session, [pid], date(2026, 11, 30)) == set()


def test_dormancy_is_one_query_for_many_and_only_in_cooperation(session):
    w = make_world(session)
    pid = to_cooperation(session, w)
    selection = sister(session, w, w.krakow, w.liverpool).id
    enter_cooperation_at(session, selection, ENTERED)
    assert coop.dormant_ids(session, [pid, selection], date(2027, 1, 1)) == {pid}
    assert coop.dormant_ids(session, [], date(2027, 1, 1)) == set()
    close(session, pid, actor=w.coordinator, reason="The project ended.", confirmed=True)
    assert coop.dormant_ids(session, [pid], date(2027, 1, 1)) == set()


# --- condition evaluations -------------------------------------------------------


def test_the_condition_is_evaluated_by_staff_animators_and_the_parties(session):
    w = make_world(session)
    pid = to_cooperation(session, w)
    coop.evaluate_condition(session, w.animator, pid, rating=4, notes="Regular meetings.")
    coop.evaluate_condition(session, w.odesa_librarian, pid, rating=5)
    with pytest.raises(NotFound):
        coop.evaluate_condition(session, w.krakow_librarian, pid, rating=1)
    with pytest.raises(InvalidInput):
        coop.evaluate_condition(session, w.coordinator, pid, rating=6)
    session.expire_all()
    p = session.get(Partnership, pid)
    latest = coop.evaluations_of(p)
    assert [(e.rating, e.author_id) for e in latest] == [
        (5, w.odesa_librarian.id),
        (4, w.animator.id),
    ]
    close(session, pid, actor=w.coordinator, reason="Done.", confirmed=True)
    with pytest.raises(Exception, match="current step"):
        coop.evaluate_condition(session, w.coordinator, pid, rating=3)


# --- the public page's data ------------------------------------------------------


def test_only_staff_publish_and_only_public_partnerships_in_cooperation_are_listed(session):
    w = make_world(session)
    pid = to_cooperation(session, w)
    assert public_partnerships(session) == []
    with pytest.raises(PermissionDenied):
        coop.set_public(session, w.odesa_librarian, pid, public=True, story="Us")
    with pytest.raises(InvalidInput):
        coop.set_public(session, w.coordinator, pid, public=True, story=" ")
    coop.set_public(session, w.coordinator, pid, public=True, story="Two cities, one shelf.")

    [shown] = public_partnerships(session)
    assert shown.id == pid
    assert shown.story == "Two cities, one shelf."
    assert {x.name for x in shown.parties} == {w.odesa.name, w.liverpool.name}
    assert shown.signed_on is not None and shown.planning_since is not None
    assert [x.message for x in shown.publications] == ["Ми стали бібліотеками-посестрами"]
    assert shown.activities == []  # the plan's activity is not done yet
    assert "@" not in repr(shown)

    coop.set_public(session, w.coordinator, pid, public=False, story="Two cities, one shelf.")
    assert public_partnerships(session) == []


# --- mail ------------------------------------------------------------------------


def test_mail_stays_in_the_outbox_without_smtp_and_is_sent_with_it(session, monkeypatch):
    monkeypatch.delenv("MAIL_SERVER", raising=False)
    kept = mail.send(session, "a@example.org", "Hello", "Body", "pl")
    assert kept.id is not None and kept.sent_at is None and kept.language == "pl"

    delivered = []

    class FakeSMTP:
        def __init__(self, server, port, timeout):
            delivered.append(("connect", server, port))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def starttls(self):
            delivered.append(("tls",))

        def login(self, user, password):
            delivered.append(("login", user, password))

        def send_message(self, message):
            delivered.append(("send", message["To"], message["Subject"], message["From"]))

    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    env = {
        "MAIL_SERVER": "smtp.example.org",
        "MAIL_USERNAME": "u",
        "MAIL_PASSWORD": "p",
        "MAIL_FROM": "noreply@example.org",
        "MAIL_USE_TLS": "true",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    sent = mail.send(session, "b@example.org", "Hi", "Body", "en")
    assert sent.sent_at is not None
    assert delivered == [
        ("connect", "smtp.example.org", 587),
        ("tls",),
        ("login", "u", "p"),
        ("send", "b@example.org", "Hi", "noreply@example.org"),
    ]
    session.rollback()
    assert mail.smtp_config({}) is None


def test_a_failed_delivery_keeps_the_message_unsent(session, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError()

    monkeypatch.setattr(smtplib, "SMTP", refuse)
    monkeypatch.setenv("MAIL_SERVER", "smtp.example.org")
    message = mail.send(session, "c@example.org", "Hi", "Body", "en")
    assert message.sent_at is None
