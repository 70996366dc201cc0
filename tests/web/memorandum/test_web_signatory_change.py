"""A change of signatory after sending: announced, audited, confirmed by the party."""

# The fixture ``ready`` of the signing tests is imported, and named as a parameter.
# ruff: noqa: F811

from __future__ import annotations

import shutil
import subprocess

import pytest
from sqlalchemy import select

from tests.web.memorandum.test_web_signing import (  # noqa: F401  (``ready`` is a fixture)
    LINK,
    mails_to,
    ready,
    send,
    sign_by_link,
)
from workflow.errors import InvalidInput
from workflow.introduction.contacts import set_contact
from workflow.lifecycle.loading import load_partnership
from workflow.memorandum import signing
from workflow.models import SignatureEvent, User


def _krakow_party(s, world):
    coordinator = s.get(User, world.coordinator)
    return load_partnership(s, world.sister, coordinator).party_of(world.krakow).id


def _change(s, world, actor_id, name, email):
    actor = s.get(User, actor_id)
    set_contact(
        s,
        actor,
        world.sister,
        _krakow_party(s, world),
        name=name,
        email=email,
        signatory_name=name,
    )


def _sent(ready, login):
    coordinator = login("coordinator@example.org")
    assert send(coordinator, ready).status_code == 302
    return coordinator


def test_a_coordinator_cannot_make_their_own_address_a_party_s_signatory(
    ready, login, session_factory
):
    _sent(ready, login)
    s = session_factory()
    with pytest.raises(InvalidInput) as refused:
        _change(s, ready, ready.coordinator, "Anna Nowak", "Coordinator@example.org")
    assert "belongs to an account that is not" in str(refused.value.message)
    s.close()
    assert not [
        m for m in mails_to(session_factory, "coordinator@example.org") if "/sign/" in m.body
    ]


def test_the_address_of_another_library_s_librarian_is_refused_before_sending_too(
    ready, session_factory
):
    s = session_factory()
    with pytest.raises(InvalidInput):
        _change(s, ready, ready.coordinator, "Someone", "lviv@example.org")
    # The party's own librarian may be its signatory.
    _change(s, ready, ready.coordinator, "Krakow Librarian", "krakow@example.org")
    s.close()


def test_a_change_by_staff_is_announced_audited_and_waits_for_the_party(
    ready, login, session_factory, client
):
    coordinator = _sent(ready, login)
    s = session_factory()
    _change(s, ready, ready.coordinator, "Jan Obcy", "jan@elsewhere.example")
    s.close()
    # The old address is told, in the language its link went in.
    told = mails_to(session_factory, "anna@krakow.example")[-1]
    assert "The signatory of Biblioteka Kraków has been changed" in told.subject
    assert "Anna Nowak <anna@krakow.example>" in told.body
    assert "Jan Obcy <jan@elsewhere.example>" in told.body
    # In the audit log, and the chain holds.
    s = session_factory()
    events = signing.audit_log(s, ready.sister)
    assert signing.chain_is_intact(events)
    change = [e for e in events if e.kind == "signatory_changed"]
    assert len(change) == 1
    assert "coordinator@example.org" in change[0].detail
    s.close()
    # No link goes to the new address until the party confirms.
    response = send(coordinator, ready)
    assert not mails_to(session_factory, "jan@elsewhere.example")
    page = coordinator.get(f"/partnerships/{ready.sister}").text
    assert "no signing link goes out until the library confirms" in page
    assert "Confirm the new signatory" not in page
    coordinator.post("/logout")
    krakow = login("krakow@example.org")
    page = krakow.get(f"/partnerships/{ready.sister}").text
    assert "Confirm the new signatory" in page
    s = session_factory()
    party = _krakow_party(s, ready)
    s.close()
    response = krakow.post(f"/partnerships/{ready.sister}/parties/{party}/signatory/confirm")
    assert response.status_code == 302
    krakow.post("/logout")
    coordinator = login("coordinator@example.org")
    assert send(coordinator, ready).status_code == 302
    assert LINK.search(mails_to(session_factory, "jan@elsewhere.example")[-1].body)
    s = session_factory()
    kinds = [e.kind for e in signing.audit_log(s, ready.sister)]
    s.close()
    assert "signatory_confirmed" in kinds


def test_only_the_party_s_librarian_confirms(ready, login, session_factory):
    _sent(ready, login)
    s = session_factory()
    _change(s, ready, ready.coordinator, "Jan Obcy", "jan@elsewhere.example")
    party = _krakow_party(s, ready)
    for who in (ready.coordinator, ready.kyiv_librarian):
        with pytest.raises(Exception) as refused:
            signing.confirm_signatory(s, s.get(User, who), ready.sister, party, base_url="http://x")
        assert type(refused.value).__name__ in ("PermissionDenied", "NotFound")
    s.close()


def test_the_party_s_own_change_needs_no_confirmation_but_is_announced(
    ready, login, session_factory
):
    coordinator = _sent(ready, login)
    s = session_factory()
    _change(s, ready, ready.krakow_librarian, "Piotr Nowy", "piotr@krakow.example")
    s.close()
    assert "has been changed" in mails_to(session_factory, "anna@krakow.example")[-1].subject
    assert send(coordinator, ready).status_code == 302
    assert LINK.search(mails_to(session_factory, "piotr@krakow.example")[-1].body)


def test_the_certificate_shows_the_change_of_signatory(ready, login, session_factory, client):
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils' pdftotext is not installed")
    coordinator = _sent(ready, login)
    s = session_factory()
    _change(s, ready, ready.krakow_librarian, "Piotr Nowy", "piotr@krakow.example")
    s.close()
    assert send(coordinator, ready).status_code == 302
    coordinator.post("/logout")
    sign_by_link(client, session_factory, "olena@kyiv.example", "Олена Коваль")
    sign_by_link(client, session_factory, "piotr@krakow.example", "Piotr Nowy")
    coordinator = login("coordinator@example.org")
    s = session_factory()
    assert s.scalars(select(SignatureEvent).where(SignatureEvent.kind == "sealed")).first()
    s.close()
    version = 2
    pdf = coordinator.get(f"/partnerships/{ready.sister}/signatures/{version}.pdf?sealed=1").data
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    out = " ".join(text.stdout.decode().split())
    assert "Changes of signatory after sending" in out
    assert "piotr@krakow.example" in out and "anna@krakow.example" in out


def test_the_old_signatory_is_told_in_the_language_their_link_went_in(
    ready, login, session_factory
):
    _sent(ready, login)
    s = session_factory()
    coordinator = s.get(User, ready.coordinator)
    p = load_partnership(s, ready.sister, coordinator)
    kyiv = p.party_of(ready.kyiv).id
    set_contact(
        s,
        coordinator,
        ready.sister,
        kyiv,
        name="Інша Особа",
        email="insha@elsewhere.example",
        signatory_name="Інша Особа",
    )
    s.close()
    told = mails_to(session_factory, "olena@kyiv.example")[-1]
    assert told.language == "uk"
    assert "Підписанта Київська міська бібліотека змінено" in told.subject
