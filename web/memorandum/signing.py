"""Signing the memorandum: the coordinator's page, the signatory's link, verification.

The signatory's pages are reached by the personal link alone (no login): the
token in the address is the only key, and only its hash is stored. The
verification page is public and answers about documents issued here only.
"""

from __future__ import annotations

import re
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from web.db import get_session
from web.extensions import limiter
from web.forms import ActionForm, Form
from web.i18n import translate
from web.lifecycle.views import get_partnership
from web.limits import address_key, configured, failed, token_key
from web.people.auth import actor
from web.text import _l
from web.uploads import limited
from workflow.errors import InvalidInput
from workflow.lifecycle.access import is_staff
from workflow.memorandum import signing
from workflow.memorandum.seal import seal_in

bp = Blueprint("signing", __name__)

#: Endpoints anyone may open (see ``web.people.auth.PUBLIC_ENDPOINTS``).
ENDPOINTS = frozenset(
    {
        "signing.link",
        "signing.link_pdf",
        "signing.send_code",
        "signing.sign",
        "signing.decline",
        "signing.verify",
    }
)


REQUEST_STATUS_TITLES = {
    "open": _l("waiting"),
    "signed": _l("signed"),
    "declined": _l("declined"),
    "void": _l("void"),
    "expired": _l("link expired"),
}

EVENT_TITLES = {
    "frozen": _l("version frozen"),
    "sent": _l("link sent"),
    "opened": _l("link opened"),
    "code_sent": _l("code sent"),
    "signed": _l("signed"),
    "declined": _l("declined"),
    "expired": _l("link expired"),
    "voided": _l("version voided"),
    "completed": _l("every party signed"),
    "sealed": _l("sealed"),
    "reminded": _l("reminder sent"),
    "signatory_changed": _l("signatory changed"),
    "signatory_confirmed": _l("signatory change confirmed"),
}


class SendForm(Form):
    ordered = BooleanField(_l("The parties sign one after another, in the order listed"))


class SignForm(Form):
    name = StringField(
        _l("Your name"), validators=[InputRequired(message=_l("Write your name.")), Length(max=200)]
    )
    code = StringField(
        _l("The code from the e-mail"),
        validators=[InputRequired(message=_l("Write the code from the e-mail.")), Length(max=12)],
    )
    intent = BooleanField()


class DeclineForm(Form):
    reason = TextAreaField(
        _l("Why you decline"),
        validators=[InputRequired(message=_l("Say why you decline.")), Length(max=2000)],
    )


class VerifyForm(Form):
    document = FileField(_l("The PDF"))
    sha256 = StringField(_l("or its SHA-256"), validators=[Optional(), Length(max=80)])


def _client() -> signing.Client:
    return signing.Client(ip=request.remote_addr, user_agent=request.headers.get("User-Agent"))


def _base_url() -> str:
    return request.url_root.rstrip("/")


def _seal(pdf: bytes) -> bytes:
    return seal_in(current_app.config.get("SEAL_DIR") or current_app.instance_path)(pdf)


def _pdf(data: bytes, name: str) -> Response:
    return Response(
        data,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )


# --- the coordinator's page -----------------------------------------------------


@bp.get("/partnerships/<int:partnership_id>/signatures")
def index(partnership_id: int) -> Any:
    session = get_session()
    user = actor()
    p = get_partnership(partnership_id)
    versions = signing.versions(session, p.id)
    events = signing.audit_log(session, p.id)
    return render_template(
        "signing/index.html",
        p=p,
        versions=versions,
        current=signing.current_frozen(session, p),
        send_form=SendForm(formdata=None),
        action=ActionForm(formdata=None),
        events=events,
        chain_intact=signing.chain_is_intact(events),
        staff=is_staff(user),
        without_signatory=signing.without_signatory(p),
        request_status_titles=REQUEST_STATUS_TITLES,
        event_titles=EVENT_TITLES,
    )


@bp.post("/partnerships/<int:partnership_id>/signatures")
def send(partnership_id: int) -> Any:
    form = SendForm()
    if not form.validate_on_submit():
        abort(400)
    m = signing.send_for_signature(
        get_session(),
        actor(),
        partnership_id,
        base_url=_base_url(),
        ordered=bool(form.ordered.data),
        client=_client(),
    )
    flash(_("Version %(version)s has been sent for signature.", version=m.version), "success")
    return redirect(url_for("signing.index", partnership_id=partnership_id))


@bp.post("/partnerships/<int:partnership_id>/signatures/requests/<int:request_id>/resend")
def resend(partnership_id: int, request_id: int) -> Any:
    if not ActionForm().validate_on_submit():
        abort(400)
    r = signing.resend(get_session(), actor(), request_id, base_url=_base_url(), client=_client())
    if r.memorandum.partnership_id != partnership_id:
        abort(404)
    flash(_("A new link has been sent to %(address)s.", address=r.email), "success")
    return redirect(url_for("signing.index", partnership_id=partnership_id))


@bp.post("/partnerships/<int:partnership_id>/parties/<int:party_id>/signatory/confirm")
def confirm_signatory(partnership_id: int, party_id: int) -> Any:
    if not ActionForm().validate_on_submit():
        abort(400)
    signing.confirm_signatory(
        get_session(), actor(), partnership_id, party_id, base_url=_base_url(), client=_client()
    )
    flash(_("The new signatory is confirmed."), "success")
    return redirect(url_for("partnerships.show", partnership_id=partnership_id))


