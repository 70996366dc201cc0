"""Users and their passwords (hashed with werkzeug's scrypt/pbkdf2)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

import states
from workflow.errors import InvalidInput
from workflow.lifecycle.unit_of_work import unit_of_work
from workflow.models import User
from workflow.timezones import check_zone

#: werkzeug's default (scrypt); the test suite swaps in a cheap one.
PASSWORD_METHOD = "scrypt"


def create_user(
    session: Session,
    *,
    email: str,
    name: str,
    password: str,
    role: str,
    organisation_id: int | None = None,
    locale: str | None = None,
) -> User:
    """Add a user to the session (the caller commits)."""
    if role not in states.ROLES or len(password) < 8 or "@" not in email:
        raise InvalidInput()
    user = User(
        email=email.strip().lower(),
        name=name.strip(),
        password_hash=generate_password_hash(password, method=PASSWORD_METHOD),
        role=role,
        organisation_id=organisation_id,
        locale=locale,
    )
    session.add(user)
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    user = session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None or not user.active or not check_password_hash(user.password_hash, password):
        return None
    return user


def set_locale(session: Session, user_id: int, locale: str | None) -> None:
    """Remember the interface language a user chose; commits."""
    with unit_of_work(session) as uow:
        user = session.get(User, user_id)
        if user is None:
            return
        user.locale = locale
        uow.commit()


def set_notifications(session: Session, user_id: int, *, reminders: bool, digest: bool) -> None:
    """What the user wants to be told by mail; commits. The digest is for coordinators."""
    with unit_of_work(session) as uow:
        user = session.get(User, user_id)
        if user is None:
            return
        user.notify_reminders = reminders
        user.notify_digest = digest and user.role == states.COORDINATOR
        uow.commit()


def set_timezone(session: Session, user_id: int, timezone: str) -> None:
    """The IANA zone a person sees times in ('' forgets it)."""
    value = check_zone(timezone) if timezone else None
    with unit_of_work(session) as uow:
        user = session.get(User, user_id)
        if user is None:
            return
        user.timezone = value
        uow.commit()
