"""``flask --app wsgi documents export DIR [--partnership ID]`` and
``flask --app wsgi documents remind-signatures [--days N]`` (for cron, daily).

The export writes every stored PDF and the signing audit logs with a
``manifest.json`` (see ``workflow.memorandum.archive``). The reminder sends a fresh
signing link to each signatory whose link has waited ``--days`` days; the old
link stops working. Links point at ``BASE_URL``.
"""

from __future__ import annotations

import os

import click
from flask import current_app
from flask.cli import AppGroup

from web.cli import ADDRESS

documents = AppGroup("documents", help="The archive of documents, and signing reminders.")


@documents.command("export")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option(
    "--partnership",
    "partnership_id",
    type=int,
    default=None,
    help="Only this partnership (all when not given).",
)
def export_command(folder: str, partnership_id: int | None) -> None:
    """Write the stored PDFs and audit logs under FOLDER with a manifest.json."""
    from workflow.memorandum.archive import export

    session = current_app.extensions["session_factory"]()
    try:
        entries = export(session, folder, partnership_id)
    finally:
        session.close()
    click.echo(f"{len(entries)} file(s) written to {folder}.")


@documents.command("remind-signatures")
@click.option(
    "--days",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="Remind when a link has waited this many days.",
)
def remind_command(days: int) -> None:
    """Send a new link to every signatory who has not signed after DAYS days."""
    from workflow.memorandum.signing import remind

    base_url = current_app.config.get("BASE_URL") or os.environ.get("BASE_URL") or ADDRESS
    session = current_app.extensions["session_factory"]()
    try:
        sent = remind(session, days=days, base_url=base_url)
    finally:
        session.close()
    click.echo(f"{sent} reminder(s) sent.")
