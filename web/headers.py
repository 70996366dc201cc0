"""Security headers on every response: HTML, PDF, JSON, feeds, errors, static files.

The Content-Security-Policy allows no inline script and no inline style: the
app's behaviours are in ``static/app.js`` and its looks in ``static/app.css``,
so a value that escaped escaping still cannot run. The one exception are the
``<style>`` elements of the charts pygal draws on the server: each is allowed
by its SHA-256 (``allow_style``), in the response that carries it only.

HSTS is sent when the app is configured for HTTPS: ``SESSION_COOKIE_SECURE``
or ``PREFERRED_URL_SCHEME=https`` (from the configuration or the environment).
"""

from __future__ import annotations

import base64
import hashlib
import os

from flask import Flask, g
from werkzeug.wrappers import Response

#: The policy's fixed part; ``style-src`` gets the hashes of the page's charts.
POLICY = (
    "default-src 'self'",
    "script-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)
#: Two years, the preload list's minimum (https://hstspreload.org/).
HSTS = "max-age=63072000; includeSubDomains"
_TRUE = ("1", "true", "yes", "on")


def allow_style(css: str) -> None:
    """Allow the inline ``<style>`` element holding ``css`` in this response."""
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    g.setdefault("csp_styles", set()).add(f"'sha256-{digest}'")


def content_security_policy() -> str:
    styles = " ".join(["'self'", *sorted(g.get("csp_styles", ()))])
    return "; ".join([*POLICY, f"style-src {styles}"])


def https_configured(app: Flask) -> bool:
    """Whether the app is served over HTTPS, as its configuration or environment says."""
    secure = app.config.get("SESSION_COOKIE_SECURE")
    if secure is None or secure is False:
        secure = os.environ.get("SESSION_COOKIE_SECURE", "").strip().lower() in _TRUE
    scheme = app.config.get("PREFERRED_URL_SCHEME") or "http"
    if scheme == "http":
        scheme = os.environ.get("PREFERRED_URL_SCHEME", "http").strip().lower()
    return bool(secure) or scheme == "https"


def init_app(app: Flask) -> None:
    @app.after_request
    def security_headers(response: Response) -> Response:
        headers = response.headers
        headers["Content-Security-Policy"] = content_security_policy()
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "same-origin"
        headers["X-Frame-Options"] = "DENY"
        if https_configured(app):
            headers["Strict-Transport-Security"] = HSTS
        return response
