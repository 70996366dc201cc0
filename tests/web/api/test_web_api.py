"""The JSON API: tokens made on the page, the same moves and checks as the screens,
problem details, and every request and response validated against /api/v1/openapi.json."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from openapi_core import Config, OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from werkzeug.test import EnvironBuilder

PROBLEM = "application/problem+json"


@pytest.fixture
def api(client):
    """Call the API with a token; each exchange is checked against the OpenAPI description."""
    described = client.get("/api/v1/openapi.json")
    assert described.status_code == 200
    # from_dict also validates the description itself.
    openapi = OpenAPI.from_dict(
        described.json,
        config=Config(extra_media_type_deserializers={PROBLEM: json.loads}),
    )

    def call(method: str, path: str, token: str | None, *, bad: bool = False, **kwargs: Any):
        """``bad``: the request breaks the description on purpose (only the answer is checked)."""
        headers = kwargs.pop("headers", {})
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"

        def build() -> EnvironBuilder:
            return EnvironBuilder(path=f"/api/v1{path}", method=method, headers=headers, **kwargs)

        # The app reads the body of the request it gets: validate a twin of it.
        request = WerkzeugOpenAPIRequest(build().get_request())
        if token is not None and not bad:
            openapi.validate_request(request)
        response = client.open(build())
        openapi.validate_response(request, WerkzeugOpenAPIResponse(response))
        return response

    return call


def make_token(client, login, email: str, name: str = "script") -> str:
    """Log in as ``email`` and make a token on the "API tokens" page, as a person would."""
    login(email)
    response = client.post("/account/tokens/", data={"name": name})
    assert response.status_code == 200
    found = re.search(r'id="new-token" value="(sl_[\w-]+)"', response.text)
    assert found, response.text
    client.post("/logout")
    return found.group(1)


def test_a_token_is_shown_once_and_lets_a_script_read_what_its_user_sees(client, login, world, api):
    token = make_token(client, login, "coordinator@example.org", "funder report")
    login("coordinator@example.org")
    page = client.get("/account/tokens/").text
    assert "funder report" in page
    assert token not in page  # shown once only
    client.post("/logout")

    response = api("GET", "/partnerships", token)
    assert response.status_code == 200
    titles = {x["title"] for x in response.json["items"]}
    assert titles == {"Kyiv – Kraków", "Lviv – Vilnius"}
    assert response.json["total"] == 2


def test_without_a_working_token_the_answer_is_a_401_problem(client, login, world, api):
    token = make_token(client, login, "coordinator@example.org")
    for sent in (None, "sl_not-a-token", token + "x"):
        response = api("GET", "/partnerships", sent)
        assert response.status_code == 401
        assert response.mimetype == PROBLEM
        assert response.json["status"] == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    # The session cookie of a logged-in browser opens nothing here.
    login("coordinator@example.org")
    assert api("GET", "/partnerships", None).status_code == 401


def test_a_revoked_token_is_refused(client, login, world, api):
    token = make_token(client, login, "coordinator@example.org")
    assert api("GET", "/partnerships", token).status_code == 200
    login("coordinator@example.org")
    page = client.get("/account/tokens/").text
    token_id = re.search(r"/account/tokens/(\d+)/revoke", page).group(1)
    response = client.post(f"/account/tokens/{token_id}/revoke", follow_redirects=True)
    assert "The token has been revoked" in response.text
    assert api("GET", "/partnerships", token).status_code == 401


def test_a_librarians_token_never_reaches_another_librarys_partnership(client, login, world, api):
    token = make_token(client, login, "kyiv@example.org")
    listed = api("GET", "/partnerships", token).json
    assert [x["id"] for x in listed["items"]] == [world.sister]
    for method, path, kwargs in (
        ("GET", f"/partnerships/{world.other}", {}),
        ("GET", f"/partnerships/{world.other}/history", {}),
        ("GET", f"/partnerships/{world.other}/documents/selection_report", {}),
        ("POST", f"/partnerships/{world.other}/moves", {"json": {"trigger": "advance"}}),
    ):
        response = api(method, path, token, **kwargs)
        assert response.status_code == 404, path
        assert response.mimetype == PROBLEM
    # Their own is readable, but moving it is the coordinator's job, as on the screen.
    assert api("GET", f"/partnerships/{world.sister}", token).json["moves"] == []
    refused = api("POST", f"/partnerships/{world.sister}/moves", token, json={"trigger": "advance"})
    assert refused.status_code == 403
    assert refused.json["type"].endswith("#problem-forbidden")


def test_a_script_advances_a_partnership_exactly_as_the_screen_would(
    client, login, world, api, read
):
    token = make_token(client, login, "coordinator@example.org")
    before = api("GET", f"/partnerships/{world.sister}", token).json
    advance = next(m for m in before["moves"] if m["trigger"] == "advance")
    assert advance["ready"] and advance["to"] == "introduction"

    moved = api(
        "POST",
        f"/partnerships/{world.sister}/moves",
        token,
        json={"trigger": "advance", "version": before["version"]},
    )
    assert moved.status_code == 200
    assert moved.json["move"]["from"] == "selection"
    assert moved.json["move"]["to"] == "introduction"
    assert moved.json["partnership"]["status"] == "introduction"
    p = read(world.sister)
    assert p.status == "introduction"
    last = p.history[-1]
    assert (last.trigger, last.from_state, last.to_state) == (
        "advance",
        "selection",
        "introduction",
    )
    assert last.actor_id == world.coordinator
    history = api("GET", f"/partnerships/{world.sister}/history", token).json["items"]
    assert [(h["from"], h["to"]) for h in history][-1] == ("selection", "introduction")
    assert history[-1]["actor"] == "Coordinator"

    # The screen shows the same history row.
    login("coordinator@example.org")
    page = client.get(f"/partnerships/{world.sister}").text.split('id="history"', 1)[1]
    assert "Selection → Introduction" in page

    # Again: the introduction is not complete, and the problem says what is missing,
    # in the language asked for.
    again = api(
        "POST",
        f"/partnerships/{world.sister}/moves",
        token,
        json={"trigger": "advance"},
        headers={"Accept-Language": "uk"},
    )
    assert again.status_code == 409
    assert again.json["type"].endswith("#problem-requirements-not-met")
    assert again.json["missing"]
    assert again.json["detail"] != "The step is not complete yet."  # in Ukrainian
    assert read(world.sister).status == "introduction"


def test_a_move_with_an_old_version_is_refused_as_stale(client, login, world, api, read):
    token = make_token(client, login, "coordinator@example.org")
    response = api(
        "POST",
        f"/partnerships/{world.sister}/moves",
        token,
        json={"trigger": "advance", "version": 99},
    )
    assert response.status_code == 409
    assert response.json["type"].endswith("#problem-stale-version")
    assert read(world.sister).status == "selection"


def test_withdraw_needs_a_reason_and_the_confirmation_as_on_the_screen(
    client, login, world, api, read
):
    token = make_token(client, login, "coordinator@example.org")
    path = f"/partnerships/{world.sister}/moves"
    # The description says both are needed: these requests break it on purpose.
    no_reason = api("POST", path, token, bad=True, json={"trigger": "withdraw", "confirm": True})
    assert no_reason.status_code == 422
    assert no_reason.json["type"].endswith("#problem-reason-required")
    unconfirmed = api(
        "POST", path, token, bad=True, json={"trigger": "withdraw", "reason": "The library closed"}
    )
    assert unconfirmed.status_code == 422
    assert unconfirmed.json["type"].endswith("#problem-confirmation-required")
    assert read(world.sister).status == "selection"
    done = api(
        "POST",
        path,
        token,
        json={"trigger": "withdraw", "reason": "The library closed", "confirm": True},
    )
    assert done.status_code == 200
    assert read(world.sister).status == "withdrawn"
    assert read(world.sister).history[-1].reason == "The library closed"


def test_a_document_comes_as_the_same_pdf_as_on_the_screen(client, login, world, api):
    token = make_token(client, login, "kyiv@example.org")
    detail = api("GET", f"/partnerships/{world.sister}", token).json
    assert [d["kind"] for d in detail["documents"]] == ["selection_report"]
    pdf = api("GET", f"/partnerships/{world.sister}/documents/selection_report", token)
    assert pdf.status_code == 200
    assert pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF")
    login("kyiv@example.org")
    screen = client.get(f"/partnerships/{world.sister}/documents/selection_report.pdf")
    assert screen.data == pdf.data
    missing = api("GET", f"/partnerships/{world.sister}/documents/memorandum", token)
    assert missing.status_code == 404


def test_libraries_are_listed_with_their_public_profile_only(client, login, world, api):
    token = make_token(client, login, "kyiv@example.org")
    listed = api("GET", "/libraries?country=pl", token).json
    assert [x["name"] for x in listed["items"]] == ["Biblioteka Kraków"]  # not the school
    one = api("GET", f"/libraries/{world.krakow}", token).json
    assert one["city"] == "Kraków"
    assert not {k for k in one if "contact" in k or "email" in k}
    assert api("GET", f"/libraries/{world.school}", token).status_code == 404


def test_bad_input_is_a_problem_not_a_crash(client, login, world, api):
    token = make_token(client, login, "coordinator@example.org")
    assert api("GET", "/partnerships?limit=0", token, bad=True).status_code == 422
    response = client.post(
        f"/api/v1/partnerships/{world.sister}/moves",
        data="not json",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert response.status_code == 422
    assert response.mimetype == PROBLEM
    nowhere = client.get("/api/v1/nowhere", headers={"Authorization": f"Bearer {token}"})
    assert (nowhere.status_code, nowhere.mimetype) == (404, PROBLEM)


def test_the_token_page_refuses_an_empty_name_and_keeps_the_page(client, login, world):
    login("coordinator@example.org")
    response = client.post("/account/tokens/", data={"name": "  "})
    assert response.status_code == 422
    assert "Name the token" in response.text
    assert 'id="new-token"' not in response.text


def test_a_partnership_status_filter_and_paging(client, login, world, api, put):
    put(world.other, status="introduction")
    token = make_token(client, login, "coordinator@example.org")
    response = api("GET", "/partnerships?status=introduction", token).json
    assert [x["id"] for x in response["items"]] == [world.other]
    paged = api("GET", "/partnerships?limit=1&offset=1", token).json
    assert paged["total"] == 2 and len(paged["items"]) == 1
    assert paged["items"][0]["id"] == max(world.sister, world.other)
