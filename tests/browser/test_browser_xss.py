"""Script typed into any field never runs: every page of every role, in a real browser.

The demo is loaded with the audit's payload before every text a person types
(``browser_support.poison``): names, cities, contacts, minutes, activities,
publications, clauses, reasons, mails… Each role's pages are crawled; every
HTML answer must hold the payload only escaped, every PDF must show it as
text, and Chromium, with a dialog handler, must open no dialog and report no
Content-Security-Policy violation on any of them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from urllib.parse import urljoin, urlsplit

import pytest
from browser_support import ADMIN, COORDINATOR, LUHANSK, PAYLOAD, Demo, log_in
from playwright.sync_api import APIRequestContext, Browser, BrowserContext, Page

pytestmark = pytest.mark.browser

#: Never followed: they change state, or are not pages.
SKIP = re.compile(r"/logout|/language|\.csv|\.ics|\.atom|/feeds/|/static/|webcal:|mailto:|tel:")
#: Pages of one pattern (digits as N) visited at most this many times.
PER_PATTERN = 2
MAX_PAGES = 160


def _markup(html: str) -> str | None:
    """Where the payload is markup in ``html`` (with what is around it), if anywhere."""
    # Quoted attribute values hold the payload escaped: they open no attribute.
    html = re.sub(r'"[^"]*"', '""', html)
    found = re.search(r"<script>alert\(2\)|<img src=x|<[^>]*\sonerror=", html)
    return html[max(0, found.start() - 300) : found.end() + 100] if found else None


def _pdf_text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def _crawl(
    request: APIRequestContext, base_url: str, start: list[str]
) -> Iterator[tuple[str, str, bytes]]:
    """(path, content type, body) of each page reachable from ``start`` by GET links."""
    seen_patterns: dict[str, int] = {}
    queue, seen = list(start), set(start)
    fetched = 0
    while queue and fetched < MAX_PAGES:
        path = queue.pop(0)
        response = request.get(path)
        fetched += 1
        kind = response.headers.get("content-type", "")
        body = response.body()
        yield path, kind, body
        if not kind.startswith("text/html"):
            continue
        for href in re.findall(r'href="([^"#]+)', body.decode()):
            url = urljoin(base_url + path, href.replace("&amp;", "&"))
            parts = urlsplit(url)
            if parts.netloc != urlsplit(base_url).netloc or SKIP.search(url):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            pattern = re.sub(r"\d+", "N", parts.path)
            if target in seen or seen_patterns.get(pattern, 0) >= PER_PATTERN:
                continue
            seen.add(target)
            seen_patterns[pattern] = seen_patterns.get(pattern, 0) + 1
            queue.append(target)


@pytest.fixture
def open_page(browser: Browser, poisoned_demo: Demo) -> Iterator[Callable[[], Page]]:
    """Pages in fresh contexts on the poisoned demo (English, as the other tests)."""
    contexts: list[BrowserContext] = []

    def make() -> Page:
        context = browser.new_context(base_url=poisoned_demo.base_url, locale="en-GB")
        context.set_default_timeout(10_000)
        context.add_cookies([{"name": "lang", "value": "en", "url": poisoned_demo.base_url}])
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def _check_role(page: Page, demo: Demo, start: list[str]) -> tuple[list[str], int]:
    """Crawl as the page's user; return the HTML pages seen and how many PDFs showed the payload."""
    html_pages: list[str] = []
    pdfs_with_text = 0
    for path, kind, body in _crawl(page.context.request, demo.base_url, start):
        if kind.startswith("text/html"):
            markup = _markup(body.decode())
            assert markup is None, f"{path}: the payload is markup:\n{markup}"
            html_pages.append(path)
        elif kind.startswith("application/pdf") and shutil.which("pdftotext"):
            text = _pdf_text(body)
            assert "alert(2)" not in text or PAYLOAD in text, f"{path}: the payload is not text"
            pdfs_with_text += PAYLOAD in text
    dialogs: list[str] = []
    violations: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
    page.on(
        "console",
        lambda m: (
            violations.append(f"{page.url}: {m.text}")
            if "Content Security Policy" in m.text
            else None
        ),
    )
    for path in html_pages:
        page.goto(path)
        page.wait_for_load_state("load")
    assert dialogs == []
    assert violations == []
    return html_pages, pdfs_with_text


def test_no_page_of_the_coordinator_runs_the_payload(
    open_page: Callable[[], Page], poisoned_demo: Demo
) -> None:
    page = open_page()
    log_in(page, *COORDINATOR)
    pages, pdfs = _check_role(
        page, poisoned_demo, ["/", "/libraries/", "/hours/", "/reports/", "/clauses/", "/outbox"]
    )
    for shown in ("/", "/libraries/", "/outbox"):
        assert shown in pages
    assert any(p.startswith("/partnerships/") for p in pages)
    assert any(p.startswith("/reports/") and p != "/reports/" for p in pages)
    assert pdfs > 0


@pytest.mark.parametrize("who", [LUHANSK, ("animator@example.org", "demo-animator"), ADMIN])
def test_no_page_of_a_librarian_an_animator_or_an_admin_runs_the_payload(
    open_page: Callable[[], Page], poisoned_demo: Demo, who: tuple[str, str]
) -> None:
    page = open_page()
    log_in(page, *who)
    pages, _pdfs = _check_role(page, poisoned_demo, ["/", "/hours/", "/account/notifications"])
    assert any(p.startswith("/partnerships/") for p in pages)


def test_no_public_page_or_signing_link_runs_the_payload(
    open_page: Callable[[], Page], poisoned_demo: Demo
) -> None:
    staff = open_page()
    log_in(staff, *COORDINATOR)
    outbox = staff.context.request.get("/outbox").text()
    links = sorted(set(re.findall(r"/sign/[A-Za-z0-9_-]+", outbox)))
    page = open_page()
    pages, _pdfs = _check_role(
        page,
        poisoned_demo,
        ["/public/", "/verify", "/apply/abroad", "/apply/ukrainian", "/login", *links],
    )
    assert "/public/" in pages
    assert any(p.startswith("/sign/") for p in pages), links
