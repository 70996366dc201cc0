"""Sending the memorandum for signature: the frozen version and the personal links."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from documents.render import html_to_pdf
from states import LIBRARIAN
from states.base import MEMORANDUM_TEXT
from states.text import lazy_text
from workflow.errors import InvalidInput, NotFound, PermissionDenied
from workflow.lifecycle.documents import build_context
from workflow.lifecycle.edits import require_edit, require_staff
from workflow.lifecycle.loading import load_partnership
from workflow.lifecycle.unit_of_work import unit_of_work
from workflow.mail import outbox as mail
from workflow.memorandum.audit import Client, record, sha256_hex
from workflow.memorandum.composition import pin
from workflow.memorandum.signatories import (
    check_recipient,
    ordered_parties,
    recipient,
    signatories,
    signatory_language,
    translator,
)
from workflow.memorandum.versions import current_frozen, lock_partnership
from workflow.models import (
    MemorandumVersion,
    Partnership,
    Party,
    SignatureRequest,
    User,
    utcnow,
)

#: How long a signing link works.
LINK_DAYS = 14


def without_signatory(p: Partnership) -> list[Party]:
    """The parties that have not named their signatory."""
    return [x for x in ordered_parties(p) if not (x.signatory_name or "").strip()]


def _mail_link(
    session: Session, request: SignatureRequest, p: Partnership, base_url: str, token: str
) -> None:
    t = translator(request.language)
    link = f"{base_url.rstrip('/')}/sign/{token}"
    body = "\n\n".join(
        [
            t(
                lazy_text(
                    "You are asked to sign version %(version)s of the memorandum "
                    "of cooperation of %(title)s."
                )
            )
            % {"version": request.memorandum.version, "title": p.title},
            t(
                lazy_text(
                    "Open your personal link (it opens as often as you need until you "
                    "sign or decline, at the latest until %(date)s):"
                )
            )
            % {"date": request.expires_at.date().isoformat()}
            + "\n"
            + link,
            t(lazy_text("The PDF's SHA-256: %(hash)s")) % {"hash": request.memorandum.sha256},
            t(lazy_text("Do not forward this mail: the link is yours alone.")),
        ]
    )
    mail.send(
        session,
        request.email,
        t(lazy_text("Memorandum to sign: %(title)s")) % {"title": p.title},
        body,
        request.language,
        secrets=(token,),
    )


def new_token() -> str:
    """A personal link's token: 256 random bits."""
    return secrets.token_urlsafe(32)


def new_request(
    session: Session,
    m: MemorandumVersion,
    party: Party,
    position: int,
    languages: list[str],
    now: datetime,
    make_token: Callable[[], str] = new_token,
) -> tuple[SignatureRequest, str]:
    email = recipient(party)
    if not email:
        raise InvalidInput(
            lazy_text(
                "%(library)s has no contact e-mail to send the link to.",
                library=party.organisation.name,
            )
        )
    if party.signatory_unconfirmed_at is not None:
        raise InvalidInput(
            lazy_text(
                "%(library)s has not confirmed the change of its signatory yet: "
                "no link goes out until its librarian does.",
                library=party.organisation.name,
            )
        )
    check_recipient(session, party, email)
    token = make_token()
    request = SignatureRequest(
        memorandum=m,
        party_id=party.id,
        position=position,
        email=email,
        language=signatory_language(party, languages),
        token_hash=sha256_hex(token),
        expires_at=now + timedelta(days=LINK_DAYS),
    )
    session.add(request)
    session.flush()
    return request, token


def request_and_mail(
    session: Session,
    p: Partnership,
    m: MemorandumVersion,
    party: Party,
    position: int,
    base_url: str,
    client: Client,
    now: datetime,
    make_token: Callable[[], str] = new_token,
) -> SignatureRequest:
    request, token = new_request(
        session, m, party, position, m.languages.split(","), now, make_token
    )
    _mail_link(session, request, p, base_url, token)
    record(
        session,
        p.id,
        "sent",
        client,
        memorandum_id=m.id,
        request_id=request.id,
        detail=request.email,
        now=now,
    )
    return request


