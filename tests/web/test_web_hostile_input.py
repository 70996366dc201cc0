"""Hostile input: huge integers, NUL characters, dates past any programme, wrong JSON
types. Each is a 4xx with a clear message in the page's language, never a 500, on
SQLite and PostgreSQL alike (the ``engine`` fixture runs every test on both)."""

from __future__ import annotations

import zlib
from datetime import date, datetime
from pathlib import Path

import pytest
from babel.support import Translations
from icalendar import Calendar
from markupsafe import escape
from sqlalchemy import select

from tests.web.api.test_web_api import PROBLEM, make_token
from tests.web.hours import test_web_hours
from tests.web.planning.test_web_plan_feeds import ACTIVITY
from tests.web.registry.test_web_applications import FORM as APPLICATION
from web.forms import Form
from workflow.models import Activity, Meeting

HUGE = "99999999999999999999"  # past 64 bits
PAST_64_BITS = "18446744073709551616"
PAST_32_BITS = "3000000000"  # past what an id column holds (PostgreSQL's integer)
NUL = "\x00"
assigned = test_web_hours.assigned  # the fixture: the animator supports Kyiv
CATALOGS = Path(__file__).resolve().parents[2] / "translations"

NUL_IN_ADDRESS = "The address contains a character that is not allowed (NUL)."
NUL_IN_TEXT = "This text contains a character that is not allowed (NUL)."
BAD_DATE = "Enter a date between 1990 and 2100."
NOT_FOUND = "There is nothing here, or it is not yours to see."
NOT_AN_ID = "%(value)s is not a number we know."
WHOLE_NUMBER = "Enter a whole number between %(min)s and %(max)s."
BAD_ZONE = "Choose a time zone from the list."


def said(lang: str, message: str, **values: object) -> str:
    """``message`` as the page shows it in ``lang`` (translated, then HTML-escaped)."""
    if lang != "en":
        translated = Translations.load(str(CATALOGS), [lang]).gettext(message)
        assert translated != message, f"{message!r} is not translated into {lang}"
        message = translated
    return str(escape(message % values if values else message))


@pytest.fixture
def lang(request, client) -> str:
    """The page's language, as the language switch keeps it: each probe gets one of
    the three (the same on both backends), so all three are asked without tripling
    the run."""
    probe = request.node.name.split("[", 1)[-1].split("-", 1)[-1]
    chosen = ("en", "uk", "pl")[zlib.crc32(probe.encode()) % 3]
    client.set_cookie("lang", chosen)
    return chosen


@pytest.fixture
def as_coordinator(world, login, lang):
    return login("coordinator@example.org")


@pytest.fixture
def as_kyiv(world, login, lang):
    return login("kyiv@example.org")


def party_of(read, partnership_id: int, organisation_id: int) -> int:
    return read(partnership_id).party_of(organisation_id).id


# --- addresses and query parameters ---------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        f"/partnerships/{HUGE}",
        f"/partnerships/{PAST_32_BITS}",
        f"/partnerships/{HUGE}/history",
        f"/libraries/{HUGE}",
        f"/libraries/{PAST_32_BITS}",
        f"/libraries/{HUGE}/edit",
        f"/hours/entries/{HUGE}",
        f"/partnerships/{HUGE}/memorandum/preview",
    ],
)
def test_an_id_past_64_bits_in_the_address_is_not_found(as_coordinator, lang, path):
    response = as_coordinator.get(path)
    assert response.status_code == 404
    assert said(lang, NOT_FOUND) in response.text


@pytest.mark.parametrize("path", [f"/?programme={HUGE}", f"/?animator={PAST_64_BITS}"])
def test_an_id_past_64_bits_in_a_board_filter_is_shown_at_the_filter(
    assigned, as_coordinator, lang, path
):
    response = as_coordinator.get(path)
    assert response.status_code == 422
    assert said(lang, WHOLE_NUMBER, min=-(2**31 - 1), max=2**31 - 1) in response.text
    assert "Kyiv – Kraków" in response.text  # the board, unfiltered


