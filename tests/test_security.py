"""Security baseline: secrets, cookies, throttling, hashed passwords, CSRF."""

import pytest

from tests.conftest import login
from tracker import create_app
from tracker.auth.models import User


def test_production_refuses_default_secret(monkeypatch):
    monkeypatch.setenv("TRACKER_ENV", "production")
    monkeypatch.delenv("TRACKER_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="TRACKER_SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    monkeypatch.setenv("TRACKER_SECRET_KEY", "a-long-random-value-of-32-bytes-or-more")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_passwords_are_hashed(world, session):
    user = session.get(User, world.office.id)
    assert "matkhau123" not in user.password_hash and user.check_password("matkhau123")


def test_session_cookie_is_httponly_and_samesite(client, world):
    response = login(client, "vanphong")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_login_is_throttled_after_repeated_failures(client, world, app):
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert login(client, "vanphong", "sai").status_code == 401
    response = login(client, "vanphong")  # right password, but locked for a while
    assert response.status_code == 401
    assert "tạm khóa" in response.get_data(as_text=True)


def test_login_without_csrf_token_is_refused(client, world):
    response = client.post("/login", data={"username": "vanphong", "password": "matkhau123"})
    assert response.status_code in (200, 400)
    assert client.get("/tasks").status_code == 302  # still not logged in


def test_inactive_user_cannot_log_in(client, world, session):
    world.office.active = False
    session.commit()
    assert login(client, "vanphong").status_code == 401


def test_open_redirect_is_refused(client, world):
    from tests.conftest import csrf_token

    token = csrf_token(client, "/login")
    response = client.post("/login?next=//evil.example/x",
                           data={"username": "vanphong", "password": "matkhau123", "csrf_token": token})
    assert response.status_code == 302 and "evil" not in response.headers["Location"]
