"""Logging out or having one's password reset ends every session of that user: a copied session
cookie stops working, on every device."""

from __future__ import annotations

from tests.conftest import csrf_token, login


def _copy_session(source, target) -> None:
    """What a thief does with a stolen cookie: the same session cookie in another browser."""
    cookie = source.get_cookie("session")
    target.set_cookie("session", cookie.value)


def test_logout_ends_a_copied_session(app, world):
    mine, thief = app.test_client(), app.test_client()
    login(mine, "vanphong")
    _copy_session(mine, thief)
    assert thief.get("/tasks").status_code == 200  # the copy works while the session lives
    mine.post("/logout", data={"csrf_token": csrf_token(mine, "/tasks")})
    assert thief.get("/tasks").status_code == 302  # and no longer after the logout
    assert "/login" in thief.get("/tasks").headers["Location"]


def test_logout_ends_the_users_other_sessions_too(app, world):
    phone, desk = app.test_client(), app.test_client()
    login(phone, "stc")
    login(desk, "stc")
    desk.post("/logout", data={"csrf_token": csrf_token(desk, "/tasks")})
    assert phone.get("/tasks").status_code == 302
    other = app.test_client()
    login(other, "vanphong")
    assert other.get("/tasks").status_code == 200  # another user's session is untouched
    assert login(phone, "stc").status_code == 302  # and one can log in again


def test_password_reset_ends_the_users_sessions(app, world):
    victim, admin = app.test_client(), app.test_client()
    login(victim, "stc")
    login(admin, "admin")
    token = csrf_token(admin, f"/admin/users/{world.officer_a.id}")
    response = admin.post(f"/admin/users/{world.officer_a.id}/password",
                          data={"password": "matkhau-moi-456", "confirm": "matkhau-moi-456", "csrf_token": token})
    assert response.status_code == 302
    assert victim.get("/tasks").status_code == 302
    assert admin.get("/admin/users").status_code == 200  # the admin's own session goes on
    assert login(victim, "stc", "matkhau-moi-456").status_code == 302


def test_a_session_of_a_deactivated_user_stops_working(app, world, session):
    client = app.test_client()
    login(client, "stc")
    world.officer_a.active = False
    session.commit()
    assert client.get("/tasks").status_code == 302


def test_an_account_from_before_the_session_keys_logs_in_and_out(app, world, session):
    world.office.session_key = ""  # as migration 0009 leaves existing accounts
    session.commit()
    client, old_cookie = app.test_client(), app.test_client()
    assert login(client, "vanphong").status_code == 302
    assert client.get("/tasks").status_code == 200
    with client.session_transaction() as s:
        s["_user_id"] = str(world.office.id)  # a cookie made before the upgrade: no key at all
    assert client.get("/tasks").status_code == 302
    login(client, "vanphong")
    _copy_session(client, old_cookie)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/tasks")})
    assert old_cookie.get("/tasks").status_code == 302
