"""The board shows the partnerships a user may see, in columns by step."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from tests.web.conftest import PASSWORD
from workflow.cockpit.board import PER_COLUMN
from workflow.hours.entries import assign_animator
from workflow.lifecycle.moves import advance
from workflow.memorandum.operations import generate_memorandum
from workflow.models import Organisation, User, utcnow
from workflow.people.users import create_user
from workflow.registry.importer import import_register, load_mapping
from workflow.selection.partnerships import create_partnership


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


def test_a_card_says_whom_the_partnership_waits_for_and_since_when(world, login, put):
    entered = datetime(2026, 3, 2, 10, 0)
    put(world.sister, status="memorandum", step_entered_at=entered)
    put(world.other, status="selection", step_entered_at=entered)
    html = login("coordinator@example.org").get("/").text
    # Nothing generated yet: the coordinator must act.
    assert "Waiting for the coordinator since Mar 2, 2026" in column(html, "memorandum")
    # Selection complete: waiting for the coordinator to advance it.
    assert "Waiting for the coordinator, to advance it since" in column(html, "selection")


def test_a_card_names_the_library_that_has_not_signed(world, login, put, session_factory):
    put(world.sister, status="memorandum")
    s = session_factory()
    coordinator = s.get(User, world.coordinator)
    generate_memorandum(s, coordinator, world.sister)
    s.close()
    html = login("coordinator@example.org").get("/").text
    card = column(html, "memorandum")
    assert "Waiting for Київська міська бібліотека, Biblioteka Kraków since" in card


def test_a_partnership_past_its_step_target_is_highlighted_and_filtered(world, login, put):
    put(world.sister, status="introduction", step_entered_at=utcnow() - timedelta(days=61))
    put(world.other, status="introduction", step_entered_at=utcnow() - timedelta(days=59))
    client = login("coordinator@example.org")
    html = column(client.get("/").text, "introduction")
    assert html.count("is-overdue") == 1
    assert "Overdue: the target is 60 days" in html
    only = client.get("/?overdue=y").text
    assert "Kyiv – Kraków" in only and "Lviv – Vilnius" not in only
    assert "1 partnership matches." in only


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("?country=LT", "Lviv – Vilnius", "Kyiv – Kraków"),
        ("?q=vilnius", "Lviv – Vilnius", "Kyiv – Kraków"),  # a library's name
        ("?q=Kyiv", "Kyiv – Kraków", "Lviv – Vilnius"),  # the title
        ("?kind=local", None, "Kyiv – Kraków"),
    ],
)
def test_the_board_filters_by_country_search_and_kind(world, login, query, shown, hidden):
    html = login("coordinator@example.org").get("/" + query).text
    if shown:
        assert shown in html
    assert hidden not in html


def test_the_dormant_filter_keeps_only_quiet_partnerships_in_cooperation(world, login, put):
    put(world.sister, status="cooperation", step_entered_at=utcnow() - timedelta(days=200))
    put(world.other, status="cooperation", step_entered_at=utcnow() - timedelta(days=10))
    html = login("coordinator@example.org").get("/?dormant=y").text
    assert "Kyiv – Kraków" in html
    assert "Lviv – Vilnius" not in html


def test_a_filter_never_shows_a_librarian_another_librarys_partnership(world, login):
    html = login("kyiv@example.org").get("/?country=LT").text
    assert "Lviv – Vilnius" not in html
    # Lithuania is no country of Kyiv's partnerships: not offered, refused.
    assert "Not a valid choice" in html


def test_a_crowded_column_shows_the_longest_waiting_and_how_many_more(
    world, login, session_factory
):
    s = session_factory()
    coordinator = s.get(User, world.coordinator)
    for n in range(PER_COLUMN + 2):
        create_partnership(
            s,
            coordinator,
            programme_id=world.programme,
            kind="sister",
            title=f"Extra {n:02d}",
            languages=["en"],
            lead_organisation_id=world.kyiv,
            partner_organisation_id=world.vilnius,
            reason="Many",
        )
    s.close()
    html = column(login("coordinator@example.org").get("/").text, "selection")
    assert html.count('class="card partnership-card') == PER_COLUMN
    assert f'<span class="count">{PER_COLUMN + 4}</span>' in html
    assert "and 4 more: narrow the filter to see them." in html
    assert "Kyiv – Kraków" in html  # created first, waiting longest
    assert "Extra 26" not in html


def test_an_unknown_filter_value_is_shown_as_an_error_not_a_crash(world, login):
    response = login("coordinator@example.org").get("/?country=ZZ&programme=abc")
    assert response.status_code == 422
    assert "Not a valid choice" in response.text
    assert "Kyiv – Kraków" in response.text


# Each worker keeps rendered boards (web.cockpit.board.BoardCache): never a stale one.


def test_the_board_shows_a_move_made_after_it_was_shown(world, login, session_factory):
    client = login("coordinator@example.org")
    assert "Kyiv – Kraków" in column(client.get("/").text, "selection")
    s = session_factory()
    advance(s, world.sister, actor=s.get(User, world.coordinator))
    s.close()
    html = client.get("/").text
    assert "Kyiv – Kraków" not in column(html, "selection")
    assert "Kyiv – Kraków" in column(html, "introduction")


def test_the_board_shows_an_edit_made_after_it_was_shown(world, login, put, session_factory):
    put(world.sister, status="memorandum")
    client = login("coordinator@example.org")
    assert "Waiting for the coordinator since" in column(client.get("/").text, "memorandum")
    s = session_factory()
    generate_memorandum(s, s.get(User, world.coordinator), world.sister)
    s.close()
    card = column(client.get("/").text, "memorandum")
    assert "Waiting for Київська міська бібліотека, Biblioteka Kraków since" in card


def test_the_day_count_moves_on_with_the_time(world, login, put, monkeypatch):
    put(world.sister, step_entered_at=utcnow() - timedelta(hours=23, minutes=58))
    client = login("coordinator@example.org")
    assert "1 day in this step" not in column(client.get("/").text, "selection")
    later = utcnow() + timedelta(minutes=5)
    monkeypatch.setattr("web.cockpit.board.utcnow", lambda: later)
    assert "1 day in this step" in column(client.get("/").text, "selection")


def test_a_partnership_joins_the_overdue_filter_when_its_target_passes(
    world, login, put, monkeypatch
):
    put(
        world.sister,
        status="introduction",
        step_entered_at=utcnow() - timedelta(days=60) + timedelta(minutes=2),
    )
    client = login("coordinator@example.org")
    assert "Kyiv – Kraków" not in client.get("/?overdue=y").text
    later = utcnow() + timedelta(minutes=5)
    monkeypatch.setattr("web.cockpit.board.utcnow", lambda: later)
    assert "Kyiv – Kraków" in client.get("/?overdue=y").text


def test_a_board_shown_to_a_coordinator_is_not_shown_to_a_librarian(world, login):
    assert "Lviv – Vilnius" in login("coordinator@example.org").get("/").text
    html = login("kyiv@example.org").get("/").text
    assert "Kyiv – Kraków" in html
    assert "Lviv – Vilnius" not in html


def test_a_board_shown_in_english_is_not_shown_in_ukrainian(world, login, put):
    put(world.sister, step_entered_at=datetime(2026, 3, 2, 10, 0))
    client = login("coordinator@example.org")
    assert "since Mar 2, 2026" in client.get("/").text
    assert "Mar 2, 2026" not in client.get("/?lang=uk").text  # the date in Ukrainian


def test_the_animator_filter_keeps_the_partnerships_of_their_lead_libraries(
    world, login, session_factory
):
    client = login("coordinator@example.org")
    page = client.get("/").text
    assert 'name="animator"' not in page  # nobody assigned yet: no such filter
    s = session_factory()
    coordinator = s.get(User, world.coordinator)
    assign_animator(
        s,
        coordinator,
        programme_id=world.programme,
        animator_id=world.animator,
        organisation_id=world.kyiv,  # the lead library of Kyiv – Kraków
    )
    s.close()
    page = client.get("/").text  # the kept board knows of the new assignment
    assert 'name="animator"' in page
    only = client.get(f"/?animator={world.animator}").text
    assert "Kyiv – Kraków" in only
    assert "Lviv – Vilnius" not in only


def _change(session_factory, model: type, row_id: int, **values: object) -> None:
    """Change a row through the ORM, as any service would, and commit."""
    s = session_factory()
    row = s.get(model, row_id)
    for name, value in values.items():
        setattr(row, name, value)
    s.commit()
    s.close()


def test_the_board_shows_a_library_renamed_after_it_was_shown(world, login, session_factory):
    client = login("coordinator@example.org")
    assert "Biblioteka Kraków" in column(client.get("/").text, "selection")
    # The library alone, not its partnerships' versions.
    _change(session_factory, Organisation, world.krakow, name="Biblioteka Główna w Krakowie")
    card = column(client.get("/").text, "selection")
    assert "Biblioteka Główna w Krakowie" in card
    assert "Biblioteka Kraków" not in card


def test_the_country_filter_offers_a_country_a_registry_import_brought(
    world, login, session_factory
):
    client = login("coordinator@example.org")
    assert '<option value="CZ">' not in client.get("/").text
    s = session_factory()
    mapping = load_mapping('[source]\ncountry = "CZ"\n[columns]\nexternal_id = "ID"\nname = "N"\n')
    import_register(s, b"ID;N\nCZ-1;Knihovna Brno\n", mapping)
    s.close()
    assert '<option value="CZ">' in client.get("/").text


def test_the_animator_filter_shows_an_animator_s_new_name(world, login, session_factory):
    s = session_factory()
    assign_animator(
        s,
        s.get(User, world.coordinator),
        programme_id=world.programme,
        animator_id=world.animator,
        organisation_id=world.kyiv,
    )
    s.close()
    client = login("coordinator@example.org")
    assert ">Animator</option>" in client.get("/").text
    _change(session_factory, User, world.animator, name="Oksana Melnyk")
    assert ">Oksana Melnyk</option>" in client.get("/").text


# The whole page is kept too, per user: never shown to anyone else.


def test_a_kept_page_is_never_shown_to_another_coordinator(world, login, session_factory):
    s = session_factory()
    create_user(s, email="second@example.org", name="Second", password=PASSWORD, role="admin")
    s.commit()
    s.close()
    client = login("coordinator@example.org")
    for _ in range(2):
        assert '<span class="who">Coordinator' in client.get("/").text
    page = login("second@example.org").get("/").text
    assert '<span class="who">Second' in page
    assert "Coordinator <small>" not in page


def test_a_user_whose_role_changed_sees_the_page_of_their_new_role(world, login, session_factory):
    client = login("coordinator@example.org")
    assert "New partnership" in client.get("/").text
    _change(session_factory, User, world.coordinator, role="animator")
    page = client.get("/").text
    assert "New partnership" not in page
    assert "Outbox" not in page
    _change(session_factory, User, world.coordinator, active=False)
    assert client.get("/").status_code == 302  # to the login page


def test_a_kept_page_shows_a_message_flashed_for_it_once(world, login):
    client = login("coordinator@example.org")
    client.get("/")
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Saved for the board")]
    assert "Saved for the board" in client.get("/").text
    assert "Saved for the board" not in client.get("/").text


def test_a_kept_page_carries_a_csrf_token_that_works(app, world, login):
    client = login("coordinator@example.org")
    client.get("/")
    page = client.get("/").text  # the kept page
    tokens = set(re.findall(r'name="csrf_token" value="([^"]+)"', page))
    assert len(tokens) == 1 and "csrf-placeholder" not in page
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post("/logout", data={"csrf_token": "forged"}).status_code == 400
    done = client.post("/logout", data={"csrf_token": tokens.pop()})
    assert done.headers["Location"] == "/login"


def test_a_librarian_s_filters_offer_only_the_values_of_their_partnerships(
    world, login, session_factory
):
    s = session_factory()
    coordinator = s.get(User, world.coordinator)
    other = create_user(
        s, email="other@example.org", name="Taras", password=PASSWORD, role="animator"
    )
    s.commit()
    for animator, library in ((world.animator, world.kyiv), (other.id, world.lviv)):
        assign_animator(
            s,
            coordinator,
            programme_id=world.programme,
            animator_id=animator,
            organisation_id=library,
        )
    s.close()
    # The coordinator is offered every country and animator of the programme ...
    page = login("coordinator@example.org").get("/").text
    assert '<option value="LT">' in page and ">Taras</option>" in page
    login("krakow@example.org")
    page = login("krakow@example.org").get("/").text
    # ... Kraków's librarian those of Kyiv – Kraków only, not of Lviv – Vilnius.
    assert '<option value="PL">' in page and '<option value="UA">' in page
    assert '<option value="LT">' not in page
    assert ">Animator</option>" in page
    assert ">Taras</option>" not in page
