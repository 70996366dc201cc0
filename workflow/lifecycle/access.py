"""Who may see and change which partnership. Checked per object, everywhere."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, false, select, true

import states
from states import ANIMATOR, LIBRARIAN
from states.base import STAFF
from workflow.models import ContactPerson, Partnership, Party, User

#: Where a party's contact persons wait for every party's consent (accepting
#: the partnership) before the other parties see them.
CONSENT_STEPS = (states.SELECTION, states.INTRODUCTION, states.WITHDRAWN)


def is_staff(user: User) -> bool:
    return user.role in STAFF


def can_see(user: User, partnership: Partnership) -> bool:
    if user.role in STAFF or user.role == ANIMATOR:
        return True
    if user.role == LIBRARIAN and user.organisation_id is not None:
        return partnership.party_of(user.organisation_id) is not None
    return False


def own_party(user: User, partnership: Partnership) -> Party | None:
    """The party this user represents in the partnership, if any."""
    if user.role != LIBRARIAN:
        return None
    return partnership.party_of(user.organisation_id)


def visible_partnerships(user: User) -> Select[Partnership]:
    return select(Partnership).where(visible_to(user))


def visibility_key(user: User) -> tuple[object, ...]:
    """Users with the same key see the same partnerships (``visible_to``)."""
    if user.role in STAFF or user.role == ANIMATOR:
        return ("all",)
    if user.role == LIBRARIAN and user.organisation_id is not None:
        return ("organisation", user.organisation_id)
    return ("none",)


def visible_to(user: User) -> ColumnElement[bool]:
    """The SQL condition on ``partnerships`` that ``can_see`` checks in Python."""
    if user.role in STAFF or user.role == ANIMATOR:
        return true()
    if user.role == LIBRARIAN and user.organisation_id is not None:
        return Partnership.parties.any(Party.organisation_id == user.organisation_id)
    return false()


def contacts_shared(partnership: Partnership) -> bool:
    """The parties see each other's contact persons: once every party has
    accepted the partnership, and from the memorandum on (which the parties
    sign) in any case."""
    p = partnership
    return (p.held_from or p.status) not in CONSENT_STEPS or all(x.accepted_at for x in p.parties)


def may_see_contacts(partnership: Partnership, party: Party, user: User | None) -> bool:
    """Whether ``user`` may see ``party``'s contact persons (``visible_contacts``)."""
    if user is not None and (user.role in STAFF or user.role == ANIMATOR):
        return True
    if user is not None:
        mine = own_party(user, partnership)
        if mine is None:
            return False
        if mine.id == party.id:
            return True
    return contacts_shared(partnership)


def visible_contacts(
    partnership: Partnership, party: Party, user: User | None
) -> list[ContactPerson]:
    """The contact persons of ``party`` that ``user`` may see: the one rule
    every page, document and API answer takes its contacts from.

    Staff and animators see every party's; a librarian their own party's, and
    the other parties' once they are shared (``contacts_shared``); anyone
    else none. ``user=None`` asks what every party may see: a document the
    parties share shows a party's contacts only once they are shared.
    """
    return list(party.contacts) if may_see_contacts(partnership, party, user) else []
