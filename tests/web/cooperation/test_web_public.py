"""The public page and its Atom feed; the cooperation section; the outbox; the check-in command."""

from __future__ import annotations

import re
from datetime import date, timedelta

import feedparser
import pytest
from sqlalchemy import select

from workflow.models import CheckIn, OutboxMessage, Party, Publication, utcnow

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


@pytest.fixture
def add(session_factory):
    """Insert rows directly: test set-up, not a use case."""

    def add(*rows):
        s = session_factory()
        s.add_all(rows)
        s.commit()
        ids = [r.id for r in rows]
        s.close()
        return ids

    return add


@pytest.fixture
def parties(world, session_factory):
    """{organisation id: party id} of both partnerships, with contact e-mails set."""
    s = session_factory()
    found = {}
    for party in s.scalars(select(Party)):
        party.contact_email = f"contact{party.id}@example.org"
        party.contact_name = "Olena"
        found[party.organisation_id] = party.id
    s.commit()
    s.close()
    return found


@pytest.fixture
def public_world(world, put, add, parties):
    """Kyiv–Kraków public and at work; Lviv–Vilnius at work but private."""
    put(
        world.sister,
        status="cooperation",
        public=True,
        public_story="Kyiv and Kraków read together.",
        step_entered_at=utcnow() - timedelta(days=10),
    )
    put(world.other, status="cooperation", step_entered_at=utcnow() - timedelta(days=5))
    world.published, world.private_publication = add(
        Publication(
            partnership_id=world.sister,
            channel="website",
            language="uk",
            message="Київ і Краків стали бібліотеками-посестрами.",
            planned_on=date.today() - timedelta(days=3),
            published_on=date.today() - timedelta(days=2),
            url="https://example.org/kyiv-krakow",
        ),
        Publication(
            partnership_id=world.other,
            channel="website",
            language="uk",
            message="Secret plans of Lviv.",
            planned_on=date.today() - timedelta(days=3),
            published_on=date.today() - timedelta(days=1),
        ),
    )
    return world


def test_the_public_page_shows_public_partnerships_without_logging_in(client, public_world):
    response = client.get("/public/")
    assert response.status_code == 200
    page = response.text
    assert "Kyiv – Kraków" in page
    assert "Kyiv and Kraków read together." in page
    assert "Київ і Краків стали бібліотеками-посестрами." in page
    assert "Lviv – Vilnius" not in page
    assert "Secret plans" not in page
    assert not EMAIL.findall(page), EMAIL.findall(page)
    assert "mailto:" not in page


def test_the_atom_feed_has_the_public_partnership_and_its_publication(client, public_world):
    response = client.get("/public/feed.atom")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.bozo_exception
    ids = [e.id for e in feed.entries]
    assert ids == [
        f"tag:sister-libraries.org,2026:publication/{public_world.published}",
        f"tag:sister-libraries.org,2026:partnership/{public_world.sister}",
    ]  # newest first
    titles = " ".join(e.title for e in feed.entries)
    assert "Kyiv – Kraków" in titles
    assert "Lviv – Vilnius" not in titles
    assert feed.entries[0].link == "https://example.org/kyiv-krakow"
    assert not EMAIL.findall(response.text)
    # Stable ids: the same feed again.
    again = feedparser.parse(client.get("/public/feed.atom").data)
    assert [e.id for e in again.entries] == ids


def test_a_partnership_leaves_the_public_page_when_opted_out(client, public_world, put):
    put(public_world.sister, public=False)
    assert "Kyiv – Kraków" not in client.get("/public/").text
    assert feedparser.parse(client.get("/public/feed.atom").data).entries == []


def test_the_coordinator_publishes_a_partnership_from_its_page(world, put, login, read):
    put(world.sister, status="cooperation")
    client = login("coordinator@example.org")
    page = client.get(f"/partnerships/{world.sister}").text
    assert 'id="public"' in page
    response = client.post(
        f"/partnerships/{world.sister}/public",
        data={"public-public": "y", "public-story": ""},
    )
    assert response.status_code == 422  # a story is needed first
    response = client.post(
        f"/partnerships/{world.sister}/public",
        data={"public-public": "y", "public-story": "We read together."},
    )
    assert response.status_code == 302
    p = read(world.sister)
    assert p.public and p.public_story == "We read together."


def test_a_librarian_cannot_publish(world, put, login, read):
    put(world.sister, status="cooperation")
    client = login("kyiv@example.org")
    assert 'id="public"' not in client.get(f"/partnerships/{world.sister}").text
    response = client.post(
        f"/partnerships/{world.sister}/public",
        data={"public-public": "y", "public-story": "Us"},
    )
    assert response.status_code == 403
    assert not read(world.sister).public


