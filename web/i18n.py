"""Languages: choosing the locale, the switcher, and the filters templates use."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime as babel_format_datetime
from flask import (
    Blueprint,
    Flask,
    g,
    has_request_context,
    redirect,
    request,
    url_for,
)
from flask_babel import (
    format_date,
    format_datetime,
    format_decimal,
    get_locale,
    get_translations,
    gettext,
)
from flask_login import current_user
from werkzeug.wrappers import Response

from states.text import Text
from web.db import get_session
from web.forms import LanguageForm
from web.labels import LOCALE_NAMES
from web.safety import local_path, local_referrer
from workflow.people.users import set_locale

LOCALES: tuple[str, ...] = ("en", "uk", "pl")
COOKIE = "lang"
ONE_YEAR = 365 * 24 * 3600

bp = Blueprint("i18n", __name__)


def select_locale() -> str | None:
    """``?lang=`` → cookie → the user's own choice → Accept-Language → en."""
    if not has_request_context():
        return None
    for candidate in (request.args.get("lang"), request.cookies.get(COOKIE)):
        if candidate in LOCALES:
            return candidate
    if current_user.is_authenticated and current_user.locale in LOCALES:
        return str(current_user.locale)
    return request.accept_languages.best_match(LOCALES) or "en"


@bp.post("/language")
def switch() -> Response:
    form = LanguageForm()
    target = local_path(form.next.data) or local_referrer() or url_for("board.index")
    response = redirect(target)
    if form.validate_on_submit() and form.lang.data in LOCALES:
        response.set_cookie(COOKIE, form.lang.data, max_age=ONE_YEAR, samesite="Lax", httponly=True)
        if current_user.is_authenticated:
            set_locale(get_session(), current_user.id, form.lang.data)
    return response


def translate(value: Any) -> str:
    """The ``t`` filter: a domain ``Text`` in the viewer's language."""
    if isinstance(value, Text):
        return value.translate(gettext)
    return "" if value is None else str(value)


def _date(value: date | None, format: str = "medium") -> str:
    return format_date(value, format) if value else ""


def _datetime(value: datetime | None, format: str = "medium", zone: str | None = None) -> str:
    """A stored (naive UTC) time in the app's zone, or an aware time shown in ``zone``."""
    if not value:
        return ""
    if zone:
        return babel_format_datetime(
            value, format, tzinfo=ZoneInfo(zone), locale=get_locale() or "en"
        )
    return format_datetime(value, format)


def _duration(minutes: int | None) -> str:
    """``90`` → ``1:30``."""
    hours, rest = divmod(int(minutes or 0), 60)
    return f"{hours}:{rest:02d}"


def _number(value: float | int | None) -> str:
    return format_decimal(value) if value is not None else ""


def _translations() -> Any:
    """The request's catalog, looked up once per request (templates ask often)."""
    found = g.get("_translations")
    if found is None:
        found = g._translations = get_translations()
    return found


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    # Flask-Babel's template callables look the catalog up on every message.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
    )
    app.jinja_env.filters.update(
        t=translate, date=_date, datetime=_datetime, number=_number, duration=_duration
    )

    @app.context_processor
    def languages() -> dict[str, Any]:
        locale = get_locale()
        return {
            "current_locale": str(locale) if locale else "en",
            "locale_names": LOCALE_NAMES,
            "language_form": LanguageForm,
        }
