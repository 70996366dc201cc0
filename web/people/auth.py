"""Logging in and out; who the current user is."""

from __future__ import annotations

import time
from typing import Any

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import UserMixin, current_user, login_user, logout_user
from sqlalchemy import bindparam, select, true
from werkzeug.wrappers import Response

from states.base import STAFF
from web.db import get_session
from web.extensions import login_manager
from web.forms import ActionForm
from web.limits import login_attempts
from web.people.forms import LoginForm
from web.safety import local_path
from workflow.lifecycle.prepared import Prepared
from workflow.models import User
from workflow.people.users import authenticate, end_sessions

bp = Blueprint("auth", __name__, template_folder="templates")

#: Endpoints anyone may open; every other page needs a login.
PUBLIC_ENDPOINTS = frozenset(
    {
        "auth.login",
        "two_factor.code",
        "two_factor.setup",
        "static",
        "i18n.switch",
        "public.index",
        "public.feed",
        "feeds.calendar",
        "applications.apply",
        "applications.sent",
        "applications.confirm",
        "health.index",
        "signing.link",
        "signing.link_pdf",
        "signing.send_code",
        "signing.sign",
        "signing.decline",
        "signing.verify",
    }
)


class LoginUser(UserMixin):
    """Flask-Login's view of a user: the columns every page reads (the layout,
    the language), read per request without the ORM (``load_user``); ``user``,
    the ORM object the services take, is loaded on first use. Other
    attributes pass through to it."""

    def __init__(
        self,
        id: int,
        name: str,
        role: str,
        organisation_id: int | None,
        locale: str | None,
        session_generation: int = 0,
    ) -> None:
        self.id = id
        self.name = name
        self.role = role
        self.organisation_id = organisation_id
        self.locale = locale
        self.session_generation = session_generation
        self._user: User | None = None

    @classmethod
    def of(cls, user: User) -> LoginUser:
        login = cls(
            user.id,
            user.name,
            user.role,
            user.organisation_id,
            user.locale,
            user.session_generation or 0,
        )
        login._user = user
        return login

    @property
    def user(self) -> User:
        if self._user is None:
            user = get_session().get(User, self.id)
            if user is None or not user.active:  # gone since ``load_user``: log in again
                abort(401)
            self._user = user
        return self._user

    def get_id(self) -> str:
        # The session generation travels with the id: once raised (logout, a
        # new password, deactivation), a cookie saved before opens nothing.
        return f"{self.id}:{self.session_generation}"

    def __getattr__(self, name: str) -> Any:
        return getattr(self.user, name)


def actor() -> User:
    """The ORM user behind ``current_user``, as the services expect it."""
    if not current_user.is_authenticated:
        abort(401)
    user: User = current_user.user
    return user


_U = User.__table__
#: What ``LoginUser`` keeps, in one statement compiled once (``workflow.lifecycle.prepared``).
_LOGIN_ROW = Prepared(
    select(
        _U.c.id,
        _U.c.name,
        _U.c.role,
        _U.c.organisation_id,
        _U.c.locale,
        _U.c.session_generation,
    ).where(
        _U.c.id == bindparam("id"),
        _U.c.session_generation == bindparam("generation"),
        _U.c.active == true(),
    )
)


def _parse_id(user_id: str) -> tuple[int, int] | None:
    """``"id:generation"`` as ``LoginUser.get_id`` writes it."""
    uid, sep, generation = user_id.partition(":")
    try:
        return (int(uid), int(generation)) if sep else None
    except ValueError:
        return None


@login_manager.user_loader
def load_user(user_id: str) -> LoginUser | None:
    """The user of the session cookie, if they still exist, are active and
    have not ended their sessions since the cookie was made."""
    parsed = _parse_id(user_id)
    if parsed is None or not all(-(2**31) < n < 2**31 for n in parsed):
        return None
    cursor = _LOGIN_ROW.execute(
        get_session().connection(), {"id": parsed[0], "generation": parsed[1]}
    )
    row = cursor.fetchone()
    cursor.close()
    return None if row is None else LoginUser(*row)


def log_in(user: User, next_path: str | None) -> Response:
    """Start the person's session (after the password, and the code if they use one)."""
    session.pop(PENDING, None)
    session.permanent = True  # PERMANENT_SESSION_LIFETIME
    login_user(LoginUser.of(user))
    return redirect(local_path(next_path) or url_for("board.index"))


#: The session key of a login waiting for its second factor.
PENDING = "2fa_pending"
#: How long the second step waits after the password, in seconds.
PENDING_SECONDS = 300


def two_factor_required(user: User) -> bool:
    """Staff must use two-factor codes when ``REQUIRE_STAFF_2FA`` is set."""
    return bool(current_app.config.get("REQUIRE_STAFF_2FA")) and user.role in STAFF


def _after_password(user: User, next_path: str | None) -> Response:
    if not user.totp_secret and not two_factor_required(user):
        return log_in(user, next_path)
    # Not logged in yet: the code (or, when required, setting up the app) first.
    session[PENDING] = {
        "user": user.id,
        "generation": user.session_generation or 0,
        "at": int(time.time()),
        "next": local_path(next_path) or "",
    }
    if user.totp_secret:
        return redirect(url_for("two_factor.code"))
    return redirect(url_for("two_factor.setup"))


def pending_user() -> User | None:
    """The person who typed their password and owes the second factor, if any."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    user = get_session().get(User, pending.get("user"))
    if user is None or not user.active or user.session_generation != pending.get("generation"):
        return None
    return user


@bp.route("/login", methods=["GET", "POST"])
@login_attempts
def login() -> Any:
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = authenticate(get_session(), form.email.data or "", form.password.data or "")
        if user is not None:
            return _after_password(user, form.next.data)
        # The same words whether the e-mail or the password was wrong.
        form.form_errors.append(_("Wrong e-mail or password"))
        form.password.data = ""
        return render_template("auth/login.html", form=form), 422
    status = 422 if form.is_submitted() else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout() -> Response:
    if ActionForm().validate_on_submit():
        if current_user.is_authenticated:
            end_sessions(get_session(), current_user.id)
        logout_user()
        flash(_("You have logged out."), "info")
        return redirect(url_for("auth.login"))
    return redirect(url_for("board.index"))


def N_(message: str) -> str:
    return message


def require_login() -> Any:
    """Before every request: anonymous visitors go to the login page."""
    if request.endpoint is None or request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if request.blueprint == "api":  # a personal token, checked by web.api.views
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    # A plain message id, translated when flashed (a lazy string cannot be
    # stored in the session cookie); N_ marks it for extraction.
    login_manager.login_message = N_("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.localize_callback = _
    app.register_blueprint(bp)
    app.before_request(require_login)
