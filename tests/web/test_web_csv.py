"""Every CSV the app writes opens in a spreadsheet as data: no cell is a formula (OWASP)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from flask.testing import FlaskClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from tests.web.hours.test_web_hours import assigned, entry  # noqa: F401 (a fixture)
from tests.web.registry.test_web_libraries import MAPPING
from workflow.models import Organisation, Partnership
from workflow.spreadsheet import safe_cell, unquote

FORMULAS = ['=HYPERLINK("http://x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)"]


@pytest.mark.parametrize("value", [*FORMULAS, "\tTab", "\rReturn"])
def test_a_cell_a_spreadsheet_would_compute_is_written_as_text(value: str) -> None:
    assert safe_cell(value) == "'" + value
    assert unquote(safe_cell(value)) == value


@pytest.mark.parametrize("value", ["Kyiv", "", "'quoted", "a=b", -3, 1.5, None])
def test_any_other_cell_and_every_number_is_written_as_it_is(value: object) -> None:
    assert safe_cell(value) == value


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def _name(session_factory: Callable[[], Session], organisation_id: int, name: str) -> None:
    s = session_factory()
    s.execute(update(Organisation).where(Organisation.id == organisation_id).values(name=name))
    s.commit()


def test_the_registry_export_quotes_formulas_and_reads_back_the_same(
    world: SimpleNamespace,
    login: Callable[..., FlaskClient],
    session_factory: Callable[[], Session],
) -> None:
    _name(session_factory, world.kyiv, FORMULAS[0])
    client = login("coordinator@example.org")
    rows = _rows(client.get("/libraries/export.csv").text)
    names = [r[rows[0].index("name")] for r in rows[1:]]
    assert "'" + FORMULAS[0] in names and FORMULAS[0] not in names
    # Imported again, the quote is gone: the name is the one kept.
    raw = f"ID;NAZWA;LUDNOSC\nA1;'{FORMULAS[3]};1000\n".encode("cp1250")
    response = client.post(
        "/libraries/import",
        data={"file": (io.BytesIO(raw), "rejestr.csv"), "mapping": MAPPING},
        content_type="multipart/form-data",
    )
    assert "created 1" in response.text
    s = session_factory()
    assert s.query(Organisation).filter_by(external_id="A1").one().name == FORMULAS[3]


def test_the_hours_export_quotes_every_text_cell(
    assigned: SimpleNamespace,  # noqa: F811
    login: Callable[..., FlaskClient],
    session_factory: Callable[[], Session],
) -> None:
    _name(session_factory, assigned.kyiv, FORMULAS[1])
    s = session_factory()
    s.execute(update(Partnership).where(Partnership.id == assigned.sister).values(title="@cmd"))
    s.commit()
    client = login("animator@example.org")
    client.post("/hours/log", data=entry(assigned.sister, 60, **{"log-note": "-2+3"}))
    rows = _rows(client.get("/hours/hours.csv").text)
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["lead_library"] == "'" + FORMULAS[1]
    assert row["partnership"] == "'@cmd" and row["note"] == "'-2+3"
    assert row["minutes"] == "60"


def test_the_report_tables_quote_a_library_name(
    assigned: SimpleNamespace,  # noqa: F811
    login: Callable[..., FlaskClient],
    session_factory: Callable[[], Session],
) -> None:
    _name(session_factory, assigned.kyiv, FORMULAS[2])
    client = login("coordinator@example.org")
    for table in ("hours_libraries", "per_month", "flows", "countries", "hours_animators"):
        response = client.get(f"/reports/{assigned.programme}/{table}.csv")
        assert response.status_code == 200, table
        for row in _rows(response.text):
            assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row), (table, row)
    rows = _rows(client.get(f"/reports/{assigned.programme}/hours_libraries.csv").text)
    assert ["'" + FORMULAS[2]] == [r[0] for r in rows[1:] if r[0].endswith(FORMULAS[2])]
