"""Rate limits (Flask-Limiter) on logging in, the one-time codes and the public forms.

The counters live in Redis when ``REDIS_URL`` is set (several app servers
then share them) and in the process's memory otherwise. A refused request
gets 429 with ``Retry-After`` and a page saying when to try again.
"""

from __future__ import annotations

import hashlib
import math
import os
import time
from typing import Any

from flask import Flask, current_app, render_template, request, session
from flask_babel import format_datetime, ngettext
from flask_babel import gettext as _
from flask_limiter import RateLimitExceeded
from flask_limiter.util import get_remote_address

from web.extensions import limiter

#: The limits, each overridable in the environment (``RATELIMIT_LOGIN_ACCOUNT``, …).
#: Failed logins only count: a person who types the right password is never held up.
DEFAULTS = {
    "RATELIMIT_LOGIN_ACCOUNT": "10 per 15 minutes",
    "RATELIMIT_LOGIN_ADDRESS": "50 per 15 minutes",
    "RATELIMIT_CODE_TOKEN": "10 per 15 minutes",
    "RATELIMIT_CODE_ADDRESS": "30 per 15 minutes",
    "RATELIMIT_FORMS_ADDRESS": "20 per hour",
}


def configured(name: str) -> Any:
    """A limit read from the configuration when a request needs it."""
    return lambda: current_app.config[name]


def _digest(value: str) -> str:
    # The key holds no e-mail address or token in the clear (Redis may be shared).
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def account_key() -> str:
    """The account a login or second-factor attempt is for."""
    pending = session.get("2fa_pending")
    if request.endpoint == "two_factor.code" and isinstance(pending, dict):
        return f"user:{pending.get('user')}"
    return "account:" + _digest((request.form.get("email") or "").strip().lower())


def token_key() -> str:
    """The signing link a code is asked for or typed on."""
    return "link:" + _digest((request.view_args or {}).get("token", ""))


def address_key() -> str:
    return "address:" + (get_remote_address() or "unknown")


def failed(response: Any) -> bool:
    """A refused attempt (wrong password or code) counts against the limit."""
    return bool(response.status_code in (401, 403, 410, 422))


def login_attempts(view: Any) -> Any:
    """Failed attempts to log in (the password, then the code) per account and per address."""
    for name, key in (
        ("RATELIMIT_LOGIN_ADDRESS", address_key),
        ("RATELIMIT_LOGIN_ACCOUNT", account_key),
    ):
        limit = limiter.limit(configured(name), key_func=key, methods=["POST"], deduct_when=failed)
        view = limit(view)
    return view


def _retry_after(error: RateLimitExceeded) -> int:
    current = limiter.current_limit
    if current is not None and current.breached:
        return max(1, math.ceil(current.window[0] - time.time()))
    return max(1, int(error.limit.limit.get_expiry()))


def too_many(error: RateLimitExceeded) -> Any:
    seconds = _retry_after(error)
    minutes = max(1, math.ceil(seconds / 60))
    from datetime import UTC, datetime, timedelta

    at = datetime.now(UTC) + timedelta(seconds=seconds)
    message = ngettext(
        "Too many attempts. Please try again in %(num)d minute (at %(time)s).",
        "Too many attempts. Please try again in %(num)d minutes (at %(time)s).",
        minutes,
        time=format_datetime(at, "short"),
    )
    body = render_template(
        "errors/error.html", status=429, title=_("Too many attempts"), message=message
    )
    return body, 429, {"Retry-After": str(seconds)}


def init_app(app: Flask) -> None:
    for name, value in DEFAULTS.items():
        app.config.setdefault(name, os.environ.get(name) or value)
    redis_url = os.environ.get("REDIS_URL")
    app.config.setdefault("RATELIMIT_STORAGE_URI", redis_url or "memory://")
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "sister")
    # Redis gone away: count in this process rather than refuse every login.
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    limiter.init_app(app)
    app.register_error_handler(429, too_many)
