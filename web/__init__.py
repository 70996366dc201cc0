"""The web interface: the only package that imports Flask.

``create_app`` follows Flask's tutorial: extensions are created unbound in
``web.extensions`` and attached here; nothing reads configuration at import
time.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

import states
from states.base import ROLE_TITLES, STAFF, TRIGGER_TITLES
from web import bounds, cli, db, errors, headers, health, i18n, labels, limits, uploads
from web.api import views as api
from web.campaign import views as campaign
from web.cockpit import board, reminders_cli, reports
from web.cooperation import cli as checkins_cli
from web.cooperation import views as cooperation
from web.extensions import babel, csrf
from web.feeds import views as feeds
from web.hours import views as hours
from web.introduction import views as introduction
from web.lifecycle import documents_cli
from web.lifecycle import views as partnerships
from web.lifecycle.page import ROW
from web.mail import views as outbox
from web.memorandum import clauses, signing
from web.memorandum import views as memorandum
from web.people import account, auth, tokens, two_factor
from web.people import cli as users_cli
from web.planning import views as planning
from web.public import views as public
from web.registry import applications, libraries
from web.registry import cli as libraries_cli
from web.selection import views as selection

#: Every feature's blueprint, the partnership page's frame first.
BLUEPRINTS = (
    partnerships,
    selection,
    introduction,
    memorandum,
    signing,
    clauses,
    planning,
    campaign,
    cooperation,
    board,
    reports,
    feeds,
    hours,
    outbox,
    public,
    api,
    tokens,
    account,
    two_factor,
    libraries,
    applications,
    health,
)
#: Commands of ``flask --app wsgi``, besides ``demo`` and ``diagram`` (``web.cli``).
COMMANDS = (
    checkins_cli.checkins,
    libraries_cli.libraries,
    reminders_cli.reminders,
    documents_cli.documents,
    users_cli.users,
)

#: The repository root (``translations/`` lives there).
ROOT = Path(__file__).resolve().parent.parent


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def _hours(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name) or default)
    except ValueError:
        return default


def _secret_key(instance_path: str) -> str:
    """A random key generated once and kept in ``instance/secret_key``."""
    path = Path(instance_path) / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    key = secrets.token_hex(32)
    # O_EXCL: when two workers start at once, the second reads the first's key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as f:
        f.write(key)
    return key


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(
        DATABASE_URL=os.environ.get("DATABASE_URL")
        or f"sqlite:///{Path(app.instance_path) / 'sister.sqlite3'}",
        BABEL_TRANSLATION_DIRECTORIES=str(ROOT / "translations"),
        BABEL_DEFAULT_LOCALE="en",
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_HTTPONLY=True,
        # Behind HTTPS the cookie is sent over HTTPS only.
        SESSION_COOKIE_SECURE=_flag("SESSION_COOKIE_SECURE"),
        # A session ends after this long without a request (the cookie's
        # signature carries its age; Flask refuses an older one).
        PERMANENT_SESSION_LIFETIME=timedelta(hours=_hours("SESSION_LIFETIME_HOURS", 12)),
        REQUIRE_STAFF_2FA=_flag("REQUIRE_STAFF_2FA"),
    )
    if os.environ.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    if test_config:
        app.config.update(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(app.instance_path)

    proxies = int(os.environ.get("TRUSTED_PROXIES") or 0)
    if proxies:
        # The address and scheme the client used, as the proxy in front tells them.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )
    bounds.init_app(app)
    db.init_app(app)
    # Before the CSRF check reads a form: it bounds what may be read.
    uploads.init_app(app)
    csrf.init_app(app)
    limits.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    auth.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)
    headers.init_app(app)
    for module in BLUEPRINTS:
        app.register_blueprint(module.bp)
    for command in COMMANDS:
        app.cli.add_command(command)
    app.context_processor(_labels)
    app.jinja_env.filters["language_title"] = _language_title
    cli.init_app(app)
    return app


def _language_title(code: str) -> str:
    return str(labels.LANGUAGE_TITLES.get(code, code))


def _labels() -> dict[str, Any]:
    """Titles of stored values, for every template."""
    return {
        "role_titles": ROLE_TITLES,
        "step_titles": {name: step.title for name, step in states.BY_NAME.items()},
        "trigger_title": lambda trigger: TRIGGER_TITLES.get(trigger, labels.CREATED),
        "kind_titles": labels.KIND_TITLES,
        "party_role_titles": labels.PARTY_ROLE_TITLES,
        "sector_titles": labels.SECTOR_TITLES,
        "direction_titles": labels.DIRECTION_TITLES,
        "channel_titles": labels.CHANNEL_TITLES,
        "activity_status_titles": labels.ACTIVITY_STATUS_TITLES,
        "language_titles": labels.LANGUAGE_TITLES,
        "place_kind_titles": labels.PLACE_KIND_TITLES,
        "row": ROW,
        "staff_roles": STAFF,
        #: The state names, to compare a status with (``states.PLANNING``, ...).
        "states": states,
    }
