"""Composing a partnership's memorandum from the clause library, and its preview.

The coordinator adds library clauses, leaves optional ones out, reorders
them, gives a clause the partnership's own text per language and writes
addenda per language. Every change goes through ``workflow.clauses``: once
a version exists, it makes a new one and voids the open signature requests.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms import SelectField, TextAreaField
from wtforms.validators import Length

from documents import render_html
from web.db import get_session
from web.forms import ActionForm, Form, VersionedActionForm, choices
from web.i18n import translate
from web.labels import LANGUAGE_TITLES
from web.lifecycle.views import back, get_partnership
from web.memorandum.clauses import (
    SECTION_TITLES,
    add_text_fields,
    fill_texts,
    in_locale,
    library_text,
    texts_of,
)
from web.people.auth import actor
from web.text import _l
from workflow.errors import InvalidInput
from workflow.lifecycle.access import is_staff
from workflow.lifecycle.documents import build_context
from workflow.memorandum import clauses as lib
from workflow.memorandum.operations import generate_memorandum, sign_memorandum
from workflow.models import Partnership

bp = Blueprint(
    "memorandum",
    __name__,
    url_prefix="/partnerships/<int:partnership_id>/memorandum",
    template_folder="templates",
)


def _load(partnership_id: int) -> Partnership:
    """The partnership, for the staff who compose its memorandum."""
    if not is_staff(actor()):
        abort(403)
    return get_partnership(partnership_id)


def _addenda_form(p: Partnership, formdata: Any = None) -> Any:
    class AddendaForm(Form):
        pass

    for lang in p.language_list:
        setattr(
            AddendaForm,
            f"addendum_{lang}",
            TextAreaField(
                _l("Addendum (%(language)s)", language=LANGUAGE_TITLES.get(lang, lang)),
                validators=[Length(max=5000)],
            ),
        )
    if formdata is not None:
        return AddendaForm(formdata=formdata)
    form = AddendaForm(formdata=None)
    for lang in p.language_list:
        getattr(form, f"addendum_{lang}").data = (p.memorandum_addenda or {}).get(lang, "")
    return form


class AddForm(Form):
    # Any id: the service checks that the clause may be added.
    clause_id = SelectField(_l("Clause from the library"), coerce=int, validate_choice=False)


def _texts_form(p: Partnership, composed: lib.Composed, formdata: Any = None) -> Any:
    class TextsForm(Form):
        pass

    add_text_fields(TextsForm, p.language_list)
    if formdata is not None:
        return TextsForm(formdata=formdata)
    form = TextsForm(formdata=None)
    fill_texts(form, {lang: composed.text(lang) for lang in p.language_list})
    return form


def _composed(p: Partnership, clause_id: int) -> lib.Composed:
    found = next((c for c in lib.composition(p) if c.clause.id == clause_id), None)
    if found is None:
        abort(404)
    return found


def _shown(p: Partnership, c: lib.Composed) -> dict[str, str]:
    """A composed clause in the viewer's language if the memorandum has it,
    placeholders filled in."""
    found = in_locale({x: c.text(x) for x in p.language_list}, p.language_list)
    return {**found, "text": lib.fill(found["text"], lib.placeholder_values(p))}


def _page(p: Partnership, addenda_form: Any = None, status: int = 200) -> Any:
    session = get_session()
    composed = lib.composition(p, session)
    present = {c.clause.id for c in composed}
    offered = [
        c
        for c in lib.library(session)
        if c.id not in present and c.retired_at is None and c.applies(p.kind)
    ]
    add_form = AddForm(formdata=None)
    add_form.clause_id.choices = choices(
        (c.id, f"{library_text(c)['title'] or c.key} ({translate(SECTION_TITLES[c.section])})")
        for c in offered
    )
    titles = {lang: LANGUAGE_TITLES.get(lang, lang) for lang in p.language_list}
    return (
        render_template(
            "memorandum/compose.html",
            p=p,
            composed=composed,
            shown={c.clause.id: _shown(p, c) for c in composed},
            own={c.clause.id: [titles[x] for x in p.language_list if c.own(x)] for c in composed},
            lacking=[(c, [titles[x] for x in langs]) for c, langs in lib.lacking(p, composed)],
            pinned=any(r.pinned is not None for r in p.memorandum_clauses),
            addenda_form=addenda_form or _addenda_form(p),
            add_form=add_form if offered else None,
            action=ActionForm(formdata=None),
            missing=[titles[x] for x in lib.addendum_missing_languages(p)],
            section_titles=SECTION_TITLES,
        ),
        status,
    )


def _saved(p: Partnership, version: int) -> Any:
    flash(_("The memorandum has been saved (version %(version)s).", version=version), "success")
    return redirect(url_for("memorandum.compose", partnership_id=p.id))


def _action() -> None:
    if not ActionForm().validate_on_submit():
        abort(400)


@bp.get("/compose")
def compose(partnership_id: int) -> Any:
    return _page(_load(partnership_id))


@bp.post("/compose")
def save_addenda(partnership_id: int) -> Any:
    p = _load(partnership_id)
    form = _addenda_form(p, request.form)
    if not form.validate_on_submit():
        return _page(p, form, status=422)
    version = lib.set_addenda(
        get_session(),
        actor(),
        p.id,
        {lang: getattr(form, f"addendum_{lang}").data or "" for lang in p.language_list},
    )
    return _saved(p, version)


@bp.post("/compose/add")
def add(partnership_id: int) -> Any:
    p = _load(partnership_id)
    form = AddForm()
    form.clause_id.choices = []
    if not form.validate_on_submit():
        abort(400)
    return _saved(p, lib.add_clause(get_session(), actor(), p.id, form.clause_id.data))


@bp.post("/compose/<int:clause_id>/remove")
def remove(partnership_id: int, clause_id: int) -> Any:
    p = _load(partnership_id)
    _action()
    return _saved(p, lib.remove_clause(get_session(), actor(), p.id, clause_id))


@bp.post("/compose/<int:clause_id>/<any(up, down):direction>")
def move(partnership_id: int, clause_id: int, direction: str) -> Any:
    p = _load(partnership_id)
    _action()
    offset = -1 if direction == "up" else 1
    return _saved(p, lib.move_clause(get_session(), actor(), p.id, clause_id, offset))


def _texts_page(
    p: Partnership, composed: lib.Composed, form: Any, error: str | None = None, status: int = 200
) -> Any:
    return (
        render_template(
            "memorandum/clause.html",
            p=p,
            c=composed,
            form=form,
            error=error,
            action=ActionForm(formdata=None),
            library={lang: composed.clause.text_in(lang) for lang in p.language_list},
            section_titles=SECTION_TITLES,
        ),
        status,
    )


@bp.route("/compose/<int:clause_id>", methods=["GET", "POST"])
def clause_texts(partnership_id: int, clause_id: int) -> Any:
    """The partnership's own title and text of a clause, per language."""
    p = _load(partnership_id)
    composed = _composed(p, clause_id)
    if request.method == "GET":
        return _texts_page(p, composed, _texts_form(p, composed))
    form = _texts_form(p, composed, request.form)
    if not form.validate_on_submit():
        return _texts_page(p, composed, form, status=422)
    texts = texts_of(form, p.language_list)
    try:
        version = lib.set_clause_texts(get_session(), actor(), p.id, clause_id, texts)
    except InvalidInput as error:
        return _texts_page(p, composed, form, translate(error.message), 422)
    return _saved(p, version)


