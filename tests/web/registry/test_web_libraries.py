"""The registry's pages: profiles, history, access, import upload, matching and choosing."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

from flask.testing import FlaskClient
from sqlalchemy import update
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from tests.workflow.lifecycle.test_documents import pdf_text
from workflow.models import Organisation, Partnership

MAPPING = """[source]
country = "PL"
missing = ["b.d."]
[columns]
external_id = "ID"
name = "NAZWA"
population = "LUDNOSC"
"""


def test_a_librarian_edits_their_own_profile_and_the_change_is_in_its_history(
    world: SimpleNamespace, login: Callable[..., FlaskClient], read: Callable[[int], Partnership]
) -> None:
    client = login("kyiv@example.org")
    version = read(world.sister).version
    page = client.get(f"/libraries/{world.kyiv}/edit")
    assert page.status_code == 200
    response = client.post(
        f"/libraries/{world.kyiv}/edit",
        data={
            "name": "Київська міська бібліотека",
            "country": "UA",
            "city": "Київ",
            "population": "2900000",
            "status": "operating",
            "subjects": ["history"],
            "languages": "uk, EN",
        },
    )
    assert response.status_code == 302, response.text
    profile = client.get(f"/libraries/{world.kyiv}").text
    assert "2900000" in profile.replace("\u00a0", "").replace(",", "")
    assert "Kyiv" in profile  # who changed it: the librarian's name
    assert "population: — → 2900000" in profile
    # The partnership's documents show the profile: its version moved on.
    assert read(world.sister).version > version


def test_a_profile_form_with_an_error_keeps_what_was_typed(
    world: SimpleNamespace, login: Callable[..., FlaskClient]
) -> None:
    client = login("kyiv@example.org")
    response = client.post(
        f"/libraries/{world.kyiv}/edit",
        data={
            "name": "Нова назва",
            "country": "Ukraine",
            "status": "operating",
            "experience": "Three years of Erasmus+",
        },
    )
    assert response.status_code == 422
    assert "Enter a two-letter country code" in response.text
    assert "Нова назва" in response.text and "Three years of Erasmus+" in response.text


def test_a_librarian_cannot_see_or_edit_another_library(
    world: SimpleNamespace, login: Callable[..., FlaskClient]
) -> None:
    client = login("kyiv@example.org")
    assert client.get(f"/libraries/{world.krakow}").status_code == 404
    assert client.get(f"/libraries/{world.krakow}/edit").status_code == 404
    response = client.post(f"/libraries/{world.krakow}/edit", data={"name": "Hacked"})
    assert response.status_code == 404
    assert client.get("/libraries/import").status_code == 403
    assert client.get("/libraries/export.csv").status_code == 403
    assert client.get(f"/libraries/{world.kyiv}/match").status_code == 403


def test_contacts_are_shown_to_coordinators_not_to_animators(
    world: SimpleNamespace,
    login: Callable[..., FlaskClient],
    session_factory: Callable[[], Session],
) -> None:
    s = session_factory()
    s.execute(
        update(Organisation)
        .where(Organisation.id == world.kyiv)
        .values(contact_email="secret@kyiv.example")
    )
    s.commit()
    assert (
        "secret@kyiv.example"
        in login("coordinator@example.org").get(f"/libraries/{world.kyiv}").text
    )
    client = login("animator@example.org")
    assert "secret@kyiv.example" not in client.get(f"/libraries/{world.kyiv}").text


def test_a_coordinator_uploads_a_register_and_sees_the_report(
    world: SimpleNamespace, login: Callable[..., FlaskClient]
) -> None:
    client = login("coordinator@example.org")
    raw = "ID;NAZWA;LUDNOSC\nA1;Biblioteka A;1000\nA2;;5\nA3;Biblioteka C;dużo\n".encode("cp1250")
    response = client.post(
        "/libraries/import",
        data={"file": (io.BytesIO(raw), "rejestr.csv"), "mapping": MAPPING},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "created 1, updated 0, unchanged 0, rejected 2" in response.text
    assert "line 3: the name is missing" in response.text
    assert "line 4: population: “dużo” is not a whole number" in response.text
    listing = client.get("/libraries/?q=A1").text
    assert "Biblioteka A" in listing
    export = client.get("/libraries/export.csv").text
    assert "A1,Biblioteka A" in export


def test_an_unusable_mapping_imports_nothing_and_keeps_the_mapping_typed(
    world: SimpleNamespace, login: Callable[..., FlaskClient]
) -> None:
    client = login("coordinator@example.org")
    response = client.post(
        "/libraries/import",
        data={"file": (io.BytesIO(b"ID;X\n1;2\n"), "r.csv"), "mapping": MAPPING},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "Nothing was imported." in response.text
    assert "LUDNOSC" in response.text


def test_a_coordinator_picks_an_explained_candidate_and_a_sister_partnership_is_created(
    world: SimpleNamespace,
    login: Callable[..., FlaskClient],
    session_factory: Callable[[], Session],
    tmp_path: Path,
) -> None:
    s = session_factory()
    s.execute(update(Organisation).values(library_type="public", population=50_000))
    s.commit()
    client = login("coordinator@example.org")
    page = client.get(f"/libraries/{world.lviv}/match")
    assert page.status_code == 200
    assert "Communities of similar size" in page.text
    assert "Київська" not in page.text  # candidates are abroad

    def choose(reason: str) -> TestResponse:
        return client.post(
            f"/libraries/{world.lviv}/match",
            data={
                "candidate_id": str(world.krakow),
                "programme_id": str(world.programme),
                "languages": ["uk", "pl"],
                "reason": reason,
            },
        )

    missing_reason = choose("")
    assert missing_reason.status_code == 422
    assert "This field is required." in missing_reason.text
    response = choose("Two public libraries of the same size")
    assert response.status_code == 302
    pid = int(response.headers["Location"].rstrip("/").split("/")[-1])
    s = session_factory()
    p = s.get(Partnership, pid)
    assert p is not None and p.status == "selection" and p.kind == "sister"
    assert {x.organisation_id for x in p.parties} == {world.lviv, world.krakow}
    assert p.selection_reason == "Two public libraries of the same size"
    assert p.selection_shortlist and any(x["chosen"] for x in p.selection_shortlist)
    pdf = client.get(f"/partnerships/{pid}/documents/selection_report.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    text = pdf_text(pdf.data, tmp_path)
    # The shortlist's reasons, in each of the partnership's languages.
    assert "Той самий тип бібліотеки" in text and "Ten sam typ biblioteki" in text
    assert "Biblioteka Kraków ✓" in text


def test_the_candidates_are_explained_in_ukrainian_and_polish(
    world: SimpleNamespace,
    login: Callable[..., FlaskClient],
    session_factory: Callable[[], Session],
) -> None:
    s = session_factory()
    s.execute(update(Organisation).values(library_type="public", population=50_000))
    s.commit()
    client = login("coordinator@example.org")
    uk = client.get(f"/libraries/{world.lviv}/match?lang=uk").text
    assert "Громади схожого розміру" in uk and "Той самий тип бібліотеки" in uk
    pl = client.get(f"/libraries/{world.lviv}/match?lang=pl").text
    assert "Społeczności podobnej wielkości" in pl and "Wybierz tę bibliotekę" in pl


def test_an_animator_sees_no_contact_field_in_the_history_of_changes(
    world: SimpleNamespace, login: Callable[..., FlaskClient], client: FlaskClient
) -> None:
    login("kyiv@example.org")
    profile = {"name": "Київська міська бібліотека", "country": "UA", "status": "operating"}
    edits = (
        {
            **profile,
            "city": "Kyiv",
            "contact_email": "olena@example.org",
            "contact_phone": "+380 44",
        },
        {**profile, "city": "Kyiv", "contact_name": "Olena Petrenko"},
        {**profile, "city": "Ірпінь", "contact_name": "Olena Petrenko"},
    )
    for data in edits:
        data.setdefault("contact_email", "olena@example.org")
        data.setdefault("contact_phone", "+380 44")
        assert client.post(f"/libraries/{world.kyiv}/edit", data=data).status_code == 302
    client.post("/logout")
    login("animator@example.org")
    page = client.get(f"/libraries/{world.kyiv}").text
    assert "city: Київ → Kyiv" in page and "city: Kyiv → Ірпінь" in page
    for private in ("olena@example.org", "Olena Petrenko", "+380 44", "contact_"):
        assert private not in page
    # The change of contacts only is not listed at all: two changes, not three.
    assert page.count('class="change"') == 2
    client.post("/logout")
    coordinator = login("coordinator@example.org").get(f"/libraries/{world.kyiv}").text
    assert "contact_email: — → olena@example.org" in coordinator
    assert "contact_name: — → Olena Petrenko" in coordinator
