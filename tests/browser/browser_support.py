"""Helpers of the browser tests: logging in, following document links, catalogs."""

from __future__ import annotations

import gettext
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Page, expect

ROOT = Path(__file__).resolve().parents[2]

#: The demo logins (see workflow/demo.py).
COORDINATOR = ("coordinator@example.org", "demo-coordinator")
ADMIN = ("admin@example.org", "demo-admin")
LUHANSK = ("luhansk@example.org", "demo-librarian")
LIBRARIAN_PASSWORD = "demo-librarian"

#: Makes a fresh browser context (the ``new_context`` fixture).
NewContext = Callable[..., BrowserContext]


class Demo:
    """The served demo: its address and a read-only look at its database."""

    def __init__(self, base_url: str, database: Path) -> None:
        self.base_url = base_url
        self.database = database

    def _one(self, query: str, *args: object) -> Any:
        with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True) as conn:
            row = conn.execute(query, args).fetchone()
        assert row is not None, (query, args)
        return row[0]

    def partnership_id(self, title: str) -> int:
        return int(self._one("SELECT id FROM partnerships WHERE title = ?", title))


def log_in(page: Page, email: str, password: str, _: Callable[[str], str] = str) -> None:
    """Log in through the login form; ``_`` translates the form's words."""
    page.goto("/login")
    page.get_by_label(_("E-mail")).fill(email)
    page.get_by_label(_("Password")).fill(password)
    page.get_by_role("button", name=_("Log in"), exact=True).click()
    # The board, in whatever language the user chose.
    expect(page).to_have_url(re.compile(r"^https?://[^/]+/$"))
    expect(page.get_by_role("button", name=_("Log in"), exact=True)).to_have_count(0)


def catalog(lang: str) -> Callable[[str], str]:
    """What the server shows for a message in ``lang``: its compiled catalog, if any."""
    translations = gettext.translation(
        "messages", localedir=ROOT / "translations", languages=[lang], fallback=True
    )
    return translations.gettext


def pdf_link_body(page: Page, name: str) -> bytes:
    """Follow the partnership page's document link ``name`` and return the PDF."""
    link = page.locator("#documents").get_by_role("link", name=name, exact=True)
    expect(link).to_be_visible()
    href = link.get_attribute("href")
    assert href is not None
    response = page.context.request.get(href)
    assert response.status == 200, response.text()
    assert response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF"), body[:100]
    return body


def flash_step(step: str) -> re.Pattern[str]:
    return re.compile(rf"The partnership is now at the step “{re.escape(step)}”")
