"""Commands: ``flask --app wsgi demo`` and ``flask --app wsgi diagram``."""

from __future__ import annotations

import click
from flask import Flask, current_app, render_template
from flask.cli import with_appcontext

from web.lifecycle.diagram import layout

ADDRESS = "http://127.0.0.1:5000/"


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Create or upgrade the schema, load the demo data and print the logins."""
    from workflow.demo import load_demo
    from workflow.memorandum.seal import seal_in
    from workflow.schema import upgrade

    url = current_app.config["DATABASE_URL"]
    upgrade(url)
    session = current_app.extensions["session_factory"]()
    try:
        logins = load_demo(
            session,
            seal=seal_in(current_app.config.get("SEAL_DIR") or current_app.instance_path),
            base_url=ADDRESS,
        )
        session.commit()
    finally:
        session.close()
    click.echo(f"Demo data loaded into {url}")
    click.echo(f"Open {ADDRESS} and log in as one of:")
    click.echo()
    rows = [("e-mail", "password", "role"), *logins]
    widths = [max(len(str(r[i])) for r in rows) for i in range(3)]
    for n, row in enumerate(rows):
        line = "  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True))
        click.echo(("  " + line).rstrip())
        if n == 0:
            click.echo("  " + "  ".join("-" * w for w in widths))


@click.command("diagram")
@with_appcontext
def diagram_command() -> None:
    """Print the lifecycle as a standalone SVG document."""
    click.echo(render_template("lifecycle/diagram.svg", **layout()), nl=False)


def init_app(app: Flask) -> None:
    app.cli.add_command(demo_command)
    app.cli.add_command(diagram_command)
