"""The board shows the partnerships a user may see, in columns by step."""

from __future__ import annotations

import re


def column(html: str, step: str) -> str:
    match = re.search(rf'<section class="column" id="column-{step}".*?</section>', html, re.S)
    assert match, f"no column {step}"
    return match.group(0)


def test_the_board_shows_a_partnership_in_its_step_column(world, login, put):
    put(world.other, status="planning")
    html = login("coordinator@example.org").get("/").text
    assert "Kyiv – Kraków" in column(html, "selection")
    assert "Biblioteka Kraków" in column(html, "selection")
    assert "Lviv – Vilnius" in column(html, "planning")
    assert "Lviv – Vilnius" not in column(html, "selection")
    assert "Sister libraries" in column(html, "selection")
    assert "0 days in this step" in column(html, "selection")


def test_a_coordinator_sees_the_new_partnership_button(world, login):
    assert "New partnership" in login("coordinator@example.org").get("/").text


def test_a_librarian_sees_only_their_own_library_s_partnerships(world, login):
    html = login("kyiv@example.org").get("/").text
    assert "Kyiv – Kraków" in html
    assert "Lviv – Vilnius" not in html
    assert "New partnership" not in html


def test_on_hold_closed_and_withdrawn_are_listed_under_the_columns(world, login, put):
    put(world.other, status="withdrawn")
    html = login("coordinator@example.org").get("/").text
    settled = html.split('class="settled"', 1)[1]
    assert "Withdrawn" in settled
    assert "Lviv – Vilnius" in settled
