"""The selection's views: parties join and leave, name their contact persons, accept."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, request
from flask_babel import gettext as _
from sqlalchemy import select

from web.db import get_session
from web.forms import ActionForm, choices, optional_zone_choices
from web.lifecycle.views import back, get_partnership, invalid
from web.people.auth import actor
from web.selection.forms import AddPartyForm, ContactForm, ContactPersonForm
from workflow.introduction.contacts import (
    accept_partnership,
    add_contact_person,
    remove_contact_person,
    set_contact,
)
from workflow.models import Organisation, Partnership
from workflow.selection import partnerships

bp = Blueprint("selection", __name__, url_prefix="/partnerships", template_folder="templates")


def _party_name(p: Partnership, party_id: int | None) -> str:
    party = next((x for x in p.parties if x.id == party_id), None)
    return party.organisation.name if party else ""


@bp.post("/<int:partnership_id>/parties")
def add_party(partnership_id: int) -> Any:
    p = get_partnership(partnership_id)
    form = AddPartyForm(prefix="add-party")
    form.organisation_id.choices = choices(
        (o.id, o.name) for o in get_session().scalars(select(Organisation))
    )
    if not form.validate_on_submit():
        return invalid(p, "add-party", form)
    party = partnerships.add_party(
        get_session(), actor(), p.id, form.organisation_id.data, form.sector.data
    )
    flash(_("%(library)s has joined the partnership.", library=party.organisation.name), "success")
    return back(p, "parties")


@bp.post("/<int:partnership_id>/parties/<int:party_id>/remove")
def remove_party(partnership_id: int, party_id: int) -> Any:
    p = get_partnership(partnership_id)
    name = _party_name(p, party_id)
    partnerships.remove_party(get_session(), actor(), p.id, party_id)
    flash(_("%(library)s has left the partnership.", library=name), "success")
    return back(p, "parties")


@bp.post("/<int:partnership_id>/parties/<int:party_id>/contact")
def contact(partnership_id: int, party_id: int) -> Any:
    p = get_partnership(partnership_id)
    key = f"contact-{party_id}"
    form = ContactForm(prefix=key)
    form.timezone.choices = optional_zone_choices(form.timezone.data)
    if not form.validate_on_submit():
        return invalid(p, key, form)
    party = set_contact(
        get_session(),
        actor(),
        p.id,
        party_id,
        **form.contact(),
        signatory_name=form.signatory_name.data or "",
        signatory_role=form.signatory_role.data or "",
    )
    flash(
        _("The contact person of %(library)s has been saved.", library=party.organisation.name),
        "success",
    )
    return back(p, "parties")


@bp.post("/<int:partnership_id>/parties/<int:party_id>/contacts")
def add_contact(partnership_id: int, party_id: int) -> Any:
    p = get_partnership(partnership_id)
    key = f"add-contact-{party_id}"
    form = ContactPersonForm(prefix=key)
    form.timezone.choices = optional_zone_choices(form.timezone.data)
    if not form.validate_on_submit():
        return invalid(p, key, form)
    add_contact_person(get_session(), actor(), p.id, party_id, **form.contact())
    flash(_("%(name)s has been added as a contact person.", name=form.name.data), "success")
    return back(p, f"party-{party_id}")


@bp.post("/<int:partnership_id>/parties/<int:party_id>/contacts/<int:contact_id>/remove")
def remove_contact(partnership_id: int, party_id: int, contact_id: int) -> Any:
    p = get_partnership(partnership_id)
    if ActionForm(prefix=f"remove-contact-{party_id}").validate_on_submit():
        remove_contact_person(get_session(), actor(), p.id, party_id, contact_id)
        flash(_("The contact person has been removed."), "success")
    return back(p, f"party-{party_id}")


@bp.post("/<int:partnership_id>/parties/<int:party_id>/accept")
def accept(partnership_id: int, party_id: int) -> Any:
    p = get_partnership(partnership_id)
    if ActionForm(prefix=f"accept-{party_id}").validate_on_submit():
        accept_partnership(
            get_session(), actor(), p.id, party_id, base_url=request.url_root.rstrip("/")
        )
        flash(_("You have accepted the partnership; your consent is recorded."), "success")
    return back(p, f"party-{party_id}")
