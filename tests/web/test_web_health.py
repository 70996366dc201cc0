"""``/health`` answers anyone, without a login, a session or the database."""

from __future__ import annotations


def test_health_answers_ok_without_a_login(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.text == "ok\n"
    assert response.mimetype == "text/plain"
    assert "Set-Cookie" not in response.headers


def test_health_answers_a_logged_in_user_too(world, login):
    assert login("coordinator@example.org").get("/health").text == "ok\n"
