"""Two-factor codes for staff: TOTP (RFC 6238) from an authenticator app, by pyotp.

A person turns it on by scanning the secret and typing a first code; from
then on logging in asks for a code after the password. A code works once
(the last accepted time step is kept) and within one step either side of now.
"""

from __future__ import annotations

import time

import pyotp
from sqlalchemy.orm import Session

from states.text import lazy_text
from workflow.errors import InvalidInput, NotFound
from workflow.lifecycle.unit_of_work import unit_of_work
from workflow.models import User

ISSUER = "Sister libraries"
#: Codes one step (30 s) before or after now are accepted: clocks drift.
WINDOW = 1


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(email: str, secret: str) -> str:
    """The ``otpauth://`` address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def _matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    """The time step ``code`` belongs to, or None when it matches none near now."""
    code = "".join(code.split())
    if not code.isdigit() or len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now = time.time() if now is None else now
    step = int(now // totp.interval)
    for candidate in range(step - WINDOW, step + WINDOW + 1):
        if pyotp.utils.strings_equal(totp.generate_otp(candidate), code):
            return candidate
    return None


def check_code(session: Session, user_id: int, code: str, now: float | None = None) -> User:
    """The second step of logging in: the code from the person's app. Commits
    the step used, so the same code cannot log in twice."""
    with unit_of_work(session) as uow:
        user = session.get(User, user_id)
        if user is None or not user.totp_secret:
            raise NotFound()
        step = _matching_step(user.totp_secret, code, now)
        if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
            raise InvalidInput(
                lazy_text("The code is wrong or has been used. Type the current one.")
            )
        user.totp_last_step = step
        uow.commit()
    return user


def enable(
    session: Session, user_id: int, secret: str, code: str, now: float | None = None
) -> User:
    """Turn two-factor codes on, once the person showed their app has the secret."""
    step = _matching_step(secret, code, now)
    if step is None:
        raise InvalidInput(
            lazy_text(
                "The code does not match: scan the code again and type the one your app shows."
            )
        )
    with unit_of_work(session) as uow:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound()
        user.totp_secret = secret
        user.totp_last_step = step
        uow.commit()
    return user


def disable(
    session: Session, user_id: int, code: str, *, required: bool, now: float | None = None
) -> User:
    """Turn them off, with a current code; refused where they are required."""
    if required:
        raise InvalidInput(lazy_text("Two-factor codes are required for your role."))
    with unit_of_work(session) as uow:
        user = session.get(User, user_id)
        if user is None or not user.totp_secret:
            raise NotFound()
        if _matching_step(user.totp_secret, code, now) is None:
            raise InvalidInput(
                lazy_text("The code is wrong or has been used. Type the current one.")
            )
        user.totp_secret = None
        user.totp_last_step = None
        uow.commit()
    return user
