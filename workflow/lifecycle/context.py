"""What every document's context shares: dates, and what it shows of a party."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from workflow.lifecycle.access import contacts_shared, visible_contacts
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
    # A document is shared by the parties: before they may see each other's
    # contact persons (consent, ``access.visible_contacts``), it shows none.
    contacts = visible_contacts(partnership, party, None)
    first = contacts[0] if contacts else None
    shown.update(
        contact_name=(first.name or None) if first else None,
        contact_role=first.role if first else None,
        contact_email=(first.email or None) if first else None,
    )
    if kind in ("meeting_record", "evaluation"):
        # Said rather than left blank: the contact exists and is shown later.
        shown["contact_pending"] = not contacts_shared(partnership) and bool(party.contact_name)
    if kind == "memorandum":
        signed = is_signed(party, partnership)
        shown.update(
            signatory_name=party.signatory_name,
            signatory_role=party.signatory_role,
            signed=signed,
            signed_at=iso_date(party.signed_at) if signed else None,
        )
    return shown


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_POLISH = re.compile(r"[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]")
_LATIN = re.compile(r"[A-Za-z]")


def written_in(text: str | None, languages: list[str]) -> str | None:
    """The language among ``languages`` a free text is written in, as far as
    its letters tell (Cyrillic: Ukrainian; Polish letters: Polish; other Latin
    letters: English, else Polish), or None when they don't tell. A text typed
    once is shown in every language's column; the others say it is untranslated."""
    if not text:
        return None
    if _CYRILLIC.search(text):
        guess = "uk"
    elif _POLISH.search(text):
        guess = "pl"
    elif _LATIN.search(text):
        guess = "en" if "en" in languages else "pl"
    else:
        return None
    return guess if guess in languages else None
