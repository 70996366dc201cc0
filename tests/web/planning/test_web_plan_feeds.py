"""The joint activity plan's forms and the calendar subscriptions, through the web."""

from __future__ import annotations

import re
from datetime import date

import pytest
from icalendar import Calendar

ACTIVITY = {
    "activity-title": "Читацький клуб",
    "activity-description": "Щотижня онлайн",
    "activity-title_en": "Reading club",
    "activity-description_en": "Weekly, online",
    "activity-direction": "culture",
    "activity-status": "planned",
    "activity-starts_on": "2026-05-01",
    "activity-ends_on": "2026-05-10",
    "activity-place": "https://meet.example.org/club",
    "activity-resources": "A room",
    "activity-expected_result": "Twenty regular readers",
    "activity-indicator": "20 readers",
}


@pytest.fixture
def in_planning(world, put, login):
    put(world.sister, status="planning")
    client = login("kyiv@example.org")
    response = client.post(f"/partnerships/{world.sister}/activities", data=ACTIVITY)
    assert response.status_code == 302, response.text
    return client


def subscription_url(page: str) -> str:
    found = re.search(r'value="(http://localhost/feeds/[A-Za-z0-9_-]+\.ics)"', page)
    assert found, "the new address is shown"
    return found.group(1)


def test_an_activity_is_shown_in_both_languages_with_its_new_fields(world, in_planning, read):
    page = in_planning.get(f"/partnerships/{world.sister}").text
    for text in ("Читацький клуб", "Reading club", "Twenty regular readers", "Planned"):
        assert text in page
    activity = read(world.sister).activities[0]
    assert activity.texts == {
        "uk": {"title": "Читацький клуб", "description": "Щотижня онлайн"},
        "en": {"title": "Reading club", "description": "Weekly, online"},
    }
    assert activity.place == "https://meet.example.org/club"


def test_a_form_with_errors_keeps_what_was_typed(world, put, login, read):
    put(world.sister, status="planning")
    data = {
        **ACTIVITY,
        "activity-title": "",
        "activity-development_plan_url": "not a link",
    }
    response = login("kyiv@example.org").post(f"/partnerships/{world.sister}/activities", data=data)
    assert response.status_code == 422
    page = response.text
    assert "This field is required." in page
    assert "Enter a web address." in page
    assert 'value="Reading club"' in page
    assert "Twenty regular readers" in page
    assert 'value="not a link"' in page
    assert read(world.sister).activities == []


def test_an_edit_voids_the_approvals(world, in_planning, read):
    p = read(world.sister)
    kyiv = p.party_of(world.kyiv)
    activity = p.activities[0]
    response = in_planning.post(
        f"/partnerships/{world.sister}/plan/approve", data={"party_id": kyiv.id, "version": 1}
    )
    assert response.status_code == 302
    assert read(world.sister).party_of(world.kyiv).plan_approved_version == 1

    edited = {k.replace("activity-", f"activity-{activity.id}-", 1): v for k, v in ACTIVITY.items()}
    edited[f"activity-{activity.id}-title_en"] = "Reading club, twice a week"
    response = in_planning.post(
        f"/partnerships/{world.sister}/activities/{activity.id}", data=edited
    )
    assert response.status_code == 302
    p = read(world.sister)
    assert p.plan_version == 2
    assert p.activities[0].texts["en"]["title"] == "Reading club, twice a week"
    page = in_planning.get(response.location).text
    assert "Київська міська бібліотека has not approved the current plan" in page
    assert "Approve the plan (version 2)" in page


def test_an_invalid_edit_is_shown_again_next_to_its_activity(world, in_planning, read):
    activity = read(world.sister).activities[0]
    prefix = f"activity-{activity.id}-"
    edited = {k.replace("activity-", prefix, 1): v for k, v in ACTIVITY.items()}
    edited[prefix + "ends_on"] = "2026-04-01"
    response = in_planning.post(
        f"/partnerships/{world.sister}/activities/{activity.id}", data=edited
    )
    assert response.status_code == 422
    assert "An activity cannot end before it starts." in response.text
    assert f'id="{prefix}ends_on"' in response.text
    assert read(world.sister).plan_version == 1


def test_a_status_can_be_set_in_cooperation(world, in_planning, put, read):
    activity = read(world.sister).activities[0]
    put(world.sister, status="cooperation")
    response = in_planning.post(
        f"/partnerships/{world.sister}/activities/{activity.id}/status",
        data={f"activity-status-{activity.id}-status": "done"},
    )
    assert response.status_code == 302
    p = read(world.sister)
    assert (p.activities[0].status, p.plan_version) == ("done", 1)


def test_a_librarian_subscribes_and_the_address_works_without_login(world, in_planning, read, app):
    response = in_planning.post(f"/feeds/partnerships/{world.sister}")
    assert response.status_code == 302
    page = in_planning.get(response.location).text
    url = subscription_url(page)
    assert "webcal://localhost/feeds/" in page
    # Shown once: the next visit shows only that a subscription exists.
    assert url not in in_planning.get(f"/partnerships/{world.sister}").text

    anonymous = app.test_client()
    response = anonymous.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    cal = Calendar.from_ical(response.data)
    (event,) = cal.walk("VEVENT")
    activity = read(world.sister).activities[0]
    assert str(event["UID"]) == f"activity-{activity.id}@sister-libraries"
    assert event.decoded("DTSTART") == date(2026, 5, 1)
    assert event.decoded("DTEND") == date(2026, 5, 11)
    assert str(event["LOCATION"]) == "https://meet.example.org/club"

    # A wrong token shows nothing.
    assert anonymous.get(url.replace(".ics", "x.ics")).status_code == 404
    assert anonymous.get("/feeds/nothing-here.ics").status_code == 404


def test_a_revoked_address_stops_working(world, in_planning, app, session_factory):
    from workflow.models import FeedToken

    in_planning.post(f"/feeds/partnerships/{world.sister}")
    page = in_planning.get(f"/partnerships/{world.sister}").text
    url = subscription_url(page)
    s = session_factory()
    feed_id = s.query(FeedToken).one().id
    s.close()
    response = in_planning.post(
        f"/feeds/{feed_id}/revoke",
        headers={"Referer": f"http://localhost/partnerships/{world.sister}"},
    )
    assert response.status_code == 302
    assert "no longer works" in in_planning.get(response.location).text
    assert app.test_client().get(url).status_code == 404


def test_another_library_cannot_subscribe_to_a_partnership_it_cannot_see(world, login):
    client = login("lviv@example.org")
    assert client.post(f"/feeds/partnerships/{world.sister}").status_code == 404


def test_library_feeds_are_for_the_library_s_own_librarian(world, login):
    client = login("kyiv@example.org")
    assert client.post(f"/feeds/libraries/{world.lviv}").status_code == 403
    response = client.post(
        f"/feeds/libraries/{world.kyiv}",
        headers={"Referer": f"http://localhost/partnerships/{world.sister}"},
    )
    assert response.status_code == 302
    page = client.get(response.location).text
    assert "All partnerships of Київська міська бібліотека" in page
    subscription_url(page)


def test_subscribing_needs_a_login(world, client):
    response = client.post(f"/feeds/partnerships/{world.sister}")
    assert response.status_code == 302
    assert "/login" in response.location
