"""The two public application forms, their confirmation, and the coordinators' queue."""

from __future__ import annotations

import re
from collections.abc import Callable
from types import SimpleNamespace

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.models import Application, Organisation, OrganisationChange, OutboxMessage

FORM = {
    "name": "Biblioteka Kraków",
    "country": "pl",
    "city": "Kraków",
    "library_type": "public",
    "population": "800000",
    "directions": ["culture", "humanitarian"],
    "languages": "pl, EN",
    "message": "We would like to host exhibitions.",
    "contact_name": "Anna Nowak",
    "contact_email": "anna@example.org",
}


def _confirm_link(session_factory: Callable[[], Session], to: str) -> str:
    s = session_factory()
    body = s.scalars(select(OutboxMessage).where(OutboxMessage.to == to)).one().body
    match = re.search(r"http://localhost(/apply/confirm/\S+)", body)
    assert match, body
    return match.group(1)


def test_an_application_is_confirmed_by_mail_and_merged_into_its_duplicate(
    world: SimpleNamespace,
    client: FlaskClient,
    login: Callable[..., FlaskClient],
    session_factory: Callable[[], Session],
) -> None:
    response = client.post("/apply/abroad", data=FORM)
    assert response.status_code == 302 and response.headers["Location"].endswith("/apply/sent")
    # Not in the queue before the e-mail is confirmed.
    coordinator = login("coordinator@example.org")
    assert "No confirmed applications are waiting." in coordinator.get("/applications").text
    link = _confirm_link(session_factory, "anna@example.org")
    assert client.get(link).status_code == 200
    queue = coordinator.get("/applications").text
    assert "Likely already in the registry" in queue
    assert f"/libraries/{world.krakow}" in queue
    s = session_factory()
    application = s.scalars(select(Application)).one()
    response = coordinator.post(
        f"/applications/{application.id}/approve", data={"merge_into": str(world.krakow)}
    )
    assert response.status_code == 302
    s = session_factory()
    krakow = s.get(Organisation, world.krakow)
    assert krakow.population == 800000 and krakow.directions_offered == "culture,humanitarian"
    assert krakow.name == "Biblioteka Kraków"
    assert s.scalars(select(OrganisationChange)).one().source == "application"
    assert "No confirmed applications are waiting." in coordinator.get("/applications").text


def test_a_ukrainian_library_without_a_duplicate_is_added_as_a_new_library(
    world: SimpleNamespace,
    client: FlaskClient,
    login: Callable[..., FlaskClient],
    session_factory: Callable[[], Session],
) -> None:
    data = {**FORM, "name": "Бібліотека Ірпеня", "city": "Ірпінь", "contact_email": "i@example.org"}
    data.pop("country")
    client.post("/apply/ukrainian", data=data)
    client.get(_confirm_link(session_factory, "i@example.org"))
    coordinator = login("coordinator@example.org")
    queue = coordinator.get("/applications").text
    assert "Likely already in the registry" not in queue
    application = session_factory().scalars(select(Application)).one()
    coordinator.post(f"/applications/{application.id}/approve")
    org = (
        session_factory()
        .scalars(select(Organisation).where(Organisation.name == "Бібліотека Ірпеня"))
        .one()
    )
    assert org.country == "UA" and org.directions_sought == "culture,humanitarian"


def test_a_form_with_errors_keeps_everything_typed(
    client: FlaskClient, world: SimpleNamespace
) -> None:
    response = client.post("/apply/abroad", data={**FORM, "contact_email": "not an address"})
    assert response.status_code == 422
    assert "Enter an e-mail address." in response.text
    for typed in (
        "Biblioteka Kraków",
        "We would like to host exhibitions.",
        "Anna Nowak",
        "800000",
    ):
        assert typed in response.text
    assert 'value="culture" checked' in response.text or "checked" in response.text


def test_the_honeypot_and_the_rate_limit_keep_bots_out(
    client: FlaskClient, world: SimpleNamespace, session_factory: Callable[[], Session]
) -> None:
    response = client.post("/apply/abroad", data={**FORM, "homepage": "http://spam.example"})
    assert response.status_code == 302
    assert session_factory().scalars(select(Application)).all() == []
    for n in range(5):
        assert (
            client.post(
                "/apply/abroad", data={**FORM, "contact_email": f"a{n}@example.org"}
            ).status_code
            == 302
        )
    refused = client.post("/apply/abroad", data=FORM)
    assert refused.status_code == 429
    assert "Too many applications" in refused.text
    assert "Anna Nowak" in refused.text
    assert len(session_factory().scalars(select(Application)).all()) == 5


def test_only_coordinators_see_the_queue_and_decide(
    world: SimpleNamespace, login: Callable[..., FlaskClient]
) -> None:
    librarian = login("kyiv@example.org")
    assert librarian.get("/applications").status_code == 403
    assert librarian.post("/applications/1/approve").status_code == 403
