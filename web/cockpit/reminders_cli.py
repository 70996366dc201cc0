"""``flask --app wsgi reminders send [--today YYYY-MM-DD]``: for cron, every morning.

Reminds the libraries a partnership waits for (before its step's target date,
on it, then weekly) and sends each coordinator the morning digest. Running it
twice a day sends no reminder twice. Links point at ``BASE_URL``.
"""

from __future__ import annotations

import os
from datetime import date, datetime

import click
from flask import current_app
from flask.cli import AppGroup

from web.cli import ADDRESS

reminders = AppGroup("reminders", help="Reminders before partnerships stall, and the digest.")


@reminders.command("send")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Pretend today is this date (YYYY-MM-DD).",
)
@click.option("--no-digest", is_flag=True, help="Send the reminders only.")
def send_command(today: datetime | None, no_digest: bool) -> None:
    """Send today's reminders and the coordinators' digest."""
    from workflow.cockpit.reminders import send_digests, send_reminders

    day = today.date() if today else date.today()
    base_url = current_app.config.get("BASE_URL") or os.environ.get("BASE_URL") or ADDRESS
    session = current_app.extensions["session_factory"]()
    try:
        sent = send_reminders(session, day, base_url)
        digests = 0 if no_digest else send_digests(session, day, base_url)
    finally:
        session.close()
    click.echo(f"{sent} reminder(s) and {digests} digest(s) sent.")
