"""The information campaign on the partnership page, and its documents."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest

from workflow.models import User
from workflow.planning import activities


def pdf_text(pdf: bytes) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils' pdftotext is not installed")
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(out.stdout.decode("utf-8").split())


def add_activity(session_factory, world, partnership_id: int, title: str) -> int:
    """An activity in the plan (written in planning, as the service wants)."""
    s = session_factory()
    coordinator = s.get(User, world.coordinator)
    activity = activities.add_activity(
        s,
        coordinator,
        partnership_id,
        title=title,
        direction="culture",
        responsible_party_id=None,
        starts_on=date(2026, 5, 1),
    )
    activity_id = activity.id
    s.close()
    return activity_id


@pytest.fixture
def in_campaign(world, put, session_factory):
    """Both partnerships in the campaign step, each with one activity in its plan."""
    put(world.sister, status="planning")
    put(world.other, status="planning")
    world.reading = add_activity(session_factory, world, world.sister, "Reading club")
    world.foreign = add_activity(session_factory, world, world.other, "Lviv book fair")
    put(world.sister, status="campaign")
    put(world.other, status="campaign")
    return world


def test_the_audience_and_the_key_messages_are_saved_per_language(in_campaign, login, read):
    world = in_campaign
    client = login("kyiv@example.org")
    page = client.get(f"/partnerships/{world.sister}").text
    assert 'name="campaign-message_uk"' in page and 'name="campaign-message_en"' in page
    assert 'name="campaign-message_pl"' not in page

    response = client.post(
        f"/partnerships/{world.sister}/campaign",
        data={
            "campaign-audience": "Readers of Kyiv and Kraków",
            "campaign-message_uk": "Разом сильніші",
            "campaign-message_en": "Stronger together",
        },
    )

    assert response.status_code == 302
    p = read(world.sister)
    assert p.campaign_audience == "Readers of Kyiv and Kraków"
    assert p.campaign_messages == {"uk": "Разом сильніші", "en": "Stronger together"}
    page = client.get(response.location).text
    assert "Stronger together" in page


def test_the_publication_form_offers_every_channel_and_the_plan_s_activities(in_campaign, login):
    world = in_campaign
    page = login("coordinator@example.org").get(f"/partnerships/{world.sister}").text
    for channel in ("website", "facebook", "instagram", "telegram", "x", "youtube"):
        assert f'value="{channel}"' in page
    for channel in ("press", "radio", "newsletter", "notice_board"):
        assert f'value="{channel}"' in page
    assert f'<option value="{world.reading}">Reading club (2026-05-01)</option>' in page
    assert "Lviv book fair" not in page


def test_a_publication_announces_an_activity_of_the_plan(in_campaign, login, read):
    world = in_campaign
    client = login("krakow@example.org")
    response = client.post(
        f"/partnerships/{world.sister}/publications",
        data={
            "publication-channel": "instagram",
            "publication-language": "en",
            "publication-message": "Join our reading club",
            "publication-planned_on": "2026-04-20",
            "publication-activity_id": str(world.reading),
        },
    )
    assert response.status_code == 302
    assert read(world.sister).publications[0].activity_id == world.reading
    assert "Announces: Reading club" in client.get(response.location).text


def test_a_publication_linked_to_an_activity_of_another_partnership_is_refused(
    in_campaign, login, read
):
    world = in_campaign
    response = login("coordinator@example.org").post(
        f"/partnerships/{world.sister}/publications",
        data={
            "publication-channel": "website",
            "publication-language": "uk",
            "publication-message": "Чужий захід",
            "publication-planned_on": "2026-04-20",
            "publication-activity_id": str(world.foreign),
        },
    )
    assert response.status_code == 422
    assert 'id="publication-activity_id-error"' in response.text
    assert "Чужий захід" in response.text  # what was typed is kept
    assert read(world.sister).publications == []


def test_mark_published_with_a_bad_address_is_refused_and_nothing_typed_is_lost(
    in_campaign, login, read
):
    world = in_campaign
    client = login("kyiv@example.org")
    client.post(
        f"/partnerships/{world.sister}/publications",
        data={
            "publication-channel": "radio",
            "publication-language": "uk",
            "publication-message": "Інтерв'ю на радіо",
            "publication-planned_on": "2026-04-20",
        },
    )
    publication = read(world.sister).publications[0]
    key = f"published-{publication.id}"

    response = client.post(
        f"/partnerships/{world.sister}/publications/{publication.id}/published",
        data={
            f"{key}-published_on": "2026-04-21",
            f"{key}-url": "ftp://radio.example.org/interview",
            f"{key}-reach": "4321",
        },
    )

    assert response.status_code == 422
    assert f'id="{key}-url-error"' in response.text
    assert "https://" in response.text
    assert 'value="ftp://radio.example.org/interview"' in response.text
    assert 'value="2026-04-21"' in response.text
    assert 'value="4321"' in response.text
    assert read(world.sister).publications[0].published_on is None


def test_the_campaign_brief_shows_what_was_published(in_campaign, login):
    world = in_campaign
    client = login("coordinator@example.org")
    client.post(
        f"/partnerships/{world.sister}/publications",
        data={
            "publication-channel": "youtube",
            "publication-language": "en",
            "publication-message": "A video about our reading club",
            "publication-planned_on": "2026-04-20",
            "publication-activity_id": str(world.reading),
            "publication-published_on": "2026-04-22",
            "publication-url": "https://youtube.example.org/watch?v=42",
            "publication-reach": "777",
        },
    )

    response = client.get(f"/partnerships/{world.sister}/documents/campaign_brief.pdf")

    assert response.status_code == 200
    text = pdf_text(response.data)
    assert "A video about our reading club" in text
    assert "Reading club" in text
    assert "2026-04-22" in text
    assert "https://youtube.example.org/watch?v=42" in text
    assert "777" in text


def test_the_press_release_is_listed_and_served_to_the_parties_only(in_campaign, login, client):
    world = in_campaign
    url = f"/partnerships/{world.sister}/documents/press_release.pdf"
    kyiv = login("kyiv@example.org")
    assert url in kyiv.get(f"/partnerships/{world.sister}").text
    response = kyiv.get(url)
    assert response.status_code == 200
    text = pdf_text(response.data)
    assert "Київська міська бібліотека" in text and "Biblioteka Kraków" in text
    assert "Press release" in text
    client.post("/logout")

    assert login("lviv@example.org").get(url).status_code == 404
