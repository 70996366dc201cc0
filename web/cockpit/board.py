"""The board: the partnerships a user may see, in columns by step, with filters.

The filters travel in the address (a GET form), so a filtered board can be
bookmarked and shared; each column shows its count and the cards waiting
longest, and says how many more the filter would need narrowing to show.

Each worker keeps what it rendered (see ``BoardCache``) while
``workflow.cockpit.board.data_stamp`` is unchanged and the board's ``valid_until``
has not passed, so a coordinator filtering a board of thousands of
partnerships does not wait for it to be built anew each time:

- the columns, for the same viewers' view, language, filter and day;
- the filter form, for the same address and language;
- the layout around them, for the same user (as the layout shows them:
  name, role, library), address, language and day; the page is joined from
  it and the kept columns. Its CSRF tokens are a placeholder filled in for
  each request; a request with a message to flash renders it afresh.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from flask import Blueprint, current_app, render_template, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy import select
from wtforms import BooleanField, SearchField, SelectField

import states
from web.db import get_session
from web.forms import Form, choices, int_or_none
from web.labels import KIND_TITLES
from web.people.auth import LoginUser, actor
from web.text import _l
from workflow.cockpit.board import BoardFilter, build_board, data_stamp
from workflow.lifecycle.access import is_staff, visibility_key, visible_to
from workflow.models import (
    AnimatorAssignment,
    Organisation,
    Partnership,
    Party,
    Programme,
    User,
    utcnow,
)

bp = Blueprint("board", __name__, template_folder="templates")


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


class BoardFilterForm(Form):
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


def _form(programmes: Sequence[Programme], stamp: object, user: User) -> BoardFilterForm:
    """The filter form; ``programmes`` by name, ``stamp`` from ``index``.

    Its countries and animators are those of the partnerships ``user`` sees:
    a librarian is not shown the programme's other libraries' countries or
    animators."""
    form = BoardFilterForm(request.args)
    scope = visibility_key(user)
    everything = scope == ("all",)
    visible = select(Partnership.id).where(visible_to(user))
    if not everything:
        seen = set(get_session().scalars(select(Partnership.programme_id).where(visible_to(user))))
        programmes = [x for x in programmes if x.id in seen]
    form.programme.choices = choices(
        [("", _l("All programmes"))] + [(x.id, x.name) for x in programmes]
    )
    countries = _cache().get(("countries", scope), stamp, datetime.min)
    if countries is None:
        query = select(Organisation.country).distinct().order_by(Organisation.country)
        if not everything:
            query = query.join(Party, Party.organisation_id == Organisation.id).where(
                Party.partnership_id.in_(visible)
            )
        countries = list(get_session().scalars(query))
        _cache().keep(("countries", scope), stamp, countries)
    form.country.choices = choices([("", _l("All countries"))] + [(c, c) for c in countries])
    form.kind.choices = choices([("", _l("Both kinds"))] + list(KIND_TITLES.items()))
    assigned = select(AnimatorAssignment.animator_id)
    if not everything:
        # The animators supporting the lead libraries of the partnerships seen.
        assigned = assigned.join(
            Party, Party.organisation_id == AnimatorAssignment.organisation_id
        ).where(
            Party.role == "lead",
            Party.partnership_id.in_(
                visible.where(Partnership.programme_id == AnimatorAssignment.programme_id)
            ),
        )
    animators = get_session().execute(
        select(User.id, User.name).where(User.id.in_(assigned)).order_by(User.name)
    )
    form.animator.choices = choices([("", _l("All animators"))] + [tuple(x) for x in animators])
    return form


def _filters(stamp: object, locale: str, user: User) -> tuple[BoardFilter, Markup, bool]:
    """The filter the address asks for, the form showing it (values, errors), and
    whether the values were valid (else the board shows unfiltered, with a 422)."""
    key = ("filters", locale, visibility_key(user), tuple(request.args.items(multi=True)))
    kept: tuple[BoardFilter, Markup, bool] | None = _cache().get(key, stamp, datetime.min)
    if kept is not None:
        return kept
    programmes = get_session().scalars(select(Programme).order_by(Programme.name)).all()
    form = _form(programmes, stamp, user)
    valid = form.validate()
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
        if valid
        else BoardFilter()
    )
    html = Markup(render_template("board/_filters.html", form=form, filtered=f.active))
    _cache().keep(key, stamp, (f, html, valid))
    return f, html, valid


def _pages() -> BoardCache:
    """Kept pages: per user, so apart from the boards they would push out."""
    cache: BoardCache = current_app.extensions.setdefault("board_pages", BoardCache(256))
    return cache


#: Rendered in place of the CSRF token in a kept page; filled in per request.
_CSRF_PLACEHOLDER = "csrf-placeholder-" + secrets.token_hex(16)
#: Where the columns go in a kept page: kept once, with the board (``_board``).
_BOARD_PLACEHOLDER = "board-placeholder-" + secrets.token_hex(16)


def _page_key(user: LoginUser, locale: str, now: datetime) -> tuple[object, ...] | None:
    """Whom and what a kept page was rendered for: everything the layout reads of
    the user and the request; None when the page must be rendered afresh."""
    if "_flashes" in session:  # the layout shows (and so takes) the messages
        return None
    return (
        user.id,
        user.name,
        user.role,
        user.organisation_id,
        locale,
        request.script_root,
        request.path,
        tuple(request.args.items(multi=True)),
        now.date(),
    )


def _board(
    user: User, f: BoardFilter, stamp: object, locale: str, now: datetime
) -> tuple[Markup, datetime]:
    """The rendered columns (kept for the same viewers' view), and until when they hold."""
    key = ("board", visibility_key(user), locale, f, now.date())
    kept: tuple[Markup, datetime] | None = _cache().get(key, stamp, now)
    if kept is None:
        board = build_board(get_session(), user, f, now)
        html = render_template(
            "board/_board.html", board=board, steps=states.BY_NAME, filtered=f.active
        )
        kept = (Markup(html), board.valid_until)
        _cache().keep(key, stamp, kept, board.valid_until)
    return kept


@bp.get("/")
def index() -> tuple[str, int]:
    stamp = data_stamp(get_session())
    locale = str(get_locale())
    now = utcnow()
    page_key = _page_key(current_user, locale, now)
    page: tuple[str, Markup, str, int] | None = None
    if page_key is not None:
        page = _pages().get(page_key, stamp, now)
    if page is None:
        user = actor()
        f, filters_html, valid = _filters(stamp, locale, user)
        board_html, valid_until = _board(user, f, stamp, locale, now)
        layout = render_template(
            "board/index.html",
            board_html=Markup(_BOARD_PLACEHOLDER),
            filters_html=filters_html,
            can_create=is_staff(user),
            csrf_token=lambda: _CSRF_PLACEHOLDER,
        )
        head, _, tail = layout.partition(_BOARD_PLACEHOLDER)
        page = (head, board_html, tail, 200 if valid else 422)
        if page_key is not None:
            _pages().keep(page_key, stamp, page, valid_until)
    head, board_html, tail, status = page
    token = generate_csrf()
    body = "".join(
        (head.replace(_CSRF_PLACEHOLDER, token), board_html, tail.replace(_CSRF_PLACEHOLDER, token))
    )
    return body, status