@pytest.mark.parametrize(
    "path",
    [
        f"/hours/hours.csv?programme={HUGE}",
        f"/hours/hours.csv?library={PAST_32_BITS}",
        "/hours/hours.csv?animator=²",
        f"/hours/timesheet.pdf?month=2026-05&library={HUGE}",
    ],
)
def test_an_id_past_64_bits_in_a_query_is_refused(as_coordinator, lang, path):
    response = as_coordinator.get(path)
    assert response.status_code == 422
    value = path.rsplit("=", 1)[1]
    assert said(lang, NOT_AN_ID, value=value) in response.text


@pytest.mark.parametrize(
    "path",
    ["/?q=a%00b", "/libraries/?q=%00", "/hours/hours.csv?month=2026-05%00", "/partnerships/1%00"],
)
def test_a_nul_character_in_the_address_is_refused(as_coordinator, lang, path):
    response = as_coordinator.get(path)
    assert response.status_code == 422
    assert said(lang, NUL_IN_ADDRESS) in response.text


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "1989-12", "2101-01"])
def test_a_timesheet_month_no_programme_can_mean_is_refused(as_coordinator, lang, month):
    for path in ("/hours/timesheet.pdf", "/hours/hours.csv"):
        response = as_coordinator.get(f"{path}?month={month}&library=1")
        assert response.status_code == 422
        assert said(lang, BAD_DATE) in response.text


# --- forms ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message", "values"),
    [
        ("population", "99999999999999999999999", WHOLE_NUMBER, {"min": 0, "max": 2**31 - 1}),
        ("population", "2147483648", WHOLE_NUMBER, {"min": 0, "max": 2**31 - 1}),
        ("name", f"Biblioteka{NUL}", NUL_IN_TEXT, {}),
        ("message", f"{NUL}hello", NUL_IN_TEXT, {}),
        ("contact_email", f"anna{NUL}@example.org", NUL_IN_TEXT, {}),
    ],
)
@pytest.mark.parametrize("kind", ["abroad", "ukrainian"])
def test_the_public_application_forms_refuse_hostile_values(
    client, world, lang, kind, field, value, message, values
):
    response = client.post(f"/apply/{kind}", data={**APPLICATION, field: value})
    assert response.status_code == 422
    assert said(lang, message, **values) in response.text
    assert str(escape(APPLICATION["contact_name"])) in response.text  # nothing lost


@pytest.mark.parametrize(
    ("field", "value", "message", "values"),
    [
        ("population", "99999999999999999999999", WHOLE_NUMBER, {"min": 0, "max": 2**31 - 1}),
        ("collection_size", HUGE, WHOLE_NUMBER, {"min": 0, "max": 2**31 - 1}),
        ("city", f"Kyiv{NUL}", NUL_IN_TEXT, {}),
        ("experience", NUL, NUL_IN_TEXT, {}),
    ],
)
def test_the_library_profile_refuses_hostile_values(
    as_coordinator, world, lang, field, value, message, values
):
    data = {"name": "Київська міська бібліотека", "country": "UA", "status": "operating"}
    response = as_coordinator.post(f"/libraries/{world.kyiv}/edit", data={**data, field: value})
    assert response.status_code == 422
    assert said(lang, message, **values) in response.text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("activity-ends_on", "9999-12-31", BAD_DATE),
        ("activity-starts_on", "0001-01-01", BAD_DATE),
        ("activity-starts_on", "2101-01-01", BAD_DATE),
        ("activity-title", f"Reading{NUL}club", NUL_IN_TEXT),
        ("activity-description", f"Weekly{NUL}", NUL_IN_TEXT),
        ("activity-starts_on", f"2026-05-01{NUL}", NUL_IN_TEXT),
    ],
)
def test_a_plan_activity_refuses_hostile_values(
    as_kyiv, world, put, read, lang, field, value, message
):
    put(world.sister, status="planning")
    data = {**ACTIVITY, field: value}
    response = as_kyiv.post(f"/partnerships/{world.sister}/activities", data=data)
    assert response.status_code == 422
    assert said(lang, message) in response.text
    assert "Twenty regular readers" in response.text  # what was typed is kept
    assert read(world.sister).activities == []


def test_a_meeting_in_the_year_9999_is_refused(as_kyiv, world, put, lang):
    put(world.sister, status="introduction")
    response = as_kyiv.post(
        f"/partnerships/{world.sister}/meetings/1",
        data={
            "meeting-1-held_at": "9999-12-31T23:00",
            "meeting-1-timezone": "Europe/Kyiv",
            "meeting-1-place_kind": "library",
            "meeting-1-place": "Reading room",
            "meeting-1-planned_minutes": "120",
            "meeting-1-minutes": "We met.",
        },
    )
    assert response.status_code == 422
    assert said(lang, BAD_DATE) in response.text