def send_for_signature(
    session: Session,
    actor: User,
    partnership_id: int,
    *,
    base_url: str,
    ordered: bool = False,
    client: Client = Client(),
    now: datetime | None = None,
    make_token: Callable[[], str] = new_token,
) -> MemorandumVersion:
    """Freeze the current version and mail each party's signatory a personal link.

    Refused while a party has not named its signatory: the link is for that
    person, and signing checks the name they type against the one recorded.
    """
    require_staff(actor)
    now = now or utcnow()
    with unit_of_work(session) as uow:
        p = load_partnership(session, partnership_id, actor, for_update=True)
        require_edit(p, actor, MEMORANDUM_TEXT)
        if not p.memorandum_version:
            raise InvalidInput(lazy_text("The memorandum has not been generated"))
        if current_frozen(session, p) is not None:
            raise InvalidInput(lazy_text("This version has already been sent for signature."))
        missing = without_signatory(p)
        if missing:
            raise InvalidInput(
                lazy_text(
                    "%(library)s has not named its signatory: name them with the "
                    "contact person before sending.",
                    library=missing[0].organisation.name,
                )
            )
        # The texts sent are kept: a change of the clause library does not reach them.
        pin(session, p)
        session.flush()
        # Frozen: each party's signature state is left blank, to be stamped
        # once every party signed.
        context = build_context(p, "memorandum", {"frozen": True})
        from documents import context_hash, render_html

        pdf = html_to_pdf(render_html("memorandum", context), pdf_variant="pdf/a-3u")
        m = MemorandumVersion(
            partnership_id=p.id,
            version=p.memorandum_version,
            languages=",".join(context["languages"]),
            data_hash=context_hash(context),
            sha256=sha256_hex(pdf),
            pdf=pdf,
            sent_at=now,
            sent_by_id=actor.id,
            ordered=ordered,
        )
        session.add(m)
        session.flush()
        record(session, p.id, "frozen", client, memorandum_id=m.id, detail=m.sha256, now=now)
        # With a signing order only the first party gets a link now; the
        # next one gets theirs when the one before has signed.
        for position, party in enumerate(ordered_parties(p), start=1):
            if ordered and position > 1:
                break
            request_and_mail(session, p, m, party, position, base_url, client, now, make_token)
        p.updated_at = now
        uow.commit()
    return m


def resend(
    session: Session,
    actor: User,
    request_id: int,
    *,
    base_url: str,
    client: Client = Client(),
    now: datetime | None = None,
) -> SignatureRequest:
    """A new link for the same signatory; the old one stops working."""
    require_staff(actor)
    now = now or utcnow()
    with unit_of_work(session) as uow:
        old = session.get(SignatureRequest, request_id)
        if old is None:
            raise NotFound()
        p = load_partnership(session, old.memorandum.partnership_id, actor, for_update=True)
        if old.status not in ("open", "expired") or old.memorandum.voided_at is not None:
            raise InvalidInput(lazy_text("This request is no longer open."))
        old.status = "replaced"
        request = request_and_mail(
            session, p, old.memorandum, old.party, old.position, base_url, client, now
        )
        p.updated_at = now
        uow.commit()
    return request


def remind(session: Session, *, days: int, base_url: str, now: datetime | None = None) -> int:
    """A fresh link to each signatory whose open link has waited ``days`` days (for cron).

    Only the token's hash is kept, so the reminder cannot repeat the old link:
    it replaces it, and the new one waits ``days`` days before the next reminder.
    """
    now = now or utcnow()
    due = session.scalars(
        select(SignatureRequest.id)
        .join(MemorandumVersion)
        .where(
            SignatureRequest.status == "open",
            SignatureRequest.created_at <= now - timedelta(days=days),
            SignatureRequest.expires_at > now,
            MemorandumVersion.voided_at.is_(None),
            MemorandumVersion.completed_at.is_(None),
        )
        .order_by(SignatureRequest.id)
    ).all()
    sent = 0
    for request_id in due:
        with unit_of_work(session) as uow:
            old = session.get(SignatureRequest, request_id)
            assert old is not None
            p = lock_partnership(session, old.memorandum.partnership_id)
            session.refresh(old)
            if old.status != "open" or old.party.signatory_unconfirmed_at is not None:
                continue
            old.status = "replaced"
            record(
                session,
                p.id,
                "reminded",
                Client(),
                memorandum_id=old.memorandum_id,
                request_id=old.id,
                now=now,
            )
            request_and_mail(
                session, p, old.memorandum, old.party, old.position, base_url, Client(), now
            )
            sent += 1
            uow.commit()
    return sent


def confirm_signatory(
    session: Session,
    actor: User,
    partnership_id: int,
    party_id: int,
    *,
    base_url: str,
    client: Client = Client(),
    now: datetime | None = None,
) -> Party:
    """The party's librarian confirms a change of its signatory made by staff;
    a version out for signature then sends its link to the new signatory."""
    now = now or utcnow()
    with unit_of_work(session) as uow:
        p = load_partnership(session, partnership_id, actor, for_update=True)
        party = next((x for x in p.parties if x.id == party_id), None)
        if party is None:
            raise NotFound()
        if actor.role != LIBRARIAN or actor.organisation_id != party.organisation_id:
            raise PermissionDenied()
        if party.signatory_unconfirmed_at is None:
            return party
        party.signatory_unconfirmed_at = None
        m = current_frozen(session, p)
        record(
            session,
            p.id,
            "signatory_confirmed",
            client,
            memorandum_id=m.id if m is not None else None,
            detail=f"{party.organisation.name}: {signatories(p)[party.id]} | by {actor.email}",
            now=now,
        )
        if m is not None and m.completed_at is None:
            positions = {x.id: n for n, x in enumerate(ordered_parties(p), start=1)}
            waiting = not any(
                r.party_id == party.id and r.status in ("open", "signed") for r in m.requests
            )
            earlier = all(
                x.signed_version == m.version
                for x in ordered_parties(p)
                if positions[x.id] < positions[party.id]
            )
            if waiting and (not m.ordered or earlier):
                request_and_mail(session, p, m, party, positions[party.id], base_url, client, now)
        p.updated_at = now
        uow.commit()
    return party
