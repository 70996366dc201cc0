"""A programme's report: charts drawn on the server, each table also as CSV."""

from __future__ import annotations

import io
from typing import Any

from flask import Blueprint, Response, abort, render_template
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

import states
from web.cockpit import charts
from web.db import get_session
from web.i18n import translate
from web.people.auth import actor
from workflow import spreadsheet
from workflow.cockpit.reports import TRACKED, HoursReport, Report, build_report, hours_report
from workflow.lifecycle.access import is_staff
from workflow.models import Programme

bp = Blueprint("reports", __name__, url_prefix="/reports", template_folder="templates")
TABLES = ("per_month", "flows", "countries", "hours_libraries", "hours_animators")


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


def _h(minutes: int) -> float:
    return round(minutes / 60, 2)


def _percent(share: float | None) -> Any:
    return round(100 * share) if share is not None else ""


def tables(report: Report, hours: HoursReport) -> dict[str, tuple[list[str], list[list[Any]]]]:
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
    hours_libraries = (
        [_("Lead library"), _("Budget (h)"), _("Used (h)"), _("Left (h)"), _("Used (%)")],
        [
            [
                r.name,
                _h(r.budget_minutes),
                _h(r.used_minutes),
                _h(r.budget_minutes - r.used_minutes),
                _percent(r.share),
            ]
            for r in hours.libraries
        ],
    )
    hours_animators = (
        [_("Animator"), _("Lead libraries"), _("Budget (h)"), _("Used (h)"), _("Used (%)")],
        [
            [r.name, r.libraries, _h(r.budget_minutes), _h(r.used_minutes), _percent(r.share)]
            for r in hours.animators
        ],
    )
    return {
        "per_month": per_month,
        "flows": flows,
        "countries": countries,
        "hours_libraries": hours_libraries,
        "hours_animators": hours_animators,
    }


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
    hours = hours_report(get_session(), p.id)
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
        "hours": charts.grouped_bars(
            _("Animator hours per lead library, against the budget"),
            [r.name for r in hours.libraries],
            {
                _("Budget (h)"): [_h(r.budget_minutes) for r in hours.libraries],
                _("Used (h)"): [_h(r.used_minutes) for r in hours.libraries],
            },
        ),
    }
    return render_template(
        "reports/programme.html",
        programme=p,
        report=report,
        tables=tables(report, hours),
        figures=figures,
    )


@bp.get("/<int:programme_id>/<table>.csv")
def table_csv(programme_id: int, table: str) -> Response:
    p = _programme(programme_id)
    if table not in TABLES:
        abort(404)
    session = get_session()
    header, rows = tables(build_report(session, p.id), hours_report(session, p.id))[table]
    out = io.StringIO()
    writer = spreadsheet.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    response = Response("\ufeff" + out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="programme-{p.id}-{table}.csv"'
    return response
