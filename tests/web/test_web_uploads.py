"""Uploads have limits: the app's, and smaller ones for a PDF to verify and a register."""

from __future__ import annotations

import io
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from web import create_app
from web.uploads import MB, parse_size

SIXTY_MB = 60 * MB


def _post_claiming(client: FlaskClient, path: str, size: int, **kwargs: Any) -> Any:
    """A multipart POST whose Content-Length says ``size``: refused before it is read."""
    return client.post(
        path,
        data={"document": (io.BytesIO(b"%PDF-1.7 tiny"), "big.pdf")},
        content_type="multipart/form-data",
        environ_overrides={"CONTENT_LENGTH": str(size)},
        **kwargs,
    )


def test_a_60_mb_upload_to_verify_is_refused_with_a_clear_page(client: FlaskClient) -> None:
    response = _post_claiming(client, "/verify", SIXTY_MB)
    assert response.status_code == 413
    assert "The file is too large" in response.text
    assert "Send at most 5 MB: the request was larger." in response.text
    # In the visitor's language.
    polish = _post_claiming(client, "/verify?lang=pl", SIXTY_MB)
    assert polish.status_code == 413 and "The file is too large" not in polish.text


def test_a_pdf_within_the_limit_is_still_verified(client: FlaskClient) -> None:
    pdf = b"%PDF-1.7\n" + b"0" * (4 * MB)
    response = client.post(
        "/verify",
        data={"document": (io.BytesIO(pdf), "memorandum.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "Not issued here" in response.text


def test_a_register_larger_than_its_limit_is_refused(
    world: SimpleNamespace, login: Callable[..., FlaskClient]
) -> None:
    client = login("coordinator@example.org")
    response = _post_claiming(client, "/libraries/import", 21 * MB)
    assert response.status_code == 413
    assert "Send at most 20 MB" in response.text


def test_the_api_answers_413_as_problem_details(
    world: SimpleNamespace, client: FlaskClient, login: Callable[..., FlaskClient]
) -> None:
    from tests.web.api.test_web_api import make_token

    token = make_token(client, login, "coordinator@example.org")
    response = client.post(
        f"/api/v1/partnerships/{world.sister}/moves",
        data=b"{}",
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
        environ_overrides={"CONTENT_LENGTH": str(SIXTY_MB)},
    )
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"
    assert response.json["status"] == 413 and "20 MB" in response.json["detail"]


def test_the_limits_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.setenv("MAX_CONTENT_LENGTH", "1M")
    monkeypatch.setenv("VERIFY_MAX_CONTENT_LENGTH", "2M")
    app: Flask = create_app(
        {"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"}
    )
    assert app.config["MAX_CONTENT_LENGTH"] == MB
    # A form's limit never exceeds the app's.
    response = _post_claiming(app.test_client(), "/verify", int(1.5 * MB))
    assert response.status_code == 413 and "Send at most 1 MB" in response.text


@pytest.mark.parametrize(
    "text, size", [("1000", 1000), ("512K", 512 * 1024), ("20M", 20 * MB), ("1G", 1024 * MB)]
)
def test_a_size_is_read_in_bytes_or_with_a_unit(text: str, size: int) -> None:
    assert parse_size(text) == size


def test_a_size_that_is_not_one_stops_the_app_with_its_name() -> None:
    with pytest.raises(ValueError, match="twenty"):
        parse_size("twenty")
