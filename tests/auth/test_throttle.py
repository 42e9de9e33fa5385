"""Login throttling: per account from an address and per address, counted before the password is
checked (so a concurrent burst cannot outrun it), the same answers for real and unknown usernames."""

from __future__ import annotations

import http.cookiejar
import os
import re
import statistics
import threading
import time
import urllib.parse
import urllib.request

import pytest
from werkzeug.serving import make_server

from tests.conftest import csrf_token
from tracker.auth import services
from tracker.core.errors import DomainError

WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."


def _try(app, username, password="sai-mat-khau", address="10.0.0.1"):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    token = csrf_token(client, "/login")
    response = client.post("/login", data={"username": username, "password": password, "csrf_token": token})
    return response.status_code, response.get_data(as_text=True)


def test_five_failures_lock_the_account_from_that_address_only(app, world):
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert _try(app, "admin")[0] == 401
    status, page = _try(app, "admin", "matkhau123")
    assert status == 401 and "tạm khóa" in page  # right password, but locked from 10.0.0.1
    assert _try(app, "admin", "matkhau123", address="10.9.9.9")[0] == 302  # the admin, elsewhere, gets in


def test_one_address_cannot_spray_many_accounts(app, world, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_MAX_FAILURES_PER_ADDRESS", limit := 8)
    for n in range(limit):
        assert _try(app, f"khong-co-{n}")[0] == 401
    status, page = _try(app, "vanphong", "matkhau123")
    assert status == 401 and "tạm khóa" in page
    assert _try(app, "vanphong", "matkhau123", address="10.0.0.2")[0] == 302


def test_a_success_starts_the_count_over(app, world):
    for _ in range(app.config["LOGIN_MAX_FAILURES"] - 1):
        _try(app, "vanphong")
    assert _try(app, "vanphong", "matkhau123")[0] == 302
    for _ in range(app.config["LOGIN_MAX_FAILURES"] - 1):
        assert _try(app, "vanphong")[0] == 401
    assert _try(app, "vanphong", "matkhau123")[0] == 302


def test_real_and_unknown_usernames_get_the_same_answers(app, world):
    def flash(page):
        return re.findall(r'class="flash[^"]*"[^>]*>([^<]*)<', page)

    real = [flash(_try(app, "vanphong", address="10.0.1.1")[1]) for _ in range(6)]
    unknown = [flash(_try(app, "khongtontai", address="10.0.1.2")[1]) for _ in range(6)]
    assert real == unknown
    assert real[0] == [WRONG] and "tạm khóa" in real[-1][0]


def test_an_unknown_username_takes_as_long_as_a_wrong_password(session, world):
    def duration(username):
        start = time.perf_counter()
        with pytest.raises(DomainError):
            services.attempt_login(session, username, "sai-mat-khau")
        return time.perf_counter() - start

    duration("khongtontai")  # the dummy hash is made once
    real = statistics.median(duration("vanphong") for _ in range(5))
    unknown = statistics.median(duration("khongtontai") for _ in range(5))
    assert 0.3 < unknown / real < 3.3, (real, unknown)  # before: no hash check at all for them


def test_an_admin_password_reset_lifts_the_lock(app, world, session):
    for _ in range(app.config["LOGIN_MAX_FAILURES"] + 1):
        _try(app, "stc")
    services.reset_password(session, world.admin, world.task.assigned_on, world.officer_a, "matkhau-moi-1")
    session.commit()
    assert _try(app, "stc", "matkhau-moi-1")[0] == 302


@pytest.mark.postgres
@pytest.mark.skipif(not os.environ.get("TRACKER_TEST_DATABASE_URL"), reason="concurrency needs PostgreSQL")
def test_a_concurrent_burst_checks_at_most_five_passwords(app, world):
    """Real threads against a real server: 12 simultaneous wrong tries, 3 rounds on 3 accounts."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        for username in ("vanphong", "admin", "khongtontai"):
            answers = _burst(base, username, 12)
            assert answers.count(WRONG) <= app.config["LOGIN_MAX_FAILURES"], answers
            assert all(a in (WRONG, services.LOCKED) for a in answers), answers
    finally:
        server.shutdown()


def _burst(base: str, username: str, n: int) -> list[str]:
    ready, answers = threading.Barrier(n), []

    def one():
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = _open(opener, base + "/login").decode()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({"username": username, "password": "sai", "csrf_token": token}).encode()
        ready.wait()
        text = _open(opener, base + "/login", body).decode()
        answers.append(re.search(r'class="flash[^"]*"[^>]*>([^<]*)<', text).group(1))

    threads = [threading.Thread(target=one) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return answers


def _open(opener, url: str, body: bytes | None = None) -> bytes:
    request = urllib.request.Request(url, data=body, headers={"Host": "localhost"})
    try:
        return opener.open(request, timeout=60).read()
    except urllib.error.HTTPError as exc:  # 401 carries the page too
        return exc.read()
