"""Tokens: scope, expiry, revocation (CLI and admin UI), last use; the web permission matrix through the API."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import select

from tests.conftest import csrf_token, login
from tracker.api import tokens
from tracker.auth.models import ApiToken
from tracker.cli import cli
from tracker.core.models import JournalEntry
from tracker.tasks import services

BODIES = {
    "acknowledge": {}, "progress": {"text": "Đang làm"}, "report": {"result": "Đã xong"},
    "extension": {"proposed_due": "2024-12-31", "reason": "Chờ ý kiến bộ"}, "decline": {"reason": "Không phải việc của sở"},
    "confirm": {}, "return": {"reason": "Thiếu số liệu"}, "decision": {"approve": False, "note": "Không đủ lý do"},
    "withdraw": {"reason": "Không còn cần thiết"},
}
# Who may do what, as the web UI allows it (DOMAIN.md): the lead agency reports, the office confirms,
# leaders (and, by the default setting, the office) decide extensions, office and leaders withdraw;
# a co-agency never changes the state.
ALLOWED = {
    "acknowledge": {"stc"}, "progress": {"stc"}, "report": {"stc"}, "extension": {"stc"}, "decline": {"stc"},
    "confirm": {"vanphong", "admin"}, "return": {"vanphong", "admin"}, "decision": {"lanhdao", "vanphong", "admin"},
    "withdraw": {"vanphong", "admin", "lanhdao"},
}
USERS = ("admin", "vanphong", "lanhdao", "stc", "sxd")
NOW = datetime(2024, 10, 10, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def _prepare(action, world, session):
    task = world.task
    if action in ("confirm", "return"):
        services.report_completion(session, world.officer_a, date(2024, 10, 9), task, "Xong")
    if action == "decision":
        services.request_extension(session, world.officer_a, date(2024, 10, 9), task, date(2024, 11, 30), "Lý do")
    session.commit()
    return task


@pytest.mark.parametrize("action", sorted(BODIES))
@pytest.mark.parametrize("user", USERS)
def test_permission_matrix_through_the_api(api, world, session, action, user):
    task = _prepare(action, world, session)
    with time_machine.travel(NOW, tick=False):
        read = api("POST", f"/tasks/{task.id}/{action}", user, "read", json=BODIES[action])
        assert read.status_code == 403 and read.json["type"].endswith("read-only-token")
        response = api("POST", f"/tasks/{task.id}/{action}", user, json=BODIES[action])
    expected = 200 if user in ALLOWED[action] else 403
    assert response.status_code == expected, response.json
    if expected == 403:
        assert response.content_type == "application/problem+json"


def test_read_token_reads(api, world):
    assert api("GET", "/tasks", "stc", "read").status_code == 200
    assert api("POST", "/documents", "vanphong", "read", json={"number": "1", "tasks": []}).status_code == 403


def test_document_registration_is_for_the_office_only(api, world):
    body = {"number": "12/TB-UBND", "tasks": [{"content": "Việc", "lead": [world.a.id]}]}
    for user in USERS:
        code = api("POST", "/documents", user, json=dict(body, number=f"12/{user}")).status_code
        assert code == (201 if user in ("vanphong", "admin") else 403), user


def test_expired_and_revoked_tokens_are_refused(client, world, session):
    expiring = tokens.create_token(session, world.office, "hết hạn", date(2024, 10, 1), expires_on=date(2024, 10, 5))
    session.commit()
    auth = {"Authorization": f"Bearer {expiring}"}
    with time_machine.travel(datetime(2024, 10, 5, 23, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False):
        assert client.get("/api/v1/tasks", headers=auth).status_code == 200  # the last day still works
    with time_machine.travel(datetime(2024, 10, 6, 0, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False):
        refused = client.get("/api/v1/tasks", headers=auth)
    assert refused.status_code == 401 and refused.headers["WWW-Authenticate"] == "Bearer"
    row = session.scalars(select(ApiToken).where(ApiToken.name == "hết hạn")).one()
    assert row.last_used_at is not None
    tokens.revoke(session, row.id, date(2024, 10, 2), datetime(2024, 10, 2))
    session.commit()
    with time_machine.travel(datetime(2024, 10, 3, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False):
        assert client.get("/api/v1/tasks", headers=auth).status_code == 401


def test_cli_create_list_and_revoke(app, world, client):
    runner = app.test_cli_runner()
    result = runner.invoke(cli, ["create-token", "stc", "--name", "QLVB tỉnh", "--scope", "read",
                                 "--expires", "2099-12-31"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert token.startswith("tdnv_")
    assert client.get("/api/v1/tasks", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert client.post("/api/v1/tasks/1/progress", json={"text": "x"},
                       headers={"Authorization": f"Bearer {token}"}).status_code == 403
    listed = runner.invoke(cli, ["list-tokens", "--format", "json"]).output
    assert token not in listed and '"scope": "read"' in listed
    token_id = int(listed.split('"id": ')[1].split(",")[0])
    assert runner.invoke(cli, ["revoke-token", str(token_id)]).exit_code == 0
    assert client.get("/api/v1/tasks", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    bad = runner.invoke(cli, ["create-token", "stc", "--expires", "31/12/2099"])
    assert bad.exit_code == 1 and "YYYY-MM-DD" in bad.output
    assert runner.invoke(cli, ["revoke-token", "9999"]).exit_code == 1


def test_admin_creates_sees_once_and_revokes_in_the_ui(client, world, session):
    login(client, "admin")
    token = csrf_token(client, "/admin/tokens")
    page = client.post("/admin/tokens", data={"csrf_token": token, "user_id": world.officer_a.id, "name": "QLVB",
                                              "scope": "write", "expires_on": ""})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "chỉ hiện một lần" in html
    raw = html.split('<code id="new-token">')[1].split("</code>")[0]
    assert raw not in client.get("/admin/tokens").get_data(as_text=True)  # never shown again
    row = session.scalars(select(ApiToken).where(ApiToken.name == "QLVB")).one()
    assert row.token_hash != raw and row.scope == "write"
    assert client.get("/api/v1/tasks", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    assert "Dùng lần cuối" in client.get("/admin/tokens").get_data(as_text=True)
    revoked = client.post(f"/admin/tokens/{row.id}/revoke", data={"csrf_token": csrf_token(client, "/admin/tokens")})
    assert revoked.status_code == 302
    assert client.get("/api/v1/tasks", headers={"Authorization": f"Bearer {raw}"}).status_code == 401
    journal = session.scalars(select(JournalEntry.action).where(JournalEntry.entity == "user")).all()
    assert "token_created" in journal and "token_revoked" in journal


def test_only_an_admin_manages_tokens(client, world):
    login(client, "vanphong")
    assert client.get("/admin/tokens").status_code == 403


def test_last_use_is_recorded_at_most_once_a_minute(client, world, session):
    raw = tokens.create_token(session, world.office, "x", date(2024, 10, 1))
    session.commit()
    start = datetime(2024, 10, 10, 9, tzinfo=ZoneInfo("UTC"))
    with time_machine.travel(start, tick=False):
        client.get("/api/v1/agencies", headers={"Authorization": f"Bearer {raw}"})
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        client.get("/api/v1/agencies", headers={"Authorization": f"Bearer {raw}"})
    row = session.scalars(select(ApiToken).where(ApiToken.name == "x")).one()
    session.refresh(row)
    assert row.last_used_at == start.replace(tzinfo=None)
