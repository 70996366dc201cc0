"""The joint activity plan is read whole at 1280 px and on a phone: every
column of an activity, its status controls too, without sideways scrolling
(issue 13, item 8). Odesa – Kraków is in its campaign: the coordinator sets
each activity's status there."""

from __future__ import annotations

import pytest
from browser_support import COORDINATOR, Demo, NewContext, log_in
from playwright.sync_api import Locator, Page, expect
from test_browser_phone import PHONE, expect_fits

pytestmark = pytest.mark.browser

COLUMNS = (
    "Direction",
    "Who",
    "Dates",
    "Place or online link",
    "Resources",
    "Expected result",
    "Indicator",
    "Status",
)


def expect_inside(part: Locator, box: dict[str, float]) -> None:
    """``part`` is shown within ``box`` from left to right, not scrolled off."""
    expect(part).to_be_visible()
    inner = part.bounding_box()
    assert inner is not None
    assert inner["x"] >= box["x"] - 0.5, (inner, box)
    assert inner["x"] + inner["width"] <= box["x"] + box["width"] + 0.5, (inner, box)


def expect_whole_plan(page: Page, width: int) -> None:
    assert page.evaluate("() => window.innerWidth") == width
    plan = page.locator("#plan")
    plan.scroll_into_view_if_needed()
    expect_fits(page)
    box = plan.bounding_box()
    assert box is not None and box["x"] + box["width"] <= width
    activity = plan.locator("tbody tr").first
    for name in COLUMNS:
        cell = activity.locator(f'td[data-label="{name}"]')
        # Shown under its column's name (the table's head is not shown).
        label = cell.evaluate("e => getComputedStyle(e, '::before').content")
        assert label == f'"{name}"', label
        expect_inside(cell, box)
    status = activity.locator(".status-form")
    expect_inside(status.get_by_label("Status"), box)
    expect_inside(status.get_by_role("button", name="Save the status"), box)
    # No box in the plan scrolls sideways (the head, shown to screen readers only, aside).
    scrolled = plan.evaluate(
        """e => [...e.querySelectorAll('*')]
            .filter(x => !x.closest('thead') && getComputedStyle(x).overflowX !== 'visible')
            .filter(x => x.scrollWidth > x.clientWidth + 1)
            .map(x => x.tagName + '.' + x.className)"""
    )
    assert scrolled == [], scrolled


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 800}, PHONE], ids=["1280px", "phone"]
)
def test_every_column_of_the_plan_and_its_status_controls_are_in_view(
    new_context: NewContext, demo: Demo, viewport: dict[str, int]
) -> None:
    page = new_context(viewport=viewport).new_page()
    log_in(page, *COORDINATOR)
    page.goto(f"/partnerships/{demo.partnership_id('Odesa – Kraków')}")
    expect(page.locator("#plan tbody tr")).to_have_count(2)
    expect_whole_plan(page, viewport["width"])
