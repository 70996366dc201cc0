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


#: Script in a name, the audit's payload: it must stay text on every page.
PAYLOAD = 'X"><img src=x onerror=alert(1)><script>alert(2)</script>'
#: Every text column a person types (forms, public applications, signing), by table.
TYPED = {
    "programmes": ("name",),
    "organisations": (
        "name",
        "name_latin",
        "region",
        "city",
        "works_now_in",
        "website",
        "experience",
        "contact_name",
        "contact_phone",
    ),
    "users": ("name",),
    "partnerships": (
        "title",
        "selection_reason",
        "cooperation_rules",
        "agreed_tasks",
        "campaign_audience",
        "public_story",
    ),
    "parties": ("signatory_name", "signatory_role"),
    "contact_persons": ("name", "role", "phone", "languages"),
    "meetings": ("place", "attendance", "minutes"),
    "meeting_evaluations": ("worked", "to_change", "next_steps"),
    "meeting_attendees": ("name", "organisation"),
    "activities": ("title", "description", "place", "resources", "expected_result", "indicator"),
    "publications": ("message",),
    "history": ("reason",),
    "hours_entries": ("note",),
    "signature_requests": ("signer_name", "decline_reason"),
    "clause_texts": ("title", "text"),
    "api_tokens": ("name",),
    "outbox": ("subject", "body"),
    "condition_evaluations": ("notes",),
    "checkins": ("answer",),
    "budget_extensions": ("reason",),
    "applications": ("name", "region", "city", "message", "contact_name"),
}
#: JSON columns of texts per language ({lang: text} or {lang: {title, text}}).
TYPED_JSON = {
    "partnerships": ("campaign_messages", "memorandum_addenda"),
    "activities": ("texts",),
    "memorandum_clauses": ("overrides",),
    "organisation_changes": ("changes",),
}


def _poisoned(value: Any) -> Any:
    if isinstance(value, str):
        return f"{PAYLOAD} {value}"
    if isinstance(value, dict):
        return {k: _poisoned(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_poisoned(v) for v in value]
    return value


def poison(database: Path) -> None:
    """Put ``PAYLOAD`` before every typed text of the demo (and into the empty ones)."""
    import json

    with sqlite3.connect(database) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        for table, columns in TYPED.items():
            assert table in tables, table
            for column in columns:
                conn.execute(
                    f"UPDATE {table} SET {column} = ? || ' ' || coalesce({column}, '')",
                    (PAYLOAD,),
                )
        for table, columns in TYPED_JSON.items():
            for column in columns:
                rows = conn.execute(f"SELECT id, {column} FROM {table}").fetchall()
                for row_id, raw in rows:
                    if raw:
                        value = json.dumps(_poisoned(json.loads(raw)), ensure_ascii=False)
                        conn.execute(
                            f"UPDATE {table} SET {column} = ? WHERE id = ?", (value, row_id)
                        )
