"""Edits: the guards every use case that changes a partnership reads, and the
one place that changes it (``edit_partnership``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session

import states
from states.text import Text, lazy_text
from workflow.errors import DomainError, NotFound, PermissionDenied
from workflow.lifecycle.access import is_staff, own_party
from workflow.lifecycle.loading import load_partnership
from workflow.lifecycle.unit_of_work import unit_of_work
from workflow.memorandum.signatories import signatories, signatory_changed, was_sent
from workflow.memorandum.versions import memorandum_terms, new_memorandum_version, sent_terms
from workflow.models import Partnership, Party, User, utcnow

T = TypeVar("T")


def require(condition: bool, message: Text | None = None) -> None:
    if not condition:
        raise PermissionDenied(message)


def require_staff(actor: User) -> None:
    require(is_staff(actor))


class EditNotAllowed(DomainError):
    """The partnership's step does not allow this edit (``states``: ``Step.edits``)."""

    message = lazy_text("This cannot be changed in the partnership's current step.")


def require_state(p: Partnership, *allowed: str) -> None:
    if p.status not in allowed:
        raise EditNotAllowed()


def may_edit(p: Partnership, actor: User, edit: str) -> bool:
    """Whether ``actor`` may make ``edit`` on ``p`` now, as its step declares it.

    The one answer for the use cases, the pages (which forms to show), the
    API and the tests; which party someone acts for is the use case's check.
    """
    allowed = states.BY_NAME[p.status].edit(edit)
    return (
        allowed is not None
        and actor.role in allowed.roles
        and (allowed.when is None or allowed.when(p))
    )


def require_edit(p: Partnership, actor: User, edit: str) -> None:
    """``may_edit`` or an error: ``EditNotAllowed`` for the step, else ``PermissionDenied``."""
    allowed = states.BY_NAME[p.status].edit(edit)
    if allowed is None or (allowed.when is not None and not allowed.when(p)):
        raise EditNotAllowed()
    require(actor.role in allowed.roles)


def edit_partnership(
    session: Session, partnership_id: int, actor: User, change: Callable[[Partnership], T]
) -> T:
    with unit_of_work(session) as uow:
        p = load_partnership(session, partnership_id, actor, for_update=True)
        sent = sent_terms(session, p)
        version = p.memorandum_version
        signing_started = was_sent(session, p)
        before = signatories(p) if signing_started else {}
        result = change(p)
        if signing_started:
            # Announced to the old address, audited, and confirmed by the party.
            session.flush()
            signatory_changed(session, p, actor, before)
        # (A change that made a new version itself has voided the one sent.)
        if sent is not None and p.memorandum_version == version and sent != memorandum_terms(p):
            new_memorandum_version(session, p)
        # Bumps the version too: the documents' freshness stamp, and a page
        # opened before this change can no longer move the partnership.
        p.updated_at = utcnow()
        uow.commit()
    return result


def party_for_edit(p: Partnership, actor: User, party_id: int) -> Party:
    party = next((x for x in p.parties if x.id == party_id), None)
    if party is None:
        raise NotFound()
    if not is_staff(actor):
        mine = own_party(actor, p)
        require(mine is not None and mine.id == party.id)
    return party
