"""The forms of each step: what they keep when something is wrong, and what they save."""

from __future__ import annotations

import pytest


@pytest.fixture
def in_introduction(world, put):
    put(world.sister, status="introduction")
    return world


def test_a_meeting_with_a_bad_date_keeps_the_other_typed_values(in_introduction, login, read):
    response = login("animator@example.org").post(
        f"/partnerships/{in_introduction.sister}/meetings/1",
        data={
            "meeting-1-held_at": "31.02.2026 at noon",
            "meeting-1-timezone": "Europe/Warsaw",
            "meeting-1-place_kind": "library",
            "meeting-1-planned_minutes": "120",
            "meeting-1-place": "Kraków, the reading room",
            "meeting-1-attendance": "Olena, Marta and the mayor",
            "meeting-1-minutes": "We agreed on a reading club.",
        },
    )
    assert response.status_code == 422
    html = response.text
    assert 'value="31.02.2026 at noon"' in html
    assert 'value="Kraków, the reading room"' in html
    assert "Olena, Marta and the mayor" in html
    assert "We agreed on a reading club." in html
    assert 'id="meeting-1-held_at-error"' in html
    assert read(in_introduction.sister).meetings == []


def test_a_recorded_meeting_is_shown_on_the_page(in_introduction, login, read):
    client = login("animator@example.org")
    response = client.post(
        f"/partnerships/{in_introduction.sister}/meetings/1",
        data={
            "meeting-1-held_at": "2026-03-01T16:00",
            "meeting-1-timezone": "UTC",
            "meeting-1-place_kind": "online",
            "meeting-1-planned_minutes": "120",
            "meeting-1-place": "https://meet.example/abc",
            "meeting-1-attendance": "Everyone",
            "meeting-1-minutes": "We agreed on a reading club.",
        },
    )
    assert response.status_code == 302
    page = client.get(response.location).text
    assert "Partnership meeting 1 has been recorded." in page
    assert "The first partnership meeting is not evaluated" in page
    assert read(in_introduction.sister).meetings[0].place == "https://meet.example/abc"


def test_a_librarian_names_their_contact_person(in_introduction, login, read):
    kyiv = read(in_introduction.sister).party_of(in_introduction.kyiv)
    client = login("kyiv@example.org")
    response = client.post(
        f"/partnerships/{in_introduction.sister}/parties/{kyiv.id}/contact",
        data={
            f"contact-{kyiv.id}-name": "Olena Petrenko",
            f"contact-{kyiv.id}-role": "Head of lending",
            f"contact-{kyiv.id}-email": "olena@example.org",
        },
    )
    assert response.status_code == 302
    page = client.get(response.location).text
    assert "Olena Petrenko" in page
    assert read(in_introduction.sister).party_of(in_introduction.kyiv).contact_email == (
        "olena@example.org"
    )


def test_a_librarian_cannot_name_the_other_party_s_contact(in_introduction, login, read):
    krakow = read(in_introduction.sister).party_of(in_introduction.krakow)
    response = login("kyiv@example.org").post(
        f"/partnerships/{in_introduction.sister}/parties/{krakow.id}/contact",
        data={
            f"contact-{krakow.id}-name": "Someone",
            f"contact-{krakow.id}-email": "someone@example.org",
        },
    )
    assert response.status_code == 403
    assert read(in_introduction.sister).party_of(in_introduction.krakow).contact_name is None


def test_a_form_of_another_step_is_refused_with_a_message(world, login, read):
    client = login("animator@example.org")
    response = client.post(
        f"/partnerships/{world.sister}/meetings/1",
        data={
            "meeting-1-held_at": "2026-03-01T16:00",
            "meeting-1-timezone": "UTC",
            "meeting-1-place_kind": "online",
            "meeting-1-planned_minutes": "120",
            "meeting-1-place": "Online",
            "meeting-1-minutes": "Too early.",
        },
    )
    assert response.status_code == 302
    page = client.get(response.location).text
    assert "This cannot be changed in the partnership" in page
    assert read(world.sister).meetings == []


def test_an_activity_that_ends_before_it_starts_is_refused_next_to_the_field(world, login, put):
    put(world.sister, status="planning")
    response = login("kyiv@example.org").post(
        f"/partnerships/{world.sister}/activities",
        data={
            "activity-title": "Reading club",
            "activity-direction": "culture",
            "activity-starts_on": "2026-05-10",
            "activity-ends_on": "2026-05-01",
        },
    )
    assert response.status_code == 422
    assert "An activity cannot end before it starts." in response.text
    assert 'value="Reading club"' in response.text


def test_the_coordinator_adds_a_partner_in_selection(world, login, read):
    client = login("coordinator@example.org")
    response = client.post(
        f"/partnerships/{world.other}/parties",
        data={"add-party-organisation_id": world.school, "add-party-sector": "public"},
    )
    assert response.status_code == 302
    assert (
        "Szkoła Podstawowa nr 1 has joined the partnership." in client.get(response.location).text
    )
    assert len(read(world.other).parties) == 3
