"""A programme's report: charts drawn on the server, each table also as CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import Blueprint, Response, abort, render_template
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

import states
from web import charts
from web.auth import actor
from web.db import get_session
from web.i18n import translate
from workflow.access import is_staff
from workflow.models import Programme
from workflow.reports import TRACKED, Report, build_report

bp = Blueprint("reports", __name__, url_prefix="/reports")
TABLES = ("per_month", "flows", "countries")


def _programme(programme_id: int) -> Programme:
    if not is_staff(actor()):
        abort(404)
    programme = get_session().get(Programme, programme_id)
    if programme is None:
        abort(404)
    return programme


def _step(name: str) -> str:
    return translate(states.BY_NAME[name].title)


def _month(d: Any) -> str:
    return format_date(d, "MMM y")


def tables(report: Report) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """Each table's header and rows, as the page and the CSV files show them."""
    per_month = (
        [_("Month")] + [_step(s) for s in TRACKED],
        [
            [d.isoformat()] + [report.per_month[s][k] for s in TRACKED]
            for k, d in enumerate(report.months)
        ],
    )
    flows = (
        [_("Step"), _("Entered"), _("Passed on"), _("Passed on (%)"), _("Median days")],
        [
            [
                _step(f.step),
                f.entered,
                f.passed_on,
                round(100 * f.rate) if f.rate is not None else "",
                f.median_days if f.median_days is not None else "",
            ]
            for f in report.flows
        ],
    )
    countries = ([_("Country"), _("Partnerships")], [[c, n] for c, n in report.by_country])
    return {"per_month": per_month, "flows": flows, "countries": countries}


@bp.get("/")
def index() -> Any:
    if not is_staff(actor()):
        abort(404)
    programmes = get_session().scalars(select(Programme).order_by(Programme.name)).all()
    return render_template("reports/index.html", programmes=programmes)


@bp.get("/<int:programme_id>")
def programme(programme_id: int) -> Any:
    p = _programme(programme_id)
    report = build_report(get_session(), p.id)
    figures = {
        "per_month": charts.stacked_bars(
            _("Partnerships per step, at the end of each month"),
            [_month(d) for d in report.months],
            {_step(s): report.per_month[s] for s in TRACKED},
        ),
        "flows": charts.bars(
            _("Median days per step"),
            [(_step(f.step), f.median_days) for f in report.flows],
        ),
        "countries": charts.bars(
            _("Partnerships by country"), [(c, n) for c, n in report.by_country]
        ),
    }
    return render_template(
        "reports/programme.html",
        programme=p,
        report=report,
        tables=tables(report),
        figures=figures,
    )


@bp.get("/<int:programme_id>/<table>.csv")
def table_csv(programme_id: int, table: str) -> Response:
    p = _programme(programme_id)
    if table not in TABLES:
        abort(404)
    header, rows = tables(build_report(get_session(), p.id))[table]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    response = Response("\ufeff" + out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="programme-{p.id}-{table}.csv"'
    return response
