"""Matching: ranking order, explanations, filters, the sister cap, the command."""

from __future__ import annotations

import json

from click.testing import CliRunner
from sqlalchemy.orm import Session

from workflow.models import Organisation, Programme, User
from workflow.selection.matching import Filters, match
from workflow.selection.partnerships import create_partnership


def _world(session: Session) -> dict[str, Organisation]:
    libs = {
        "kyiv": Organisation(
            name="Київська бібліотека",
            country="UA",
            library_type="public",
            population=100_000,
            collection_size=200_000,
            subjects="history,literature",
            languages="uk,en",
            directions_sought="culture",
            directions_offered="information",
        ),
        "twin": Organisation(
            name="Twin",
            country="GB",
            library_type="public",
            population=120_000,
            collection_size=180_000,
            subjects="history,literature",
            languages="en",
            directions_sought="information",
            directions_offered="culture",
            experience="Erasmus+ 2019",
            external_id="GB-TWIN",
        ),
        "village": Organisation(
            name="Village",
            country="GB",
            library_type="school",
            population=800,
            collection_size=3_000,
            subjects="children",
            languages="en",
        ),
        "ruined": Organisation(
            name="Ruined",
            country="PL",
            library_type="public",
            population=100_000,
            collection_size=200_000,
            subjects="history,literature",
            languages="pl",
            status="destroyed",
        ),
        "neighbour": Organisation(
            name="Neighbour",
            country="UA",
            library_type="public",
            population=100_000,
        ),
    }
    session.add_all(libs.values())
    session.flush()
    return libs


def test_the_most_similar_library_abroad_comes_first_with_each_factor_explained(
    session: Session,
) -> None:
    libs = _world(session)
    found = match(session, libs["kyiv"].id)
    assert [c.name for c in found] == ["Twin", "Ruined", "Village"]  # not the Ukrainian neighbour
    best = found[0]
    assert best.score > found[1].score > found[2].score
    words = {f.factor: str(f.explanation) for f in best.factors}
    assert (
        words["population"] == "Communities of similar size: 120\u00a0000 and 100\u00a0000 people"
    )
    assert words["subjects"] == "2 of 2 subjects of the collection in common"
    assert words["languages"] == "Languages in common: en"
    assert words["directions"] == "Each offers directions of cooperation the other seeks"
    assert round(sum(f.points for f in best.factors), 2) == round(best.score, 2)


def test_programme_weights_change_the_order(session: Session) -> None:
    libs = _world(session)
    only_status = Programme(
        name="Status only",
        match_weights={
            k: 0
            for k in (
                "population",
                "type",
                "collection",
                "subjects",
                "languages",
                "directions",
                "experience",
            )
        },
    )
    session.add(only_status)
    session.flush()
    found = match(session, libs["kyiv"].id, programme=only_status)
    assert found[-1].name == "Ruined"


def test_filters_narrow_the_candidates(session: Session) -> None:
    libs = _world(session)
    kyiv = libs["kyiv"].id
    assert [c.name for c in match(session, kyiv, filters=Filters(countries=("PL",)))] == ["Ruined"]
    assert [c.name for c in match(session, kyiv, filters=Filters(types=("school",)))] == ["Village"]
    assert [c.name for c in match(session, kyiv, filters=Filters(languages=("pl",)))] == ["Ruined"]
    assert [c.name for c in match(session, kyiv, filters=Filters(statuses=("destroyed",)))] == [
        "Ruined"
    ]


def test_a_library_at_its_programme_cap_or_already_partnered_is_not_offered(
    session: Session,
) -> None:
    libs = _world(session)
    programme = Programme(name="Cap one", sister_cap=1)
    coordinator = User(email="c@example.org", name="C", password_hash="x", role="coordinator")
    session.add_all([programme, coordinator])
    session.commit()
    create_partnership(
        session,
        coordinator,
        programme_id=programme.id,
        kind="sister",
        title="Ruined – other",
        languages=["en"],
        lead_organisation_id=libs["neighbour"].id,
        partner_organisation_id=libs["ruined"].id,
    )
    create_partnership(
        session,
        coordinator,
        programme_id=programme.id,
        kind="sister",
        title="Kyiv – Village",
        languages=["en"],
        lead_organisation_id=libs["kyiv"].id,
        partner_organisation_id=libs["village"].id,
    )
    names = [c.name for c in match(session, libs["kyiv"].id, programme=programme)]
    assert names == ["Twin"]
    without = Filters(without_partner=True)
    assert [c.name for c in match(session, libs["kyiv"].id, filters=without)] == ["Twin"]


def test_the_match_command_prints_the_ranking_as_json(session_factory) -> None:  # type: ignore[no-untyped-def]
    from web import create_app

    session = session_factory()
    libs = _world(session)
    session.add(Programme(name="P"))
    session.commit()
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "SESSION_FACTORY": session_factory})
    runner = CliRunner()
    with app.app_context():
        result = runner.invoke(
            app.cli,
            [
                "libraries",
                "match",
                str(libs["kyiv"].id),
                "--limit",
                "2",
                "--format",
                "json",
                "--country",
                "GB",
            ],
        )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [c["external_id"] for c in data] == ["GB-TWIN", None]
    assert set(data[0]) >= {
        "id",
        "external_id",
        "name",
        "country",
        "population",
        "score",
        "factors",
    }
    assert data[0]["factors"][0]["factor"] == "population"


def test_the_weights_command_sets_a_programmes_weights_and_cap(session_factory) -> None:  # type: ignore[no-untyped-def]
    from web import create_app

    session = session_factory()
    programme = Programme(name="P")
    session.add(programme)
    session.commit()
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "SESSION_FACTORY": session_factory})
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["libraries", "weights", str(programme.id), "population=5", "type=0", "--cap", "2"]
    )
    assert result.exit_code == 0, result.output
    assert "population = 5" in result.output and "sister cap = 2" in result.output
    stored = session_factory().get(Programme, programme.id)
    assert stored.weights()["population"] == 5.0 and stored.weights()["type"] == 0.0
    assert stored.sister_cap == 2
    refused = runner.invoke(args=["libraries", "weights", str(programme.id), "shoe=1"])
    assert refused.exit_code != 0 and "Weights are numbers from 0" in refused.output
