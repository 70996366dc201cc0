"""The board: the partnerships a user may see, in columns by step, with filters.

The filters travel in the address (a GET form), so a filtered board can be
bookmarked and shared; each column shows its count and the cards waiting
longest, and says how many more the filter would need narrowing to show.

Each worker keeps the rendered columns of the boards last asked for (see
``BoardCache``): the same viewers' view, language and filter get them again
while ``workflow.board.data_stamp`` is unchanged and the
board's ``valid_until`` has not passed, so a coordinator filtering a board of
thousands of partnerships does not wait for it to be built anew each time.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from flask import Blueprint, current_app, render_template, request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from sqlalchemy import select
from wtforms import BooleanField, SearchField, SelectField

import states
from web.auth import actor
from web.db import get_session
from web.forms import choices, int_or_none
from web.labels import KIND_TITLES
from workflow.access import is_staff, visibility_key
from workflow.board import BoardFilter, build_board, data_stamp
from workflow.models import AnimatorAssignment, Organisation, Programme, User, utcnow

bp = Blueprint("board", __name__)


class BoardCache:
    """Rendered boards and filter forms, each kept with the stamp it was made
    at and the moment it expires; least recently used first out; thread-safe."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._kept: OrderedDict[tuple[object, ...], tuple[object, datetime, Any]] = OrderedDict()

    def get(self, key: tuple[object, ...], stamp: object, now: datetime) -> Any:
        """What was kept under ``key`` at ``stamp``, if it has not expired; else None."""
        with self._lock:
            entry = self._kept.get(key)
            if entry is None or entry[0] != stamp or now >= entry[1]:
                return None
            self._kept.move_to_end(key)
            return entry[2]

    def keep(
        self,
        key: tuple[object, ...],
        stamp: object,
        value: Any,
        valid_until: datetime = datetime.max,
    ) -> None:
        with self._lock:
            self._kept[key] = (stamp, valid_until, value)
            self._kept.move_to_end(key)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)


def _cache() -> BoardCache:
    cache: BoardCache = current_app.extensions.setdefault("board_cache", BoardCache())
    return cache


class BoardFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form: it changes nothing

    q = SearchField(_l("Search"))
    # No choice check: "all" is None, which no option's value can be; a value
    # that is not a number is refused by the coercion, an unknown id matches nothing.
    programme = SelectField(_l("Programme"), coerce=int_or_none, validate_choice=False)
    country = SelectField(_l("Country"), default="")
    kind = SelectField(_l("Kind"), default="")
    animator = SelectField(_l("Animator"), coerce=int_or_none, validate_choice=False)
    overdue = BooleanField(_l("Overdue"))
    dormant = BooleanField(_l("Dormant"))


def _form(programmes: Sequence[Programme], stamp: object) -> BoardFilterForm:
    """The filter form; ``programmes`` by name, ``stamp`` from ``index``."""
    form = BoardFilterForm(request.args)
    form.programme.choices = choices(
        [("", _l("All programmes"))] + [(x.id, x.name) for x in programmes]
    )
    countries = _cache().get(("countries",), stamp, datetime.min)
    if countries is None:
        countries = list(
            get_session().scalars(
                select(Organisation.country).distinct().order_by(Organisation.country)
            )
        )
        _cache().keep(("countries",), stamp, countries)
    form.country.choices = choices([("", _l("All countries"))] + [(c, c) for c in countries])
    form.kind.choices = choices([("", _l("Both kinds"))] + list(KIND_TITLES.items()))
    animators = get_session().execute(
        select(User.id, User.name)
        .where(User.id.in_(select(AnimatorAssignment.animator_id)))
        .order_by(User.name)
    )
    form.animator.choices = choices([("", _l("All animators"))] + [tuple(x) for x in animators])
    return form


def _filters(stamp: object, locale: str) -> tuple[BoardFilter, Markup]:
    """The filter the address asks for, and the form showing it (values, errors)."""
    key = ("filters", locale, tuple(request.args.items(multi=True)))
    kept: tuple[BoardFilter, Markup] | None = _cache().get(key, stamp, datetime.min)
    if kept is not None:
        return kept
    programmes = get_session().scalars(select(Programme).order_by(Programme.name)).all()
    form = _form(programmes, stamp)
    f = (
        BoardFilter(
            programme_id=form.programme.data,
            country=form.country.data or None,
            kind=form.kind.data or None,
            overdue=bool(form.overdue.data),
            dormant=bool(form.dormant.data),
            q=(form.q.data or "").strip(),
            animator_id=form.animator.data,
        )
        if form.validate()
        else BoardFilter()
    )
    html = Markup(render_template("board/_filters.html", form=form, filtered=f.active))
    _cache().keep(key, stamp, (f, html))
    return f, html


@bp.get("/")
def index() -> str:
    user = actor()
    session = get_session()
    stamp = data_stamp(session)
    locale = str(get_locale())
    f, filters_html = _filters(stamp, locale)
    now = utcnow()
    key = ("board", visibility_key(user), locale, f, now.date())
    board_html = _cache().get(key, stamp, now)
    if board_html is None:
        board = build_board(session, user, f, now)
        board_html = Markup(
            render_template(
                "board/_board.html", board=board, steps=states.BY_NAME, filtered=f.active
            )
        )
        _cache().keep(key, stamp, board_html, board.valid_until)
    return render_template(
        "board/index.html",
        board_html=board_html,
        filters_html=filters_html,
        can_create=is_staff(user),
    )
