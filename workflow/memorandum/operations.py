"""A new version of the memorandum, and a party's signature in the app."""

from __future__ import annotations

from sqlalchemy.orm import Session

from states import LIBRARIAN
from states.base import MEMORANDUM_TEXT, SIGNATURES
from states.text import lazy_text
from workflow.errors import DomainError, StaleVersion
from workflow.lifecycle.edits import (
    edit_partnership,
    party_for_edit,
    require,
    require_edit,
    require_staff,
)
from workflow.memorandum.composition import pin, unpin
from workflow.memorandum.versions import current_frozen, new_memorandum_version
from workflow.models import Partnership, Party, User, utcnow


def generate_memorandum(session: Session, actor: User, partnership_id: int) -> int:
    """A new version of the memorandum; signatures of earlier versions no longer count."""
    require_staff(actor)

    def change(p: Partnership) -> int:
        require_edit(p, actor, MEMORANDUM_TEXT)
        new_memorandum_version(session, p)
        unpin(p)
        return p.memorandum_version

    return edit_partnership(session, partnership_id, actor, change)


def sign_memorandum(
    session: Session, actor: User, partnership_id: int, *, party_id: int, version: int
) -> Party:
    """The party's representative signs the version they were shown."""

    def change(p: Partnership) -> Party:
        require_edit(p, actor, SIGNATURES)
        require(actor.role == LIBRARIAN)
        party = party_for_edit(p, actor, party_id)
        if not p.memorandum_version or version != p.memorandum_version:
            raise StaleVersion(lazy_text("This version of the memorandum has been superseded."))
        if current_frozen(session, p) is not None:
            raise DomainError(
                lazy_text("This version is signed through the personal links sent by e-mail.")
            )
        # What the party signed must not change with the clause library.
        pin(session, p)
        party.signed_version = version
        party.signed_at = utcnow()
        party.signed_by_id = actor.id
        return party

    return edit_partnership(session, partnership_id, actor, change)
