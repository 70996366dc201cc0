"""Importing registers: messy files written here, validated rows, idempotent upserts."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workflow.models import Organisation, OrganisationChange, Partnership, Party, Programme
from workflow.registry.importer import ImportFailed, decode, import_register, load_mapping

MAPPING = """
[source]
country = "PL"
missing = ["b.d.", "-", "", "-9"]

[columns]
external_id = "ID_BIBLIOTEKI"
name = "NAZWA"
city = "MIEJSCOWOSC"
region = "WOJEWODZTWO"
population = "LUDNOSC_GMINY"
collection_size = "ZBIORY_WOL"
type = "RODZAJ"

[values.type]
gminna = "public"
wojewodzka = "regional"
"""
HEADER = "ID_BIBLIOTEKI;NAZWA;MIEJSCOWOSC;WOJEWODZTWO;LUDNOSC_GMINY;ZBIORY_WOL;RODZAJ\n"


def _libraries(session: Session) -> dict[str, Organisation]:
    return {
        o.external_id: o
        for o in session.scalars(select(Organisation).where(Organisation.external_id.is_not(None)))
    }


def test_a_messy_utf8_file_with_bom_imports_its_good_rows_and_reports_the_bad(
    session: Session,
) -> None:
    text = (
        HEADER
        + "PL-1; Gminna Biblioteka  Publiczna ;Lipnica;pomorskie;5 300;b.d.;  GMINNA \n"
        + 'PL-2;"Biblioteka\nz nową linią";Kraków;małopolskie;800000;-9;Wojewodzka\n'
        + "PL-3;Zła;X;Y;-5;10;gminna\n"
        + "PL-4;;X;Y;10;10;gminna\n"
        + "PL-5;Szkolna;X;Y;10;10;szkolna\n"
        + "PL-1;Duplikat;X;Y;10;10;gminna\n"
    )
    report = import_register(session, "\ufeff".encode() + text.encode(), load_mapping(MAPPING))
    assert report.summary() == "created 2, updated 0, unchanged 0, rejected 4"
    assert [(r.line, str(r.reason)) for r in report.rejected] == [
        (5, "population must not be negative"),
        (6, "the name is missing"),
        (7, "type: unknown value “szkolna”"),
        (8, "the external id is also on line 2"),
    ]
    libraries = _libraries(session)
    lipnica, krakow = libraries["PL-1"], libraries["PL-2"]
    assert lipnica.name == "Gminna Biblioteka Publiczna"
    assert (lipnica.library_type, lipnica.population, lipnica.collection_size) == (
        "public",
        5300,
        None,
    )
    assert lipnica.country == "PL"
    assert krakow.name == "Biblioteka z nową linią"
    assert krakow.library_type == "regional"


def test_a_number_past_what_a_column_keeps_or_a_nul_character_rejects_its_row(
    session: Session,
) -> None:
    text = (
        HEADER
        + "PL-1;Gminna;Lipnica;pomorskie;99999999999999999999999;10;gminna\n"
        + "PL-2;Biblio\x00teka;Kraków;małopolskie;800000;10;gminna\n"
        + "PL-3;Dobra;Kraków;małopolskie;2147483647;10;gminna\n"
    )
    report = import_register(session, text.encode(), load_mapping(MAPPING))
    assert [(r.line, str(r.reason)) for r in report.rejected] == [
        (2, "population is too large"),
        (3, "name contains a character that is not allowed (NUL)"),
    ]
    assert list(_libraries(session)) == ["PL-3"]


def test_cp1251_is_detected_and_reimporting_changes_nothing(session: Session) -> None:
    mapping = load_mapping(MAPPING.replace('country = "PL"', 'country = "UA"'))
    text = HEADER + "UA-1;Обласна бібліотека;Черкаси;Черкаська;1 200 000;500000;wojewodzka\n"
    raw = text.encode("cp1251")
    assert decode(raw) == text
    assert import_register(session, raw, mapping).summary() == (
        "created 1, updated 0, unchanged 0, rejected 0"
    )
    assert import_register(session, raw, mapping).summary() == (
        "created 0, updated 0, unchanged 1, rejected 0"
    )
    assert session.scalar(select(func.count()).select_from(OrganisationChange)) == 0


def test_a_changed_row_updates_the_library_records_history_and_bumps_its_partnerships(
    session: Session,
) -> None:
    mapping = load_mapping(MAPPING)
    import_register(session, (HEADER + "PL-9;Biblioteka;A;B;1000;10;gminna\n").encode(), mapping)
    org = _libraries(session)["PL-9"]
    other = Organisation(name="Other", country="UA")
    programme = Programme(name="P")
    session.add_all([other, programme])
    session.flush()
    p = Partnership(programme_id=programme.id, kind="sister", title="T", languages="en")
    p.parties = [Party(organisation=org, role="partner"), Party(organisation=other, role="lead")]
    session.add(p)
    session.commit()
    version = p.version
    report = import_register(
        session, (HEADER + "PL-9;Biblioteka;A;B;2000;b.d.;gminna\n").encode(), mapping
    )
    assert report.summary() == "created 0, updated 1, unchanged 0, rejected 0"
    session.expire_all()
    assert org.population == 2000
    assert org.collection_size == 10  # unknown does not overwrite what is known
    change = session.scalars(select(OrganisationChange)).one()
    assert change.changes == {"population": [1000, 2000]}
    assert session.get(Partnership, p.id).version > version


def test_a_dry_run_reports_and_imports_nothing(session: Session) -> None:
    raw = (HEADER + "PL-1;A;B;C;1;1;gminna\n").encode()
    report = import_register(session, raw, load_mapping(MAPPING), dry_run=True)
    assert report.summary() == "created 1, updated 0, unchanged 0, rejected 0"
    assert _libraries(session) == {}


def test_a_missing_column_is_fatal_and_imports_nothing(session: Session) -> None:
    raw = b"ID_BIBLIOTEKI;NAZWA\nPL-1;A\n"
    with pytest.raises(ImportFailed) as error:
        import_register(session, raw, load_mapping(MAPPING))
    assert "MIEJSCOWOSC" in str(error.value.message)
    assert _libraries(session) == {}


def test_a_mapping_that_is_not_toml_or_names_unknown_fields_is_refused() -> None:
    with pytest.raises(ImportFailed):
        load_mapping("[columns\nname=")
    with pytest.raises(ImportFailed, match="shoe_size"):
        load_mapping('[source]\ncountry="PL"\n[columns]\nexternal_id="a"\nname="b"\nshoe_size="c"')


def test_a_cp1250_file_with_a_comma_delimiter_is_detected(session: Session) -> None:
    mapping = load_mapping(MAPPING.replace(";", ","))
    text = HEADER.replace(";", ",") + "PL-7,Biblioteka w Łodzi,Łódź,łódzkie,670000,1,gminna\n"
    import_register(session, text.encode("cp1250"), mapping)
    assert _libraries(session)["PL-7"].city == "Łódź"


def test_the_import_command_reports_each_rejection_and_the_summary(
    session_factory, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from web import create_app

    register = tmp_path / "rejestr.csv"
    register.write_bytes(
        (
            HEADER + "PL-1;Biblioteka;Lipnica;pomorskie;5300;10;gminna\nPL-2;;X;Y;1;1;gminna\n"
        ).encode("cp1250")
    )
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "SESSION_FACTORY": session_factory})
    runner = app.test_cli_runner()
    args = ["libraries", "import", str(register), "--mapping", str(mapping)]
    dry = runner.invoke(args=[*args, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "line 3: the name is missing" in dry.output
    assert "created 1, updated 0, unchanged 0, rejected 1" in dry.output
    assert _libraries(session_factory()) == {}
    real = runner.invoke(args=args)
    assert real.exit_code == 0, real.output
    assert real.output.rstrip().endswith("created 1, updated 0, unchanged 0, rejected 1")
    assert "Importing" in real.output  # the progress bar
    again = runner.invoke(args=args)
    assert again.output.rstrip().endswith("created 0, updated 0, unchanged 1, rejected 1")
    mapping.write_text(MAPPING.replace('"RODZAJ"', '"TYP"'), encoding="utf-8")
    fatal = runner.invoke(args=args)
    assert fatal.exit_code != 0
    assert "The file has no column “TYP”. Nothing was imported." in fatal.output
