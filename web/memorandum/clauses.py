"""The clause library: coordinators list, add, edit and retire clauses.

Staff only (403 for anyone else). The rules of what an edit does to the
memoranda composed from a clause are in ``workflow.memorandum.clauses``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange

from states.memorandum import APPLIES_TO, GENERATED, PLACEHOLDERS, REQUIRED, SECTIONS
from web.db import get_session
from web.forms import ActionForm, Form, choices
from web.i18n import translate
from web.labels import LANGUAGE_TITLES
from web.people.auth import actor
from web.text import _l
from workflow.errors import InvalidInput
from workflow.lifecycle.access import is_staff
from workflow.memorandum import clauses as lib
from workflow.models import LANGUAGES, Clause

bp = Blueprint("clauses", __name__, url_prefix="/clauses")

SECTION_TITLES = dict(SECTIONS)
APPLIES_TO_TITLES = dict(APPLIES_TO)


def in_locale(texts: dict[str, dict[str, str] | None], languages: list[str]) -> dict[str, str]:
    """Of a clause's {language: {title, text}}, the viewer's language, else the
    first of ``languages`` there is; with ``lang`` naming it."""
    locale = str(get_locale() or "en")
    for lang in [locale, *languages]:
        found = texts.get(lang)
        if found and found.get("title"):
            return {**found, "lang": lang}
    return {"title": "", "text": "", "lang": locale}


def library_text(clause: Clause) -> dict[str, str]:
    return in_locale(
        {t.language: {"title": t.title, "text": t.text} for t in clause.texts}, list(LANGUAGES)
    )


def _staff() -> None:
    if not is_staff(actor()):
        abort(403)


def add_text_fields(form_class: Any, languages: Sequence[str]) -> None:
    """A title and a text field per language: ``title_<lang>``, ``text_<lang>``."""
    for lang in languages:
        name = LANGUAGE_TITLES.get(lang, lang)
        setattr(
            form_class,
            f"title_{lang}",
            StringField(_l("Title (%(language)s)", language=name), validators=[Length(max=200)]),
        )
        setattr(
            form_class,
            f"text_{lang}",
            TextAreaField(_l("Text (%(language)s)", language=name), validators=[Length(max=5000)]),
        )


def fill_texts(form: Any, texts: Mapping[str, Mapping[str, str] | None]) -> None:
    for lang, found in texts.items():
        getattr(form, f"title_{lang}").data = (found or {}).get("title", "")
        getattr(form, f"text_{lang}").data = (found or {}).get("text", "")


def texts_of(form: Any, languages: Sequence[str]) -> dict[str, tuple[str, str]]:
    """{language: (title, text)} as the form was filled in."""
    return {
        lang: (getattr(form, f"title_{lang}").data or "", getattr(form, f"text_{lang}").data or "")
        for lang in languages
    }


def clause_form(clause: Clause | None, formdata: Any = None) -> Any:
    """Key, section and who it is for when adding; texts per language always."""

    class ClauseForm(Form):
        optional = BooleanField(_l("May be left out of a memorandum"), default=True)
        standard = BooleanField(_l("Part of every new memorandum"))
        position = IntegerField(
            _l("Order within the section"),
            default=100,
            validators=[InputRequired(), NumberRange(min=0, max=100000)],
        )

    if clause is None:
        ClauseForm.key = StringField(
            _l("Key"),
            validators=[InputRequired(message=_l("This field is required.")), Length(max=40)],
        )
        ClauseForm.section = SelectField(_l("Section"), choices=choices(SECTIONS), default="other")
        ClauseForm.applies_to = SelectField(_l("For"), choices=choices(APPLIES_TO), default="both")
    add_text_fields(ClauseForm, LANGUAGES)
    if formdata is not None:
        return ClauseForm(formdata=formdata)
    form = ClauseForm(formdata=None)
    if clause is not None:
        form.optional.data = clause.optional
        form.standard.data = clause.standard
        form.position.data = clause.position
        fill_texts(form, {t.language: {"title": t.title, "text": t.text} for t in clause.texts})
    return form


def _values(form: Any, clause: Clause | None) -> lib.ClauseValues:
    return lib.ClauseValues(
        texts=texts_of(form, LANGUAGES),
        optional=bool(form.optional.data),
        standard=bool(form.standard.data),
        position=form.position.data or 0,
        section=clause.section if clause else form.section.data,
        applies_to=clause.applies_to if clause else form.applies_to.data,
    )


def _form_page(
    clause: Clause | None, form: Any, error: str | None = None, status: int = 200
) -> Any:
    return (
        render_template(
            "clauses/edit.html",
            clause=clause,
            form=form,
            error=error,
            action=ActionForm(formdata=None),
            languages=LANGUAGES,
            generated=GENERATED.get(clause.key) if clause else None,
            required=clause is not None and clause.key in REQUIRED,
            placeholders="; ".join(
                f"%({name})s — {translate(title)}" for name, title in PLACEHOLDERS.items()
            ),
            uses=lib.uses(get_session(), clause.id) if clause else 0,
            section_titles=SECTION_TITLES,
            applies_to_titles=APPLIES_TO_TITLES,
        ),
        status,
    )


@bp.get("/")
def index() -> Any:
    _staff()
    session = get_session()
    found = lib.library(session)
    return render_template(
        "clauses/index.html",
        current=[c for c in found if c.retired_at is None],
        retired=[c for c in found if c.retired_at is not None],
        missing={c.id: lib.missing_languages(c) for c in found},
        text_of=library_text,
        section_titles=SECTION_TITLES,
        applies_to_titles=APPLIES_TO_TITLES,
    )


@bp.route("/new", methods=["GET", "POST"])
def new() -> Any:
    _staff()
    if request.method == "GET":
        return _form_page(None, clause_form(None))
    form = clause_form(None, request.form)
    if not form.validate_on_submit():
        return _form_page(None, form, status=422)
    try:
        clause = lib.save_clause(
            get_session(), actor(), None, _values(form, None), key=form.key.data
        )
    except InvalidInput as error:
        return _form_page(None, form, translate(error.message), 422)
    flash(_("The clause has been added to the library."), "success")
    return redirect(url_for("clauses.edit", clause_id=clause.id))


@bp.route("/<int:clause_id>", methods=["GET", "POST"])
def edit(clause_id: int) -> Any:
    _staff()
    clause = lib.load_clause(get_session(), clause_id)
    if request.method == "GET":
        return _form_page(clause, clause_form(clause))
    form = clause_form(clause, request.form)
    if not form.validate_on_submit():
        return _form_page(clause, form, status=422)
    try:
        lib.save_clause(get_session(), actor(), clause.id, _values(form, clause))
    except InvalidInput as error:
        return _form_page(clause, form, translate(error.message), 422)
    flash(_("The clause has been saved."), "success")
    return redirect(url_for("clauses.edit", clause_id=clause.id))


@bp.post("/<int:clause_id>/retire")
def retire(clause_id: int) -> Any:
    _staff()
    if not ActionForm().validate_on_submit():
        abort(400)
    retired = request.form.get("restore") != "1"
    lib.retire_clause(get_session(), actor(), clause_id, retired=retired)
    flash(
        _("The clause has been retired.") if retired else _("The clause is back in the library."),
        "success",
    )
    return redirect(url_for("clauses.edit", clause_id=clause_id))
