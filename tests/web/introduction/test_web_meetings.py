"""Partnership meetings: time zones, agenda, attendance, invitations, between-meeting tasks."""

from __future__ import annotations

import re
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from flask.testing import FlaskClient
from icalendar import Calendar
from sqlalchemy.orm import Session

from workflow.models import User
from workflow.people.users import set_timezone


@pytest.fixture
def in_introduction(world: SimpleNamespace, put: Callable[..., None]) -> SimpleNamespace:
    put(world.sister, status="introduction")
    return world


def record_first_meeting(client: FlaskClient, pid: int, **extra: str) -> None:
    data = {
        "meeting-1-held_at": "2026-03-30T18:00",
        "meeting-1-timezone": "Europe/Kyiv",
        "meeting-1-place_kind": "online",
        "meeting-1-place": "https://meet.example.org/kyiv-krakow",
        "meeting-1-planned_minutes": "120",
        "meeting-1-invited": "12",
        "meeting-1-agenda_done": ["introductions", "idea"],
        "meeting-1-minutes": "We met and agreed the next date.",
    }
    data.update(extra)
    response = client.post(f"/partnerships/{pid}/meetings/1", data=data)
    assert response.status_code == 302, response.text


def test_a_meeting_at_18_in_kyiv_shows_17_to_a_viewer_in_warsaw(
    in_introduction: SimpleNamespace,
    login: Callable[..., FlaskClient],
    client: FlaskClient,
    session_factory: Callable[[], Session],
) -> None:
    login("animator@example.org")
    record_first_meeting(client, in_introduction.sister)
    client.post("/logout")
    s = session_factory()
    set_timezone(s, in_introduction.krakow_librarian, "Europe/Warsaw")
    s.close()
    login("krakow@example.org")
    # Polish formats times on the 24-hour clock.
    page = client.get(f"/partnerships/{in_introduction.sister}?lang=pl").text
    viewer = re.search(r'class="viewer-time">([^<]*)</strong> <small>([^<]*)<', page)
    assert viewer is not None and viewer.groups() == ("30.03.2026, 17:00", "Europe/Warsaw")
    assert re.search(r'class="meeting-time">[^<]*18:00[^<]*Europe/Kyiv', page)


def test_the_viewer_chooses_their_time_zone(
    in_introduction: SimpleNamespace, login: Callable[..., FlaskClient]
) -> None:
    client = login("animator@example.org")
    record_first_meeting(client, in_introduction.sister)
    response = client.post(
        f"/partnerships/{in_introduction.sister}/timezone",
        data={"timezone-timezone": "Europe/London"},
    )
    assert response.status_code == 302
    page = client.get(response.location).text
    assert "Times are now shown in Europe/London." in page
    page = client.get(f"/partnerships/{in_introduction.sister}?lang=uk").text
    assert re.search(r'class="viewer-time">[^<]*16:00</strong> <small>Europe/London<', page)


