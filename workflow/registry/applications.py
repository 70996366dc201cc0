"""The two public application forms: submit, confirm by e-mail, decide in a queue.

Anyone may apply without an account. An application is kept with only the
hash of its confirmation token; the sender confirms through the link mailed
to them, and only confirmed applications reach the coordinators' queue.
Approving one creates a library, or merges it into a likely duplicate (the
same normalised name, city and country) that the coordinator was shown.

Bots are held off by the form's CSRF token and honeypot (in the web layer)
and by a limit of applications per sender and hour, counted in the database
so that it holds across app servers.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from documents.i18n import gettext_for
from states.text import lazy_text
from workflow.errors import DomainError, InvalidInput, NotFound, PermissionDenied
from workflow.lifecycle.access import is_staff
from workflow.lifecycle.unit_of_work import unit_of_work
from workflow.mail import outbox as mail
from workflow.models import (
    DIRECTIONS,
    LIBRARY_TYPES,
    Application,
    Organisation,
    OrganisationChange,
    User,
    utcnow,
)
from workflow.registry.libraries import IDENTITY, bump_partnerships

#: Applications one sender may send per hour.
PER_HOUR = 5
FIELDS = (
    *IDENTITY,
    "website",
    "directions",
    "languages",
    "message",
    "contact_name",
    "contact_email",
)


CONFIRM_SUBJECT = lazy_text("Confirm your application")
CONFIRM_BODY = lazy_text(
    "Thank you for applying to the sister libraries programme.\n\n"
    "Please confirm your application by opening this link:\n%(link)s\n"
)


class TooManyApplications(DomainError):
    message = lazy_text("Too many applications from your address. Please try again in an hour.")


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def normalised(name: str) -> str:
    """A name for comparing: no accents, case, punctuation or extra spaces."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", letters).split())


def submit(
    session: Session,
    kind: str,
    values: Mapping[str, Any],
    *,
    client: str,
    locale: str,
    confirm_url: Callable[[str], str],
    now: datetime | None = None,
) -> Application:
    """Keep an application and mail its confirmation link (``confirm_url(token)``)."""
    now = now or utcnow()
    data = {k: values.get(k) for k in FIELDS}
    if kind == "ukrainian":
        data["country"] = "UA"
    if not data["name"] or not data["city"] or not data["contact_email"]:
        raise InvalidInput()
    if data["library_type"] not in (None, "", *LIBRARY_TYPES):
        raise InvalidInput()
    directions = [d for d in str(data["directions"] or "").split(",") if d]
    if not set(directions) <= set(DIRECTIONS):
        raise InvalidInput()
    client_hash = _hash(client)
    token = secrets.token_urlsafe(32)
    with unit_of_work(session) as uow:
        recent = session.scalar(
            select(func.count())
            .select_from(Application)
            .where(
                Application.client_hash == client_hash,
                Application.created_at > now - timedelta(hours=1),
            )
        )
        if (recent or 0) >= PER_HOUR:
            raise TooManyApplications()
        application = Application(
            kind=kind,
            locale=locale,
            token_hash=_hash(token),
            client_hash=client_hash,
            created_at=now,
            **{**data, "library_type": data["library_type"] or None},
        )
        session.add(application)
        session.flush()
        gettext = gettext_for(locale)
        mail.send(
            session,
            application.contact_email,
            CONFIRM_SUBJECT.translate(gettext),
            lazy_text(CONFIRM_BODY.msgid, link=confirm_url(token)).translate(gettext),
            locale,
            secrets=(token,),
        )
        uow.commit()
    return application


def confirm(session: Session, token: str) -> Application | None:
    """Confirm the application of this token (again: no change). None if unknown."""
    with unit_of_work(session) as uow:
        application = session.scalar(
            select(Application).where(Application.token_hash == _hash(token))
        )
        if application is not None and application.confirmed_at is None:
            application.confirmed_at = utcnow()
        uow.commit()
    return application


def queue(session: Session) -> list[Application]:
    """Confirmed applications waiting for a decision, oldest first."""
    return list(
        session.scalars(
            select(Application)
            .where(Application.status == "pending", Application.confirmed_at.is_not(None))
            .order_by(Application.confirmed_at, Application.id)
        )
    )


def likely_duplicates(session: Session, application: Application) -> list[Organisation]:
    """Libraries with the same normalised name, city and country."""
    city = normalised(application.city or "")
    candidates = session.scalars(
        select(Organisation).where(
            Organisation.country == application.country,
            Organisation.kind == "library",
            func.lower(Organisation.city) == (application.city or "").strip().lower(),
        )
    ).all()
    if not candidates:
        candidates = session.scalars(
            select(Organisation).where(
                Organisation.country == application.country, Organisation.kind == "library"
            )
        ).all()
    names = {normalised(application.name), normalised(application.name_latin or "")} - {""}
    return [
        o
        for o in candidates
        if normalised(o.city or "") == city
        and ({normalised(o.name), normalised(o.name_latin or "")} & names)
    ]


def _profile(application: Application) -> dict[str, Any]:
    directions = application.directions or ""
    return {
        "name": application.name,
        "name_latin": application.name_latin,
        "country": application.country,
        "region": application.region,
        "city": application.city,
        "library_type": application.library_type,
        "population": application.population,
        "website": application.website,
        "languages": application.languages or "",
        "directions_sought": directions if application.kind == "ukrainian" else "",
        "directions_offered": directions if application.kind == "abroad" else "",
        "contact_name": application.contact_name,
        "contact_email": application.contact_email,
    }


def approve(
    session: Session, actor: User, application_id: int, merge_into: int | None = None
) -> Organisation:
    """Create a library from the application, or fill in what a duplicate lacks."""
    if not is_staff(actor):
        raise PermissionDenied()
    with unit_of_work(session) as uow:
        application = session.get(Application, application_id, with_for_update=True)
        if application is None or application.confirmed_at is None:
            raise NotFound()
        if application.status != "pending":
            raise InvalidInput(lazy_text("This application has already been decided."))
        profile = _profile(application)
        if merge_into is None:
            org = Organisation(kind="library", sector="public", **profile)
            session.add(org)
            session.flush()
            changes = {k: [None, v] for k, v in profile.items() if v}
        else:
            duplicate = session.get(Organisation, merge_into)
            if duplicate is None or duplicate not in likely_duplicates(session, application):
                raise InvalidInput(lazy_text("Only a likely duplicate can be merged into."))
            org = duplicate
            # What the registry already knows stays; the application fills the gaps.
            changes = {
                k: [getattr(org, k), v] for k, v in profile.items() if v and not getattr(org, k)
            }
            for k, (_old, new) in changes.items():
                setattr(org, k, new)
            org.updated_at = utcnow()
            bump_partnerships(session, [org.id])
        session.add(
            OrganisationChange(
                organisation_id=org.id, actor_id=actor.id, source="application", changes=changes
            )
        )
        application.status = "approved"
        application.decided_at = utcnow()
        application.decided_by_id = actor.id
        application.organisation_id = org.id
        uow.commit()
    return org


def reject(session: Session, actor: User, application_id: int) -> None:
    if not is_staff(actor):
        raise PermissionDenied()
    with unit_of_work(session) as uow:
        application = session.get(Application, application_id)
        if application is None:
            raise NotFound()
        if application.status != "pending":
            raise InvalidInput(lazy_text("This application has already been decided."))
        application.status = "rejected"
        application.decided_at = utcnow()
        application.decided_by_id = actor.id
        uow.commit()
