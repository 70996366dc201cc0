"""The parties' contact persons and their consent to the partnership."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

import states
from states import ANIMATOR, LIBRARIAN
from states.base import CONSENT, CONTACTS
from states.text import lazy_text
from workflow.errors import InvalidInput
from workflow.lifecycle.access import is_staff, own_party
from workflow.lifecycle.edits import (
    edit_partnership,
    party_for_edit,
    require,
    require_edit,
)
from workflow.models import ContactPerson, Partnership, Party, User, utcnow

CONTACT_STEPS = states.steps_allowing(CONTACTS)


#: Steps in which the parties' contact persons wait for every party's consent.
CONSENT_STEPS = (states.SELECTION, states.INTRODUCTION, states.WITHDRAWN)


def _contact_values(
    *,
    name: str,
    email: str,
    role: str = "",
    phone: str = "",
    languages: str = "",
    timezone: str = "",
) -> dict[str, Any]:
    """A contact person's fields, checked: name and e-mail required."""
    from workflow.timezones import check_zone

    values: dict[str, Any] = {
        "name": name.strip()[:200],
        "email": email.strip()[:254],
        "role": role.strip()[:200] or None,
        "phone": phone.strip()[:50] or None,
        "languages": languages.strip()[:50] or None,
        "timezone": check_zone(timezone.strip()) if timezone.strip() else None,
    }
    if not values["name"] or "@" not in values["email"]:
        raise InvalidInput(lazy_text("A contact person needs a name and an e-mail address."))
    return values


def set_contact(
    session: Session,
    actor: User,
    partnership_id: int,
    party_id: int,
    *,
    signatory_name: str = "",
    signatory_role: str = "",
    **contact: str,
) -> Party:
    """A party names its (first) contact person (the fields of
    ``_contact_values``) and its signatory.

    The memorandum names both: changing either once a version was sent for
    signature makes a new version (``edit_partnership``), and the links and signatures
    of the one sent are void (its PDF names someone else).
    """
    values = _contact_values(**contact)

    def change(p: Partnership) -> Party:
        require_edit(p, actor, CONTACTS)
        party = party_for_edit(p, actor, party_id)
        if party.contacts:
            for key, value in values.items():
                setattr(party.contacts[0], key, value)
        else:
            party.contacts.append(ContactPerson(**values))
        party.signatory_name = signatory_name.strip() or None
        party.signatory_role = signatory_role.strip() or None
        return party

    return edit_partnership(session, partnership_id, actor, change)


def add_contact_person(
    session: Session, actor: User, partnership_id: int, party_id: int, **contact: str
) -> ContactPerson:
    """One more person responsible for communication on the party's side
    (the fields of ``_contact_values``)."""
    values = _contact_values(**contact)

    def change(p: Partnership) -> ContactPerson:
        require_edit(p, actor, CONTACTS)
        party = party_for_edit(p, actor, party_id)
        person = ContactPerson(**values)
        party.contacts.append(person)
        return person

    return edit_partnership(session, partnership_id, actor, change)


def remove_contact_person(
    session: Session, actor: User, partnership_id: int, party_id: int, contact_id: int
) -> None:
    def change(p: Partnership) -> None:
        require_edit(p, actor, CONTACTS)
        party = party_for_edit(p, actor, party_id)
        person = next((c for c in party.contacts if c.id == contact_id), None)
        if person is None:
            raise InvalidInput(lazy_text("This contact person is no longer listed."))
        party.contacts.remove(person)

    edit_partnership(session, partnership_id, actor, change)


def accept_partnership(session: Session, actor: User, partnership_id: int, party_id: int) -> Party:
    """The library's representative accepts the partnership for their party: the
    consent is recorded, and once every party has given it the parties see
    each other's contact persons."""

    def change(p: Partnership) -> Party:
        require_edit(p, actor, CONSENT)
        require(actor.role == LIBRARIAN)
        party = party_for_edit(p, actor, party_id)
        if party.accepted_at is None:
            party.accepted_at = utcnow()
            party.accepted_by_id = actor.id
        return party

    return edit_partnership(session, partnership_id, actor, change)


def contacts_visible(p: Partnership, actor: User, party: Party) -> bool:
    """A party's contact persons are shown to the programme's staff, the
    animators, the party itself, and the other parties once all accepted
    (or, from the memorandum on, which the parties sign, in any case)."""
    if is_staff(actor) or actor.role == ANIMATOR:
        return True
    mine = own_party(actor, p)
    if mine is None:
        return False
    if mine.id == party.id or (p.held_from or p.status) not in CONSENT_STEPS:
        return True
    return all(x.accepted_at for x in p.parties)
