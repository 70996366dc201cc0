"""Withdrawing cannot be undone: the page asks for a reason and a ticked box first."""

from __future__ import annotations

import re

import pytest
from browser_support import COORDINATOR, Demo, flash_step, log_in
from playwright.sync_api import Locator, Page, expect

#: In introduction in the demo; no other browser test changes it.
TITLE = "Kharkiv – Liverpool"

pytestmark = pytest.mark.browser


def withdraw_form(page: Page) -> Locator:
    return (
        page.get_by_role("region", name="Moves")
        .locator("form")
        .filter(has=page.get_by_role("heading", name=re.compile(r"^Withdraw\b")))
    )


def expect_not_withdrawn(page: Page) -> None:
    expect(page.get_by_role("img", name="2. Introduction — current step")).to_be_visible()
    expect(page.get_by_text("Withdrawn", exact=True)).to_have_count(0)
    history = page.get_by_role("region", name="History")
    expect(history).not_to_contain_text("Withdrawn")


def test_withdraw_needs_confirmation_and_a_reason(page: Page, demo: Demo) -> None:
    log_in(page, *COORDINATOR)
    page.get_by_role("link", name=TITLE, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    form = withdraw_form(page)
    expect(form.get_by_role("heading")).to_have_text("Withdraw → Withdrawn")
    confirm = form.get_by_role("checkbox", name="I understand this cannot be undone")
    expect(confirm).not_to_be_checked()
    expect(form.get_by_role("button", name="Withdraw")).to_have_class(re.compile(r"\bdanger\b"))

    # Neither the reason nor the box: both are asked for, nothing happens.
    form.get_by_role("button", name="Withdraw").click()
    expect(page.get_by_role("alert").first).to_contain_text("Some values need your attention")
    form = withdraw_form(page)
    expect(form).to_contain_text("Please give a reason for this move.")
    expect(form).to_contain_text("Tick the box to confirm this move.")
    expect(form.get_by_label("Reason")).to_have_attribute("aria-invalid", "true")
    expect_not_withdrawn(page)

    # A reason but no tick: still nothing happens, and the reason is kept.
    form.get_by_label("Reason").fill("The Kharkiv library has to move again.")
    form.get_by_role("button", name="Withdraw").click()
    form = withdraw_form(page)
    expect(form).to_contain_text("Tick the box to confirm this move.")
    expect(form).not_to_contain_text("Please give a reason for this move.")
    expect(form.get_by_label("Reason")).to_have_value("The Kharkiv library has to move again.")
    expect_not_withdrawn(page)

    # The box ticked but no reason: refused too.
    form.get_by_label("Reason").fill("")
    form.get_by_role("checkbox", name="I understand this cannot be undone").check()
    form.get_by_role("button", name="Withdraw").click()
    form = withdraw_form(page)
    expect(form).to_contain_text("Please give a reason for this move.")
    expect_not_withdrawn(page)
    page.goto(f"/partnerships/{demo.partnership_id(TITLE)}")
    expect_not_withdrawn(page)

    # Both: withdrawn, with the reason in the history.
    form = withdraw_form(page)
    form.get_by_label("Reason").fill("The Kharkiv library has to move again.")
    form.get_by_role("checkbox", name="I understand this cannot be undone").check()
    form.get_by_role("button", name="Withdraw").click()
    expect(page.get_by_role("status")).to_have_text(flash_step("Withdrawn"))
    expect(page.get_by_role("heading", level=2, name="Withdrawn", exact=True)).to_be_visible()
    expect(page.locator(".page-head").get_by_text("Withdrawn", exact=True)).to_be_visible()
    row = (
        page.get_by_role("region", name="History")
        .get_by_role("row")
        .filter(has_text="Introduction → Withdrawn")
    )
    expect(row).to_contain_text("Withdraw")
    expect(row).to_contain_text("The Kharkiv library has to move again.")
    expect(page.get_by_role("region", name="Moves")).not_to_contain_text("Withdraw →")

    # The board lists it among the settled partnerships, not in a step's column.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Partnerships").click()
    expect(
        page.get_by_role("region", name=re.compile(r"^2\s+Introduction")).get_by_role(
            "link", name=TITLE
        )
    ).to_have_count(0)
    settled = page.get_by_role("region", name="On hold, closed and withdrawn")
    expect(settled.get_by_role("link", name=TITLE, exact=True)).to_be_visible()
