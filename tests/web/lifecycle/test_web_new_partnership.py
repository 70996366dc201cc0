"""A coordinator pairs two libraries."""

from __future__ import annotations


def test_a_coordinator_creates_a_partnership_and_lands_on_its_page(world, login):
    client = login("coordinator@example.org")
    response = client.post(
        "/partnerships/new",
        data={
            "programme_id": world.programme,
            "kind": "sister",
            "title": "Kyiv – Vilnius",
            "languages": ["uk", "en"],
            "lead_organisation_id": world.kyiv,
            "partner_organisation_id": world.vilnius,
            "reason": "Both run reading clubs for displaced children",
        },
    )
    assert response.status_code == 302
    page = client.get(response.location)
    assert "Kyiv – Vilnius" in page.text
    assert "has been created" in page.text
    assert "Vilnius City Library" in page.text


def test_a_partnership_needs_a_language_and_keeps_what_was_typed(world, login):
    response = login("coordinator@example.org").post(
        "/partnerships/new",
        data={
            "programme_id": world.programme,
            "kind": "sister",
            "title": "Kyiv – Vilnius",
            "lead_organisation_id": world.kyiv,
            "partner_organisation_id": world.kyiv,
        },
    )
    assert response.status_code == 422
    assert "Choose at least one language." in response.text
    assert "A library cannot be its own partner." in response.text
    assert 'value="Kyiv – Vilnius"' in response.text


def test_a_librarian_may_not_create_partnerships(world, login):
    assert login("kyiv@example.org").get("/partnerships/new").status_code == 403
