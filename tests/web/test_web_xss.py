"""What a visitor or a user types is text on every page: never markup, never script.

The payload comes in the ways the audit found: the public application form
(then approved) and a librarian's own profile; it reaches labels, choices and
flashes of the partnership page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from types import SimpleNamespace

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.web.introduction.test_web_meetings import record_first_meeting
from tests.web.registry.test_web_applications import FORM, _confirm_link
from workflow.models import Application

PAYLOAD = 'X"><img src=x onerror=alert(1)><script>alert(2)</script>'
ESCAPED = "X&#34;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;"


def assert_inert(html: str) -> None:
    """The payload is nowhere as markup: no tag of it, no attribute it opened."""
    assert "<script>alert(2)" not in html
    assert "<img src=x" not in html
    # Quoted attribute values hold the payload escaped: they open no attribute.
    assert not re.search(r"<[^>]*\sonerror=", re.sub(r'"[^"]*"', '""', html))


def _profile(name: str) -> dict[str, str]:
    return {"name": name, "country": "PL", "city": PAYLOAD, "status": "operating"}


def test_a_name_typed_by_a_librarian_is_text_in_every_label_of_the_partnership_page(
    world: SimpleNamespace, put: Callable[..., None], login: Callable[..., FlaskClient]
) -> None:
    client = login("krakow@example.org")
    response = client.post(f"/libraries/{world.krakow}/edit", data=_profile(PAYLOAD))
    assert response.status_code == 302, response.text
    client.post("/logout")
    put(world.sister, status="introduction")
    login("animator@example.org")
    record_first_meeting(client, world.sister)
    page = client.get(f"/partnerships/{world.sister}")
    assert page.status_code == 200
    assert_inert(page.text)
    # The evaluation's label names the library, escaped (the audit's case).
    assert f"Engagement of {ESCAPED} (1-5)" in page.text
    library = client.get(f"/libraries/{world.krakow}").text
    assert_inert(library)
    assert ESCAPED in library


def test_a_name_sent_through_the_public_form_is_text_once_approved(
    world: SimpleNamespace,
    client: FlaskClient,
    login: Callable[..., FlaskClient],
    session_factory: Callable[[], Session],
) -> None:
    data = {**FORM, "name": PAYLOAD, "city": PAYLOAD, "contact_name": PAYLOAD}
    data["message"] = PAYLOAD
    assert client.post("/apply/abroad", data=data).status_code == 302
    assert client.get(_confirm_link(session_factory, FORM["contact_email"])).status_code == 200
    coordinator = login("coordinator@example.org")
    queue = coordinator.get("/applications").text
    assert_inert(queue)
    assert ESCAPED in queue
    application = session_factory().scalars(select(Application)).one()
    response = coordinator.post(f"/applications/{application.id}/approve", data={})
    assert response.status_code == 302
    # The flash names the new library: escaped too.
    shown = coordinator.get(response.headers["Location"]).text
    assert_inert(shown)
    for path in ("/libraries/", "/hours/", "/"):
        page = coordinator.get(path)
        assert page.status_code == 200, path
        assert_inert(page.text)
