"""What every document's context shares: dates, and what it shows of a party."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from workflow.models import Partnership, Party

Context = dict[str, Any]


def iso_date(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.date()
    return value.isoformat()


def is_signed(party: Party, partnership: Partnership) -> bool:
    """Signed the memorandum's current version (a new version voids signatures)."""
    return bool(partnership.memorandum_version) and (
        party.signed_version == partnership.memorandum_version
    )


def party_context(party: Party, partnership: Partnership, kind: str) -> Context:
    """What ``kind`` shows of a party, and nothing more: a change to what a
    document does not show must not make it new (and rendered again)."""
    org = party.organisation
    shown: Context = {
        "name": org.name,
        "name_latin": org.name_latin,
        "country": org.country,
        "city": org.city,
        "role": party.role,
        "sector": party.sector,
    }
    if kind == "selection_report":
        # What the selection looked at.
        shown.update(
            works_now_in=org.works_now_in,
            library_type=org.library_type,
            population=org.population,
            status=org.status,
        )
        return shown
    # Before every party has accepted the partnership, the record the
    # parties share does not give one party's contact persons to the other.
    consented = kind not in ("meeting_record", "evaluation") or all(
        x.accepted_at for x in partnership.parties
    )
    shown.update(
        contact_name=party.contact_name if consented else None,
        contact_role=party.contact_role if consented else None,
        contact_email=party.contact_email if consented else None,
    )
    if kind == "memorandum":
        signed = is_signed(party, partnership)
        shown.update(
            signatory_name=party.signatory_name,
            signatory_role=party.signatory_role,
            signed=signed,
            signed_at=iso_date(party.signed_at) if signed else None,
        )
    return shown
