"""Planning and the campaign from the partnership page."""

from __future__ import annotations

import hashlib
import json

import pytest

from web import create_app


@pytest.fixture
def in_planning(world, put, login):
    put(world.sister, status="planning")
    client = login("kyiv@example.org")
    response = client.post(
        f"/partnerships/{world.sister}/activities",
        data={
            "activity-title": "Reading club",
            "activity-direction": "culture",
            "activity-starts_on": "2026-05-01",
            "activity-ends_on": "2026-05-10",
            "activity-resources": "A room",
            "activity-indicator": "20 readers",
        },
    )
    assert response.status_code == 302
    return client


def test_an_activity_appears_in_the_plan_and_asks_for_approval(world, in_planning):
    page = in_planning.get(f"/partnerships/{world.sister}").text
    assert "Reading club" in page
    assert "Cultural and professional exchange" in page
    assert page.count("Approve the plan (version 1)") == 1


def test_a_librarian_approves_the_plan_for_their_own_party(world, in_planning, read):
    kyiv = read(world.sister).party_of(world.kyiv)
    response = in_planning.post(
        f"/partnerships/{world.sister}/plan/approve", data={"party_id": kyiv.id, "version": 1}
    )
    assert response.status_code == 302
    page = in_planning.get(response.location).text
    assert "has approved version 1 of the plan" in page
    assert "Approve the plan (version 1)" not in page
    assert read(world.sister).party_of(world.kyiv).plan_approved_version == 1


def test_in_cooperation_a_new_activity_is_added_without_asking_for_approval_again(
    world, in_planning, put, read
):
    put(world.sister, status="cooperation")
    page = in_planning.get(f"/partnerships/{world.sister}").text
    assert "Add an activity" in page
    assert "Remove from the plan" not in page  # cancelled instead: what was planned stays
    response = in_planning.post(
        f"/partnerships/{world.sister}/activities",
        data={
            "activity-title": "Winter story evenings",
            "activity-direction": "culture",
            "activity-starts_on": "2026-12-01",
        },
    )
    assert response.status_code == 302
    page = in_planning.get(response.location).text
    assert "The activity has been added to the plan." in page
    assert "Winter story evenings" in page
    assert read(world.sister).plan_version == 1


def test_a_publication_is_planned_then_marked_published(world, put, login, read):
    put(world.sister, status="campaign")
    client = login("krakow@example.org")
    response = client.post(
        f"/partnerships/{world.sister}/publications",
        data={
            "publication-channel": "telegram",
            "publication-language": "uk",
            "publication-message": "Бібліотеки Києва та Кракова стали посестрами",
            "publication-planned_on": "2026-06-01",
        },
    )
    assert response.status_code == 302
    publication = read(world.sister).publications[0]
    response = client.post(
        f"/partnerships/{world.sister}/publications/{publication.id}/published",
        data={
            f"published-{publication.id}-published_on": "2026-06-02",
            f"published-{publication.id}-url": "https://t.me/example/1",
            f"published-{publication.id}-reach": "12500",
        },
    )
    assert response.status_code == 302
    page = client.get(response.location).text
    assert "The publication is marked as published." in page
    assert "reach: 12,500" in page
    assert "Everything this step needs is done" in page


def test_a_negative_reach_is_refused_next_to_the_field(world, put, login):
    put(world.sister, status="campaign")
    response = login("coordinator@example.org").post(
        f"/partnerships/{world.sister}/publications",
        data={
            "publication-channel": "press",
            "publication-language": "en",
            "publication-message": "Twinned",
            "publication-planned_on": "2026-06-01",
            "publication-reach": "-5",
        },
    )
    assert response.status_code == 422
    assert 'id="publication-reach-error"' in response.text
    assert "Twinned" in response.text


def test_the_diagram_command_prints_a_standalone_svg(app):
    result = app.test_cli_runner().invoke(args=["diagram"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert 'xmlns="http://www.w3.org/2000/svg"' in result.output
    assert "1. Selection" in result.output
    assert result.output.rstrip().endswith("</svg>")


def test_the_demo_command_creates_the_schema_and_prints_the_logins(tmp_path):
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{tmp_path / 'd.db'}"}
    )
    app.config.update(SEAL_DIR=str(tmp_path / "seal"), WTF_CSRF_ENABLED=False)
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:5000/" in result.output
    assert "coordinator@example.org" in result.output
    # The partnership in cooperation has a memorandum both parties signed by
    # link: its sealed PDF says so on the verification page.
    result = app.test_cli_runner().invoke(args=["documents", "export", str(tmp_path / "a")])
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text())
    signed = [f for f in manifest["files"] if f["kind"] == "memorandum_signed"]
    assert len(signed) == 1
    sealed = (tmp_path / "a" / signed[0]["file"]).read_bytes()
    page = (
        app.test_client().post("/verify", data={"sha256": hashlib.sha256(sealed).hexdigest()}).text
    )
    assert "Issued here, version 1, unchanged" in page
    assert "Liverpool Central Library" in page
