"""A librarian sees only the partnerships of their own library."""

from __future__ import annotations

import re

import pytest
from browser_support import LUHANSK, Demo, log_in
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_librarian_gets_404_for_another_librarys_partnership(page: Page, demo: Demo) -> None:
    log_in(page, *LUHANSK)

    # The board shows Luhansk's partnerships and nobody else's.
    expect(page.get_by_role("link", name="Luhansk – Liverpool", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Luhansk – Kraków", exact=True)).to_be_visible()
    for other in ("Odesa – Liverpool", "Odesa – Kraków", "Kharkiv – Liverpool"):
        expect(page.get_by_role("link", name=other)).to_have_count(0)
    expect(page.get_by_role("main")).not_to_contain_text("Odesa")
    expect(page.get_by_role("link", name="New partnership")).to_have_count(0)

    # Typing the address of another library's partnership: a 404 page.
    other_id = demo.partnership_id("Odesa – Liverpool")
    response = page.goto(f"/partnerships/{other_id}")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_text("There is nothing here, or it is not yours to see.")).to_be_visible()
    expect(page.get_by_role("main")).not_to_contain_text("Odesa")
    expect(page).to_have_title(re.compile(r"^Page not found"))

    # Its documents are not served either.
    pdf = page.context.request.get(f"/partnerships/{other_id}/documents/selection_report.pdf")
    assert pdf.status == 404
    assert not pdf.body().startswith(b"%PDF")

    # The way back to the board works, and the board is unchanged.
    page.get_by_role("link", name="Back to the board").click()
    expect(page.get_by_role("link", name="Luhansk – Liverpool", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Odesa – Liverpool")).to_have_count(0)


def test_librarian_opens_own_partnership(page: Page, demo: Demo) -> None:
    log_in(page, *LUHANSK)
    page.get_by_role("link", name="Luhansk – Liverpool", exact=True).click()
    expect(page).to_have_url(
        re.compile(rf"/partnerships/{demo.partnership_id('Luhansk – Liverpool')}$")
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Luhansk – Liverpool")
    # Staff moves are not offered to a librarian.
    expect(page.get_by_role("region", name="Moves")).to_contain_text(
        "There is no move for you to make here."
    )
