"""Web fixtures: an app bound to the test's rolled-back transaction, and a small world.

Uses ``session_factory`` from ``tests/conftest.py`` (sessions joined to an
outer transaction that is rolled back after each test).
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from web import create_app
from workflow.models import Organisation, Partnership, Programme, User
from workflow.people.users import create_user
from workflow.selection.partnerships import create_partnership

PASSWORD = "password-123"


@pytest.fixture
def world(session_factory: Callable[[], Session]) -> SimpleNamespace:
    """Two sister partnerships in selection, their libraries and their people (as ids)."""
    s = session_factory()
    programme = Programme(name="Sister Libraries 2026")
    kyiv = Organisation(name="Київська міська бібліотека", country="UA", city="Київ")
    krakow = Organisation(name="Biblioteka Kraków", country="PL", city="Kraków")
    lviv = Organisation(name="Львівська бібліотека", country="UA", city="Львів")
    vilnius = Organisation(name="Vilnius City Library", country="LT", city="Vilnius")
    school = Organisation(
        name="Szkoła Podstawowa nr 1", country="PL", kind="organisation", sector="public"
    )
    s.add_all([programme, kyiv, krakow, lviv, vilnius, school])
    s.flush()

    def user(email: str, role: str, org: Organisation | None = None) -> int:
        u = create_user(
            s,
            email=email,
            name=email.split("@")[0].title(),
            password=PASSWORD,
            role=role,
            organisation_id=org.id if org else None,
        )
        s.flush()
        return u.id

    ids = SimpleNamespace(
        programme=programme.id,
        kyiv=kyiv.id,
        krakow=krakow.id,
        lviv=lviv.id,
        vilnius=vilnius.id,
        school=school.id,
        coordinator=user("coordinator@example.org", "coordinator"),
        animator=user("animator@example.org", "animator"),
        kyiv_librarian=user("kyiv@example.org", "librarian", kyiv),
        krakow_librarian=user("krakow@example.org", "librarian", krakow),
        lviv_librarian=user("lviv@example.org", "librarian", lviv),
    )
    s.commit()
    coordinator = s.get(User, ids.coordinator)
    assert coordinator is not None

    def partnership(title: str, lead: int, partner: int) -> int:
        p = create_partnership(
            s,
            coordinator,
            programme_id=ids.programme,
            kind="sister",
            title=title,
            languages=["uk", "en"],
            lead_organisation_id=lead,
            partner_organisation_id=partner,
            reason="Similar cities",
        )
        return p.id

    ids.sister = partnership("Kyiv – Kraków", kyiv.id, krakow.id)
    ids.other = partnership("Lviv – Vilnius", lviv.id, vilnius.id)
    s.close()
    return ids


@pytest.fixture
def put(session_factory: Callable[[], Session]) -> Callable[..., None]:
    """Set a partnership's columns directly: test set-up, not a use case."""

    def put(partnership_id: int, **values: Any) -> None:
        s = session_factory()
        s.execute(update(Partnership).where(Partnership.id == partnership_id).values(**values))
        s.commit()
        s.close()

    return put


@pytest.fixture
def read(session_factory: Callable[[], Session]) -> Callable[[int], Partnership]:
    """The partnership as the database now has it."""

    def read(partnership_id: int) -> Partnership:
        s = session_factory()
        p = s.get(Partnership, partnership_id)
        assert p is not None
        _ = (p.parties, p.meetings, p.history, p.activities, p.publications)
        s.close()
        return p

    return read


@pytest.fixture
def app(session_factory: Callable[[], Session], tmp_path: Any) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "WTF_CSRF_ENABLED": False,
            "SESSION_FACTORY": session_factory,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        }
    )


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def login(client: FlaskClient) -> Callable[[str], FlaskClient]:
    def login(email: str, password: str = PASSWORD) -> FlaskClient:
        response = client.post("/login", data={"email": email, "password": password})
        assert response.status_code == 302, response.text
        return client

    return login
