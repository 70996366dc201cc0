"""Contact persons: several per party, shown to the other party only after both accepted."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pytest
from flask.testing import FlaskClient


@pytest.fixture
def named(world: SimpleNamespace, put, read, login, client) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    """Both libraries of world.sister named a contact person; nobody accepted yet."""
    put(world.sister, status="introduction")
    p = read(world.sister)
    world.kyiv_party = p.party_of(world.kyiv).id
    world.krakow_party = p.party_of(world.krakow).id
    for email, party, person in (
        ("kyiv@example.org", world.kyiv_party, "Olena Petrenko"),
        ("krakow@example.org", world.krakow_party, "Anna Nowak"),
    ):
        login(email)
        response = client.post(
            f"/partnerships/{world.sister}/parties/{party}/contact",
            data={
                f"contact-{party}-name": person,
                f"contact-{party}-email": f"{person.split()[0].lower()}@example.org",
                f"contact-{party}-phone": "+48 12 345 67 89",
                f"contact-{party}-timezone": "Europe/Warsaw",
            },
        )
        assert response.status_code == 302
        client.post("/logout")
    return world


def test_the_other_party_s_contacts_are_hidden_until_both_accept(
    named: SimpleNamespace, login: Callable[..., FlaskClient], client: FlaskClient, read
) -> None:  # type: ignore[no-untyped-def]
    login("kyiv@example.org")
    page = client.get(f"/partnerships/{named.sister}").text
    assert "Olena Petrenko" in page
    assert "Anna Nowak" not in page and "anna@example.org" not in page
    assert "Shown once both parties have accepted the partnership." in page
    assert client.post(f"/partnerships/{named.sister}/parties/{named.kyiv_party}/accept")
    assert "Anna Nowak" not in client.get(f"/partnerships/{named.sister}").text
    client.post("/logout")

    login("krakow@example.org")
    # Accepting for the other party is refused.
    refused = client.post(f"/partnerships/{named.sister}/parties/{named.kyiv_party}/accept")
    assert refused.status_code == 403
    client.post(f"/partnerships/{named.sister}/parties/{named.krakow_party}/accept")
    page = client.get(f"/partnerships/{named.sister}").text
    assert "Olena Petrenko" in page and "olena@example.org" in page
    p = read(named.sister)
    kyiv = p.party_of(named.kyiv)
    assert kyiv.accepted_at is not None and kyiv.accepted_by_id == named.kyiv_librarian


def test_staff_see_every_contact_before_consent(
    named: SimpleNamespace, login: Callable[..., FlaskClient]
) -> None:
    page = login("coordinator@example.org").get(f"/partnerships/{named.sister}").text
    assert "Olena Petrenko" in page and "Anna Nowak" in page
    assert "+48 12 345 67 89" in page and "Europe/Warsaw" in page


def test_a_party_names_several_contact_persons(
    named: SimpleNamespace, login: Callable[..., FlaskClient], read
) -> None:  # type: ignore[no-untyped-def]
    client = login("kyiv@example.org")
    key = f"add-contact-{named.kyiv_party}"
    missing = client.post(
        f"/partnerships/{named.sister}/parties/{named.kyiv_party}/contacts",
        data={f"{key}-name": "Ihor Melnyk", f"{key}-email": "not an address"},
    )
    assert missing.status_code == 422
    assert 'value="Ihor Melnyk"' in missing.text
    added = client.post(
        f"/partnerships/{named.sister}/parties/{named.kyiv_party}/contacts",
        data={
            f"{key}-name": "Ihor Melnyk",
            f"{key}-email": "ihor@example.org",
            f"{key}-role": "IT",
            f"{key}-languages": "uk, en",
        },
    )
    assert added.status_code == 302
    contacts = read(named.sister).party_of(named.kyiv).contacts
    assert [c.name for c in contacts] == ["Olena Petrenko", "Ihor Melnyk"]
    removed = client.post(
        f"/partnerships/{named.sister}/parties/{named.kyiv_party}/contacts/{contacts[1].id}/remove"
    )
    assert removed.status_code == 302
    assert len(read(named.sister).party_of(named.kyiv).contacts) == 1


def test_another_library_cannot_add_a_contact_to_a_party(
    named: SimpleNamespace, login: Callable[..., FlaskClient], read
) -> None:  # type: ignore[no-untyped-def]
    client = login("krakow@example.org")
    key = f"add-contact-{named.kyiv_party}"
    response = client.post(
        f"/partnerships/{named.sister}/parties/{named.kyiv_party}/contacts",
        data={f"{key}-name": "Intruder", f"{key}-email": "x@example.org"},
    )
    assert response.status_code == 403
    assert len(read(named.sister).party_of(named.kyiv).contacts) == 1
    client.post("/logout")
    login("lviv@example.org")
    assert client.get(f"/partnerships/{named.sister}").status_code == 404


def test_from_the_memorandum_on_the_parties_see_each_other_s_contacts(
    named: SimpleNamespace, login: Callable[..., FlaskClient], put: Callable[..., None]
) -> None:
    put(named.sister, status="memorandum")
    page = login("kyiv@example.org").get(f"/partnerships/{named.sister}").text
    assert "Anna Nowak" in page


def _pdf_text(pdf: bytes) -> str:
    import shutil
    import subprocess

    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils' pdftotext is not installed")
    return subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def _everything_kyiv_reads(client: FlaskClient, pid: int, token: str) -> dict[str, str]:
    """Every page, document and API answer of the partnership that could name a contact."""
    bearer = {"Authorization": f"Bearer {token}"}
    answers: dict[str, str] = {}
    for name, path in {
        "page": f"/partnerships/{pid}",
        "memorandum preview": f"/partnerships/{pid}/memorandum/preview",
        "meeting record": f"/partnerships/{pid}/documents/meeting_record.pdf",
        "evaluation": f"/partnerships/{pid}/documents/evaluation.pdf",
        "selection report": f"/partnerships/{pid}/documents/selection_report.pdf",
    }.items():
        response = client.get(path)
        assert response.status_code == 200, (name, response.status_code)
        pdf = response.mimetype == "application/pdf"
        answers[name] = _pdf_text(response.data) if pdf else response.text
    for name, path in {
        "api partnership": f"/partnerships/{pid}",
        "api history": f"/partnerships/{pid}/history",
        "api meeting record": f"/partnerships/{pid}/documents/meeting_record.pdf",
    }.items():
        response = client.get(f"/api/v1{path.removesuffix('.pdf')}", headers=bearer)
        assert response.status_code == 200, (name, response.status_code)
        pdf = response.mimetype == "application/pdf"
        answers[name] = _pdf_text(response.data) if pdf else response.text
    return answers


def test_before_consent_no_page_document_or_api_answer_names_the_other_party_s_contact(
    named: SimpleNamespace, login: Callable[..., FlaskClient], client: FlaskClient
) -> None:
    from tests.web.api.test_web_api import make_token
    from tests.web.introduction.test_web_meetings import record_first_meeting

    token = make_token(client, login, "kyiv@example.org")
    login("kyiv@example.org")
    # A meeting with its evaluation: the documents that name contacts exist.
    record_first_meeting(client, named.sister)
    evaluated = client.post(
        f"/partnerships/{named.sister}/meetings/1/evaluation",
        data={"evaluation-1-evaluation": "We agreed the next date."},
    )
    assert evaluated.status_code == 302
    client.post(f"/partnerships/{named.sister}/parties/{named.kyiv_party}/accept")
    for name, text in _everything_kyiv_reads(client, named.sister, token).items():
        assert "Anna Nowak" not in text and "anna@example.org" not in text, name
    client.post("/logout")
    login("krakow@example.org")
    client.post(f"/partnerships/{named.sister}/parties/{named.krakow_party}/accept")
    client.post("/logout")
    # Once both accepted, the same answers name her (the documents included).
    login("kyiv@example.org")
    answers = _everything_kyiv_reads(client, named.sister, token)
    for name in (
        "page",
        "memorandum preview",
        "meeting record",
        "evaluation",
        "api meeting record",
    ):
        assert "Anna Nowak" in answers[name], name


def test_the_other_party_and_the_coordinator_are_mailed_when_a_party_accepts(
    named: SimpleNamespace, login: Callable[..., FlaskClient], client: FlaskClient, session_factory
) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from workflow.models import OutboxMessage, User

    s = session_factory()
    s.get(User, named.krakow_librarian).locale = "pl"
    s.commit()
    s.close()
    login("kyiv@example.org")
    client.post(f"/partnerships/{named.sister}/parties/{named.kyiv_party}/accept")
    s = session_factory()
    mails = {m.to: m for m in s.scalars(select(OutboxMessage))}
    s.close()
    # Kraków's librarian (Polish), its contact person (its country's language)
    # and the coordinator who made the partnership; nobody at Kyiv.
    assert {to: m.language for to, m in mails.items()} == {
        "krakow@example.org": "pl",
        "anna@example.org": "pl",
        "coordinator@example.org": "en",
    }
    polish = mails["krakow@example.org"]
    assert polish.subject == "Київська міська бібліотека – akceptacja partnerstwa: Kyiv – Kraków"
    assert f"http://localhost/partnerships/{named.sister}" in polish.body
    english = mails["coordinator@example.org"]
    assert (
        english.subject == "Київська міська бібліотека has accepted the partnership Kyiv – Kraków"
    )
