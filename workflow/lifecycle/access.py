"""Who may see and change which partnership. Checked per object, everywhere."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, false, select, true

from states import ANIMATOR, LIBRARIAN
from states.base import STAFF
from workflow.models import Partnership, Party, User


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


def visible_partnerships(user: User) -> Select[tuple[Partnership]]:
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
