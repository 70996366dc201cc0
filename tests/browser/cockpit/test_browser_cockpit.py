"""Issue 7's "done when", in the browser: the coordinator filters the board and
sees who is late, receives the morning digest, downloads the funder's report
with its charts, and a script with a token moves a partnership through the API
exactly as the screen would.

The demo's Odesa – Kraków has been in its campaign longer than the step's
target; the script holds and resumes the local partnership in Lipnica.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from browser_support import COORDINATOR, ROOT, Demo, NewContext, log_in
from playwright.sync_api import expect

from workflow.demo import PROGRAMME

LATE = "Odesa – Kraków"
MOVED = "Partnerstwo lokalne w Lipnicy"

pytestmark = pytest.mark.browser


def test_the_coordinator_sees_who_is_late_reports_and_scripts_a_move(
    new_context: NewContext, demo: Demo
) -> None:
    page = new_context().new_page()
    log_in(page, *COORDINATOR)

    # --- the board: filter it down to the late ones --------------------------
    filters = page.get_by_role("search", name="Filter the board")
    filters.get_by_label("Overdue").check()
    filters.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"overdue=y"))
    card = page.locator(".partnership-card").filter(has_text=LATE)
    expect(card).to_contain_text("Overdue: the target is 30 days")
    expect(card).to_contain_text(re.compile(r"Waiting for .+ since"))
    expect(page.locator(".partnership-card").filter(has_text=MOVED)).to_have_count(0)
    expect(page.get_by_role("status")).to_contain_text("match")

    # --- the morning digest, from the cron command ---------------------------
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{demo.database}"}
    env.pop("MAIL_SERVER", None)
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "reminders", "send"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Outbox").click()
    digest = page.locator(".outbox-message").filter(
        has_text=re.compile(r"Partnerships this morning: \d+ overdue")
    )
    expect(digest.first).to_contain_text("To: coordinator@example.org")
    expect(digest.first).to_contain_text(LATE)

    # --- the funder's report ---------------------------------------------------
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Reports").click()
    page.get_by_role("main").get_by_role("link", name=PROGRAMME).click()
    expect(page.locator("svg[role=img]")).to_have_count(4)
    # The charts carry no script (the page's one script is the app's own file).
    expect(page.get_by_role("main").locator("script")).to_have_count(0)
    csv_link = page.locator("#countries").get_by_role("link", name="CSV")
    href = csv_link.get_attribute("href")
    assert href
    response = page.context.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "UA" in response.text()
    # The animator's hours in the demo, against the lead libraries' budgets.
    expect(page.locator("#hours")).to_contain_text("Gminna Biblioteka Publiczna w Lipnicy")

    # --- a script with a token ---------------------------------------------------
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="API tokens").click()
    page.get_by_label("Name").fill("funder sync")
    page.get_by_role("button", name="Make a token").click()
    token = page.get_by_label("Copy it now: it is shown only this once.").input_value()
    assert token.startswith("sl_")

    script = new_context().request  # no cookies: only the token speaks
    auth = {"Authorization": f"Bearer {token}"}
    found = script.get("/api/v1/partnerships", params={"q": MOVED}, headers=auth).json()
    (partnership,) = found["items"]
    path = f"/api/v1/partnerships/{partnership['id']}/moves"
    refused = script.post(path, data={"trigger": "advance"}, headers=auth)
    assert refused.status == 409
    assert refused.headers["content-type"] == "application/problem+json"
    missing = refused.json()["missing"]
    held = script.post(
        path, data={"trigger": "hold", "reason": "Summer break of both libraries"}, headers=auth
    )
    assert held.status == 200, held.text()
    assert held.json()["partnership"]["status"] == "on_hold"
    resumed = script.post(path, data={"trigger": "resume"}, headers=auth)
    assert resumed.json()["partnership"]["status"] == "planning"

    # The screen shows what the script did, as if done there.
    page.goto(f"/partnerships/{partnership['id']}")
    history = page.get_by_role("region", name="History")
    expect(history.get_by_role("row").filter(has_text="Put on hold")).to_contain_text(
        "Summer break of both libraries"
    )
    expect(history.get_by_role("row").filter(has_text="Resume")).to_have_count(1)
    for item in missing:
        expect(page.locator("#step")).to_contain_text(item)