def test_the_invitation_is_an_ics_in_the_meetings_zone(
    in_introduction: SimpleNamespace, login: Callable[..., FlaskClient]
) -> None:
    client = login("animator@example.org")
    record_first_meeting(client, in_introduction.sister)
    response = client.get(f"/partnerships/{in_introduction.sister}/meetings/1.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    cal = Calendar.from_ical(response.data)
    [event] = cal.walk("VEVENT")
    start = event.decoded("dtstart")
    assert (start.hour, str(start.tzinfo)) == (18, "Europe/Kyiv")
    assert (event.decoded("dtend") - start).seconds == 2 * 3600
    assert str(event["location"]) == "https://meet.example.org/kyiv-krakow"
    assert "Participants get to know each other" in str(event["description"])
    assert cal.walk("VTIMEZONE"), "the zone travels with the invitation"


def test_another_library_cannot_fetch_the_invitation(
    in_introduction: SimpleNamespace, login: Callable[..., FlaskClient], client: FlaskClient
) -> None:
    login("animator@example.org")
    record_first_meeting(client, in_introduction.sister)
    client.post("/logout")
    login("lviv@example.org")
    assert client.get(f"/partnerships/{in_introduction.sister}/meetings/1.ics").status_code == 404
    assert client.get(f"/partnerships/{in_introduction.sister}").status_code == 404


def test_the_agenda_is_a_checklist_from_the_standard(
    in_introduction: SimpleNamespace, login: Callable[..., FlaskClient]
) -> None:
    client = login("animator@example.org")
    page = client.get(f"/partnerships/{in_introduction.sister}").text
    assert "First ideas for cooperation" in page
    assert "Choosing the coordinator or leader of the partnership" in page
    record_first_meeting(client, in_introduction.sister)
    page = client.get(f"/partnerships/{in_introduction.sister}").text
    ticked = re.findall(r'<input checked [^>]*name="meeting-1-agenda_done"[^>]*value="(\w+)"', page)
    assert ticked == ["introductions", "idea"]


def test_attendance_per_party_and_the_low_attendance_suggestion(
    in_introduction: SimpleNamespace, login: Callable[..., FlaskClient]
) -> None:
    client = login("kyiv@example.org")
    record_first_meeting(client, in_introduction.sister)
    for name, organisation, sector, decides in (
        ("Olena Petrenko", "Київська міська бібліотека", "public", "y"),
        ("Marta Nowak", "Fundacja Czytamy", "social", ""),
    ):
        data = {
            "attendee-1-name": name,
            "attendee-1-organisation": organisation,
            "attendee-1-sector": sector,
        }
        if decides:
            data["attendee-1-decision_maker"] = decides
        response = client.post(
            f"/partnerships/{in_introduction.sister}/meetings/1/attendees", data=data
        )
        assert response.status_code == 302
    page = client.get(f"/partnerships/{in_introduction.sister}").text
    assert "Olena Petrenko" in page and "Fundacja Czytamy" in page
    assert "decision-maker" in page
    assert "2 of 12 invited came" in page
    assert "each participant brings one more partner" in page


def test_a_participant_needs_a_name_and_keeps_what_was_typed(
    in_introduction: SimpleNamespace, login: Callable[..., FlaskClient]
) -> None:
    client = login("animator@example.org")
    record_first_meeting(client, in_introduction.sister)
    response = client.post(
        f"/partnerships/{in_introduction.sister}/meetings/1/attendees",
        data={"attendee-1-name": "", "attendee-1-organisation": "Gmina Lipnica"},
    )
    assert response.status_code == 422
    assert 'value="Gmina Lipnica"' in response.text


def test_the_tasks_between_the_meetings_are_a_checklist(
    in_introduction: SimpleNamespace,
    login: Callable[..., FlaskClient],
    read: Callable[[int], object],
) -> None:
    client = login("animator@example.org")
    record_first_meeting(client, in_introduction.sister)
    response = client.post(
        f"/partnerships/{in_introduction.sister}/between", data={"between-done": ["review"]}
    )
    assert response.status_code == 302
    assert read(in_introduction.sister).between_tasks_done == ["review"]  # type: ignore[attr-defined]


def test_a_user_time_zone_must_exist(session_factory: Callable[[], Session], world) -> None:  # type: ignore[no-untyped-def]
    from workflow.errors import InvalidInput

    s = session_factory()
    with pytest.raises(InvalidInput):
        set_timezone(s, world.animator, "Mars/Olympus")
    assert s.get(User, world.animator).timezone is None  # type: ignore[union-attr]
    s.close()


def test_a_further_meeting_follows_the_second_with_the_later_agenda(
    in_introduction: SimpleNamespace, login: Callable[..., FlaskClient]
) -> None:
    client = login("animator@example.org")
    pid = in_introduction.sister
    third = {
        "meeting-3-held_at": "2026-05-04T18:00",
        "meeting-3-timezone": "Europe/Kyiv",
        "meeting-3-place_kind": "library",
        "meeting-3-place": "Kyiv, the reading room",
        "meeting-3-planned_minutes": "120",
        "meeting-3-agenda_done": ["condition"],
        "meeting-3-minutes": "We looked at how the cooperation is doing.",
    }
    # Not before the second: meetings are recorded in their order.
    record_first_meeting(client, pid)
    gap = client.post(f"/partnerships/{pid}/meetings/3", data=third)
    assert "Record the meetings in their order." in client.get(gap.location).text
    second = {
        k.replace("meeting-1-", "meeting-2-"): v
        for k, v in {
            "meeting-1-held_at": "2026-04-20T18:00",
            "meeting-1-timezone": "Europe/Kyiv",
            "meeting-1-place_kind": "online",
            "meeting-1-place": "https://meet.example.org/2",
            "meeting-1-planned_minutes": "120",
            "meeting-1-minutes": "Rules and the leader.",
        }.items()
    }
    assert client.post(f"/partnerships/{pid}/meetings/2", data=second).status_code == 302
    page = client.get(f"/partnerships/{pid}").text
    assert "Record a further meeting" in page
    assert "How the cooperation is doing" in page
    assert client.post(f"/partnerships/{pid}/meetings/3", data=third).status_code == 302
    page = client.get(f"/partnerships/{pid}").text
    assert "Partnership meeting 3" in page
    assert "We looked at how the cooperation is doing." in page


def test_the_engagement_scores_chosen_in_the_form_are_saved_and_shown(
    in_introduction: SimpleNamespace,
    login: Callable[..., FlaskClient],
    client: FlaskClient,
    read: Callable[[int], Any],
) -> None:
    pid = in_introduction.sister
    login("animator@example.org")
    record_first_meeting(client, pid)
    parties = {x.organisation_id: x.id for x in read(pid).parties}
    kyiv, krakow = parties[in_introduction.kyiv], parties[in_introduction.krakow]
    response = client.post(
        f"/partnerships/{pid}/meetings/1/evaluation",
        data={
            "evaluation-1-evaluation": "A warm start.",
            f"evaluation-1-engagement_{kyiv}": "5",
            f"evaluation-1-engagement_{krakow}": "3",
        },
    )
    assert response.status_code == 302, response.text
    meeting = read(pid).meetings[0]
    assert meeting.evaluation_by("animator").engagement == {str(kyiv): 5, str(krakow): 3}
    page = client.get(f"/partnerships/{pid}").text
    assert "Київська міська бібліотека: 5; Biblioteka Kraków: 3" in page
