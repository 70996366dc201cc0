"""The coordinator finds a partner on a phone: ten explained candidates, one chosen."""

from __future__ import annotations

import pytest
from browser_support import COORDINATOR, Demo, NewContext, log_in
from playwright.sync_api import expect
from test_browser_phone import PHONE, expect_fits

pytestmark = pytest.mark.browser


def test_a_coordinator_finds_and_chooses_a_partner_on_a_phone(
    new_context: NewContext, demo: Demo
) -> None:
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    log_in(page, *COORDINATOR)
    page.get_by_role("link", name="Libraries", exact=True).click()
    page.get_by_label("Name, city or external id").fill("Odesa")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Одеська обласна", exact=False).click()
    page.get_by_role("link", name="Find a partner").click()
    candidates = page.locator(".candidate")
    expect(candidates).to_have_count(10)
    expect(candidates.first).to_contain_text("Communities of similar size")
    expect_fits(page)
    first = candidates.first
    name = first.get_by_role("heading", level=2).inner_text().split("\n")[0]
    first.get_by_label("Reason for the selection").fill("Similar regional libraries")
    first.get_by_role("button", name="Choose this library").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Odesa Regional")
    expect(page.locator("main")).to_contain_text(name.split(" ")[0])
    expect_fits(page)
