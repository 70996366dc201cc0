"""Error pages, and what a refused use case looks like to the person who tried it."""

from __future__ import annotations

from typing import Any

from flask import Flask, flash, g, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError
from werkzeug.exceptions import HTTPException

from web.i18n import translate
from web.problems import problem
from web.safety import local_referrer
from workflow.errors import DomainError, NotFound, PermissionDenied, RequirementsNotMet


def _page(status: int, title: str, message: str) -> tuple[str, int]:
    return render_template("errors/error.html", status=status, title=title, message=message), status


def not_found(_error: Exception) -> Any:
    if _is_api():
        return problem(404, "not-found", "Not Found", "There is no such address in the API.")
    return _page(404, _("Page not found"), _("There is nothing here, or it is not yours to see."))


def forbidden(_error: Exception) -> tuple[str, int]:
    return _page(403, _("Not allowed"), _("You may not do this."))


def bad_request(_error: Exception) -> tuple[str, int]:
    return _page(400, _("Bad request"), _("The form could not be read. Please try again."))


def csrf_failed(_error: CSRFError) -> tuple[str, int]:
    return _page(
        400,
        _("The form has expired"),
        _("Please go back, reload the page and send the form again."),
    )


def _is_api() -> bool:
    return request.path.startswith("/api/")


def method_not_allowed(error: HTTPException) -> Any:
    message = _("This address does not accept this kind of request.")
    if _is_api():
        response = problem(405, "http-405", "Method Not Allowed", message)
    else:
        response = make_response(_page(405, _("Not allowed"), message))
    # The methods it does accept (RFC 9110 §15.5.6).
    for name, value in error.get_headers():
        if name.lower() == "allow":
            response.headers["Allow"] = value
    return response


def unprocessable(message: str) -> Any:
    """A value that cannot be taken: 422 with what is wrong, as a page or a problem."""
    if _is_api():
        return problem(422, "invalid-input", "InvalidInput", message)
    return _page(422, _("This cannot be taken"), message)


def unprocessable_entity(error: HTTPException) -> Any:
    return unprocessable(error.description or _("Some of the values are not valid."))


def out_of_range(error: Exception) -> Any:
    """An overflow or a value the database refused: 422, after the failed transaction."""
    session = g.get("db_session")
    if session is not None:
        session.rollback()
    return unprocessable(_("A value is out of the range this application can keep."))


def server_error(_error: Exception) -> tuple[str, int]:
    return _page(
        500,
        _("Something went wrong"),
        _("The error has been logged. Please try again in a moment."),
    )


def domain_error(error: DomainError) -> Any:
    """A refused use case: say why, then show the partnership as it now is."""
    flash(translate(error.message), "error")
    if isinstance(error, RequirementsNotMet):
        for item in error.missing:
            flash(translate(item), "error")
    partnership_id = (request.view_args or {}).get("partnership_id")
    if partnership_id is not None:
        return redirect(url_for("partnerships.show", partnership_id=partnership_id))
    return redirect(local_referrer() or url_for("board.index"))


def init_app(app: Flask) -> None:
    app.register_error_handler(NotFound, not_found)
    app.register_error_handler(404, not_found)
    app.register_error_handler(PermissionDenied, forbidden)
    app.register_error_handler(403, forbidden)
    app.register_error_handler(CSRFError, csrf_failed)
    app.register_error_handler(400, bad_request)
    app.register_error_handler(405, method_not_allowed)
    app.register_error_handler(422, unprocessable_entity)
    app.register_error_handler(DomainError, domain_error)
    app.register_error_handler(OverflowError, out_of_range)
    app.register_error_handler(DataError, out_of_range)
    app.register_error_handler(500, server_error)