@bp.post("/compose/<int:clause_id>/reset")
def reset_texts(partnership_id: int, clause_id: int) -> Any:
    """Back to the library's text in every language."""
    p = _load(partnership_id)
    _action()
    return _saved(p, lib.set_clause_texts(get_session(), actor(), p.id, clause_id, {}))


@bp.get("/preview")
def preview(partnership_id: int) -> Any:
    """The memorandum as a page, exactly the HTML the PDF is laid out from."""
    p = get_partnership(partnership_id)
    return render_html("memorandum", build_context(p, "memorandum"))


# --- on the partnership's page: a new version, a signature ---------------------


@bp.post("")
def generate(partnership_id: int) -> Any:
    p = get_partnership(partnership_id)
    version = generate_memorandum(get_session(), actor(), p.id)
    flash(_("Version %(version)s of the memorandum is ready.", version=version), "success")
    return back(p, "parties")


@bp.post("/sign")
def sign(partnership_id: int) -> Any:
    p = get_partnership(partnership_id)
    form = VersionedActionForm()
    if not form.validate_on_submit():
        abort(400)
    sign_memorandum(
        get_session(), actor(), p.id, party_id=form.party_id.data, version=form.version.data
    )
    flash(
        _("You have signed version %(version)s of the memorandum.", version=form.version.data),
        "success",
    )
    return back(p, "parties")
