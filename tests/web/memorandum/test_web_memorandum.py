"""Each party's librarian signs the current version of the memorandum."""

from __future__ import annotations

import pytest


@pytest.fixture
def in_memorandum(world, put):
    put(world.sister, status="memorandum", memorandum_version=1)
    return world


def test_a_librarian_can_sign_their_own_party_s_memorandum(in_memorandum, login, read):
    w = in_memorandum
    kyiv = read(w.sister).party_of(w.kyiv)
    client = login("kyiv@example.org")
    page = client.get(f"/partnerships/{w.sister}").text
    assert page.count("Sign the memorandum (version 1)") == 1
    response = client.post(
        f"/partnerships/{w.sister}/memorandum/sign", data={"party_id": kyiv.id, "version": 1}
    )
    assert response.status_code == 302
    page = client.get(response.location).text
    assert "You have signed version 1 of the memorandum." in page
    assert "Sign the memorandum (version 1)" not in page
    assert read(w.sister).party_of(w.kyiv).signed_version == 1


def test_a_librarian_cannot_sign_for_the_other_party(in_memorandum, login, read):
    w = in_memorandum
    krakow = read(w.sister).party_of(w.krakow)
    response = login("kyiv@example.org").post(
        f"/partnerships/{w.sister}/memorandum/sign", data={"party_id": krakow.id, "version": 1}
    )
    assert response.status_code == 403
    assert read(w.sister).party_of(w.krakow).signed_version is None


def test_signing_a_superseded_version_is_refused_with_a_message(in_memorandum, login, put, read):
    w = in_memorandum
    put(w.sister, memorandum_version=2)
    kyiv = read(w.sister).party_of(w.kyiv)
    client = login("kyiv@example.org")
    response = client.post(
        f"/partnerships/{w.sister}/memorandum/sign", data={"party_id": kyiv.id, "version": 1}
    )
    assert response.status_code == 302
    assert (
        "This version of the memorandum has been superseded." in client.get(response.location).text
    )
    assert read(w.sister).party_of(w.kyiv).signed_version is None


def test_the_coordinator_generates_a_new_version(in_memorandum, login, read):
    client = login("coordinator@example.org")
    page = client.get(f"/partnerships/{in_memorandum.sister}").text
    assert "Generate memorandum (new version)" in page
    assert "Sign the memorandum" not in page
    response = client.post(f"/partnerships/{in_memorandum.sister}/memorandum")
    assert "Version 2 of the memorandum is ready." in client.get(response.location).text
    assert read(in_memorandum.sister).memorandum_version == 2
