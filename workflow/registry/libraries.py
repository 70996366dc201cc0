"""Library profiles: who may see and keep them, and their history of changes.

A profile is kept by the library's own representatives and by coordinators;
every change leaves an ``OrganisationChange`` row (who, when, what). Editing
an organisation bumps the version of every partnership it is a party of: the
stored documents show its profile and are cached by partnership version.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from states import ANIMATOR, LIBRARIAN
from workflow.errors import InvalidInput, NotFound, PermissionDenied
from workflow.lifecycle.access import is_staff
from workflow.lifecycle.unit_of_work import unit_of_work
from workflow.models import (
    DIRECTIONS,
    LIBRARY_STATUSES,
    LIBRARY_TYPES,
    SUBJECTS,
    Organisation,
    OrganisationChange,
    Partnership,
    Party,
    User,
    utcnow,
)

#: Who and where a library is: what every way into the registry asks first.
IDENTITY = ("name", "name_latin", "country", "region", "city", "library_type", "population")
#: What a profile edit may change.
EDITABLE = (
    *IDENTITY,
    "collection_size",
    "subjects",
    "collection_languages",
    "languages",
    "experience",
    "directions_sought",
    "directions_offered",
    "status",
    "works_now_in",
    "website",
    "contact_name",
    "contact_email",
    "contact_phone",
)
PRIVATE = ("contact_name", "contact_email", "contact_phone")


def is_own(user: User, organisation_id: int) -> bool:
    return user.role == LIBRARIAN and user.organisation_id == organisation_id


def can_view(user: User, organisation_id: int) -> bool:
    """Staff and animators see every profile; a librarian only their own."""
    return is_staff(user) or user.role == ANIMATOR or is_own(user, organisation_id)


def can_edit(user: User, organisation_id: int) -> bool:
    return is_staff(user) or is_own(user, organisation_id)


def can_see_contacts(user: User, organisation_id: int) -> bool:
    """Contacts stay private: coordinators and the library's own people."""
    return is_staff(user) or is_own(user, organisation_id)


def load_library(session: Session, actor: User, organisation_id: int) -> Organisation:
    org = session.get(Organisation, organisation_id)
    if org is None or not can_view(actor, organisation_id):
        raise NotFound()
    return org


def bump_partnerships(session: Session, organisation_ids: Iterable[int]) -> None:
    """New versions of the partnerships these organisations are parties of."""
    ids = list(organisation_ids)
    if not ids:
        return
    parties = select(Party.partnership_id).where(Party.organisation_id.in_(ids))
    session.execute(
        update(Partnership)
        .where(Partnership.id.in_(parties))
        .values(version=Partnership.version + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def _check(values: Mapping[str, Any]) -> None:
    def codes(key: str) -> list[str]:
        return [x for x in str(values.get(key) or "").split(",") if x]

    if not str(values.get("name") or "").strip():
        raise InvalidInput()
    if len(str(values.get("country") or "")) != 2:
        raise InvalidInput()
    if values.get("library_type") not in (None, *LIBRARY_TYPES):
        raise InvalidInput()
    if values.get("status") not in LIBRARY_STATUSES:
        raise InvalidInput()
    for key in ("population", "collection_size"):
        if values.get(key) is not None and values[key] < 0:
            raise InvalidInput()
    if not set(codes("subjects")) <= set(SUBJECTS):
        raise InvalidInput()
    for key in ("directions_sought", "directions_offered"):
        if not set(codes(key)) <= set(DIRECTIONS):
            raise InvalidInput()


def edit_library(
    session: Session, actor: User, organisation_id: int, values: Mapping[str, Any]
) -> dict[str, list[Any]]:
    """Change a profile; return what changed (field: [old, new])."""
    with unit_of_work(session) as uow:
        org = session.get(Organisation, organisation_id, with_for_update=True)
        if org is None or not can_view(actor, organisation_id):
            raise NotFound()
        if not can_edit(actor, organisation_id):
            raise PermissionDenied()
        merged = {k: getattr(org, k) for k in EDITABLE}
        merged.update({k: v for k, v in values.items() if k in EDITABLE})
        for k, v in merged.items():
            if isinstance(v, str):
                merged[k] = v.strip() or (None if k not in _NOT_NULL else "")
        merged["country"] = (merged.get("country") or "").upper()
        _check(merged)
        diff = {k: [getattr(org, k), v] for k, v in merged.items() if getattr(org, k) != v}
        if not diff:
            uow.commit()
            return {}
        for k, (_old, new) in diff.items():
            setattr(org, k, new)
        org.updated_at = utcnow()
        session.add(OrganisationChange(organisation_id=org.id, actor_id=actor.id, changes=diff))
        session.flush()
        bump_partnerships(session, [org.id])
        uow.commit()
    return diff


_NOT_NULL: tuple[str, ...] = ("name", "country", "status", "languages", "subjects")
_NOT_NULL += ("collection_languages", "directions_sought", "directions_offered")


def hidden_fields(user: User, organisation_id: int) -> tuple[str, ...]:
    """The profile fields kept from ``user``: the contacts, unless they may see them."""
    return () if can_see_contacts(user, organisation_id) else PRIVATE


def history(session: Session, user: User, organisation_id: int) -> list[HistoryItem]:
    """The profile's changes as ``user`` may see them, newest first: a field
    hidden from them (the contacts) is hidden in its history too, and a
    change of hidden fields only is not listed."""
    hidden = hidden_fields(user, organisation_id)
    items = []
    for row in session.scalars(
        select(OrganisationChange)
        .where(OrganisationChange.organisation_id == organisation_id)
        .order_by(OrganisationChange.id.desc())
    ):
        changes = {k: v for k, v in (row.changes or {}).items() if k not in hidden}
        if changes:
            items.append(HistoryItem(row.at, row.actor, row.source, changes))
    return items


@dataclass(frozen=True)
class HistoryItem:
    at: datetime
    actor: User | None
    source: str
    changes: dict[str, list[Any]]
