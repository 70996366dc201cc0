"""Issue 6's "done when", in the browser: two libraries approve a plan of
activities, subscribe to its calendar, record a campaign with a published
post, download the press release in both languages and appear on the public
page; three months later the check-in reaches both.

It takes the demo's Luhansk – Liverpool, which waits for Liverpool's
signature on the memorandum. Each library's representative works in their
own browser context; the coordinator advances the steps.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import date, timedelta

import pytest
from browser_support import (
    COORDINATOR,
    LIBRARIAN_PASSWORD,
    LUHANSK,
    ROOT,
    Demo,
    NewContext,
    catalog,
    flash_step,
    log_in,
    pdf_link_body,
)
from icalendar import Calendar
from playwright.sync_api import Page, expect

from workflow.cooperation.checkins import add_months

TITLE = "Luhansk – Liverpool"
LUHANSK_LIBRARY = "Луганська обласна універсальна наукова бібліотека"
LIVERPOOL_LIBRARY = "Liverpool Central Library"
LIVERPOOL = ("liverpool@example.org", LIBRARIAN_PASSWORD)
ACTIVITY = "Letters between young readers of Luhansk and Liverpool"
POST = "Луганськ і Ліверпуль — бібліотеки-посестри."

pytestmark = pytest.mark.browser


def open_partnership(page: Page, partnership_id: int) -> None:
    page.goto(f"/partnerships/{partnership_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)


def advance(page: Page, to_step: str) -> None:
    page.locator("#moves").get_by_role("button", name="Advance to the next step").click()
    expect(page.get_by_role("status").filter(has_text=flash_step(to_step))).to_be_visible()


def approve_plan(page: Page, library: str) -> None:
    page.reload()
    page.get_by_role("button", name="Approve the plan (version 1)").click()
    expect(page.get_by_role("status")).to_have_text(
        f"{library} has approved version 1 of the plan."
    )


def words(text: str) -> str:
    return " ".join(text.split())


def pdf_text(pdf: bytes) -> str:
    if not shutil.which("pdftotext"):
        pytest.fail("poppler-utils' pdftotext is needed to read the press release")
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return words(out.stdout.decode())


def send_checkins(demo: Demo, today: date) -> str:
    """The cron command, run against the served demo's database on ``today``."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{demo.database}"}
    env.pop("MAIL_SERVER", None)
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "checkins", "send"]
        + ["--today", today.isoformat()],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_two_libraries_plan_publish_go_public_and_are_asked_three_months_later(
    new_context: NewContext, demo: Demo
) -> None:
    today = date.today()
    partnership_id = demo.partnership_id(TITLE)
    coordinator = new_context().new_page()
    luhansk = new_context().new_page()
    liverpool = new_context().new_page()
    log_in(coordinator, *COORDINATOR)
    log_in(luhansk, *LUHANSK)
    log_in(liverpool, *LIVERPOOL)

    # Liverpool signs the memorandum Luhansk has signed; the plan can begin.
    open_partnership(liverpool, partnership_id)
    liverpool.get_by_role("button", name="Sign the memorandum (version 1)").click()
    expect(liverpool.get_by_role("status")).to_have_text(
        "You have signed version 1 of the memorandum."
    )
    open_partnership(coordinator, partnership_id)
    advance(coordinator, "Joint activity plan")

    # --- the plan: written by Luhansk, approved by both ----------------------
    open_partnership(luhansk, partnership_id)
    plan = luhansk.locator("#plan")
    plan.get_by_label("Activity", exact=True).fill(ACTIVITY)
    plan.get_by_label("Direction").select_option(label="Cultural and professional exchange")
    plan.get_by_label("Responsible party").select_option(label=LIVERPOOL_LIBRARY)
    plan.get_by_label("Starts on").fill(f"{today + timedelta(days=10):%Y-%m-%d}")
    plan.get_by_label("Place or online link").fill("https://meet.example.org/letters")
    plan.get_by_role("button", name="Add to the plan").click()
    expect(luhansk.get_by_role("status")).to_have_text("The activity has been added to the plan.")
    approve_plan(luhansk, LUHANSK_LIBRARY)
    approve_plan(liverpool, LIVERPOOL_LIBRARY)
    coordinator.reload()
    expect(coordinator.locator("#step")).to_contain_text("Everything this step needs is done")

    # --- the calendar: a private address, readable without logging in --------
    calendar = liverpool.locator("#calendar")
    calendar.get_by_role("button", name="Subscribe to this partnership's calendar").click()
    address = liverpool.get_by_label("Subscription address (shown only now)").input_value()
    assert re.fullmatch(r"https?://.+/feeds/[\w-]+\.ics", address), address
    anonymous = new_context()
    feed = anonymous.request.get(address)
    assert feed.status == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    events = Calendar.from_ical(feed.body()).walk("VEVENT")
    assert ACTIVITY in [str(e["SUMMARY"]) for e in events]
    assert anonymous.request.get(address.replace(".ics", "x.ics")).status == 404

    # --- the campaign: a published post announcing the activity --------------
    advance(coordinator, "Information campaign")
    open_partnership(luhansk, partnership_id)
    publication = luhansk.locator("#campaign form").filter(
        has=luhansk.get_by_role("button", name="Add to the campaign")
    )
    publication.get_by_label("Channel").select_option(label="Facebook")
    publication.get_by_label("Language").select_option(label="Ukrainian")
    publication.get_by_label("Message").fill(POST)
    publication.get_by_label("Planned for").fill(f"{today:%Y-%m-%d}")
    starts_on = today + timedelta(days=10)
    publication.get_by_label("Announces the activity").select_option(
        label=f"{ACTIVITY} ({starts_on:%Y-%m-%d})"
    )
    publication.get_by_label("Published on").fill(f"{today:%Y-%m-%d}")
    publication.get_by_label("Address").fill("https://facebook.example.org/luhansk/posts/1")
    publication.get_by_role("button", name="Add to the campaign").click()
    expect(luhansk.get_by_role("status")).to_have_text(
        "The publication has been added to the campaign."
    )
    coordinator.reload()
    expect(coordinator.locator("#step")).to_contain_text("Everything this step needs is done")

    # The press release, in Ukrainian and in English.
    text = pdf_text(pdf_link_body(coordinator, "Press release"))
    for lang in ("uk", "en"):
        sentence = catalog(lang)("%(names)s signed a memorandum of cooperation on %(date)s.")
        middle = re.split(r"%\(\w+\)s", sentence)[1]
        assert words(middle) in text, (lang, middle)
    assert LUHANSK_LIBRARY in text and LIVERPOOL_LIBRARY in text
    advance(coordinator, "Cooperation")

    # --- the public page -----------------------------------------------------
    public = coordinator.locator("#public")
    public.get_by_text("Publication and story").click()
    public.get_by_label("Show this partnership on the public page").check()
    public.get_by_label("The partnership's story").fill("Young readers write to each other.")
    public.get_by_role("button", name="Save").click()
    expect(coordinator.locator("#public")).to_contain_text("Shown on the public page.")
    visitor = new_context().new_page()
    visitor.goto("/public/")
    entry = visitor.get_by_role("article").filter(
        has=visitor.get_by_role("heading", name=TITLE, exact=True)
    )
    expect(entry).to_contain_text(LUHANSK_LIBRARY)
    expect(entry).to_contain_text(LIVERPOOL_LIBRARY)
    expect(entry).to_contain_text("Young readers write to each other.")
    expect(entry).to_contain_text(POST)
    expect(entry).not_to_contain_text(ACTIVITY)  # planned, not done yet: not claimed
    feed = visitor.context.request.get("/public/feed.atom")
    assert f"New partnership: {TITLE}" in feed.text()

    # --- three months later, the check-in reaches both -----------------------
    due = add_months(today, checkin_months(coordinator))
    # Other demo partnerships in cooperation may be asked too: look at this one.
    send_checkins(demo, due - timedelta(days=1))
    for page in (luhansk, liverpool):
        open_partnership(page, partnership_id)
        expect(page.locator("#cooperation")).to_contain_text("No check-ins yet")
    send_checkins(demo, due)
    for page in (luhansk, liverpool):
        open_partnership(page, partnership_id)
        checkins = page.locator("#cooperation")
        expect(checkins.get_by_text("Answer the check-in")).to_have_count(1)
        expect(checkins).to_contain_text("not answered yet")
    coordinator.goto("/outbox")
    # One check-in each, in the recipient's language (Luhansk chose Ukrainian).
    for email, lang in ((LUHANSK[0], "uk"), (LIVERPOOL[0], "en")):
        mail = coordinator.locator(".outbox-message").filter(has_text=f"To: {email}")
        subject = catalog(lang)("How is the partnership “%(title)s” going?") % {"title": TITLE}
        expect(mail.filter(has_text=subject)).to_have_count(1)


def checkin_months(page: Page) -> int:
    """The programme's check-in period, as the partnership page states it."""
    text = page.locator("#cooperation").inner_text()
    found = re.search(r"every (\d+) months", text)
    assert found, text
    return int(found.group(1))
