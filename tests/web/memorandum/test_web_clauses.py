"""The clause library's screens and composing a memorandum from it."""

from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader

from tests.web.memorandum.clause_support import clause_id, edit_principles

DATA_EN = "The Parties keep the personal data of their readers private."
DATA_UK = "Сторони бережуть персональні дані своїх читачів."


@pytest.fixture
def drafting(world, put):
    """The sister partnership (uk, en) in the memorandum step, version 1."""
    put(world.sister, status="memorandum", memorandum_version=1)
    return world


def new_clause(client, key="data_protection", **texts):
    data = {
        "key": key,
        "section": "other",
        "applies_to": "both",
        "position": "10",
        "title_en": "Personal data",
        "text_en": DATA_EN,
        "title_uk": "Персональні дані",
        "text_uk": DATA_UK,
        **texts,
    }
    return client.post("/clauses/new", data=data)


def compose_url(world, partnership=None):
    return f"/partnerships/{partnership or world.sister}/memorandum/compose"


def pdf_text(client, world):
    response = client.get(f"/partnerships/{world.sister}/documents/memorandum.pdf")
    assert response.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.data)).pages)
    return " ".join(text.split())


def test_a_coordinator_adds_a_library_clause_and_the_pdf_has_it_in_both_languages(
    drafting, login, session_factory, read
):
    coordinator = login("coordinator@example.org")
    response = new_clause(coordinator)
    assert response.status_code == 302
    assert "The clause has been added to the library." in coordinator.get(response.location).text
    added = clause_id(session_factory, "data_protection")
    # Not standard: drafts are as they were until a coordinator adds it.
    assert DATA_EN not in pdf_text(coordinator, drafting)
    page = coordinator.get(compose_url(drafting)).text
    assert f'<option value="{added}">Personal data' in page

    response = coordinator.post(f"{compose_url(drafting)}/add", data={"clause_id": added})
    assert response.status_code == 302
    assert "The memorandum has been saved (version 2)." in coordinator.get(response.location).text
    text = pdf_text(coordinator, drafting)
    assert DATA_EN in text and DATA_UK in text
    # Numbered after the contact persons (7.): no rules were agreed, no further provisions.
    assert "8. Personal data" in text and "8. Персональні дані" in text
    assert read(drafting.sister).memorandum_version == 2


def test_an_own_text_shows_for_that_partnership_only(drafting, put, login, session_factory):
    put(drafting.other, status="memorandum", memorandum_version=1)
    coordinator = login("coordinator@example.org")
    term = clause_id(session_factory, "term")
    url = f"{compose_url(drafting)}/{term}"
    assert (
        "The memorandum takes effect when all Parties have signed it" in coordinator.get(url).text
    )
    response = coordinator.post(
        url,
        data={
            "title_uk": "Строк дії",
            "text_uk": "Меморандум діє %(months)s місяців і продовжується автоматично.",
            "title_en": "Term",
            "text_en": "The memorandum runs for %(months)s months and renews itself.",
        },
    )
    assert response.status_code == 302
    own = coordinator.get(f"/partnerships/{drafting.sister}/memorandum/preview").text
    other = coordinator.get(f"/partnerships/{drafting.other}/memorandum/preview").text
    assert "The memorandum runs for 24 months and renews itself." in own
    assert "Меморандум діє 24 місяців" in own
    assert "renews itself" not in other
    assert "The memorandum takes effect when all Parties have signed it" in other
    assert "own text in: Ukrainian, English" in coordinator.get(compose_url(drafting)).text
    # Back to the library's text.
    coordinator.post(f"{url}/reset")
    assert (
        "renews itself"
        not in coordinator.get(f"/partnerships/{drafting.sister}/memorandum/preview").text
    )


def test_an_own_text_with_an_unknown_placeholder_is_refused(drafting, login, session_factory):
    coordinator = login("coordinator@example.org")
    term = clause_id(session_factory, "term")
    response = coordinator.post(
        f"{compose_url(drafting)}/{term}",
        data={"title_en": "Term", "text_en": "For %(years)s years.", "title_uk": "", "text_uk": ""},
    )
    assert response.status_code == 422
    assert "%(years)s is not a placeholder the memorandum knows" in response.text


def test_removing_a_mandatory_clause_is_refused(drafting, login, session_factory, read):
    coordinator = login("coordinator@example.org")
    parties = clause_id(session_factory, "parties")
    response = coordinator.post(f"{compose_url(drafting)}/{parties}/remove")
    assert response.status_code == 302
    page = coordinator.get(response.location).text
    assert "This clause may not be left out of the memorandum." in page
    assert read(drafting.sister).memorandum_version == 1
    preview = coordinator.get(f"/partnerships/{drafting.sister}/memorandum/preview").text
    assert "1. The Parties" in preview


