"""Selection: a new partnership and its parties."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

import states
from states.base import PARTIES
from states.text import lazy_text
from workflow.errors import InvalidInput
from workflow.lifecycle.edits import edit_partnership, require_edit, require_staff
from workflow.lifecycle.unit_of_work import unit_of_work
from workflow.models import (
    KINDS,
    LANGUAGES,
    SECTORS,
    HistoryEntry,
    Organisation,
    Partnership,
    Party,
    Programme,
    User,
)


def create_partnership(
    session: Session,
    actor: User,
    *,
    programme_id: int,
    kind: str,
    title: str,
    languages: list[str],
    lead_organisation_id: int,
    partner_organisation_id: int | None = None,
    reason: str | None = None,
    shortlist: list[dict[str, Any]] | None = None,
) -> Partnership:
    """A coordinator pairs libraries: the partnership starts in selection.

    ``shortlist`` is the matching's explained candidates the partner was
    chosen from (plain data), kept for the partner selection report.
    """
    require_staff(actor)
    if kind not in KINDS:
        raise InvalidInput()
    languages = [x for x in languages if x in LANGUAGES]
    if not languages or not title.strip():
        raise InvalidInput()
    with unit_of_work(session) as uow:
        if session.get(Programme, programme_id) is None:
            raise InvalidInput()
        p = Partnership(
            programme_id=programme_id,
            kind=kind,
            title=title.strip(),
            languages=",".join(dict.fromkeys(languages)),
            status=states.INITIAL,
            selection_reason=(reason or "").strip() or None,
            selection_shortlist=shortlist or None,
        )
        session.add(p)
        lead = session.get(Organisation, lead_organisation_id)
        if lead is None:
            raise InvalidInput()
        p.parties.append(Party(organisation=lead, role="lead", sector=lead.sector))
        if partner_organisation_id is not None:
            if partner_organisation_id == lead_organisation_id:
                raise InvalidInput(lazy_text("A library cannot be its own partner."))
            partner = session.get(Organisation, partner_organisation_id)
            if partner is None:
                raise InvalidInput()
            p.parties.append(Party(organisation=partner, role="partner", sector=partner.sector))
        session.flush()
        session.add(
            HistoryEntry(
                partnership_id=p.id,
                actor_id=actor.id,
                from_state=None,
                to_state=p.status,
                trigger="create",
                reason=p.selection_reason,
            )
        )
        uow.commit()
    return p


def add_party(
    session: Session, actor: User, partnership_id: int, organisation_id: int, sector: str
) -> Party:
    require_staff(actor)
    if sector not in SECTORS:
        raise InvalidInput()

    def change(p: Partnership) -> Party:
        require_edit(p, actor, PARTIES)
        organisation = session.get(Organisation, organisation_id)
        if organisation is None:
            raise InvalidInput()
        if p.party_of(organisation_id) is not None:
            raise InvalidInput(lazy_text("This organisation is already a party."))
        party = Party(organisation=organisation, role="partner", sector=sector)
        p.parties.append(party)
        return party

    return edit_partnership(session, partnership_id, actor, change)


def remove_party(session: Session, actor: User, partnership_id: int, party_id: int) -> None:
    require_staff(actor)

    def change(p: Partnership) -> None:
        require_edit(p, actor, PARTIES)
        party = next((x for x in p.parties if x.id == party_id), None)
        if party is None or party.role == "lead":
            raise InvalidInput(lazy_text("The lead library cannot be removed."))
        p.parties.remove(party)

    edit_partnership(session, partnership_id, actor, change)
