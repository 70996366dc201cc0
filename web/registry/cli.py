"""``flask --app wsgi libraries import|export|match``: the registry from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from workflow.errors import DomainError
from workflow.models import LIBRARY_STATUSES, LIBRARY_TYPES, Programme
from workflow.registry.importer import ImportFailed, export_registry, import_register, load_mapping
from workflow.selection.matching import Filters, find_library, match, set_weights


@click.group("libraries")
def libraries() -> None:
    """The library registry: import registers, export it, match libraries."""


def _session():  # type: ignore[no-untyped-def]
    return current_app.extensions["session_factory"]()


@libraries.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--mapping",
    "mapping_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="TOML mapping of the file's columns to profile fields.",
)
@click.option("--dry-run", is_flag=True, help="Validate and report; change nothing.")
@with_appcontext
def import_command(file: Path, mapping_path: Path, dry_run: bool) -> None:
    """Import a register of libraries (CSV), upserting by external id."""
    session = _session()
    try:
        mapping = load_mapping(mapping_path.read_text(encoding="utf-8"))
        raw = file.read_bytes()
        if dry_run:
            report = import_register(session, raw, mapping, dry_run=True)
        else:
            with click.progressbar(
                length=max(1, raw.count(b"\n")), label="Importing", file=sys.stderr
            ) as bar:
                report = import_register(session, raw, mapping, progress=bar.update)
    except ImportFailed as error:
        raise click.ClickException(f"{error.message} Nothing was imported.") from error
    finally:
        session.close()
    for r in report.rejected:
        click.echo(f"line {r.line}: {r.reason}")
    prefix = "dry run: would be " if dry_run else ""
    click.echo(prefix + report.summary())


@libraries.command("export")
@click.argument("file", type=click.File("w", encoding="utf-8", lazy=True), default="-")
@with_appcontext
def export_command(file) -> None:  # type: ignore[no-untyped-def]
    """Write the registry as CSV (to FILE, or standard output)."""
    session = _session()
    try:
        export_registry(session, file)
    finally:
        session.close()


@libraries.command("match")
@click.argument("library")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100))
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="text")
@click.option("--programme", type=int, help="Programme id: its weights and sister cap.")
@click.option("--country", multiple=True, help="Only these countries (ISO 3166, repeatable).")
@click.option("--type", "types", multiple=True, type=click.Choice(LIBRARY_TYPES))
@click.option("--language", multiple=True, help="Only libraries speaking this language.")
@click.option("--status", multiple=True, type=click.Choice(LIBRARY_STATUSES))
@click.option("--without-partner", is_flag=True, help="Only libraries without a sister yet.")
@with_appcontext
def match_command(
    library: str,
    limit: int,
    fmt: str,
    programme: int | None,
    country: tuple[str, ...],
    types: tuple[str, ...],
    language: tuple[str, ...],
    status: tuple[str, ...],
    without_partner: bool,
) -> None:
    """The best candidates for LIBRARY (an id or an external id), explained."""
    session = _session()
    try:
        org = find_library(session, library)
        if org is None:
            raise click.ClickException(f"No library {library!r}.")
        prog = (
            session.get(Programme, programme)
            if programme
            else session.scalar(select(Programme).order_by(Programme.id))
        )
        filters = Filters(
            countries=tuple(c.upper() for c in country),
            types=types,
            languages=tuple(x.lower() for x in language),
            statuses=status,
            without_partner=without_partner,
        )
        try:
            found = match(session, org.id, programme=prog, filters=filters, limit=limit)
        except DomainError as error:
            raise click.ClickException(str(error.message)) from error
    finally:
        session.close()
    if fmt == "json":
        click.echo(json.dumps([c.as_dict() for c in found], ensure_ascii=False, indent=2))
        return
    for n, c in enumerate(found, 1):
        click.echo(f"{n:2}. {c.score:6.2f}  {c.name} ({c.country}) id={c.id}")
        for f in c.factors:
            click.echo(f"      {f.points:5.2f}  {f.explanation}")


@libraries.command("weights")
@click.argument("programme", type=int)
@click.argument("weights", nargs=-1)
@click.option("--cap", type=click.IntRange(1), help="Sister partnerships a library may have.")
@with_appcontext
def weights_command(programme: int, weights: tuple[str, ...], cap: int | None) -> None:
    """Show or set a programme's matching weights, e.g. ``population=3 type=0``."""
    session = _session()
    try:
        try:
            found = set_weights(session, programme, _parse_weights(weights), cap)
        except DomainError as error:
            raise click.ClickException(str(error.message)) from error
        for factor, weight in found.weights().items():
            click.echo(f"{factor} = {weight:g}")
        click.echo(f"sister cap = {found.sister_cap}")
    finally:
        session.close()


def _parse_weights(pairs: tuple[str, ...]) -> dict[str, float]:
    parsed = {}
    for pair in pairs:
        factor, _, value = pair.partition("=")
        try:
            parsed[factor.strip()] = float(value)
        except ValueError:
            raise click.BadParameter(f"{pair!r}: expected FACTOR=NUMBER") from None
    return parsed
