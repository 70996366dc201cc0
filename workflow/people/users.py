"""Users and their passwords (hashed with werkzeug's scrypt/pbkdf2)."""

from __future__ import annotations

import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

import states
from states.text import lazy_text
from workflow.errors import InvalidInput, NotFound, PermissionDenied
from workflow.lifecycle.unit_of_work import unit_of_work
from workflow.models import User
from workflow.timezones import check_zone

#: werkzeug's default (scrypt); the test suite swaps in a cheap one.
PASSWORD_METHOD = "scrypt"
MIN_PASSWORD = 8


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
    if role not in states.ROLES or len(password) < MIN_PASSWORD or "@" not in email:
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


class WrongPassword(InvalidInput):
    """The current password typed to change it is not the person's."""


#: A hash of no one's password per method, checked when the e-mail is
#: unknown so that the answer takes as long as for a known one.
_DUMMY_HASHES: dict[str, str] = {}


def _dummy_hash() -> str:
    method = PASSWORD_METHOD
    if method not in _DUMMY_HASHES:
        _DUMMY_HASHES[method] = generate_password_hash(secrets.token_hex(16), method=method)
    return _DUMMY_HASHES[method]


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None.

    Every attempt checks one hash, of the user's password or of a dummy one,
    so an unknown e-mail answers in the same time as a wrong password.
    """
    user = session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None or not user.active:
        check_password_hash(_dummy_hash(), password)
        return None
    if not check_password_hash(user.password_hash, password):
        return None
    return user


def _bump(user: User) -> None:
    user.session_generation = (user.session_generation or 0) + 1


def end_sessions(session: Session, user_id: int) -> None:
    """Logout: every session of the person ends, on every device; commits."""
    with unit_of_work(session) as uow:
        user = session.get(User, user_id)
        if user is not None:
            _bump(user)
        uow.commit()


def change_password(session: Session, user_id: int, current: str, new: str) -> User:
    """A new password, given the current one; every other session ends. Commits."""
    if len(new) < MIN_PASSWORD:
        raise InvalidInput(
            lazy_text("The new password needs at least %(count)s characters.", count=MIN_PASSWORD)
        )
    with unit_of_work(session) as uow:
        user = session.get(User, user_id)
        if user is None or not check_password_hash(user.password_hash, current):
            raise WrongPassword(lazy_text("The current password is wrong."))
        user.password_hash = generate_password_hash(new, method=PASSWORD_METHOD)
        _bump(user)
        uow.commit()
    return user


def deactivate(session: Session, actor: User, user_id: int) -> User:
    """An administrator closes an account: its sessions end at once. Commits."""
    if actor.role != states.ADMIN:
        raise PermissionDenied()
    with unit_of_work(session) as uow:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound()
        user.active = False
        _bump(user)
        uow.commit()
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