def test_hours_in_the_year_9999_are_refused(assigned, login, lang):
    client = login("animator@example.org")
    response = client.post(
        "/hours/log",
        data={
            "log-partnership_id": str(assigned.sister),
            "log-worked_on": "9999-12-31",
            "log-minutes": "60",
            "log-kind": "phone",
        },
    )
    assert response.status_code == 422
    assert said(lang, BAD_DATE) in response.text


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "Europe/Kyiv\x00", "../../etc/passwd"])
def test_an_invalid_time_zone_is_refused_and_what_was_typed_is_kept(
    as_kyiv, world, put, read, lang, zone
):
    put(world.sister, status="introduction")
    party = party_of(read, world.sister, world.kyiv)
    response = as_kyiv.post(
        f"/partnerships/{world.sister}/parties/{party}/contact",
        data={
            f"contact-{party}-name": "Olena Petrenko",
            f"contact-{party}-email": "olena@example.org",
            f"contact-{party}-timezone": zone,
        },
    )
    assert response.status_code == 422
    message = NUL_IN_TEXT if NUL in zone else BAD_ZONE
    assert said(lang, message) in response.text
    assert 'value="Olena Petrenko"' in response.text
    assert 'value="olena@example.org"' in response.text
    assert read(world.sister).party_of(world.kyiv).contact_name in (None, "")


def test_an_invalid_time_zone_for_the_viewer_is_refused(as_kyiv, world, put, lang):
    put(world.sister, status="introduction")
    response = as_kyiv.post(
        f"/partnerships/{world.sister}/timezone", data={"timezone-timezone": "Nowhere/Atlantis"}
    )
    assert response.status_code == 422
    assert said(lang, BAD_ZONE) in response.text


def test_a_nul_character_in_the_login_is_refused(client, world, lang):
    response = client.post("/login", data={"email": f"kyiv{NUL}@example.org", "password": "x"})
    assert 400 <= response.status_code < 500
    assert said(lang, NUL_IN_TEXT) in response.text


def test_every_form_of_the_app_takes_the_bounds_of_the_base_form(app):
    """A new form that forgets the base would take a NUL, a huge number, year 9999."""
    from flask_wtf import FlaskForm

    def subclasses(cls: type) -> set[type]:
        return {x for s in cls.__subclasses__() for x in {s, *subclasses(s)}}

    forms = {x for x in subclasses(FlaskForm) if x.__module__.startswith("web.")}
    assert len(forms) > 20
    assert [x.__qualname__ for x in forms if not issubclass(x, Form)] == []


# --- calendar feeds -------------------------------------------------------------------------


def test_a_feed_holding_dates_kept_before_they_were_bounded_still_works(
    world, put, login, session_factory
):
    put(world.sister, status="planning")
    client = login("kyiv@example.org")
    assert client.post(f"/partnerships/{world.sister}/activities", data=ACTIVITY).status_code == 302
    response = client.post(f"/feeds/partnerships/{world.sister}")
    page = client.get(response.location).text
    url = page.split('value="http://localhost', 1)[1].split('"', 1)[0]
    # As kept before the bounds: an activity ending, a meeting held, at the end of 9999.
    s = session_factory()
    s.scalars(select(Activity)).one().ends_on = date(9999, 12, 31)
    s.add(
        Meeting(
            partnership_id=world.sister,
            number=1,
            held_at=datetime(9999, 12, 31, 23, 30),
            timezone="UTC",
            place="Reading room",
        )
    )
    s.commit()
    s.close()
    feed = client.get(url)
    assert feed.status_code == 200
    (event,) = Calendar.from_ical(feed.data).walk("VEVENT")
    assert event.decoded("DTEND") == date(9999, 12, 31)


# --- the API ---------------------------------------------------------------------------------


@pytest.fixture
def token(client, login, world) -> str:
    return make_token(client, login, "coordinator@example.org")


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.mimetype == PROBLEM
    return response.json


