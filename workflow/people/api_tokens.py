"""Personal tokens for the JSON API.

A token is ``sl_`` and 32 random bytes in URL-safe base64. Only its SHA-256
is stored, so the token is shown once, when it is made. A request with a
token acts as its user: a revoked token, or the token of a deactivated user,
opens nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from states.text import lazy_text
from workflow.errors import InvalidInput, NotFound
from workflow.lifecycle.unit_of_work import unit_of_work
from workflow.models import ApiToken, User, utcnow

PREFIX = "sl_"
MAX_NAME = 100
#: ``last_used_at`` is written at most this often per token, not on every request.
USE_RESOLUTION = timedelta(minutes=5)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    id: int
    name: str
    #: The token itself: shown once, never stored.
    secret: str


def create_token(session: Session, user: User, name: str) -> NewToken:
    name = (name or "").strip()
    if not name:
        raise InvalidInput(lazy_text("Name the token, e.g. after the script that will use it."))
    if len(name) > MAX_NAME:
        raise InvalidInput(lazy_text("A token's name can be at most 100 characters long."))
    secret = PREFIX + secrets.token_urlsafe(32)
    with unit_of_work(session) as uow:
        token = ApiToken(user_id=user.id, name=name, token_hash=token_hash(secret))
        session.add(token)
        session.flush()
        made = NewToken(token.id, token.name, secret)
        uow.commit()
    return made


def tokens_of(session: Session, user: User) -> list[ApiToken]:
    """The user's tokens that still work, newest first."""
    return list(
        session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def revoke_token(session: Session, user: User, token_id: int) -> None:
    """Revoke one of the user's own tokens (another user's is not found)."""
    with unit_of_work(session) as uow:
        token = session.get(ApiToken, token_id)
        if token is None or token.user_id != user.id or token.revoked_at is not None:
            raise NotFound(lazy_text("No such token."))
        token.revoked_at = utcnow()
        uow.commit()


def user_for_token(session: Session, secret: str) -> User | None:
    """The active user a working token belongs to, or None."""
    if not secret.startswith(PREFIX):
        return None
    row = session.execute(
        select(ApiToken.id, ApiToken.last_used_at, User)
        .join(User, User.id == ApiToken.user_id)
        .where(
            ApiToken.token_hash == token_hash(secret),
            ApiToken.revoked_at.is_(None),
            User.active.is_(True),
        )
    ).first()
    if row is None:
        return None
    token_id, last_used_at, user = row
    now = utcnow()
    if last_used_at is None or now - last_used_at > USE_RESOLUTION:
        with unit_of_work(session) as uow:
            session.execute(
                update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now)
            )
            uow.commit()
    return user
