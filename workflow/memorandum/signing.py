"""Signing the memorandum by e-mailed personal links, and the seal once all signed.

"Send for signature" freezes the current version: the PDF (PDF/A-3u), its
SHA-256 and the hash of its data are stored and never rendered again. Each
party's signatory gets a personal link (a random token; only its SHA-256 is
kept) that expires and works once; on it they see the frozen PDF and its hash,
ask for a one-time code by e-mail, tick an intent statement naming the hash,
and sign with the name the memorandum gives its signatory, or decline with a
reason. With a signing order the server refuses a party whose turn has not
come. Every event goes to an append-only audit log whose entries are
hash-chained. When every party signed, a certificate of
completion is appended, the whole is sealed (``workflow.memorandum.seal``) and mailed to
every signatory and the coordinator.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from io import BytesIO
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from documents.i18n import gettext_for
from documents.render import ENV, LANGUAGES, html_to_pdf
from states.text import Text, _l
from workflow.errors import DomainError, InvalidInput, NotFound
from workflow.lifecycle.documents import build_context
from workflow.lifecycle.edits import require_staff, require_state
from workflow.lifecycle.loading import LOAD_PARTNERSHIP, load_partnership
from workflow.lifecycle.unit_of_work import unit_of_work
from workflow.mail import outbox as mail
from workflow.memorandum.clauses import pin
from workflow.models import (
    MemorandumVersion,
    Partnership,
    Party,
    SignatureEvent,
    SignatureRequest,
    User,
    utcnow,
)

#: How long a signing link works.
LINK_DAYS = 14
#: How long an e-mailed code works, and how many wrong tries it allows.
CODE_MINUTES = 15
CODE_TRIES = 5
GENESIS = "0" * 64
SIGNED_KIND = "memorandum_signed"


class LinkRefused(DomainError):
    """The link is unknown, used, expired or replaced."""


class NotTheSignatory(InvalidInput):
    """The name typed on the link is not the party's recorded signatory's."""


@dataclass(frozen=True)
class Client:
    """Who is at the other end of a request: kept in the audit log."""

    ip: str | None = None
    user_agent: str | None = None


def _sha(value: str | bytes) -> str:
    return hashlib.sha256(value.encode() if isinstance(value, str) else value).hexdigest()


def _iso(value: datetime) -> str:
    return value.isoformat(timespec="microseconds") + "Z"


def _translator(lang: str) -> Callable[[Text], str]:
    """Translate a marked message into ``lang`` (mails go in the recipient's language)."""
    gettext = gettext_for(lang)
    return lambda text: text.translate(gettext)


# --- the audit log ----------------------------------------------------------


def _event_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    payload = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return _sha(prev_hash + payload)


def _fields(e: SignatureEvent) -> dict[str, Any]:
    return {
        "partnership": e.partnership_id,
        "memorandum": e.memorandum_id,
        "request": e.request_id,
        "kind": e.kind,
        "at": e.at,
        "ip": e.ip,
        "user_agent": e.user_agent,
        "detail": e.detail,
    }


class AppendOnly(DomainError):
    """An entry of the audit log was to be changed or removed."""


@event.listens_for(SignatureEvent, "before_update")
@event.listens_for(SignatureEvent, "before_delete")
def _refuse_change(_mapper: Any, _connection: Any, target: SignatureEvent) -> None:
    raise AppendOnly(_l("The audit log is append-only."))


def record(
    session: Session,
    partnership_id: int,
    kind: str,
    client: Client,
    *,
    memorandum_id: int | None = None,
    request_id: int | None = None,
    detail: str = "",
    now: datetime | None = None,
) -> SignatureEvent:
    """Append an event to the partnership's chain (the caller holds its row lock)."""
    last = session.scalars(
        select(SignatureEvent)
        .where(SignatureEvent.partnership_id == partnership_id)
        .order_by(SignatureEvent.id.desc())
        .limit(1)
    ).first()
    event = SignatureEvent(
        partnership_id=partnership_id,
        memorandum_id=memorandum_id,
        request_id=request_id,
        kind=kind,
        at=_iso(now or utcnow()),
        ip=(client.ip or None) and client.ip[:64],
        user_agent=(client.user_agent or None) and client.user_agent[:300],
        detail=detail,
        prev_hash=last.hash if last is not None else GENESIS,
    )
    event.hash = _event_hash(event.prev_hash, _fields(event))
    session.add(event)
    session.flush()
    return event


def audit_log(session: Session, partnership_id: int) -> list[SignatureEvent]:
    return list(
        session.scalars(
            select(SignatureEvent)
            .where(SignatureEvent.partnership_id == partnership_id)
            .order_by(SignatureEvent.id)
        )
    )


def chain_is_intact(events: list[SignatureEvent]) -> bool:
    """Whether every entry hashes its content and the entry before it."""
    prev = GENESIS
    for e in events:
        if e.prev_hash != prev or e.hash != _event_hash(prev, _fields(e)):
            return False
        prev = e.hash
    return True


# --- sending ----------------------------------------------------------------


#: The language of a country's libraries, when a library names none it speaks.
COUNTRY_LANGUAGES = {"UA": "uk", "PL": "pl"}


def _language(party: Party, languages: list[str]) -> str:
    """The signatory's language among the memorandum's: one the library
    speaks, else its country's."""
    org = party.organisation
    spoken = [c for c in org.languages.split(",") if c]
    spoken.append(COUNTRY_LANGUAGES.get(org.country, "en"))
    for code in spoken:
        if code in languages and code in ("uk", "pl", "en"):
            return code
    return "en" if "en" in languages or not languages else languages[0]


def _recipient(party: Party) -> str | None:
    return party.contact_email or party.organisation.contact_email


def without_signatory(p: Partnership) -> list[Party]:
    """The parties that have not named their signatory."""
    return [x for x in _ordered_parties(p) if not (x.signatory_name or "").strip()]


#: Apostrophes a Ukrainian name is typed with: the keyboard's ', the
#: typographic ’ and the modifier letter ʼ that the orthography prescribes.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'", "`": "'"})


def name_key(name: str) -> str:
    """A name as it is compared: NFKC, case-folded, one space between words."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    folded = unicodedata.normalize("NFKC", folded).translate(_APOSTROPHES)
    return " ".join(folded.split())


def same_name(typed: str, recorded: str) -> bool:
    return bool(name_key(typed)) and name_key(typed) == name_key(recorded)


def _mail_link(
    session: Session, request: SignatureRequest, p: Partnership, base_url: str, token: str
) -> None:
    t = _translator(request.language)
    link = f"{base_url.rstrip('/')}/sign/{token}"
    body = "\n\n".join(
        [
            t(
                _l(
                    "You are asked to sign version %(version)s of the memorandum "
                    "of cooperation of %(title)s."
                )
            )
            % {"version": request.memorandum.version, "title": p.title},
            t(_l("Open your personal link (it works once, until %(date)s):"))
            % {"date": request.expires_at.date().isoformat()}
            + "\n"
            + link,
            t(_l("The PDF's SHA-256: %(hash)s")) % {"hash": request.memorandum.sha256},
            t(_l("Do not forward this mail: the link is yours alone.")),
        ]
    )
    mail.send(
        session,
        request.email,
        t(_l("Memorandum to sign: %(title)s")) % {"title": p.title},
        body,
        request.language,
        secrets=(token,),
    )


def new_token() -> str:
    """A personal link's token: 256 random bits."""
    return secrets.token_urlsafe(32)


def _new_request(
    session: Session,
    m: MemorandumVersion,
    party: Party,
    position: int,
    languages: list[str],
    now: datetime,
    make_token: Callable[[], str] = new_token,
) -> tuple[SignatureRequest, str]:
    email = _recipient(party)
    if not email:
        raise InvalidInput(
            _l(
                "%(library)s has no contact e-mail to send the link to.",
                library=party.organisation.name,
            )
        )
    token = make_token()
    request = SignatureRequest(
        memorandum=m,
        party_id=party.id,
        position=position,
        email=email,
        language=_language(party, languages),
        token_hash=_sha(token),
        expires_at=now + timedelta(days=LINK_DAYS),
    )
    session.add(request)
    session.flush()
    return request, token


def _ordered_parties(p: Partnership) -> list[Party]:
    return sorted(p.parties, key=lambda x: x.id)


def _request_and_mail(
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
    request, token = _new_request(
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


def current_frozen(session: Session, p: Partnership) -> MemorandumVersion | None:
    return session.scalars(
        select(MemorandumVersion).where(
            MemorandumVersion.partnership_id == p.id,
            MemorandumVersion.version == p.memorandum_version,
            MemorandumVersion.voided_at.is_(None),
        )
    ).first()


def versions(session: Session, partnership_id: int) -> list[MemorandumVersion]:
    return list(
        session.scalars(
            select(MemorandumVersion)
            .where(MemorandumVersion.partnership_id == partnership_id)
            .order_by(MemorandumVersion.version.desc())
        )
    )


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
    with unit_of_work(session):
        p = load_partnership(session, partnership_id, actor, for_update=True)
        require_state(p, "memorandum")
        if not p.memorandum_version:
            raise InvalidInput(_l("The memorandum has not been generated"))
        if current_frozen(session, p) is not None:
            raise InvalidInput(_l("This version has already been sent for signature."))
        missing = without_signatory(p)
        if missing:
            raise InvalidInput(
                _l(
                    "%(library)s has not named its signatory: name them with the "
                    "contact person before sending.",
                    library=missing[0].organisation.name,
                )
            )
        # The texts sent are kept: a change of the clause library does not reach them.
        pin(session, p)
        session.flush()
        context = build_context(p, "memorandum")
        from documents import context_hash, render_html

        pdf = html_to_pdf(render_html("memorandum", context), pdf_variant="pdf/a-3u")
        m = MemorandumVersion(
            partnership_id=p.id,
            version=p.memorandum_version,
            languages=",".join(context["languages"]),
            data_hash=context_hash(context),
            sha256=_sha(pdf),
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
        for position, party in enumerate(_ordered_parties(p), start=1):
            if ordered and position > 1:
                break
            _request_and_mail(session, p, m, party, position, base_url, client, now, make_token)
        p.updated_at = now
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
    with unit_of_work(session):
        old = session.get(SignatureRequest, request_id)
        if old is None:
            raise NotFound()
        p = load_partnership(session, old.memorandum.partnership_id, actor, for_update=True)
        if old.status not in ("open", "expired") or old.memorandum.voided_at is not None:
            raise InvalidInput(_l("This request is no longer open."))
        old.status = "replaced"
        request = _request_and_mail(
            session, p, old.memorandum, old.party, old.position, base_url, client, now
        )
        p.updated_at = now
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
        with unit_of_work(session):
            old = session.get(SignatureRequest, request_id)
            assert old is not None
            p = _lock(session, old.memorandum.partnership_id)
            session.refresh(old)
            if old.status != "open":
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
            _request_and_mail(
                session, p, old.memorandum, old.party, old.position, base_url, Client(), now
            )
            sent += 1
    return sent


def void_open(session: Session, p: Partnership, client: Client = Client()) -> None:
    """An edit made a new version: requests and signatures of the old one are void."""
    for m in session.scalars(
        select(MemorandumVersion).where(
            MemorandumVersion.partnership_id == p.id,
            MemorandumVersion.voided_at.is_(None),
            MemorandumVersion.completed_at.is_(None),
        )
    ):
        m.voided_at = utcnow()
        for r in m.requests:
            if r.status in ("open", "signed"):
                r.status = "void"
        record(session, p.id, "voided", client, memorandum_id=m.id, detail=str(m.version))


# --- the signatory's link -------------------------------------------------------


def _lock(session: Session, partnership_id: int) -> Partnership:
    return (
        session.execute(LOAD_PARTNERSHIP.with_for_update(of=Partnership), {"pid": partnership_id})
        .unique()
        .scalar_one()
    )


def find_request(session: Session, token: str) -> SignatureRequest:
    """The open request of ``token``, or LinkRefused."""
    request = session.scalars(
        select(SignatureRequest).where(SignatureRequest.token_hash == _sha(token))
    ).first()
    if request is None or request.status != "open" or request.memorandum.voided_at:
        raise LinkRefused(
            _l("This link does not work any more: it was used, replaced or withdrawn.")
        )
    return request


def _checked(session: Session, token: str, client: Client, now: datetime) -> SignatureRequest:
    request = find_request(session, token)
    if request.expires_at <= now:
        request.status = "expired"
        record(
            session,
            request.memorandum.partnership_id,
            "expired",
            client,
            memorandum_id=request.memorandum_id,
            request_id=request.id,
            now=now,
        )
        session.commit()
        raise LinkRefused(_l("This link has expired. Ask the coordinator for a new one."))
    return request


def _fresh_parties(session: Session, partnership_id: int) -> list[Party]:
    return list(
        session.scalars(
            select(Party)
            .where(Party.partnership_id == partnership_id)
            .order_by(Party.id)
            .execution_options(populate_existing=True)
        )
    )


def no_signatory_message(party: Party) -> Text:
    """What the link says when the party's signatory is not recorded: a version
    sent before sending required one (``send_for_signature`` now refuses, and
    changing the signatory makes a new version)."""
    return _l(
        "%(library)s has not named its signatory, so nobody can sign by this link yet: "
        "the coordinator names them and sends the memorandum again.",
        library=party.organisation.name,
    )


def _turn_has_come(request: SignatureRequest) -> bool:
    m = request.memorandum
    if not m.ordered:
        return True
    return all(
        r.status == "signed"
        for r in m.requests
        if r.position < request.position and r.status != "replaced"
    )


def open_link(
    session: Session, token: str, *, client: Client = Client(), now: datetime | None = None
) -> SignatureRequest:
    """The signatory opened their link: recorded the first time."""
    now = now or utcnow()
    with unit_of_work(session):
        request = _checked(session, token, client, now)
        if request.opened_at is None:
            _lock(session, request.memorandum.partnership_id)
            request.opened_at = now
            record(
                session,
                request.memorandum.partnership_id,
                "opened",
                client,
                memorandum_id=request.memorandum_id,
                request_id=request.id,
                now=now,
            )
    return request


def send_code(
    session: Session,
    token: str,
    *,
    client: Client = Client(),
    now: datetime | None = None,
    make_code: Callable[[], str] = lambda: f"{secrets.randbelow(10**6):06d}",
) -> None:
    """Mail a one-time code to the signatory's address."""
    now = now or utcnow()
    with unit_of_work(session):
        request = _checked(session, token, client, now)
        _lock(session, request.memorandum.partnership_id)
        code = make_code()
        request.code_hash = _sha(f"{request.id}:{code}")
        request.code_expires_at = now + timedelta(minutes=CODE_MINUTES)
        request.code_attempts = 0
        t = _translator(request.language)
        mail.send(
            session,
            request.email,
            t(_l("Your code to sign the memorandum")),
            t(_l("Your one-time code: %(code)s (valid for %(minutes)s minutes)."))
            % {"code": code, "minutes": CODE_MINUTES},
            request.language,
            secrets=(code,),
        )
        record(
            session,
            request.memorandum.partnership_id,
            "code_sent",
            client,
            memorandum_id=request.memorandum_id,
            request_id=request.id,
            now=now,
        )


def sign(
    session: Session,
    token: str,
    *,
    code: str,
    intent: bool,
    signer_name: str,
    client: Client = Client(),
    now: datetime | None = None,
    seal: Callable[[bytes], bytes] | None = None,
    verify_url: str = "",
    base_url: str = "",
) -> bool:
    """Sign by the link; True when this signature completed the memorandum."""
    now = now or utcnow()
    with unit_of_work(session):
        request = _checked(session, token, client, now)
        m = request.memorandum
        p = _lock(session, m.partnership_id)
        # Read again after the lock: on PostgreSQL the locking query's joined
        # rows are from before it waited, and a signature may have landed since.
        session.refresh(request)
        session.refresh(m)
        parties = _fresh_parties(session, p.id)
        if request.status != "open" or m.voided_at or p.memorandum_version != m.version:
            raise LinkRefused(_l("This version of the memorandum has been superseded."))
        if not _turn_has_come(request):
            raise InvalidInput(_l("The signing order says another party signs before you."))
        if not intent:
            raise InvalidInput(_l("Tick the statement to show that you intend to sign."))
        if not signer_name.strip():
            raise InvalidInput(_l("Write your name."))
        party = next(x for x in parties if x.id == request.party_id)
        # Checked before the code, so a wrong name costs no try of it; nothing
        # is logged: the audit log records what happened to the request, and
        # this changed nothing.
        if not party.signatory_name:
            raise NotTheSignatory(no_signatory_message(party))
        if not same_name(signer_name, party.signatory_name):
            raise NotTheSignatory(
                _l(
                    "The memorandum names %(name)s as the signatory for %(library)s: "
                    "only they sign by this link, with their own name.",
                    name=party.signatory_name,
                    library=party.organisation.name,
                )
            )
        if (
            request.code_hash is None
            or request.code_expires_at is None
            or request.code_expires_at <= now
            or request.code_attempts >= CODE_TRIES
        ):
            raise InvalidInput(
                _l("Ask for a new code: this one has expired or was tried too often.")
            )
        if not hmac.compare_digest(request.code_hash, _sha(f"{request.id}:{code.strip()}")):
            request.code_attempts += 1
            session.commit()
            raise InvalidInput(_l("The code is wrong."))
        request.status = "signed"
        request.finished_at = now
        request.signer_name = signer_name.strip()[:200]
        request.code_hash = None
        party.signed_version = m.version
        party.signed_at = now
        party.signed_by_id = None
        record(
            session,
            p.id,
            "signed",
            client,
            memorandum_id=m.id,
            request_id=request.id,
            detail=f"{request.signer_name} | {m.sha256}",
            now=now,
        )
        p.updated_at = now
        completed = False
        if all(x.signed_version == m.version for x in parties):
            if m.completed_at is None:
                _complete(session, p, m, client, now, seal, verify_url)
                completed = True
        elif m.ordered:
            nxt = parties[request.position] if request.position < len(parties) else None
            if nxt is not None and not any(r.party_id == nxt.id for r in m.requests):
                _request_and_mail(session, p, m, nxt, request.position + 1, base_url, client, now)
    return completed


def _told(
    session: Session, m: MemorandumVersion, requests: list[SignatureRequest]
) -> list[tuple[str, str]]:
    """The address and language of each request's signatory, and of the
    coordinator who sent the version for signature: each address once."""
    told = {r.email: r.language for r in requests}
    sender = session.get(User, m.sent_by_id) if m.sent_by_id else None
    if sender is not None and sender.email not in told:
        told[sender.email] = sender.locale if sender.locale in LANGUAGES else "en"
    return list(told.items())


def decline(
    session: Session,
    token: str,
    *,
    reason: str,
    client: Client = Client(),
    now: datetime | None = None,
) -> None:
    """The signatory declines with a reason; every party is told."""
    now = now or utcnow()
    if not reason.strip():
        raise InvalidInput(_l("Say why you decline."))
    with unit_of_work(session):
        request = _checked(session, token, client, now)
        m = request.memorandum
        p = _lock(session, m.partnership_id)
        request.status = "declined"
        request.finished_at = now
        request.decline_reason = reason.strip()
        record(
            session,
            p.id,
            "declined",
            client,
            memorandum_id=m.id,
            request_id=request.id,
            detail=request.decline_reason,
            now=now,
        )
        told = _told(session, m, [r for r in m.requests if r.status != "replaced"])
        for email, language in told:
            t = _translator(language)
            mail.send(
                session,
                email,
                t(_l("Memorandum declined: %(title)s")) % {"title": p.title},
                t(
                    _l(
                        "%(library)s declined to sign version %(version)s of the "
                        "memorandum. Reason: %(reason)s"
                    )
                )
                % {
                    "library": request.party.organisation.name,
                    "version": m.version,
                    "reason": request.decline_reason,
                },
                language,
            )
        p.updated_at = now


# --- completion -------------------------------------------------------------


def _qr_data_uri(text: str) -> str:
    import segno

    out = BytesIO()
    segno.make(text, error="m").save(out, kind="png", scale=4)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def certificate_html(
    p: Partnership, m: MemorandumVersion, events: list[SignatureEvent], verify_url: str
) -> str:
    signers = [
        {
            "library": r.party.organisation.name,
            "name": r.signer_name,
            "email": r.email,
            "signed_at": r.finished_at.isoformat(timespec="seconds") + "Z" if r.finished_at else "",
        }
        for r in m.requests
        if r.status == "signed"
    ]
    languages = m.languages.split(",")
    return ENV.get_template("completion.html").render(
        languages=languages,
        tr={lang: gettext_for(lang) for lang in languages},
        kind="completion",
        heading=p.title,
        generated_on=None,
        title=p.title,
        version=m.version,
        sha256=m.sha256,
        data_hash=m.data_hash,
        signers=signers,
        events=[
            {"at": e.at, "kind": e.kind, "ip": e.ip or "", "hash": e.hash}
            for e in events
            if e.memorandum_id == m.id
        ],
        verify_url=verify_url,
        qr=_qr_data_uri(verify_url or "sha256:" + m.sha256),
    )


def sealed_filename(partnership_id: int, version: int) -> str:
    """The sealed memorandum's file name, as downloaded and as mailed."""
    return f"{SIGNED_KIND}-{partnership_id}-v{version}.pdf"


def _complete(
    session: Session,
    p: Partnership,
    m: MemorandumVersion,
    client: Client,
    now: datetime,
    seal: Callable[[bytes], bytes] | None,
    verify_url: str,
) -> None:
    from pypdf import PdfReader, PdfWriter

    record(session, p.id, "completed", client, memorandum_id=m.id, now=now)
    certificate = html_to_pdf(certificate_html(p, m, audit_log(session, p.id), verify_url))
    writer = PdfWriter(PdfReader(BytesIO(m.pdf)), incremental=True)
    for page in PdfReader(BytesIO(certificate)).pages:
        writer.add_page(page)
    out = BytesIO()
    writer.write(out)
    combined = out.getvalue()
    sealed = seal(combined) if seal is not None else combined
    from workflow.memorandum.seal import signature_digests

    m.sealed_pdf = sealed
    m.sealed_sha256 = _sha(sealed)
    digests = signature_digests(sealed)
    m.seal_signature_sha256 = digests[-1] if digests else None
    m.completed_at = now
    record(session, p.id, "sealed", client, memorandum_id=m.id, detail=m.sealed_sha256, now=now)
    # The sealed PDF goes to every party: each signatory, and the coordinator.
    attachment = mail.Attachment(
        filename=sealed_filename(p.id, m.version),
        content_type="application/pdf",
        data=sealed,
        memorandum_id=m.id,
    )
    for email, language in _told(session, m, [r for r in m.requests if r.status == "signed"]):
        t = _translator(language)
        mail.send(
            session,
            email,
            t(_l("Memorandum signed by every party: %(title)s")) % {"title": p.title},
            t(
                _l(
                    "Every party has signed version %(version)s. The sealed PDF is "
                    "attached (SHA-256 %(hash)s); anyone can check it at %(url)s"
                )
            )
            % {"version": m.version, "hash": m.sealed_sha256, "url": verify_url},
            language,
            attachments=(attachment,),
        )


# --- verification -----------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """What the verification page answers."""

    outcome: str  # "unchanged", "original", "changed", "unknown"
    memorandum: MemorandumVersion | None = None
    signers: tuple[tuple[str, str, datetime | None], ...] = ()


def _verdict(outcome: str, m: MemorandumVersion | None) -> Verdict:
    if m is None:
        return Verdict("unknown")
    signers = tuple(
        (r.party.organisation.name, r.signer_name or "", r.finished_at)
        for r in m.requests
        if r.status == "signed"
    )
    return Verdict(outcome, m, signers)


def verify_hash(session: Session, sha256: str) -> Verdict:
    sha256 = sha256.strip().lower()
    m = session.scalars(
        select(MemorandumVersion).where(MemorandumVersion.sealed_sha256 == sha256)
    ).first()
    if m is not None:
        return _verdict("unchanged", m)
    m = session.scalars(select(MemorandumVersion).where(MemorandumVersion.sha256 == sha256)).first()
    if m is not None:
        return _verdict("original", m)
    return Verdict("unknown")


def verify_pdf(session: Session, data: bytes) -> Verdict:
    from workflow.memorandum.seal import signature_digests

    verdict = verify_hash(session, _sha(data))
    if verdict.outcome != "unknown":
        return verdict
    digests = signature_digests(data)
    if digests:
        m = session.scalars(
            select(MemorandumVersion).where(MemorandumVersion.seal_signature_sha256.in_(digests))
        ).first()
        if m is not None:
            return _verdict("changed", m)
    return Verdict("unknown")


def requests_of(session: Session, m: MemorandumVersion) -> list[SignatureRequest]:
    return list(m.requests)


def frozen_pdf(session: Session, memorandum_id: int, *, sealed: bool) -> bytes | None:
    column = MemorandumVersion.sealed_pdf if sealed else MemorandumVersion.pdf
    return session.scalars(select(column).where(MemorandumVersion.id == memorandum_id)).first()
