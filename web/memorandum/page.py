"""The memorandum on the partnership page: a new version for the staff, the
signature of a library's representative on the page (until a version is sent
for signature by e-mailed links)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from states import LIBRARIAN, MEMORANDUM
from web.forms import ActionForm, VersionedActionForm
from workflow.memorandum import signing
from workflow.models import Partnership, Party, User


@dataclass
class MemorandumSection:
    generate_form: ActionForm | None = None
    #: A version sent for signature is signed through the e-mailed links only.
    by_link: bool = False


def section(session: Session, p: Partnership, *, staff: bool) -> MemorandumSection:
    s = MemorandumSection()
    if p.status != MEMORANDUM:
        return s
    s.by_link = signing.current_frozen(session, p) is not None
    if staff:
        s.generate_form = ActionForm(formdata=None, prefix="generate")
    return s


def sign_form(
    s: MemorandumSection, p: Partnership, user: User, party: Party, mine: Party | None
) -> VersionedActionForm | None:
    """The button with which the viewer signs for their own library, if they may now."""
    if (
        p.status == MEMORANDUM
        and user.role == LIBRARIAN
        and mine is not None
        and mine.id == party.id
        and p.memorandum_version
        and party.signed_version != p.memorandum_version
        and not s.by_link
    ):
        return VersionedActionForm(formdata=None, party_id=party.id, version=p.memorandum_version)
    return None
