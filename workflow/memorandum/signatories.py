"""Who signs for each party, and a change of them after a version was sent.

A party's link and code go to its signatory's address (its contact person's),
never to an account that is not the party's own. When programme staff change
the signatory or the address once a version is out for signature, the old
address is told, the change is audited, and no link goes out to the party
until its librarian confirms it (``sending.confirm_signatory``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from documents.i18n import gettext_for
from states import LIBRARIAN, MEMORANDUM
from states.text import Text, lazy_text
from workflow.errors import InvalidInput
from workflow.mail import outbox as mail
from workflow.memorandum.audit import Client, record
from workflow.memorandum.versions import current_frozen
from workflow.models import MemorandumVersion, Partnership, Party, SignatureRequest, User, utcnow


def translator(lang: str) -> Callable[[Text], str]:
    """Translate a marked message into ``lang`` (mails go in the recipient's language)."""
    gettext = gettext_for(lang)
    return lambda text: text.translate(gettext)


def signatory_language(party: Party, languages: list[str]) -> str:
    """The signatory's language among the memorandum's: one the library
    speaks, else its country's."""
    return mail.party_language(party, languages)


def recipient(party: Party) -> str | None:
    return party.contact_email or party.organisation.contact_email


def ordered_parties(p: Partnership) -> list[Party]:
    return sorted(p.parties, key=lambda x: x.id)


class StaffAddress(InvalidInput):
    """A party's signing link was to go to an account that is not the party's."""


def check_recipient(session: Session, party: Party, email: str) -> None:
    """Refuse an address of an account other than the party's own librarian:
    a coordinator never receives a link or code meant for a party."""
    owner = session.scalars(
        select(User).where(func.lower(User.email) == email.strip().lower())
    ).first()
    if owner is None:
        return
    if owner.role == "librarian" and owner.organisation_id == party.organisation_id:
        return
    raise StaffAddress(
        lazy_text(
            "%(address)s belongs to an account that is not %(library)s's: the signing "
            "link and code for the library cannot go to it.",
            address=email,
            library=party.organisation.name,
        )
    )


@dataclass(frozen=True)
class Signatory:
    """Who a party's link goes to: the name that signs and the address."""

    name: str
    email: str

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


def signatories(p: Partnership) -> dict[int, Signatory]:
    return {
        x.id: Signatory((x.signatory_name or "").strip(), (recipient(x) or "").strip().lower())
        for x in p.parties
    }


def was_sent(session: Session, p: Partnership) -> bool:
    """Whether a version of the memorandum has gone out for signature and the
    signing is not complete."""
    if p.status != MEMORANDUM:
        return False
    sent = session.scalars(
        select(MemorandumVersion.completed_at).where(MemorandumVersion.partnership_id == p.id)
    ).all()
    return bool(sent) and not any(sent)


def signatory_changed(
    session: Session,
    p: Partnership,
    actor: User,
    before: dict[int, Signatory],
    *,
    client: Client = Client(),
    now: datetime | None = None,
) -> None:
    """After an edit: for each party whose signatory or their address changed
    since a version was sent, the old address is told (in its language), the
    change goes into the audit log, and, when programme staff made it, no link
    goes to the party until its librarian confirms it."""
    now = now or utcnow()
    after = signatories(p)
    languages = (p.languages or "en").split(",")
    for party in ordered_parties(p):
        old, new = before.get(party.id), after.get(party.id)
        if old is None or new is None or old == new:
            continue
        if new.email:
            check_recipient(session, party, new.email)
        by_party = actor.role == LIBRARIAN and actor.organisation_id == party.organisation_id
        if not by_party:
            party.signatory_unconfirmed_at = now
        else:
            party.signatory_unconfirmed_at = None
        m = current_frozen(session, p)
        record(
            session,
            p.id,
            "signatory_changed",
            client,
            memorandum_id=m.id if m is not None else None,
            detail=f"{party.organisation.name}: {old} -> {new} | by {actor.email} ({actor.role})"
            + ("" if by_party else " | waits for the party's confirmation"),
            now=now,
        )
        if old.email:
            # The language their links went in, as the old signatory read them.
            last = session.scalars(
                select(SignatureRequest.language)
                .where(SignatureRequest.party_id == party.id)
                .order_by(SignatureRequest.id.desc())
                .limit(1)
            ).first()
            language = last or signatory_language(party, languages)
            t = translator(language)
            mail.send(
                session,
                old.email,
                t(lazy_text("The signatory of %(library)s has been changed"))
                % {"library": party.organisation.name},
                t(
                    lazy_text(
                        "%(who)s changed who signs the memorandum of %(title)s for "
                        "%(library)s: from %(old)s to %(new)s. If you did not expect "
                        "this, tell your library and the programme's coordinators at once."
                    )
                )
                % {
                    "who": actor.name,
                    "title": p.title,
                    "library": party.organisation.name,
                    "old": str(old),
                    "new": str(new),
                },
                language,
            )
