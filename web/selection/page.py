"""The selection on the partnership page: the parties, their contact persons,
their consent, and who may join.

``party_row`` gives the forms of one party that belong to the selection; the
memorandum and the plan add theirs (``web.lifecycle.page`` puts them together).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import Session

from states.base import CONSENT, CONTACTS, PARTIES
from web.forms import ActionForm, VersionedActionForm, choices, optional_zone_choices, page_form
from web.selection.forms import AddPartyForm, ContactForm, ContactPersonForm
from workflow.introduction.contacts import contacts_visible
from workflow.lifecycle.access import visible_contacts
from workflow.lifecycle.edits import may_edit
from workflow.models import SECTORS, Organisation, Partnership, Party, User


@dataclass
class PartyRow:
    party: Party
    #: The viewer may see this party's contact persons (consent, see access).
    contacts_visible: bool = True
    #: The contact persons the viewer may see (``access.visible_contacts``).
    contacts: list[Any] = field(default_factory=list)
    accept_form: ActionForm | None = None
    add_contact_form: ContactPersonForm | None = None
    remove_contact_form: ActionForm | None = None
    contact_form: ContactForm | None = None
    remove_form: ActionForm | None = None
    #: The memorandum's signature (``web.memorandum.page``).
    sign_form: VersionedActionForm | None = None
    #: The plan's approval (``web.planning.page``).
    approve_form: VersionedActionForm | None = None


@dataclass
class SelectionSection:
    #: A local partnership's parties by sector (public, private, civic).
    sectors: list[tuple[str, list[Party]]] = field(default_factory=list)
    add_party_form: AddPartyForm | None = None


def _contact_forms(row: PartyRow, overrides: dict[str, FlaskForm]) -> None:
    party = row.party
    first = party.contact
    row.contact_form = page_form(
        ContactForm,
        f"contact-{party.id}",
        overrides,
        name=party.contact_name,
        role=party.contact_role,
        email=party.contact_email,
        languages=party.contact_languages,
        phone=first.phone if first else None,
        timezone=first.timezone if first else "",
        signatory_name=party.signatory_name,
        signatory_role=party.signatory_role,
    )
    row.contact_form.timezone.choices = optional_zone_choices(row.contact_form.timezone.data)
    if party.contacts:
        row.add_contact_form = page_form(ContactPersonForm, f"add-contact-{party.id}", overrides)
        row.add_contact_form.timezone.choices = optional_zone_choices(
            row.add_contact_form.timezone.data
        )
        row.remove_contact_form = ActionForm(formdata=None, prefix=f"remove-contact-{party.id}")


def party_row(
    p: Partnership,
    user: User,
    party: Party,
    *,
    staff: bool,
    mine: Party | None,
    overrides: dict[str, FlaskForm],
) -> PartyRow:
    """One party, with what the viewer may do to it in the selection's steps."""
    row = PartyRow(
        party,
        contacts_visible=contacts_visible(p, user, party),
        contacts=visible_contacts(p, party, user),
    )
    own = mine is not None and mine.id == party.id
    if may_edit(p, user, CONSENT) and own and party.accepted_at is None:
        row.accept_form = ActionForm(formdata=None, prefix=f"accept-{party.id}")
    if may_edit(p, user, CONTACTS) and (staff or own):
        _contact_forms(row, overrides)
    if may_edit(p, user, PARTIES) and party.role != "lead":
        row.remove_form = ActionForm(formdata=None, prefix=f"remove-{party.id}")
    return row


def section(
    session: Session, p: Partnership, user: User, overrides: dict[str, FlaskForm]
) -> SelectionSection:
    s = SelectionSection()
    if p.kind == "local":
        s.sectors = [(x, [y for y in p.parties if y.sector == x]) for x in SECTORS]
    if may_edit(p, user, PARTIES):
        taken = {x.organisation_id for x in p.parties}
        form = page_form(AddPartyForm, "add-party", overrides)
        form.organisation_id.choices = choices(
            (o.id, o.name)
            for o in session.scalars(select(Organisation).order_by(Organisation.name))
            if o.id not in taken
        )
        s.add_party_form = form
    return s