def test_an_optional_clause_is_removed_and_another_moved(drafting, login, session_factory):
    coordinator = login("coordinator@example.org")
    url = compose_url(drafting)
    coordinator.post(f"{url}/{clause_id(session_factory, 'areas')}/remove")
    coordinator.post(f"{url}/{clause_id(session_factory, 'principles')}/up")
    preview = coordinator.get(f"/partnerships/{drafting.sister}/memorandum/preview").text
    assert "Areas of cooperation" not in preview
    assert "2. Principles of cooperation" in preview
    assert "3. Rights and obligations of the Parties" in preview


def test_a_clause_missing_a_language_is_warned_about(drafting, login, session_factory):
    coordinator = login("coordinator@example.org")
    new_clause(coordinator, title_uk="", text_uk="")
    added = clause_id(session_factory, "data_protection")
    assert "No version in: Ukrainian, Polish" in coordinator.get("/clauses/").text
    assert "has no version in" not in coordinator.get(compose_url(drafting)).text
    coordinator.post(f"{compose_url(drafting)}/add", data={"clause_id": added})
    page = coordinator.get(compose_url(drafting)).text
    assert "“Personal data” has no version in: Ukrainian." in page
    # The Ukrainian column shows the English text rather than nothing.
    preview = coordinator.get(f"/partnerships/{drafting.sister}/memorandum/preview").text
    assert preview.count(DATA_EN) == 2


def test_a_library_text_with_a_wrong_placeholder_is_not_saved(drafting, login, session_factory):
    coordinator = login("coordinator@example.org")
    term = clause_id(session_factory, "term")
    page = coordinator.get(f"/clauses/{term}").text
    assert "%(months)s" in page
    response = coordinator.post(
        f"/clauses/{term}",
        data={
            "position": "10",
            "standard": "y",
            "optional": "y",
            "title_en": "Term",
            "text_en": "For %(month)s months.",
            "title_uk": "Строк дії",
            "text_uk": "%(months)s місяців.",
        },
    )
    assert response.status_code == 422
    assert "%(month)s is not a placeholder the memorandum knows" in response.text
    preview = coordinator.get(f"/partnerships/{drafting.sister}/memorandum/preview").text
    assert "remains in force for the number of months stated here: 24." in preview


def test_a_library_edit_reaches_a_draft(drafting, login, session_factory):
    coordinator = login("coordinator@example.org")
    response = edit_principles(
        coordinator,
        session_factory,
        "Equality, good faith and mutual respect.",
        "Рівність, добросовісність і взаємна повага.",
    )
    assert response.status_code == 302
    assert "The clause has been saved." in coordinator.get(response.location).text
    preview = coordinator.get(f"/partnerships/{drafting.sister}/memorandum/preview").text
    assert "Equality, good faith and mutual respect." in preview
    assert "Рівність, добросовісність і взаємна повага." in preview


def test_a_retired_clause_is_not_offered(drafting, login, session_factory):
    coordinator = login("coordinator@example.org")
    new_clause(coordinator)
    added = clause_id(session_factory, "data_protection")
    coordinator.post(f"/clauses/{added}/retire")
    assert "Retired clauses" in coordinator.get("/clauses/").text
    assert f'<option value="{added}">' not in coordinator.get(compose_url(drafting)).text
    response = coordinator.post(f"{compose_url(drafting)}/add", data={"clause_id": added})
    assert (
        "This clause cannot be added to this memorandum." in coordinator.get(response.location).text
    )
    coordinator.post(f"/clauses/{added}/retire", data={"restore": "1"})
    assert f'<option value="{added}">' in coordinator.get(compose_url(drafting)).text


@pytest.mark.parametrize("email", ["kyiv@example.org", "animator@example.org"])
def test_only_staff_reach_the_clause_library(drafting, login, session_factory, email):
    client = login(email)
    term = clause_id(session_factory, "term")
    assert "/clauses/" not in client.get("/").text
    assert client.get("/clauses/").status_code == 403
    assert client.get("/clauses/new").status_code == 403
    assert new_clause(client).status_code == 403
    assert client.get(f"/clauses/{term}").status_code == 403
    assert client.post(f"/clauses/{term}", data={"title_en": "Mine"}).status_code == 403
    assert client.post(f"/clauses/{term}/retire").status_code == 403
    assert client.get(compose_url(drafting)).status_code == 403
    assert clause_id(session_factory, "data_protection") is None


def test_the_menu_leads_staff_to_the_library(drafting, login):
    coordinator = login("coordinator@example.org")
    page = coordinator.get("/").text
    assert 'href="/clauses/"' in page
    assert coordinator.get("/clauses/").status_code == 200
    assert coordinator.get("/clauses/12345").status_code == 404
