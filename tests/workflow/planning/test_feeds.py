"""The joint activity plan's services, its PDF, and the private iCalendar feeds."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from documents import render_pdf
from states.planning import every_party_approved
from tests.factories import (
    World,
    complete_introduction,
    complete_planning,
    make_world,
    sister,
)
from tests.workflow.lifecycle.test_documents import pdf_info, pdf_text
from workflow.errors import InvalidInput, NotFound, PermissionDenied
from workflow.lifecycle.documents import build_context
from workflow.lifecycle.loading import load_partnership
from workflow.models import FeedToken, Partnership, User
from workflow.planning import feeds
from workflow.planning.activities import (
    add_activity,
    edit_activity,
    remove_activity,
    set_activity_status,
)


def set_status(session: Session, pid: int, status: str) -> None:
    session.execute(update(Partnership).where(Partnership.id == pid).values(status=status))
    session.commit()
    session.expire_all()


@pytest.fixture
def w(session: Session) -> World:
    return make_world(session)


@pytest.fixture
def planned(session: Session, w: World) -> Partnership:
    """Odesa – Liverpool in planning: two meetings held, two activities planned."""
    p = sister(session, w)
    set_status(session, p.id, "introduction")
    complete_introduction(session, w, p.id)
    set_status(session, p.id, "planning")
    p = load_partnership(session, p.id, w.coordinator)
    odesa, liverpool = p.parties
    add_activity(
        session,
        w.odesa_librarian,
        p.id,
        title="",
        texts={
            "uk": {"title": "Обмін книжками", "description": "Двісті книжок для переселенців"},
            "en": {"title": "Book exchange", "description": "Two hundred books for IDPs"},
        },
        direction="humanitarian",
        responsible_party_id=liverpool.id,
        involved_party_ids=[odesa.id],
        starts_on=date(2026, 5, 1),
        ends_on=date(2026, 5, 3),
        place="Liverpool Central Library, William Brown St",
        expected_result="Readers in Odesa get English books",
        indicator="200 books",
        development_plan_url="https://example.org/plan",
    )
    add_activity(
        session,
        w.coordinator,
        p.id,
        title="Онлайн-клуб",
        direction="culture",
        responsible_party_id=odesa.id,
        starts_on=date(2026, 6, 10),
        status="cancelled",
        place="https://meet.example.org/club",
    )
    return load_partnership(session, p.id, w.coordinator)


def events(ics: bytes) -> dict[str, object]:
    cal = Calendar.from_ical(ics)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


# --- the plan ------------------------------------------------------------------


def test_an_activity_keeps_its_texts_per_language_and_the_others_involved(
    session: Session, w: World, planned: Partnership
) -> None:
    exchange = next(a for a in planned.activities if a.direction == "humanitarian")
    assert exchange.title == "Обмін книжками"  # the partnership's first language
    assert exchange.texts["en"]["title"] == "Book exchange"
    assert [x.organisation_id for x in exchange.involved] == [w.odesa.id]
    assert exchange.development_plan_url == "https://example.org/plan"
    assert planned.plan_version == 2


def test_the_first_language_title_is_required(session: Session, w: World, planned) -> None:
    with pytest.raises(InvalidInput) as caught:
        add_activity(
            session,
            w.coordinator,
            planned.id,
            title="",
            texts={"en": {"title": "Only English", "description": ""}},
            direction="culture",
            responsible_party_id=None,
            starts_on=date(2026, 5, 1),
        )
    assert "first language" in str(caught.value.message)


def test_only_parties_and_languages_of_the_partnership_are_accepted(
    session: Session, w: World, planned: Partnership
) -> None:
    other = sister(session, w, w.krakow, w.liverpool)
    stranger = other.parties[0].id
    common = dict(title="X", direction="culture", responsible_party_id=None)
    with pytest.raises(InvalidInput):
        add_activity(
            session,
            w.coordinator,
            planned.id,
            **common,
            involved_party_ids=[stranger],
            starts_on=date(2026, 5, 1),
        )
    with pytest.raises(InvalidInput):
        add_activity(
            session,
            w.coordinator,
            planned.id,
            **common,
            texts={"pl": {"title": "Po polsku"}},
            starts_on=date(2026, 5, 1),
        )
    with pytest.raises(InvalidInput):
        add_activity(
            session,
            w.coordinator,
            planned.id,
            **common,
            development_plan_url="javascript:alert(1)",
            starts_on=date(2026, 5, 1),
        )


def test_an_edit_voids_the_approvals(session: Session, w: World) -> None:
    p = sister(session, w)
    set_status(session, p.id, "planning")
    complete_planning(session, w, p.id)
    p = load_partnership(session, p.id, w.coordinator)
    assert every_party_approved(p) == []
    version = p.plan_version
    activity = p.activities[0]

    edit_activity(
        session,
        w.liverpool_librarian,
        p.id,
        activity.id,
        title="Book exchange, twice",
        direction=activity.direction,
        responsible_party_id=activity.responsible_party_id,
        starts_on=activity.starts_on,
    )
    p = load_partnership(session, p.id, w.coordinator)
    assert p.plan_version == version + 1
    assert len(every_party_approved(p)) == 2
    assert p.activities[0].title == "Book exchange, twice"


def test_removing_an_activity_makes_a_new_version(session: Session, w, planned) -> None:
    version = planned.plan_version
    remove_activity(session, w.coordinator, planned.id, planned.activities[0].id)
    p = load_partnership(session, planned.id, w.coordinator)
    assert (len(p.activities), p.plan_version) == (1, version + 1)


def test_status_is_an_edit_in_planning_and_a_record_in_cooperation(
    session: Session, w: World, planned: Partnership
) -> None:
    activity = planned.activities[0]
    set_activity_status(session, w.odesa_librarian, planned.id, activity.id, status="done")
    assert load_partnership(session, planned.id, w.coordinator).plan_version == 3

    set_status(session, planned.id, "cooperation")
    set_activity_status(session, w.odesa_librarian, planned.id, activity.id, status="planned")
    p = load_partnership(session, planned.id, w.coordinator)
    assert (p.activities[0].status, p.plan_version) == ("planned", 3)
    with pytest.raises(InvalidInput):
        set_activity_status(session, w.coordinator, planned.id, activity.id, status="maybe")
    # Editing the plan's content is for planning only.
    with pytest.raises(Exception, match="current step"):
        remove_activity(session, w.coordinator, planned.id, activity.id)


def test_the_plan_pdf_is_a_landscape_table_in_both_languages(
    session: Session, planned: Partnership, tmp_path: Path
) -> None:
    context = build_context(planned, "activity_plan")
    exchange = context["activities"][0]
    assert exchange["texts"]["en"]["title"] == "Book exchange"
    assert exchange["involved"] == ["Одеська обласна бібліотека"]
    assert set(exchange) >= {"status", "place", "expected_result"}

    pdf = render_pdf("activity_plan", context)
    info = pdf_info(pdf, tmp_path)
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())  # type: ignore[union-attr]
    assert width > height
    text = pdf_text(pdf, tmp_path)
    for expected in ("Обмін книжками", "Book exchange", "Readers in Odesa get English books"):
        assert expected in text
    assert "cancelled" in text  # the status, in English as well as Ukrainian


# --- feeds -------------------------------------------------------------------------


def test_the_partnership_feed_has_its_activities_and_meetings(
    session: Session, w: World, planned: Partnership
) -> None:
    new = feeds.create_feed(session, w.odesa_librarian, partnership_id=planned.id)
    feed = feeds.resolve(session, new.token)
    assert feed is not None
    found = events(feeds.feed_calendar(session, feed))

    exchange, club = planned.activities
    e = found[f"activity-{exchange.id}@sister-libraries"]
    assert e.decoded("DTSTART") == date(2026, 5, 1)
    assert e.decoded("DTEND") == date(2026, 5, 4)  # exclusive: the day after the last
    assert str(e["SUMMARY"]) == "Обмін книжками"
    assert str(e["LOCATION"]).startswith("Liverpool Central Library")
    assert str(e["STATUS"]) == "CONFIRMED"
    c = found[f"activity-{club.id}@sister-libraries"]
    assert (c.decoded("DTSTART"), c.decoded("DTEND")) == (date(2026, 6, 10), date(2026, 6, 11))
    assert str(c["STATUS"]) == "CANCELLED"

    first = planned.meeting(1)
    m = found[f"meeting-{first.id}@sister-libraries"]
    start = datetime(2026, 3, 1, 16, 0, tzinfo=UTC)
    assert m.decoded("DTSTART") == start
    assert m.decoded("DTEND") == start + timedelta(hours=2)
    assert len(found) == 4


def test_only_the_token_s_hash_is_stored(session: Session, w: World, planned) -> None:
    new = feeds.create_feed(session, w.coordinator, partnership_id=planned.id)
    row = session.get(FeedToken, new.id)
    assert row.token_hash == hashlib.sha256(new.token.encode()).hexdigest()
    assert len(new.token) >= 43


def test_unknown_and_revoked_tokens_find_nothing(session: Session, w: World, planned) -> None:
    new = feeds.create_feed(session, w.odesa_librarian, partnership_id=planned.id)
    assert feeds.resolve(session, "not-a-token") is None
    assert feeds.resolve(session, new.token[:-1]) is None
    with pytest.raises(NotFound):
        feeds.revoke_feed(session, w.liverpool_librarian, new.id)  # not theirs
    feeds.revoke_feed(session, w.odesa_librarian, new.id)
    assert feeds.resolve(session, new.token) is None


def test_a_library_that_is_not_a_party_gets_no_partnership_feed(
    session: Session, w: World, planned
) -> None:
    with pytest.raises(NotFound):
        feeds.create_feed(session, w.krakow_librarian, partnership_id=planned.id)
    assert session.scalars(select(FeedToken)).all() == []


def test_a_feed_stops_when_its_owner_may_no_longer_see_the_partnership(
    session: Session, w: World, planned
) -> None:
    new = feeds.create_feed(session, w.odesa_librarian, partnership_id=planned.id)
    session.execute(
        update(User).where(User.id == w.odesa_librarian.id).values(organisation_id=w.krakow.id)
    )
    session.commit()
    session.expire_all()
    assert feeds.resolve(session, new.token) is None


def test_the_library_feed_covers_its_partnerships_but_not_withdrawn_ones(
    session: Session, w: World, planned
) -> None:
    withdrawn = sister(session, w, w.odesa, w.krakow)
    set_status(session, withdrawn.id, "introduction")
    complete_introduction(session, w, withdrawn.id)
    set_status(session, withdrawn.id, "withdrawn")

    with pytest.raises(PermissionDenied):
        feeds.create_feed(session, w.krakow_librarian, organisation_id=w.odesa.id)
    new = feeds.create_feed(session, w.odesa_librarian, organisation_id=w.odesa.id)
    feed = feeds.resolve(session, new.token)
    assert feed is not None
    found = events(feeds.feed_calendar(session, feed))
    kept = {f"activity-{a.id}@sister-libraries" for a in planned.activities} | {
        f"meeting-{m.id}@sister-libraries" for m in planned.meetings
    }
    assert set(found) == kept
    assert "Odesa – Liverpool" in str(found[next(iter(sorted(kept)))]["SUMMARY"])
