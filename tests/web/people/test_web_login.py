"""Logging in and out, and who may open which page."""

from __future__ import annotations

from web import create_app


def test_an_anonymous_visitor_logs_in_and_comes_back_to_the_page_they_asked_for(world, client):
    response = client.get(f"/partnerships/{world.sister}")
    assert response.status_code == 302
    assert response.location.startswith("/login?next=")
    form = client.get(response.location).text
    assert f'name="next" type="hidden" value="/partnerships/{world.sister}"' in form
    response = client.post(
        response.location,
        data={
            "email": "coordinator@example.org",
            "password": "password-123",
            "next": f"/partnerships/{world.sister}",
        },
    )
    assert response.location == f"/partnerships/{world.sister}"


def test_a_wrong_password_shows_the_error_and_keeps_the_email_typed(world, client):
    response = client.post(
        "/login", data={"email": "coordinator@example.org", "password": "not-the-password"}
    )
    assert response.status_code == 422
    assert "Wrong e-mail or password" in response.text
    assert 'value="coordinator@example.org"' in response.text
    assert "not-the-password" not in response.text


def test_an_unknown_email_gets_the_same_words_as_a_wrong_password(world, client):
    response = client.post("/login", data={"email": "nobody@example.org", "password": "x" * 12})
    assert "Wrong e-mail or password" in response.text


def test_login_goes_on_to_the_local_page_it_was_asked_for(world, client):
    response = client.post(
        f"/login?next=/partnerships/{world.sister}",
        data={
            "email": "coordinator@example.org",
            "password": "password-123",
            "next": f"/partnerships/{world.sister}",
        },
    )
    assert response.status_code == 302
    assert response.location == f"/partnerships/{world.sister}"


def test_login_never_goes_on_to_another_site(world, client):
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.post(
            "/login",
            data={"email": "coordinator@example.org", "password": "password-123", "next": target},
        )
        assert response.location == "/"
        client.post("/logout")


def test_logout_ends_the_session(world, login):
    client = login("coordinator@example.org")
    assert client.get("/").status_code == 200
    response = client.post("/logout")
    assert response.location == "/login"
    assert client.get("/").status_code == 302


def test_a_form_without_its_csrf_token_is_refused(world, session_factory):
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "SESSION_FACTORY": session_factory})
    client = app.test_client()
    response = client.post(
        "/login", data={"email": "coordinator@example.org", "password": "password-123"}
    )
    assert response.status_code == 400
    assert "The form has expired" in response.text
