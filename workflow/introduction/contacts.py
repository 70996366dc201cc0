"""The parties' contact persons and their consent to the partnership."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import states
from documents.i18n import gettext_for
from states import LIBRARIAN
from states.base import CONSENT, CONTACTS
from states.text import Text, lazy_text
from workflow.errors import InvalidInput
from workflow.lifecycle.access import is_staff, may_see_contacts
from workflow.lifecycle.edits import (
    edit_partnership,
    party_for_edit,
    require,
    require_edit,
)
from workflow.mail import outbox as mail
from workflow.memorandum.signatories import check_recipient
from workflow.models import LANGUAGES, ContactPerson, HistoryEntry, Partnership, Party, User, utcnow

CONTACT_STEPS = states.steps_allowing(CONTACTS)


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
        # The first contact person gets the signing link and code.
        check_recipient(session, party, values["email"])
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


ACCEPTED_SUBJECT = lazy_text("%(library)s has accepted the partnership %(title)s")
ACCEPTED_BODY = lazy_text("%(library)s has accepted the partnership %(title)s.")
ALL_ACCEPTED = lazy_text("Every party has accepted: you now see each other's contact persons.")
ACCEPTED_LINK = lazy_text("The partnership:")


def accept_partnership(
    session: Session, actor: User, partnership_id: int, party_id: int, *, base_url: str = ""
) -> Party:
    """The library's representative accepts the partnership for their party: the
    consent is recorded, and once every party has given it the parties see
    each other's contact persons. The other parties' people and the
    coordinator who made the partnership are told by mail."""

    def change(p: Partnership) -> Party:
        require_edit(p, actor, CONSENT)
        require(actor.role == LIBRARIAN)
        party = party_for_edit(p, actor, party_id)
        if party.accepted_at is None:
            party.accepted_at = utcnow()
            party.accepted_by_id = actor.id
            _mail_acceptance(session, p, party, base_url)
        return party

    return edit_partnership(session, partnership_id, actor, change)


def party_recipients(session: Session, party: Party) -> dict[str, str]:
    """(address → language) of the party's active librarians and of its
    contact person, each in their own language: a librarian's chosen one,
    else the party's (``mail.party_language``)."""
    own = mail.party_language(party)
    found: dict[str, str] = {}
    for user in session.scalars(
        select(User)
        .where(
            User.role == LIBRARIAN,
            User.organisation_id == party.organisation_id,
            User.active.is_(True),
        )
        .order_by(User.id)
    ):
        found.setdefault(user.email.lower(), user.locale if user.locale in LANGUAGES else own)
    if party.contact_email:
        found.setdefault(
            party.contact_email.strip().lower(), mail.party_language(party, contact=True)
        )
    return found


def _acceptance_recipients(session: Session, p: Partnership, party: Party) -> dict[str, str]:
    """(address → language) of the other parties' librarians and contact
    persons and of the coordinator who made the partnership."""
    found: dict[str, str] = {}
    for other in p.parties:
        if other.id != party.id:
            for address, language in party_recipients(session, other).items():
                found.setdefault(address, language)
    creator = session.scalar(
        select(User)
        .join(HistoryEntry, HistoryEntry.actor_id == User.id)
        .where(HistoryEntry.partnership_id == p.id, User.active.is_(True))
        .order_by(HistoryEntry.id)
        .limit(1)
    )
    if creator is not None and is_staff(creator):
        found.setdefault(creator.email.lower(), creator.locale or "en")
    return found


def _mail_acceptance(session: Session, p: Partnership, party: Party, base_url: str) -> None:
    values = {"library": party.organisation.name, "title": p.title}
    for address, language in _acceptance_recipients(session, p, party).items():
        gettext = gettext_for(language)
        lines = [Text(ACCEPTED_BODY.msgid, values).translate(gettext)]
        if all(x.accepted_at for x in p.parties):
            lines.append(ALL_ACCEPTED.translate(gettext))
        if base_url:
            link = f"{base_url.rstrip('/')}/partnerships/{p.id}"
            lines.append(ACCEPTED_LINK.translate(gettext) + "\n" + link)
        subject = Text(ACCEPTED_SUBJECT.msgid, values).translate(gettext)
        mail.send(session, address, subject, "\n\n".join(lines), language)


def contacts_visible(p: Partnership, actor: User, party: Party) -> bool:
    """Whether ``actor`` sees ``party``'s contact persons (``access.visible_contacts``)."""
    return may_see_contacts(p, party, actor)
