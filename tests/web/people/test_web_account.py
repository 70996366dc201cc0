"""The notifications page and the reminders command."""

from __future__ import annotations

from datetime import date

from workflow.models import User


def test_a_librarian_turns_reminders_off_and_sees_no_digest_option(world, login, session_factory):
    client = login("kyiv@example.org")
    page = client.get("/account/notifications").text
    assert "Remind me when a partnership waits for my library" in page
    assert "morning digest" not in page
    response = client.post("/account/notifications", data={}, follow_redirects=True)
    assert "Your notification settings have been saved." in response.text
    s = session_factory()
    assert s.get(User, world.kyiv_librarian).notify_reminders is False
    s.close()


def test_a_coordinator_keeps_the_digest(world, login, session_factory):
    client = login("coordinator@example.org")
    assert "morning digest" in client.get("/account/notifications").text
    client.post("/account/notifications", data={"digest": "y"})
    s = session_factory()
    user = s.get(User, world.coordinator)
    assert (user.notify_reminders, user.notify_digest) == (False, True)
    s.close()


def test_the_reminders_command_prints_what_it_sent(app, world):
    result = app.test_cli_runner().invoke(
        args=["reminders", "send", "--today", date.today().isoformat()]
    )
    assert result.exit_code == 0, result.output
    assert "0 reminder(s) and 1 digest(s) sent." in result.output
