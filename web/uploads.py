"""How much a request may send: the app's limit, and smaller ones per form.

``MAX_CONTENT_LENGTH`` bounds every request (Werkzeug refuses a larger body
with 413 before reading it); a view marked ``@limited("VERIFY_MAX_CONTENT_LENGTH")``
gets a smaller bound. The bound is set before Flask-WTF's CSRF check reads
the form, so no oversized body is read into memory anywhere. Each limit comes
from the configuration or the environment, in bytes or with a K, M or G suffix.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, render_template, request
from flask_babel import format_decimal
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge

from web.problems import problem

MB = 1024 * 1024
#: name: default bytes. The app's bound, the registry import's, a PDF to verify's.
LIMITS = {
    "MAX_CONTENT_LENGTH": 20 * MB,
    "IMPORT_MAX_CONTENT_LENGTH": 20 * MB,
    "VERIFY_MAX_CONTENT_LENGTH": 5 * MB,
}
_SIZE = re.compile(r"^\s*(\d+)\s*([KMG]?)i?B?\s*$", re.I)
_UNITS = {"": 1, "K": 1024, "M": MB, "G": 1024 * MB}

View = TypeVar("View", bound=Callable[..., Any])


def parse_size(value: str) -> int:
    """``"5M"`` → 5 MiB; ``"1000"`` → 1000 bytes."""
    found = _SIZE.match(value)
    if not found:
        raise ValueError(f"not a size in bytes (e.g. 20M, 512K, 1000000): {value!r}")
    return int(found.group(1)) * _UNITS[found.group(2).upper()]


def limited(name: str) -> Callable[[View], View]:
    """Bound the requests of this view by the limit ``name`` (one of ``LIMITS``)."""
    assert name in LIMITS, name

    def mark(view: View) -> View:
        view.upload_limit = name  # type: ignore[attr-defined]
        return view

    return mark


def _bound() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    name = getattr(view, "upload_limit", None)
    if name is not None:
        app_bound = current_app.config["MAX_CONTENT_LENGTH"]
        request.max_content_length = min(current_app.config[name], app_bound)


def too_large(error: RequestEntityTooLarge) -> Any:
    limit = request.max_content_length or current_app.config["MAX_CONTENT_LENGTH"]
    size = format_decimal(round(limit / MB, 1))
    message = _("Send at most %(size)s MB: the request was larger.", size=size)
    if request.path.startswith("/api/"):
        return problem(413, "too-large", "Content Too Large", message)
    title = _("The file is too large")
    return render_template("errors/error.html", status=413, title=title, message=message), 413


def init_app(app: Flask) -> None:
    """Set the limits (configuration first, then the environment, then the defaults)
    and bound each request before anything reads its body: call before ``csrf.init_app``."""
    for name, default in LIMITS.items():
        if app.config.get(name) is None:
            raw = os.environ.get(name)
            app.config[name] = parse_size(raw) if raw else default
    app.before_request(_bound)
    app.register_error_handler(RequestEntityTooLarge, too_large)