def test_dormant_is_flagged_on_the_board_and_the_page_until_something_new(world, put, add, login):
    put(world.sister, status="cooperation", step_entered_at=utcnow() - timedelta(days=120))
    put(world.other, status="cooperation", step_entered_at=utcnow() - timedelta(days=10))
    client = login("coordinator@example.org")
    board = client.get("/").text
    assert board.count("tag-dormant") == 1
    assert "badge-dormant" in client.get(f"/partnerships/{world.sister}").text
    assert "badge-dormant" not in client.get(f"/partnerships/{world.other}").text

    response = client.post(
        f"/partnerships/{world.sister}/publications",
        data={
            "publication-channel": "facebook",
            "publication-language": "uk",
            "publication-message": "We are back.",
            "publication-planned_on": date.today().isoformat(),
        },
    )
    assert response.status_code == 302, response.text
    assert "tag-dormant" not in client.get("/").text
    assert "badge-dormant" not in client.get(f"/partnerships/{world.sister}").text


def test_a_librarian_answers_their_checkin_on_the_page(world, put, add, login, parties, read):
    put(world.sister, status="cooperation")
    kyiv_checkin, krakow_checkin = add(
        CheckIn(partnership_id=world.sister, party_id=parties[world.kyiv], due_on=date.today()),
        CheckIn(partnership_id=world.sister, party_id=parties[world.krakow], due_on=date.today()),
    )
    client = login("kyiv@example.org")
    page = client.get(f"/partnerships/{world.sister}").text
    assert f"/checkins/{kyiv_checkin}" in page
    assert f"/checkins/{krakow_checkin}" not in page
    response = client.post(
        f"/partnerships/{world.sister}/checkins/{kyiv_checkin}",
        data={f"checkin-{kyiv_checkin}-answer": "Going well: a reading club."},
    )
    assert response.status_code == 302
    assert "Going well: a reading club." in client.get(f"/partnerships/{world.sister}").text
    # Not the other party's check-in.
    response = client.post(
        f"/partnerships/{world.sister}/checkins/{krakow_checkin}",
        data={f"checkin-{krakow_checkin}-answer": "Hi"},
    )
    assert response.status_code == 403


def test_a_librarian_of_another_library_cannot_answer_or_evaluate(world, put, add, login, parties):
    put(world.sister, status="cooperation")
    [checkin] = add(
        CheckIn(partnership_id=world.sister, party_id=parties[world.kyiv], due_on=date.today())
    )
    client = login("lviv@example.org")
    response = client.post(
        f"/partnerships/{world.sister}/checkins/{checkin}",
        data={f"checkin-{checkin}-answer": "Hi"},
    )
    assert response.status_code == 404
    response = client.post(
        f"/partnerships/{world.sister}/condition",
        data={"condition-rating": "5", "condition-notes": "Great"},
    )
    assert response.status_code == 404


def test_the_condition_is_evaluated_from_the_page_latest_first(world, put, login, read):
    put(world.sister, status="cooperation")
    client = login("krakow@example.org")
    for rating, notes in ((2, "Quiet summer."), (4, "Busy autumn.")):
        response = client.post(
            f"/partnerships/{world.sister}/condition",
            data={"condition-rating": str(rating), "condition-notes": notes},
        )
        assert response.status_code == 302
    page = client.get(f"/partnerships/{world.sister}").text
    assert page.index("Busy autumn.") < page.index("Quiet summer.")
    response = client.post(
        f"/partnerships/{world.sister}/condition", data={"condition-rating": "9"}
    )
    assert response.status_code == 422


def test_the_outbox_is_for_staff_only(world, login, session_factory):
    s = session_factory()
    s.add(OutboxMessage(to="a@example.org", language="uk", subject="Як справи?", body="…"))
    s.commit()
    s.close()
    client = login("lviv@example.org")
    assert client.get("/outbox").status_code == 404
    assert 'href="/outbox"' not in client.get("/").text
    client = login("coordinator@example.org")
    assert 'href="/outbox"' in client.get("/").text  # the menu leads there
    response = client.get("/outbox")
    assert response.status_code == 200
    assert "Як справи?" in response.text


def test_the_checkin_command_sends_what_is_due_once(app, world, put, parties, session_factory):
    put(world.sister, status="cooperation", step_entered_at=utcnow() - timedelta(days=100))
    runner = app.test_cli_runner()
    today = date.today().isoformat()
    result = runner.invoke(args=["checkins", "send", "--today", today])
    assert result.exit_code == 0, result.output
    assert "2 check-in(s) sent." in result.output
    result = runner.invoke(args=["checkins", "send", "--today", today])
    assert "0 check-in(s) sent." in result.output
    s = session_factory()
    rows = s.scalars(select(CheckIn).where(CheckIn.partnership_id == world.sister)).all()
    assert len(rows) == 2
    recipients = {m.to for m in s.scalars(select(OutboxMessage))}
    assert {"kyiv@example.org", "krakow@example.org"} <= recipients
    s.close()
