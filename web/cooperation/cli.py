"""``flask --app wsgi checkins send [--today YYYY-MM-DD]``: for cron, e.g. daily.

Sends the check-ins that are due (each party of a partnership in cooperation,
every ``Programme.checkin_months`` months) and prints how many were sent.
Running it twice sends nothing twice. Links in the mails point at
``BASE_URL`` (the app's config or the environment).
"""

from __future__ import annotations

import os
from datetime import date, datetime

import click
from flask import current_app
from flask.cli import AppGroup

from web.cli import ADDRESS

checkins = AppGroup("checkins", help="Periodic check-ins of partnerships in cooperation.")


@checkins.command("send")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Pretend today is this date (YYYY-MM-DD).",
)
def send_command(today: datetime | None) -> None:
    """Send the check-ins due today."""
    from workflow.cooperation.checkins import send_checkins

    day = today.date() if today else date.today()
    base_url = current_app.config.get("BASE_URL") or os.environ.get("BASE_URL") or ADDRESS
    session = current_app.extensions["session_factory"]()
    try:
        count = send_checkins(session, day, base_url)
    finally:
        session.close()
    click.echo(f"{count} check-in(s) sent.")
