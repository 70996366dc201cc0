"""The interface speaks English, Ukrainian and Polish."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("lang", ["uk", "pl"])
def test_the_partnership_page_renders_in_the_language_asked_for(world, login, lang):
    response = login("coordinator@example.org").get(f"/partnerships/{world.sister}?lang={lang}")
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.text


def test_the_language_switcher_sets_a_cookie_and_returns_to_the_page(world, login, read):
    client = login("kyiv@example.org")
    response = client.post(
        "/language", data={"lang": "uk", "next": f"/partnerships/{world.sister}"}
    )
    assert response.status_code == 302
    assert response.location == f"/partnerships/{world.sister}"
    assert "lang=uk" in response.headers["Set-Cookie"]
    assert '<html lang="uk">' in client.get(f"/partnerships/{world.sister}").text


def test_the_chosen_language_is_remembered_for_the_user(world, login, session_factory):
    client = login("kyiv@example.org")
    client.post("/language", data={"lang": "pl", "next": "/"})
    client.delete_cookie("lang")
    assert '<html lang="pl">' in client.get("/").text


def test_the_language_switcher_never_redirects_to_another_site(world, client):
    response = client.post("/language", data={"lang": "pl", "next": "https://evil.example/"})
    assert response.location == "/"


def test_the_browser_s_language_is_used_when_nothing_was_chosen(world, client):
    response = client.get("/login", headers={"Accept-Language": "pl-PL,pl;q=0.9,en;q=0.5"})
    assert '<html lang="pl">' in response.text


@pytest.mark.parametrize(
    ("lang", "history", "log_out"), [("uk", "Історія", "Вийти"), ("pl", "Historia", "Wyloguj")]
)
def test_the_page_speaks_the_language_and_writes_dates_its_way(
    world, login, read, lang, history, log_out
):
    from babel.dates import format_datetime

    page = login("coordinator@example.org").get(f"/partnerships/{world.sister}?lang={lang}").text
    assert history in page
    assert log_out in page
    assert "History" not in page
    created = read(world.sister).history[0].at
    assert format_datetime(created, "short", tzinfo="UTC", locale=lang) in page
    assert format_datetime(created, "short", tzinfo="UTC", locale="en") not in page
