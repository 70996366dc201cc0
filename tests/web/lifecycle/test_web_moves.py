"""Moving a partnership from its page."""

from __future__ import annotations

import re


def move_form(html: str, trigger: str) -> str:
    match = re.search(rf'<form [^>]*class="move move-{trigger}[^"]*".*?</form>', html, re.S)
    assert match, f"no {trigger} form"
    return match.group(0)


def test_a_coordinator_advances_a_ready_partnership_and_sees_the_next_step(world, login, read):
    client = login("coordinator@example.org")
    page = client.get(f"/partnerships/{world.sister}").text
    assert "Everything this step needs is done" in page
    assert 'aria-current="step"' in page
    response = client.post(
        f"/partnerships/{world.sister}/moves/advance", data={"move-advance-version": 1}
    )
    assert response.status_code == 302
    assert response.location == f"/partnerships/{world.sister}"
    page = client.get(response.location).text
    assert "The partnership is now at the step “Introduction”." in page
    current = re.search(
        r'<li class="lifecycle-step is-current" aria-current="step">.*?</li>', page, re.S
    )
    assert current and "Introduction" in current.group(0)
    history = page.split('id="history"', 1)[1]
    assert "Advance to the next step" in history
    assert "Selection → Introduction" in history
    assert read(world.sister).status == "introduction"


def test_advance_is_not_offered_while_the_step_misses_something(world, login, put):
    put(world.sister, status="introduction")
    page = login("coordinator@example.org").get(f"/partnerships/{world.sister}").text
    assert "has not named a contact person" in page
    assert "The first partnership meeting is not recorded" in page
    assert "No leader of the partnership has been chosen" in page
    assert "Everything this step needs is done" not in page
    form = move_form(page, "advance")
    assert "is-disabled" in form
    assert "disabled>" in form


def test_a_forged_advance_is_refused_with_what_is_missing(world, login, put, read):
    put(world.sister, status="introduction")
    client = login("coordinator@example.org")
    response = client.post(
        f"/partnerships/{world.sister}/moves/advance", data={"move-advance-version": 1}
    )
    assert response.status_code == 302
    page = client.get(response.location).text
    assert "The step is not complete yet." in page
    assert 'class="flash flash-error"' in page
    assert "The second partnership meeting is not recorded" in page
    assert read(world.sister).status == "introduction"


def test_withdraw_without_the_confirmation_box_is_refused(world, login, read):
    client = login("coordinator@example.org")
    response = client.post(
        f"/partnerships/{world.sister}/moves/withdraw",
        data={"move-withdraw-version": 1, "move-withdraw-reason": "The library closed"},
    )
    assert response.status_code == 422
    assert "Tick the box to confirm this move." in response.text
    assert "The library closed" in response.text
    assert read(world.sister).status == "selection"


def test_withdraw_without_a_reason_is_refused(world, login, read):
    client = login("coordinator@example.org")
    response = client.post(
        f"/partnerships/{world.sister}/moves/withdraw",
        data={"move-withdraw-version": 1, "move-withdraw-confirm": "y"},
    )
    assert response.status_code == 422
    assert "Please give a reason for this move." in response.text
    assert read(world.sister).status == "selection"
    assert len(read(world.sister).history) == 1


def test_withdraw_with_a_reason_and_the_box_ticked_withdraws(world, login, read):
    client = login("coordinator@example.org")
    page = client.get(f"/partnerships/{world.sister}").text
    assert "I understand this cannot be undone" in move_form(page, "withdraw")
    response = client.post(
        f"/partnerships/{world.sister}/moves/withdraw",
        data={
            "move-withdraw-version": 1,
            "move-withdraw-reason": "The library closed",
            "move-withdraw-confirm": "y",
        },
    )
    assert response.status_code == 302
    page = client.get(response.location).text
    assert 'class="badge badge-withdrawn"' in page
    assert "The library closed" in page
    assert read(world.sister).status == "withdrawn"


def test_a_stale_version_gets_the_conflict_message_and_no_move(world, login, read):
    client = login("coordinator@example.org")
    response = client.post(
        f"/partnerships/{world.sister}/moves/advance", data={"move-advance-version": 0}
    )
    assert response.status_code == 302
    page = client.get(response.location).text
    assert "Someone else changed this partnership a moment ago." in page
    assert read(world.sister).status == "selection"


def test_a_librarian_is_offered_no_moves_and_a_forged_one_is_forbidden(world, login, read):
    client = login("kyiv@example.org")
    page = client.get(f"/partnerships/{world.sister}").text
    assert "There is no move for you to make here." in page
    response = client.post(
        f"/partnerships/{world.sister}/moves/advance", data={"move-advance-version": 1}
    )
    assert response.status_code == 403
    assert read(world.sister).status == "selection"


def test_a_partnership_on_hold_shows_the_badge_and_resumes_where_it_stopped(world, login, read):
    client = login("coordinator@example.org")
    client.post(
        f"/partnerships/{world.sister}/moves/hold",
        data={"move-hold-version": 1, "move-hold-reason": "Summer break"},
    )
    page = client.get(f"/partnerships/{world.sister}").text
    assert 'class="badge badge-on_hold"' in page
    assert 'class="lifecycle-step is-held"' in page
    assert "Resume" in move_form(page, "resume")
    response = client.post(
        f"/partnerships/{world.sister}/moves/resume", data={"move-resume-version": 2}
    )
    assert response.status_code == 302
    assert read(world.sister).status == "selection"


def test_in_cooperation_closing_comes_after_the_ordinary_moves(world, login, put):
    put(world.sister, status="cooperation")
    html = login("coordinator@example.org").get(f"/partnerships/{world.sister}").text
    order = re.findall(r'class="move move-(\w+)', html)
    assert order[0] != "close", order
    # Closing and withdrawing end the partnership: last, and each confirmed.
    assert set(order[-2:]) == {"close", "withdraw"}, order
    assert 'name="move-close-confirm"' in move_form(html, "close")
