"""A librarian sees and acts only on their own library's partnerships."""

from __future__ import annotations

import pytest

FORMS = [
    "moves/withdraw",
    "parties",
    "parties/1/contact",
    "meetings/1",
    "meetings/1/evaluation",
    "leader",
    "memorandum",
    "memorandum/sign",
    "activities",
    "plan/approve",
    "publications",
    "publications/1/published",
]


def test_a_librarian_gets_404_for_another_library_s_partnership_page(world, login):
    assert login("lviv@example.org").get(f"/partnerships/{world.sister}").status_code == 404


@pytest.mark.parametrize("path", FORMS)
def test_a_librarian_gets_404_for_another_library_s_forms(world, login, read, path):
    client = login("lviv@example.org")
    response = client.post(f"/partnerships/{world.sister}/{path}", data={"x": "1"})
    assert response.status_code == 404
    assert read(world.sister).status == "selection"


def test_a_librarian_gets_404_for_another_library_s_documents(world, login):
    client = login("lviv@example.org")
    response = client.get(f"/partnerships/{world.sister}/documents/selection_report.pdf")
    assert response.status_code == 404


def test_the_404_page_is_translated_and_uses_the_layout(world, login):
    response = login("lviv@example.org").get(f"/partnerships/{world.sister}?lang=pl")
    assert response.status_code == 404
    assert '<html lang="pl">' in response.text
    assert 'class="site-header"' in response.text


def test_a_librarian_sees_their_own_library_s_partnership(world, login):
    response = login("kyiv@example.org").get(f"/partnerships/{world.sister}")
    assert response.status_code == 200
    assert "Kyiv – Kraków" in response.text


def test_a_librarian_sees_the_contact_form_of_their_own_party_only(world, login, read):
    p = read(world.sister)
    kyiv = p.party_of(world.kyiv)
    krakow = p.party_of(world.krakow)
    page = login("kyiv@example.org").get(f"/partnerships/{world.sister}").text
    assert f"/parties/{kyiv.id}/contact" in page
    assert f"/parties/{krakow.id}/contact" not in page
