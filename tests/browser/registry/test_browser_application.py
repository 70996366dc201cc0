"""A library applies through the public form in a browser (CSRF on), on a phone."""

from __future__ import annotations

import pytest
from browser_support import Demo, NewContext
from playwright.sync_api import expect
from test_browser_phone import PHONE, expect_fits

pytestmark = pytest.mark.browser


def test_a_library_abroad_applies_without_logging_in(new_context: NewContext, demo: Demo) -> None:
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.goto("/login")
    page.get_by_role("link", name="Ready to become a partner of a Ukrainian library").click()
    expect_fits(page)
    # The honeypot is there for bots, out of people's sight.
    expect(page.get_by_label("Leave this field empty")).not_to_be_in_viewport()
    page.get_by_label("Name of the library").fill("Biblioteka Miejska w Gdyni")
    page.get_by_label("Country").fill("PL")
    page.get_by_label("City").fill("Gdynia")
    page.get_by_label("Cultural and professional exchange").check()
    page.get_by_label("Your name").fill("Ewa Kowalska")
    page.get_by_role("button", name="Send the application").click()
    # Nothing typed is lost when something is missing.
    expect(page.get_by_text("This field is required.")).to_be_visible()
    expect(page.get_by_label("Name of the library")).to_have_value("Biblioteka Miejska w Gdyni")
    expect(page.get_by_label("Cultural and professional exchange")).to_be_checked()
    page.get_by_label("Your e-mail").fill("ewa@example.org")
    page.get_by_role("button", name="Send the application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Application sent")
