"""Task page actions: a role × action matrix, 404 for other agencies, CSRF, optimistic lock, bad input."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import func, select

from tests.conftest import csrf_token, login
from tracker.core.models import JournalEntry
from tracker.tasks import services
from tracker.tasks.models import ExtensionRequest, ProgressUpdate, Task

TODAY = date(2024, 10, 5)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2024, 10, 5, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False):
        yield


@pytest.fixture
def w(world, make_agency, make_user, session):
    """The shared world plus a third agency (not on the task) and its officer."""
    world.c = make_agency("Sở Y tế", order=3)
    world.officer_c = make_user("syt", "agency", agency=world.c)
    session.commit()
    return world


USERS = {"office": "vanphong", "leader": "lanhdao", "lead": "stc", "co": "sxd", "other": "syt", "admin": "admin"}


def state(session, task_id: int) -> tuple:
    session.expire_all()
    task = session.get(Task, task_id)
    count = lambda model: session.scalar(select(func.count()).select_from(model).where(model.task_id == task_id))  # noqa: E731
    return (task.status, task.lead_agency_id, task.due_on, count(ProgressUpdate), count(ExtensionRequest),
            count(JournalEntry))


def post(client, url: str, data: dict | None = None, version=None, **kw):
    data = dict(data or {})
    data.setdefault("csrf_token", csrf_token(client, "/tasks"))
    if version is not None:
        data["version"] = version
    return client.post(url, data=data, **kw)


def _reported(w, session):
    services.report_completion(session, w.officer_a, TODAY, w.task, "Đã trình dự thảo")
    session.commit()


def _pending(w, session):
    services.request_extension(session, w.officer_a, TODAY, w.task, date(2024, 10, 31), "Chờ ý kiến bộ")
    session.commit()


# action -> (prepare, form data (callable of world), roles allowed, check of the task after success)
ACTIONS = {
    "acknowledge": (None, lambda w: {}, {"lead"}, lambda t: t.status == "in_progress"),
    "progress": (None, lambda w: {"text": "Đang lấy ý kiến"}, {"lead"},
                 lambda t: t.status == "in_progress" and len(t.updates) == 1),
    "report": (None, lambda w: {"text": "Đã ban hành", "result_doc_number": "12/BC-STC",
                                "result_doc_date": "04/10/2024"}, {"lead"},
               lambda t: t.status == "reported" and t.reported_on == TODAY and t.result_doc_number == "12/BC-STC"),
    "extension": (None, lambda w: {"proposed_due_on": "31/10/2024", "reason": "Chờ ý kiến bộ"}, {"lead"},
                  lambda t: len(t.extensions) == 1 and t.extensions[0].proposed_due_on == date(2024, 10, 31)),
    "decline": (None, lambda w: {"reason": "Không thuộc chức năng"}, {"lead"}, lambda t: t.status == "declined"),
    "input": (None, lambda w: {"text": "Thống nhất nội dung"}, {"co"},
              lambda t: [u.kind for u in t.updates] == ["input"] and t.status == "new"),
    "confirm": (_reported, lambda w: {}, {"office", "admin"},
                lambda t: t.status == "done" and t.confirmed_on == TODAY),
    "return": (_reported, lambda w: {"reason": "Thiếu hồ sơ"}, {"office", "admin"},
               lambda t: t.status == "returned" and t.reported_on is None),
    "decide": (_pending, lambda w: {"extension_id": w.task.extensions[0].id, "decision": "approve",
                                    "granted_due_on": "25/10/2024"}, {"leader", "office", "admin"},
               lambda t: t.due_on == date(2024, 10, 25) and t.extensions[0].state == "approved"),
    "reassign": (None, lambda w: {"new_lead": w.c.id}, {"office", "admin"},
                 lambda t: t.lead_agency.name == "Sở Y tế"),
    "withdraw": (None, lambda w: {"reason": "Theo ý kiến Chủ tịch"}, {"office", "admin", "leader"},
                 lambda t: t.status == "withdrawn" and t.withdrawn_on == TODAY),
}


@pytest.mark.parametrize("role", list(USERS))
def test_view_matrix(client, w, role):
    login(client, USERS[role])
    response = client.get(f"/tasks/{w.task.id}")
    if role == "other":
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        assert "chuyển đổi số" in response.get_data(as_text=True)


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", list(USERS))
def test_action_matrix(client, w, session, role, action):
    prepare, data, allowed, check = ACTIONS[action]
    if prepare:
        prepare(w, session)
    task_id = w.task.id
    form = data(w)
    before = state(session, task_id)
    login(client, USERS[role])
    response = post(client, f"/tasks/{task_id}/{action}", form, version=session.get(Task, task_id).version)
    if role in allowed:
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        session.expire_all()
        task = session.get(Task, task_id)
        assert check(task)
        assert state(session, task_id)[5] > before[5]  # journaled
    else:
        assert response.status_code == (404 if role == "other" else 403)
        assert state(session, task_id) == before


def test_other_agency_cannot_reach_task_by_url(client, w, session):
    login(client, "syt")
    before = state(session, w.task.id)
    assert client.get(f"/tasks/{w.task.id}").status_code == 404
    for action in ACTIONS:
        assert post(client, f"/tasks/{w.task.id}/{action}", {"text": "x", "reason": "x"}).status_code == 404
    assert client.get(f"/tasks/{w.task.id}/edit").status_code == 404
    assert state(session, w.task.id) == before


def test_post_without_csrf_token_is_refused(client, w, session):
    login(client, "stc")
    before = state(session, w.task.id)
    response = client.post(f"/tasks/{w.task.id}/acknowledge", data={"version": 1})
    assert response.status_code == 400
    assert state(session, w.task.id) == before


def test_stale_version_gets_409_and_nothing_is_overwritten(app, w, session):
    first, second = app.test_client(), app.test_client()
    login(first, "stc")
    login(second, "stc")
    version = session.get(Task, w.task.id).version
    assert post(first, f"/tasks/{w.task.id}/acknowledge", version=version).status_code == 302
    before = state(session, w.task.id)
    response = post(second, f"/tasks/{w.task.id}/decline", {"reason": "Không thuộc chức năng"}, version=version)
    assert response.status_code == 409
    assert "Nhiệm vụ đã có thay đổi, vui lòng tải lại trang." in response.get_data(as_text=True)
    assert state(session, w.task.id) == before
    assert before[0] == "in_progress"


@pytest.mark.parametrize(("action", "data", "message"), [
    ("decline", {"reason": "  "}, "Vui lòng nhập lý do đề nghị giao lại."),
    ("progress", {"text": ""}, "Vui lòng nhập nội dung tiến độ."),
    ("extension", {"proposed_due_on": "31/02/2024", "reason": "Chờ"}, "Ngày không hợp lệ"),
    ("extension", {"proposed_due_on": "10/10/2024", "reason": "Chờ"}, "Thời hạn đề nghị phải sau thời hạn hiện tại"),
    ("extension", {"proposed_due_on": "31/10/2024", "reason": ""}, "Vui lòng nhập lý do đề nghị gia hạn."),
    ("report", {"text": "Xong", "result_doc_date": "31/02/2024"}, "Ngày không hợp lệ"),
])
def test_bad_input_is_explained_and_writes_nothing(client, w, session, action, data, message):
    login(client, "stc")
    before = state(session, w.task.id)
    response = post(client, f"/tasks/{w.task.id}/{action}", data, version=w.task.version)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert state(session, w.task.id) == before


def test_office_return_needs_a_reason(client, w, session):
    _reported(w, session)
    login(client, "vanphong")
    before = state(session, w.task.id)
    response = post(client, f"/tasks/{w.task.id}/return", {"reason": ""}, version=w.task.version)
    assert response.status_code == 400 and "Vui lòng nhập lý do trả lại." in response.get_data(as_text=True)
    assert state(session, w.task.id) == before


@pytest.mark.parametrize(("filename", "size", "message"), [
    ("virus.exe", 10, "không được chấp nhận"),
    ("bao-cao.pdf", 2048, "quá lớn"),
])
def test_bad_upload_is_refused(client, w, session, monkeypatch, filename, size, message):
    import io

    from tracker.core import settings

    monkeypatch.setattr(settings.current, "upload_max_bytes", 1024)
    login(client, "stc")
    before = state(session, w.task.id)
    response = post(client, f"/tasks/{w.task.id}/progress",
                    {"text": "Tiến độ", "files": (io.BytesIO(b"x" * size), filename)},
                    version=w.task.version, content_type="multipart/form-data")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert state(session, w.task.id) == before


def test_uploaded_file_downloads_only_for_those_who_see_the_task(app, client, w, session):
    import io

    login(client, "stc")
    response = post(client, f"/tasks/{w.task.id}/report",
                    {"text": "Đã ban hành", "files": (io.BytesIO(b"%PDF-1.4 ket qua"), "ket-qua.pdf")},
                    version=w.task.version, content_type="multipart/form-data")
    assert response.status_code == 302
    page = client.get(f"/tasks/{w.task.id}").get_data(as_text=True)
    assert "ket-qua.pdf" in page
    attachment_id = session.scalar(select(ProgressUpdate).where(ProgressUpdate.task_id == w.task.id)).attachments[0].id
    download = client.get(f"/files/{attachment_id}")
    assert download.status_code == 200 and download.data == b"%PDF-1.4 ket qua"
    assert "ket-qua.pdf" in download.headers["Content-Disposition"]
    other = app.test_client()
    login(other, "syt")
    assert other.get(f"/files/{attachment_id}").status_code == 404
    co = app.test_client()
    login(co, "sxd")
    assert co.get(f"/files/{attachment_id}").status_code == 200


def test_actions_shown_match_permissions(client, w):
    login(client, "sxd")  # co-agency: only input
    page = client.get(f"/tasks/{w.task.id}").get_data(as_text=True)
    assert "Góp ý kiến phối hợp" in page and "Tiếp nhận</button>" not in page and "Báo cáo hoàn thành</summary>" not in page
    client.post("/logout", data={"csrf_token": csrf_token(client, "/tasks")})
    login(client, "stc")
    page = client.get(f"/tasks/{w.task.id}").get_data(as_text=True)
    assert "Tiếp nhận</button>" in page and "Góp ý kiến phối hợp" not in page and "Xác nhận hoàn thành" not in page


def test_timeline_shows_who_what_and_human_values(client, w, session):
    services.reassign(session, w.office, TODAY, w.task, w.c, note="Đúng chức năng")
    session.commit()
    login(client, "vanphong")
    page = client.get(f"/tasks/{w.task.id}").get_data(as_text=True)
    timeline = page[page.index("Lịch sử xử lý"):]
    assert "Giao nhiệm vụ" in timeline and "15/10/2024" in timeline
    assert "Giao lại cơ quan chủ trì" in timeline
    assert "Cơ quan chủ trì: Sở Tài chính → Sở Y tế" in timeline
    assert "Người dùng thử" in timeline  # the actor's name
    assert timeline.index("Giao nhiệm vụ") < timeline.index("Giao lại cơ quan chủ trì")  # newest last


def test_task_page_shows_time_class_and_days_overdue(client, w, session):
    login(client, "stc")
    with time_machine.travel(datetime(2024, 10, 18, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False):
        page = client.get(f"/tasks/{w.task.id}").get_data(as_text=True)
    assert "Chưa hoàn thành, quá hạn" in page and "quá hạn 3 ngày" in page


def test_office_edits_task_deadline_journaled(client, w, session):
    login(client, "vanphong")
    assert client.get(f"/tasks/{w.task.id}/edit").status_code == 200
    response = post(client, f"/tasks/{w.task.id}/edit",
                    {"content": "Tham mưu dự thảo Chỉ thị về chuyển đổi số", "item_ref": "1", "due_on": "20/10/2024",
                     "co_agencies": [w.b.id]}, version=w.task.version)
    assert response.status_code == 302
    session.expire_all()
    task = session.get(Task, w.task.id)
    assert task.due_on == date(2024, 10, 20) and task.original_due_on == date(2024, 10, 15)
    page = client.get(f"/tasks/{w.task.id}").get_data(as_text=True)
    assert "Thời hạn: 15/10/2024 → 20/10/2024" in page
    login(client, "stc")
    assert post(client, f"/tasks/{w.task.id}/edit", {"content": "x"}).status_code == 403
