"""The language switcher: the choice changes the interface and is remembered.

The catalogs may not be compiled (``make compile-messages``) when the tests
run; the page's language is then asserted on ``<html lang>``, and a word is
checked only when the compiled catalog translates it.
"""

from __future__ import annotations

import pytest
from browser_support import ADMIN, Demo, NewContext, catalog, log_in
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_switching_to_ukrainian_changes_the_interface_and_is_remembered(
    new_context: NewContext, demo: Demo
) -> None:
    # The administrator: no other browser test logs in as them, and the
    # choice is stored on the user.
    context = new_context(english=False, locale="en-GB")
    page = context.new_page()
    uk = catalog("uk")
    log_in(page, *ADMIN)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    english = page.get_by_role("navigation", name="Language").get_by_role("button", name="English")
    expect(english).to_have_attribute("aria-current", "true")

    page.get_by_role("navigation", name="Language").get_by_role("button", name="Українська").click()
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    expect(page.get_by_role("heading", level=1)).to_have_text(uk("Partnerships"))
    switcher = page.get_by_role("navigation", name=uk("Language"))
    expect(switcher.get_by_role("button", name="Українська")).to_have_attribute(
        "aria-current", "true"
    )
    expect(switcher.get_by_role("button", name="English")).not_to_have_attribute(
        "aria-current", "true"
    )

    # Another page keeps the language.
    page.get_by_role("link", name="Odesa – Liverpool", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Odesa – Liverpool")
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    expect(page.get_by_role("heading", name=uk("History"), exact=True)).to_be_visible()

    # Logging out and in again in the same browser keeps it too.
    page.get_by_role("button", name=uk("Log out")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(uk("Log in"))
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    log_in(page, *ADMIN, uk)
    expect(page.locator("html")).to_have_attribute("lang", "uk")

    # The choice is the user's: a fresh browser (no cookie) shows it after logging in.
    other = new_context(english=False, locale="en-GB").new_page()
    other.goto("/login")
    expect(other.locator("html")).to_have_attribute("lang", "en")
    log_in(other, *ADMIN)
    expect(other.locator("html")).to_have_attribute("lang", "uk")


def test_polish_from_the_login_page(new_context: NewContext, demo: Demo) -> None:
    page = new_context(english=False, locale="en-GB").new_page()
    page.goto("/login")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Polski").click()
    pl = catalog("pl")
    expect(page).to_have_url(f"{demo.base_url}/login")
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.get_by_role("heading", level=1)).to_have_text(pl("Log in"))
    expect(page.get_by_role("button", name="Polski")).to_have_attribute("aria-current", "true")
