"""The board: the partnerships a user may see, in columns by step, with filters.

The filters travel in the address (a GET form), so a filtered board can be
bookmarked and shared; each column shows its count and the cards waiting
longest, and says how many more the filter would need narrowing to show.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField, SearchField, SelectField

import states
from web.auth import actor
from web.db import get_session
from web.forms import choices, int_or_none
from web.labels import KIND_TITLES
from workflow.access import is_staff
from workflow.board import BoardFilter, build_board
from workflow.models import Organisation, Programme, utcnow

bp = Blueprint("board", __name__)


class BoardFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form: it changes nothing

    q = SearchField(_l("Search"))
    # No choice check: "all" is None, which no option's value can be; a value
    # that is not a number is refused by the coercion, an unknown id matches nothing.
    programme = SelectField(_l("Programme"), coerce=int_or_none, validate_choice=False)
    country = SelectField(_l("Country"), default="")
    kind = SelectField(_l("Kind"), default="")
    overdue = BooleanField(_l("Overdue"))
    dormant = BooleanField(_l("Dormant"))


def _form() -> BoardFilterForm:
    session = get_session()
    form = BoardFilterForm(request.args)
    form.programme.choices = choices(
        [("", _l("All programmes"))]
        + [(x.id, x.name) for x in session.scalars(select(Programme).order_by(Programme.name))]
    )
    countries = session.scalars(
        select(Organisation.country).distinct().order_by(Organisation.country)
    )
    form.country.choices = choices([("", _l("All countries"))] + [(c, c) for c in countries])
    form.kind.choices = choices([("", _l("Both kinds"))] + list(KIND_TITLES.items()))
    return form


@bp.get("/")
def index() -> str:
    user = actor()
    form = _form()
    valid = form.validate()
    f = (
        BoardFilter(
            programme_id=form.programme.data,
            country=form.country.data or None,
            kind=form.kind.data or None,
            overdue=bool(form.overdue.data),
            dormant=bool(form.dormant.data),
            q=(form.q.data or "").strip(),
        )
        if valid
        else BoardFilter()
    )
    now = utcnow()
    board = build_board(get_session(), user, f, now)
    return render_template(
        "board/index.html",
        board=board,
        steps=states.BY_NAME,
        form=form,
        filtered=f.active,
        can_create=is_staff(user),
        now=now,
    )
