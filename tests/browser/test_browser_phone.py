"""On a phone (375 × 740) the pages fit the screen: no sideways scrolling."""

from __future__ import annotations

import re

import pytest
from browser_support import COORDINATOR, Demo, NewContext, log_in
from playwright.sync_api import Locator, Page, expect

PHONE = {"width": 375, "height": 740}

pytestmark = pytest.mark.browser


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the screen (0 when it fits)."""
    return int(page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth"))


def wide_elements(page: Page) -> list[str]:
    """The elements sticking out on the right, to say what overflows when a test fails."""
    return list(
        page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
                .filter(e => !e.closest('.table-scroll, .lifecycle-wrap'))
                .slice(0, 10)
                .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
                          + ' ' + Math.round(e.getBoundingClientRect().right))"""
        )
    )


def expect_fits(page: Page) -> None:
    assert horizontal_overflow(page) <= 0, wide_elements(page)


@pytest.mark.parametrize(
    "title",
    ["Luhansk – Liverpool", "Partnerstwo lokalne w Lipnicy", "Odesa – Liverpool"],
)
def test_board_and_partnership_fit_a_phone(new_context: NewContext, demo: Demo, title: str) -> None:
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    log_in(page, *COORDINATOR)
    assert page.evaluate("() => window.innerWidth") == PHONE["width"]

    # The board: its columns stack, the new-partnership button is in reach.
    expect_fits(page)
    expect(page.get_by_role("link", name="New partnership")).to_be_in_viewport()
    expect(page.get_by_role("button", name="Log out")).to_be_in_viewport()
    expect(page.get_by_role("button", name="Українська")).to_be_in_viewport()
    link = page.get_by_role("link", name=title, exact=True)
    link.scroll_into_view_if_needed()
    expect(link).to_be_in_viewport()

    # A partnership page: the title, the step and the moves can be read and used.
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("heading", level=1)).to_be_in_viewport()
    expect_fits(page)
    moves = page.get_by_role("region", name="Moves")
    buttons = moves.get_by_role("button")
    expect(buttons.first).to_be_visible()
    for i in range(buttons.count()):
        button = buttons.nth(i)
        button.scroll_into_view_if_needed()
        expect(button).to_be_in_viewport()
        box = button.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    documents = page.get_by_role("region", name="Documents").get_by_role("link")
    expect(documents.first).to_be_visible()
    expect(documents.first).to_have_attribute("href", re.compile(r"\.pdf$"))
    # Wide tables scroll inside their own box, not the page.
    page.get_by_role("region", name="History").scroll_into_view_if_needed()
    expect_fits(page)


@pytest.mark.parametrize(
    "login, path",
    [
        (("animator@example.org", "demo-animator"), "/hours/"),
        (COORDINATOR, "/hours/"),
    ],
)
def test_the_hours_page_fits_a_phone(
    new_context: NewContext, demo: Demo, login: tuple[str, str], path: str
) -> None:
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    log_in(page, *login)
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Animator hours")
    expect_fits(page)


def test_the_introduction_with_its_meetings_fits_a_phone(
    new_context: NewContext, demo: Demo
) -> None:
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    log_in(page, "animator@example.org", "demo-animator")
    page.goto(f"/partnerships/{demo.partnership_id('Kharkiv – Liverpool')}")
    expect(page.get_by_role("heading", name="First partnership meeting")).to_be_visible()
    for summary in page.locator("#meetings summary").all():
        summary.click()
    expect_fits(page)


def test_the_clause_library_and_the_compose_page_fit_a_phone(
    new_context: NewContext, demo: Demo
) -> None:
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    log_in(page, *COORDINATOR)
    page.get_by_role("link", name="Clause library").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Clause library")
    expect_fits(page)
    page.get_by_role("link", name="Contact persons").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit a clause")
    expect_fits(page)
    page.goto(f"/partnerships/{demo.partnership_id('Luhansk – Liverpool')}/memorandum/compose")
    expect(page.get_by_role("heading", level=1)).to_have_text("Compose the memorandum")
    up = page.get_by_role("button", name="Move “Principles of cooperation” up")
    up.scroll_into_view_if_needed()
    expect(up).to_be_in_viewport()
    expect_fits(page)


def test_on_a_phone_the_search_contact_and_file_inputs_are_tall_enough_to_tap(
    new_context: NewContext, demo: Demo
) -> None:
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    log_in(page, *COORDINATOR)

    def expect_tappable(field: Locator) -> None:
        box = field.bounding_box()
        assert box is not None and box["height"] >= 44, box

    expect_tappable(page.get_by_role("searchbox", name="Search"))
    page.goto(f"/partnerships/{demo.partnership_id('Kharkiv – Liverpool')}")
    page.get_by_text("Contact person and signatory").first.click()
    contact = page.locator("#parties details[open]").first
    expect_tappable(contact.get_by_label("Their phone"))
    expect_tappable(contact.get_by_label("Their e-mail"))
    page.goto("/verify")
    expect_tappable(page.get_by_label("The PDF"))
    expect_fits(page)
