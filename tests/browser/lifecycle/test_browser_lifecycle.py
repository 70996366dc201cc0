"""The issue's "done when": the demo coordinator takes a partnership from
selection to cooperation in the browser, downloading each step's PDF.

The memorandum is signed by each party's own representative (a coordinator
may not sign for a library), so the Luhansk librarian and the Kraków library's
representative log in, in their own browser contexts, to sign it.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from browser_support import (
    COORDINATOR,
    LIBRARIAN_PASSWORD,
    LUHANSK,
    Demo,
    NewContext,
    flash_step,
    log_in,
    pdf_link_body,
)
from playwright.sync_api import Locator, Page, expect

TITLE = "Luhansk – Kraków"
LUHANSK_LIBRARY = "Луганська обласна універсальна наукова бібліотека"
KRAKOW_LIBRARY = "Wojewódzka Biblioteka Publiczna w Krakowie"

pytestmark = pytest.mark.browser


def expect_current_step(page: Page, label: str) -> None:
    """The lifecycle diagram marks ``label`` (e.g. "2. Introduction") as the current step."""
    expect(page.get_by_role("img", name=f"{label} — current step", exact=True)).to_be_visible()


def checklist(page: Page) -> Locator:
    return page.locator("#step")


def advance(page: Page, to_step: str) -> None:
    page.locator("#moves").get_by_role("button", name="Advance to the next step").click()
    expect(page.get_by_role("status").filter(has_text=flash_step(to_step))).to_be_visible()


def history_row(page: Page, moved: str) -> Locator:
    return page.get_by_role("region", name="History").get_by_role("row").filter(has_text=moved)


def party(page: Page, library: str) -> Locator:
    return (
        page.locator("#parties")
        .get_by_role("listitem")
        .filter(has=page.get_by_role("heading", name=library, exact=True))
    )


def meeting(page: Page, heading: str) -> Locator:
    return page.get_by_role("article").filter(
        has=page.get_by_role("heading", name=heading, exact=True)
    )


def sign_memorandum_as(page: Page, email: str, password: str, partnership_id: int) -> None:
    log_in(page, email, password)
    page.get_by_role("link", name=TITLE, exact=True).click()
    expect(page).to_have_url(re.compile(rf"/partnerships/{partnership_id}$"))
    page.get_by_role("button", name="Sign the memorandum (version 1)").click()
    expect(page.get_by_role("status")).to_have_text("You have signed version 1 of the memorandum.")
    expect(page.get_by_role("button", name=re.compile("Sign the memorandum"))).to_have_count(0)


def test_coordinator_takes_a_partnership_from_selection_to_cooperation(
    new_context: NewContext, demo: Demo
) -> None:
    today = date.today()
    page = new_context().new_page()
    log_in(page, *COORDINATOR)

    # --- selection ----------------------------------------------------------
    board_column = page.get_by_role("region", name=re.compile(r"^1\s+Selection"))
    board_column.get_by_role("link", name=TITLE, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    partnership_id = demo.partnership_id(TITLE)
    expect(page).to_have_url(re.compile(rf"/partnerships/{partnership_id}$"))
    expect_current_step(page, "1. Selection")
    expect(checklist(page)).to_contain_text("Everything this step needs is done")
    pdf_link_body(page, "Partner selection report")
    # The introduction will need a contact person for each library: name them now.
    for library, person in ((LUHANSK_LIBRARY, "Olena Kovalenko"), (KRAKOW_LIBRARY, "Anna Nowak")):
        row = party(page, library)
        row.get_by_text("Contact person and signatory").click()
        row.get_by_label("Contact person", exact=True).fill(person)
        row.get_by_label("Their e-mail").fill(f"{person.split()[0].lower()}@example.org")
        row.get_by_label("Languages they speak").fill("en")
        row.get_by_label("Signatory", exact=True).fill(f"Director of {library}"[:200])
        row.get_by_label("Signatory's position").fill("Director")
        row.get_by_role("button", name="Save the contact details").click()
        expect(page.get_by_role("status")).to_have_text(
            f"The contact person of {library} has been saved."
        )
        expect(party(page, library)).to_contain_text(person)
    advance(page, "Introduction")

    # --- introduction -------------------------------------------------------
    expect_current_step(page, "2. Introduction")
    expect(history_row(page, "Selection → Introduction")).to_contain_text(
        "Advance to the next step"
    )
    expect(history_row(page, "Selection → Introduction")).to_contain_text("Coordinator")
    for missing in (
        "The first partnership meeting is not recorded",
        "The second partnership meeting is not recorded",
        "No leader of the partnership has been chosen",
    ):
        expect(checklist(page)).to_contain_text(missing)
    expect(checklist(page)).not_to_contain_text("has not named a contact person")
    expect(
        page.locator("#moves").get_by_role("button", name="Advance to the next step")
    ).to_be_disabled()

    for number, heading in ((1, "First partnership meeting"), (2, "Second partnership meeting")):
        held = meeting(page, heading)
        held.get_by_label("Date and time").fill(
            f"{today - timedelta(days=30 - number):%Y-%m-%d}T15:00"
        )
        held.get_by_label("Place or link").fill("https://meet.example.org/luhansk-krakow")
        held.get_by_label("Attendance").fill("Directors and contact persons of both libraries.")
        held.get_by_label("Minutes").fill(f"Meeting {number}: we agreed the next steps.")
        held.get_by_role("button", name="Save the meeting").click()
        expect(page.get_by_role("status")).to_have_text(
            f"Partnership meeting {number} has been recorded."
        )
        held = meeting(page, heading)
        held.get_by_label("What worked", exact=True).fill("Everyone spoke; a good start.")
        held.get_by_role("button", name="Save the evaluation").click()
        expect(page.get_by_role("status")).to_have_text(
            f"The evaluation of partnership meeting {number} has been saved."
        )
    leader = page.get_by_role("region", name="Leader and rules of cooperation")
    leader.get_by_label("Leader").select_option(label=LUHANSK_LIBRARY)
    leader.get_by_label("Rules of cooperation").fill("We meet online once a month.")
    leader.get_by_role("button", name="Save the leader and the rules").click()
    expect(page.get_by_role("status")).to_have_text(
        "The leader and the rules of cooperation have been saved."
    )
    expect(checklist(page)).to_contain_text("Everything this step needs is done")
    pdf_link_body(page, "Meeting record")
    advance(page, "Memorandum of cooperation")

    # --- memorandum ---------------------------------------------------------
    expect_current_step(page, "3. Memorandum of cooperation")
    expect(checklist(page)).to_contain_text("The memorandum has not been generated")
    # The next action is found from what is missing: Generate stands beside
    # the checklist, in the first screen, and the missing item leads to it.
    generate = page.get_by_role("button", name="Generate memorandum (new version)")
    page.goto(f"/partnerships/{partnership_id}")
    expect(generate).to_be_in_viewport()
    checklist(page).get_by_role("link", name="The memorandum has not been generated").click()
    expect(page).to_have_url(re.compile(r"#memorandum-actions$"))
    expect(generate).to_be_in_viewport()
    generate.click()
    expect(page.get_by_role("status")).to_have_text("Version 1 of the memorandum is ready.")
    for library in (LUHANSK_LIBRARY, KRAKOW_LIBRARY):
        expect(checklist(page)).to_contain_text(f"{library} has not signed the current version")
    pdf_link_body(page, "Memorandum of cooperation")

    for email, password in (LUHANSK, ("krakow@example.org", LIBRARIAN_PASSWORD)):
        sign_memorandum_as(new_context().new_page(), email, password, partnership_id)

    page.reload()
    for library in (LUHANSK_LIBRARY, KRAKOW_LIBRARY):
        expect(party(page, library)).to_contain_text("Signed version 1")
    expect(checklist(page)).to_contain_text("Everything this step needs is done")
    advance(page, "Joint activity plan")

    # --- planning -----------------------------------------------------------
    expect_current_step(page, "4. Joint activity plan")
    expect(checklist(page)).to_contain_text("The plan has no activities yet")
    plan = page.locator("#plan")
    plan.get_by_label("Activity", exact=True).fill("Online book club, Luhansk and Kraków")
    plan.get_by_label("Direction").select_option(label="Cultural and professional exchange")
    plan.get_by_label("Responsible party").select_option(label=KRAKOW_LIBRARY)
    plan.get_by_label("Starts on").fill(f"{today + timedelta(days=14):%Y-%m-%d}")
    plan.get_by_label("Ends on").fill(f"{today + timedelta(days=44):%Y-%m-%d}")
    plan.get_by_label("Resources").fill("A video call and two moderators")
    plan.get_by_label("Indicator").fill("30 participants")
    plan.get_by_role("button", name="Add to the plan").click()
    expect(page.get_by_role("status")).to_have_text("The activity has been added to the plan.")
    expect(page.locator("#plan").get_by_role("row")).to_have_count(2)
    for library in (LUHANSK_LIBRARY, KRAKOW_LIBRARY):
        expect(checklist(page)).to_contain_text(f"{library} has not approved the current plan")
        page.get_by_role("button", name=f"Approve the plan (version 1) for {library}").click()
        expect(page.get_by_role("status")).to_have_text(
            f"{library} has approved version 1 of the plan."
        )
    expect(checklist(page)).to_contain_text("Everything this step needs is done")
    pdf_link_body(page, "Joint activity plan")
    advance(page, "Information campaign")

    # --- campaign -----------------------------------------------------------
    expect_current_step(page, "5. Information campaign")
    expect(checklist(page)).to_contain_text("No publication is planned yet")
    # The publication form (the audience form above it has key-message fields too).
    campaign = page.locator("#campaign form").filter(
        has=page.get_by_role("button", name="Add to the campaign")
    )
    campaign.get_by_label("Channel").select_option(label="Website")
    campaign.get_by_label("Language").select_option(label="Polish")
    campaign.get_by_label("Message").fill("Biblioteki w Krakowie i Ługańsku są siostrami.")
    campaign.get_by_label("Planned for").fill(f"{today - timedelta(days=2):%Y-%m-%d}")
    campaign.get_by_label("Published on").fill(f"{today - timedelta(days=1):%Y-%m-%d}")
    campaign.get_by_label("Address").fill("https://example.org/news/luhansk-krakow")
    campaign.get_by_label("Reach").fill("350")
    campaign.get_by_role("button", name="Add to the campaign").click()
    expect(page.get_by_role("status")).to_have_text(
        "The publication has been added to the campaign."
    )
    expect(checklist(page)).to_contain_text("Everything this step needs is done")
    pdf_link_body(page, "Campaign brief and report")
    pdf_link_body(page, "Press release")
    advance(page, "Cooperation")

    # --- cooperation --------------------------------------------------------
    expect_current_step(page, "Cooperation")
    for moved in (
        "Selection → Introduction",
        "Introduction → Memorandum of cooperation",
        "Memorandum of cooperation → Joint activity plan",
        "Joint activity plan → Information campaign",
        "Information campaign → Cooperation",
    ):
        expect(history_row(page, moved)).to_have_count(1)
        expect(history_row(page, moved)).to_contain_text("Advance to the next step")
    documents = page.locator("#documents").get_by_role("link")
    expect(documents).to_have_text(
        [
            "Partner selection report",
            "Meeting record",
            "Evaluation of the meetings",
            "Memorandum of cooperation",
            "Joint activity plan",
            "Campaign brief and report",
            "Press release",
        ]
    )
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Partnerships").click()
    cooperation = page.get_by_role("region", name=re.compile(r"^Cooperation"))
    expect(cooperation.get_by_role("link", name=TITLE, exact=True)).to_be_visible()
