"""The "API tokens" page: each user makes, sees and revokes their own tokens."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from wtforms import StringField
from wtforms.validators import InputRequired, Length

from web.db import get_session
from web.forms import ActionForm, Form
from web.i18n import translate
from web.people.auth import actor
from web.text import _l
from workflow.errors import InvalidInput
from workflow.people.api_tokens import MAX_NAME, create_token, revoke_token, tokens_of

bp = Blueprint("tokens", __name__, url_prefix="/account/tokens", template_folder="templates")


class TokenForm(Form):
    name = StringField(
        _l("Name"),
        validators=[
            InputRequired(message=_l("Name the token, e.g. after the script that will use it.")),
            Length(max=MAX_NAME),
        ],
    )


def _page(form: TokenForm | None = None, new: Any = None, status: int = 200) -> Any:
    user = actor()
    tokens = tokens_of(get_session(), user)
    return (
        render_template(
            "tokens/index.html",
            form=form or TokenForm(formdata=None),
            new=new,
            tokens=tokens,
            revoke_forms={t.id: ActionForm(formdata=None, prefix=f"revoke-{t.id}") for t in tokens},
        ),
        status,
    )


@bp.get("/")
def index() -> Any:
    return _page()


@bp.post("/")
def create() -> Any:
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(form, status=422)
    try:
        new = create_token(get_session(), actor(), form.name.data or "")
    except InvalidInput as exc:
        form.name.errors = [translate(exc.message)]
        return _page(form, status=422)
    # Shown once, on this very response: it is not stored and not redirected to.
    return _page(TokenForm(formdata=None), new=new)


@bp.post("/<int:token_id>/revoke")
def revoke(token_id: int) -> Any:
    form = ActionForm(prefix=f"revoke-{token_id}")
    if form.validate_on_submit():
        revoke_token(get_session(), actor(), token_id)
        flash(_("The token has been revoked: scripts using it are refused from now on."), "success")
    return redirect(url_for("tokens.index"))
