"""``flask --app wsgi users deactivate EMAIL``: close an account; its sessions end."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from states import ADMIN
from web.db import get_session
from workflow.models import User
from workflow.people.users import deactivate


@click.group()
def users() -> None:
    """People's accounts."""


@users.command("deactivate")
@click.argument("email")
@with_appcontext
def deactivate_command(email: str) -> None:
    """Close the account of EMAIL: it can no longer log in, and every session ends."""
    session = get_session()
    user = session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"no account {email}")
    # The command line is the administrator's.
    operator = User(role=ADMIN, email="", name="command line")
    deactivate(session, operator, user.id)
    click.echo(f"{user.email}: deactivated, every session ended")