@pytest.mark.parametrize(
    ("path", "status", "detail"),
    [
        (f"/partnerships/{HUGE}", 404, None),
        (f"/partnerships/{PAST_32_BITS}", 404, None),
        (f"/libraries/{PAST_32_BITS}", 404, None),
        (f"/partnerships/{HUGE}/history", 404, None),
        (f"/libraries/{HUGE}", 404, None),
        (f"/partnerships?offset={PAST_64_BITS}", 422, "offset must be a whole number"),
        ("/partnerships?limit=0", 422, "limit must be a whole number"),
        (f"/partnerships?programme_id={HUGE}", 422, "programme_id must be a whole number"),
        ("/partnerships?programme_id=abc", 422, "programme_id must be a whole number"),
        ("/partnerships?offset=²", 422, "offset must be a whole number"),
        ("/partnerships?kind=bogus", 422, "kind must be one of: sister, local."),
        ("/partnerships?status=bogus", 422, "status must be one of: selection,"),
        ("/partnerships?stauts=open", 422, "Unknown parameter: stauts."),
        (f"/libraries?offset={PAST_64_BITS}", 422, "offset must be a whole number"),
        ("/libraries?q=%00", 422, NUL_IN_ADDRESS),
        ("/partnerships?q=a%00", 422, NUL_IN_ADDRESS),
    ],
)
def test_the_api_refuses_hostile_query_values_with_a_problem(client, token, path, status, detail):
    response = client.get(f"/api/v1{path}", headers={"Authorization": f"Bearer {token}"})
    body = _problem(response, status)
    if detail:
        assert detail in body["detail"]


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ([], "Send a JSON object"),
        ("advance", "Send a JSON object"),
        ({"trigger": {}}, "trigger must be one of"),
        ({"trigger": ["advance"]}, "trigger must be one of"),
        ({"trigger": 1}, "trigger must be one of"),
        ({"trigger": "fly"}, "trigger must be one of"),
        ({"trigger": "hold", "reason": {}}, "reason must be a text"),
        ({"trigger": "hold", "reason": f"busy{NUL}"}, "reason must be a text"),
        ({"trigger": "advance", "version": True}, "version must be"),
        ({"trigger": "advance", "version": int(HUGE)}, "version must be"),
        ({"trigger": "advance", "version": "1"}, "version must be"),
        ({"trigger": "advance", "confirm": "yes"}, "confirm must be true or false."),
        ({"trigger": "advance", "sneaky": 1}, "Unknown field: sneaky."),
    ],
)
def test_the_api_refuses_a_move_body_of_the_wrong_shape(client, token, world, read, body, detail):
    response = client.post(
        f"/api/v1/partnerships/{world.sister}/moves",
        json=body,
        headers={"Authorization": f"Bearer {token}"},
    )
    assert detail in _problem(response, 422)["detail"]
    assert read(world.sister).version == 1


def test_the_api_says_its_refusals_in_the_language_asked_for(client, token, world):
    response = client.get(
        "/api/v1/partnerships?kind=bogus",
        headers={"Authorization": f"Bearer {token}", "Accept-Language": "uk"},
    )
    detail = _problem(response, 422)["detail"]
    translated = Translations.load(str(CATALOGS), ["uk"]).gettext(
        "%(name)s must be one of: %(allowed)s."
    )
    assert translated != "%(name)s must be one of: %(allowed)s."
    assert detail == translated % {"name": "kind", "allowed": "sister, local"}


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("DELETE", "/partnerships", {"GET", "HEAD", "OPTIONS"}),
        ("PUT", "/partnerships/1", {"GET", "HEAD", "OPTIONS"}),
        ("GET", "/partnerships/1/moves", {"POST", "OPTIONS"}),
        ("PATCH", "/libraries/1", {"GET", "HEAD", "OPTIONS"}),
    ],
)
def test_the_api_answers_a_wrong_method_with_405_and_allow(client, token, method, path, allowed):
    response = client.open(
        f"/api/v1{path}", method=method, headers={"Authorization": f"Bearer {token}"}
    )
    _problem(response, 405)
    assert set(response.headers["Allow"].replace(" ", "").split(",")) == allowed


def test_a_wrong_method_on_a_page_says_so_and_lists_what_is_allowed(as_coordinator, lang):
    response = as_coordinator.delete("/libraries/")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    assert said(lang, "This address does not accept this kind of request.") in response.text