@bp.get("/partnerships/<int:partnership_id>/signatures/<int:version>.pdf")
def version_pdf(partnership_id: int, version: int) -> Any:
    session = get_session()
    p = get_partnership(partnership_id)
    for m in signing.versions(session, p.id):
        if m.version == version:
            sealed = request.args.get("sealed") == "1"
            data = signing.frozen_pdf(session, m.id, sealed=sealed)
            if data is None:
                abort(404)
            if sealed:
                return _pdf(data, signing.sealed_filename(p.id, m.version))
            return _pdf(data, f"memorandum-{p.id}-v{m.version}.pdf")
    abort(404)


# --- the signatory's link -------------------------------------------------------


def _link_page(
    token: str, r: Any, sign_form: Any = None, decline_form: Any = None, status: int = 200
) -> Any:
    return (
        render_template(
            "signing/link.html",
            token=token,
            r=r,
            m=r.memorandum,
            sign_form=sign_form or SignForm(formdata=None),
            code_form=ActionForm(formdata=None, prefix="code"),
            decline_form=decline_form or DeclineForm(formdata=None),
            turn=signing._turn_has_come(r),
            no_signatory=None if r.party.signatory_name else signing.no_signatory_message(r.party),
        ),
        status,
    )


def _refused(error: signing.LinkRefused) -> Any:
    return render_template("signing/refused.html", message=translate(error.message)), 410


@bp.get("/sign/<token>")
def link(token: str) -> Any:
    try:
        r = signing.open_link(get_session(), token, client=_client())
    except signing.LinkRefused as error:
        return _refused(error)
    return _link_page(token, r)


@bp.get("/sign/<token>/pdf")
def link_pdf(token: str) -> Any:
    session = get_session()
    try:
        r = signing.find_request(session, token)
    except signing.LinkRefused as error:
        return _refused(error)
    data = signing.frozen_pdf(session, r.memorandum_id, sealed=False)
    assert data is not None
    return _pdf(data, f"memorandum-v{r.memorandum.version}.pdf")


@bp.post("/sign/<token>/code")
@limiter.limit(configured("RATELIMIT_CODE_TOKEN"), key_func=token_key)
@limiter.limit(configured("RATELIMIT_CODE_ADDRESS"), key_func=address_key)
def send_code(token: str) -> Any:
    if not ActionForm(prefix="code").validate_on_submit():
        abort(400)
    try:
        signing.send_code(get_session(), token, client=_client())
    except signing.LinkRefused as error:
        return _refused(error)
    flash(_("A code has been sent to your e-mail address."), "success")
    return redirect(url_for("signing.link", token=token))


@bp.post("/sign/<token>/sign")
@limiter.limit(configured("RATELIMIT_CODE_TOKEN"), key_func=token_key, deduct_when=failed)
@limiter.limit(configured("RATELIMIT_CODE_ADDRESS"), key_func=address_key, deduct_when=failed)
def sign(token: str) -> Any:
    session = get_session()
    form = SignForm()
    try:
        r = signing.find_request(session, token)
    except signing.LinkRefused as error:
        return _refused(error)
    if not form.validate_on_submit():
        return _link_page(token, r, sign_form=form, status=422)
    try:
        signing.sign(
            session,
            token,
            code=form.code.data or "",
            intent=bool(form.intent.data),
            signer_name=form.name.data or "",
            client=_client(),
            seal=_seal,
            verify_url=url_for("signing.verify", _external=True),
            base_url=_base_url(),
        )
    except signing.LinkRefused as error:
        return _refused(error)
    except InvalidInput as error:
        # A wrong name is said at the name, anything else at the code.
        field = form.name if isinstance(error, signing.NotTheSignatory) else form.code
        field.errors = [translate(error.message)]
        r = signing.find_request(session, token)
        return _link_page(token, r, sign_form=form, status=422)
    return render_template("signing/done.html", signed=True), 200


@bp.post("/sign/<token>/decline")
def decline(token: str) -> Any:
    session = get_session()
    form = DeclineForm()
    try:
        r = signing.find_request(session, token)
    except signing.LinkRefused as error:
        return _refused(error)
    if not form.validate_on_submit():
        return _link_page(token, r, decline_form=form, status=422)
    try:
        signing.decline(session, token, reason=form.reason.data or "", client=_client())
    except signing.LinkRefused as error:
        return _refused(error)
    return render_template("signing/done.html", signed=False), 200


# --- verification ------------------------------------------------------------------

_HEX = re.compile(r"^[0-9a-fA-F]{64}$")


@bp.route("/verify", methods=["GET", "POST"])
@limited("VERIFY_MAX_CONTENT_LENGTH")
def verify() -> Any:
    form = VerifyForm()
    verdict = None
    status = 200
    if request.method == "POST":
        if not form.validate_on_submit():
            status = 422
        else:
            upload = form.document.data
            typed = (form.sha256.data or "").strip()
            if upload and upload.filename:
                verdict = signing.verify_pdf(get_session(), upload.read())
            elif _HEX.match(typed):
                verdict = signing.verify_hash(get_session(), typed)
            else:
                form.sha256.errors = [
                    _("Choose a PDF or paste its SHA-256 (64 hexadecimal characters).")
                ]
                status = 422
    return render_template("signing/verify.html", form=form, verdict=verdict), status
