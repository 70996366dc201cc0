"""Security headers on every kind of response: pages, PDFs, JSON, errors, static files."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pytest
from flask import Flask
from flask.testing import FlaskClient

from web import create_app


def _policy(header: str) -> dict[str, list[str]]:
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


def assert_secured(response: object) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    policy = _policy(headers["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_every_kind_of_response_carries_the_security_headers(
    world: SimpleNamespace, client: FlaskClient, login: Callable[..., FlaskClient]
) -> None:
    answers = {"login page": client.get("/login"), "static script": client.get("/static/app.js")}
    login("coordinator@example.org")
    answers["board"] = client.get("/")
    answers["pdf"] = client.get(f"/partnerships/{world.sister}/documents/selection_report.pdf")
    answers["json"] = client.get("/api/v1/openapi.json")
    answers["api error"] = client.get("/api/v1/partnerships")  # no token: 401
    answers["not found"] = client.get("/partnerships/999999")
    answers["refused form"] = client.post("/login", data={"email": "x"})
    assert answers["pdf"].mimetype == "application/pdf"
    assert answers["json"].mimetype == "application/json"
    assert answers["api error"].status_code == 401
    assert answers["not found"].status_code == 404
    for name, response in answers.items():
        assert "Strict-Transport-Security" not in response.headers, name
        assert_secured(response)


def test_a_chart_s_style_is_allowed_by_its_hash_and_nothing_else_inline(
    world: SimpleNamespace, client: FlaskClient, login: Callable[..., FlaskClient]
) -> None:
    login("coordinator@example.org")
    response = client.get(f"/reports/{world.programme}")
    assert response.status_code == 200
    styles = _policy(response.headers["Content-Security-Policy"])["style-src"]
    assert styles[0] == "'self'" and len(styles) > 1
    assert all(s.startswith("'sha256-") for s in styles[1:])
    assert ' style="' not in response.text and " onsubmit=" not in response.text
    # A page without charts allows no inline style at all.
    board = client.get("/")
    assert _policy(board.headers["Content-Security-Policy"])["style-src"] == ["'self'"]


@pytest.mark.parametrize(
    "variable, value", [("SESSION_COOKIE_SECURE", "true"), ("PREFERRED_URL_SCHEME", "https")]
)
def test_hsts_is_sent_when_https_is_configured(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    app: Flask = create_app(
        {"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"}
    )
    response = app.test_client().get("/health")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=63072000")
    assert_secured(response)
