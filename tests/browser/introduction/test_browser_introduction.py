"""Issue 4's "done when" in Chromium: the animator logs hours for an assigned
lead library and sees the budget fall; the Kharkiv library records the second
meeting with a participant, evaluates it, and its checklist has only the
leader left (the coordinator's move to the memorandum is walked in
test_browser_lifecycle). Kharkiv – Liverpool stays in introduction for
test_browser_withdraw.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, timedelta

import pytest
from browser_support import LIBRARIAN_PASSWORD, Demo, NewContext, log_in, pdf_link_body
from playwright.sync_api import expect

TITLE = "Kharkiv – Liverpool"
ANIMATOR = ("animator@example.org", "demo-animator")

pytestmark = pytest.mark.browser


def pdf_text(pdf: bytes) -> str:
    if not shutil.which("pdftotext"):
        pytest.fail("poppler-utils' pdftotext is needed to read the evaluation")
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def test_the_animator_logs_hours_and_sees_the_budget_fall(
    new_context: NewContext, demo: Demo
) -> None:
    page = new_context().new_page()
    log_in(page, *ANIMATOR)
    page.get_by_role("link", name="Animator hours").click()
    budgets = page.get_by_role("region", name="Budgets of the lead libraries")
    kharkiv = budgets.get_by_role("listitem").filter(has_text="Харківська").first
    # The demo logged 3 h 30 min of the 16 h for Kharkiv.
    expect(kharkiv).to_contain_text("12 h 30 min left")
    form = page.get_by_role("region", name="Log support hours")
    option = form.locator("option", has_text=TITLE)
    form.get_by_label("Partnership").select_option(option.get_attribute("value"))
    form.get_by_label("Duration (hours:minutes)").select_option(label="1:00")
    form.get_by_label("Kind of support").select_option(label="Preparing a meeting")
    form.get_by_label("Note").fill("Agenda of the second meeting")
    form.get_by_role("button", name="Log the hours").click()
    expect(page.get_by_role("status").first).to_have_text(
        "Logged 1 h. 11 h 30 min of 16 h are left."
    )
    expect(kharkiv).to_contain_text("11 h 30 min left")
    expect(page.get_by_role("region", name="Entries")).to_contain_text(
        "Agenda of the second meeting"
    )
    # The same screen in Ukrainian and Polish.
    page.goto("/hours/?lang=uk")
    expect(page.get_by_role("heading", level=1)).to_have_text("Години аніматора")
    expect(page.locator("#budgets")).to_contain_text("залишилося 11 год 30 хв")
    page.goto("/hours/?lang=pl")
    expect(page.get_by_role("heading", level=1)).to_have_text("Godziny animatora")


def test_the_library_records_and_evaluates_the_second_meeting(
    new_context: NewContext, demo: Demo
) -> None:
    page = new_context().new_page()
    log_in(page, "kharkiv@example.org", LIBRARIAN_PASSWORD)
    page.get_by_role("link", name=TITLE, exact=True).click()
    expect(page.locator("#step")).to_contain_text("The second partnership meeting is not recorded")

    second = page.get_by_role("article").filter(
        has=page.get_by_role("heading", name="Second partnership meeting", exact=True)
    )
    held = date.today() - timedelta(days=1)
    second.get_by_label("Date and time").fill(f"{held:%Y-%m-%d}T18:00")
    expect(second.get_by_label("Time zone")).to_have_value("Europe/Kyiv")
    second.get_by_label("Where").select_option(label="Online")
    second.get_by_label("Place or link").fill("https://meet.example.org/kharkiv-liverpool")
    second.get_by_label("People invited").fill("6")
    second.get_by_label("Choosing the coordinator or leader of the partnership").check()
    second.get_by_label("Minutes").fill("We agreed the rules and chose the Kharkiv library.")
    second.get_by_role("button", name="Save the meeting").click()
    expect(page.get_by_role("status")).to_have_text("Partnership meeting 2 has been recorded.")

    second = page.locator("#meeting-2")
    second.get_by_text("Add a participant").click()
    second.get_by_label("Participant's name").fill("Iryna Shevchenko")
    second.get_by_label("Organisation", exact=True).fill("Kharkiv City Council")
    second.get_by_label("Sector").select_option(label="Public sector")
    second.get_by_label("Can decide for their organisation").check()
    second.get_by_role("button", name="Add the participant").click()
    expect(page.locator(".flash")).to_have_text(
        "Iryna Shevchenko has been added to the attendance."
    )
    second = page.locator("#meeting-2")
    expect(second).to_contain_text("1 of 6 invited came")
    # Low attendance: the page suggests each participant brings one more partner.
    expect(second.locator(".suggestion")).to_contain_text("brings one more partner")
    expect(second.locator(".viewer-time")).to_contain_text("6:00")

    second.get_by_label("What worked", exact=True).fill("Clear decisions.")
    second.get_by_label("What to change").fill("Invite the school.")
    second.get_by_label(re.compile("^Engagement of Liverpool")).select_option("4")
    second.get_by_role("button", name="Save the evaluation").click()
    expect(page.locator(".flash")).to_have_text(
        "The evaluation of partnership meeting 2 has been saved."
    )
    # The score chosen is kept: shown in the evaluation and chosen again in the form.
    second = page.locator("#meeting-2")
    expect(second.locator(".evaluation-library")).to_contain_text(
        re.compile(r"Engagement \(1-5\)\s*Liverpool[^:]*: 4")
    )
    expect(second.get_by_label(re.compile("^Engagement of Liverpool"))).to_have_value("4")
    checklist = page.locator("#step")
    expect(checklist).not_to_contain_text("not recorded")
    expect(checklist).not_to_contain_text("not evaluated")
    expect(checklist).to_contain_text("No leader of the partnership has been chosen")
    assert pdf_link_body(page, "Meeting record")
    evaluations = pdf_text(pdf_link_body(page, "Evaluation of the meetings"))
    assert re.search(r"Engagement \(1-5\)[^:]*: Liverpool[^—;]* — 4", evaluations), evaluations
