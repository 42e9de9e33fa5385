"""Issue 10 items 5-8 on the task pages: one-time submission tokens, forms that keep what was typed,
the edit conflict view, field limits."""

from __future__ import annotations

import re
import uuid
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


def count(session, model, task_id) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model).where(model.task_id == task_id))


def post(client, url, data, version):
    data = {"csrf_token": csrf_token(client, "/tasks"), "version": version, **data}
    return client.post(url, data=data)


def form_html(page: str, action: str) -> str:
    """The <details> block holding the form that posts to .../<action>."""
    start = page.rindex("<details", 0, page.index(f"/{action}\""))
    return page[start:page.index("</details>", start)]


# ---- item 7: a repeat creates nothing -------------------------------------------------------------


def test_every_task_form_carries_a_one_time_token(client, world):
    login(client, "stc")
    page = client.get(f"/tasks/{world.task.id}").get_data(as_text=True)
    tokens = re.findall(r'name="submission" value="([0-9a-f]{32})"', page)
    forms = page.count('method="post" ') - 1  # minus the logout button
    assert len(tokens) == forms >= 4 and len(set(tokens)) == len(tokens)


def test_resubmitting_a_progress_update_creates_nothing_and_says_so(client, world, session):
    login(client, "stc")
    token = uuid.uuid4().hex
    data = {"text": "Đã họp lấy ý kiến các sở", "submission": token}
    assert post(client, f"/tasks/{world.task.id}/progress", data, world.task.version).status_code == 302
    journal = count(session, JournalEntry, world.task.id)
    again = post(client, f"/tasks/{world.task.id}/progress", data, world.task.version)
    assert again.status_code == 303
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "đã được gửi trước đó" in page
    assert count(session, ProgressUpdate, world.task.id) == 1
    assert count(session, JournalEntry, world.task.id) == journal


def test_a_refused_submission_keeps_its_token_usable(client, world, session):
    login(client, "stc")
    token = uuid.uuid4().hex
    bad = post(client, f"/tasks/{world.task.id}/progress", {"text": " ", "submission": token}, world.task.version)
    assert bad.status_code == 400
    good = post(client, f"/tasks/{world.task.id}/progress", {"text": "Đã xong bước 1", "submission": token},
                world.task.version)
    assert good.status_code == 302 and count(session, ProgressUpdate, world.task.id) == 1


def test_resubmitting_a_new_document_creates_one(client, world, session):
    from tracker.documents.models import Document

    login(client, "vanphong")
    page = client.get("/documents/new").get_data(as_text=True)
    token = re.search(r'name="submission" value="([0-9a-f]{32})"', page).group(1)
    data = {"csrf_token": csrf_token(client, "/documents/new"), "number": "89/TB-UBND", "kind": "thong_bao_ket_luan",
            "issued_on": "03/10/2024", "summary": "Kết luận giao ban", "source": "province", "submission": token,
            "items-0-content": "Rà soát hồ sơ", "items-0-leads": [str(world.a.id)]}
    first = client.post("/documents/new", data=data)
    assert first.status_code == 302
    again = client.post("/documents/new", data=data)
    assert again.status_code == 303 and again.headers["Location"] == first.headers["Location"]
    assert "đã được gửi trước đó" in client.get(again.headers["Location"]).get_data(as_text=True)
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Document).where(Document.number == "89/TB-UBND")) == 1


# ---- item 6: every form comes back with what was typed --------------------------------------------


def test_report_with_a_bad_date_comes_back_open_with_the_text(client, world):
    login(client, "stc")
    text = ("Sở Tài chính đã tham mưu dự thảo Chỉ thị về chuyển đổi số, lấy ý kiến các sở, ngành. " * 7)[:580]
    response = post(client, f"/tasks/{world.task.id}/report",
                    {"text": text, "result_doc_number": "12/BC-STC", "result_doc_date": "31/02/2024"},
                    world.task.version)
    assert response.status_code == 400
    block = form_html(response.get_data(as_text=True), "report")
    assert block.startswith("<details open")
    assert text in block and 'value="12/BC-STC"' in block and 'value="31/02/2024"' in block
    assert "Ngày không hợp lệ" in block


def test_extension_form_keeps_the_reason(client, world):
    login(client, "stc")
    response = post(client, f"/tasks/{world.task.id}/extension",
                    {"proposed_due_on": "10/10/2024", "reason": "Chờ ý kiến của Bộ Tài chính"}, world.task.version)
    assert response.status_code == 400
    block = form_html(response.get_data(as_text=True), "extension")
    assert block.startswith("<details open") and "Chờ ý kiến của Bộ Tài chính" in block
    assert 'value="10/10/2024"' in block


def test_an_expired_form_token_keeps_the_progress_text(client, world, session):
    login(client, "stc")
    response = client.post(f"/tasks/{world.task.id}/progress",
                           data={"csrf_token": "het-han", "version": world.task.version,
                                 "text": "Nội dung dài đã gõ trước khi phiên hết hạn"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Phiên làm việc đã hết hạn" in page
    assert "Nội dung dài đã gõ trước khi phiên hết hạn" in form_html(page, "progress")
    assert count(session, ProgressUpdate, world.task.id) == 0


def test_an_expired_form_token_on_the_edit_page_keeps_the_content(client, world):
    login(client, "vanphong")
    data = {**_edit_data(client, world.task, "Nội dung sửa dở", world.task.version), "csrf_token": "het-han"}
    response = client.post(f"/tasks/{world.task.id}/edit", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Phiên làm việc đã hết hạn" in page and ">Nội dung sửa dở</textarea>" in page


def test_a_logged_out_form_goes_to_login_and_back_to_the_task(app, world):
    client = app.test_client()
    response = client.post(f"/tasks/{world.task.id}/progress", data={"text": "Soạn dở", "csrf_token": "x"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert f"/tasks/{world.task.id}" in response.headers["Location"]
    login(client, "stc")
    back = client.get(f"/tasks/{world.task.id}/progress")
    assert back.status_code == 302 and back.headers["Location"].endswith(f"/tasks/{world.task.id}")


def test_a_task_reassigned_meanwhile_explains_and_keeps_the_text(app, client, world, make_agency, session):
    login(client, "stc")
    token = csrf_token(client, f"/tasks/{world.task.id}")
    version = world.task.version
    c = make_agency("Sở Y tế", order=3)
    services.reassign(session, world.office, TODAY, world.task, c, note="Đúng chức năng")
    session.commit()
    response = client.post(f"/tasks/{world.task.id}/progress",
                           data={"csrf_token": token, "version": version, "text": "Báo cáo tiến độ đã soạn"})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "đã được giao cho Sở Y tế" in page and "Báo cáo tiến độ đã soạn" in page
    assert count(session, ProgressUpdate, world.task.id) == 0
    again = client.get(f"/tasks/{world.task.id}")  # the task page itself explains too
    assert again.status_code == 404 and "đã được giao cho Sở Y tế" in again.get_data(as_text=True)


def test_an_agency_that_never_had_the_task_still_gets_404(app, world, make_agency, make_user, session):
    c = make_agency("Sở Y tế", order=3)
    make_user("syt", "agency", agency=c)
    session.commit()
    client = app.test_client()
    login(client, "syt")
    response = post(client, f"/tasks/{world.task.id}/progress", {"text": "x"}, world.task.version)
    assert response.status_code == 404


# ---- item 5: the conflict view --------------------------------------------------------------------


def _edit_data(client, task, content, version):
    return {"csrf_token": csrf_token(client, f"/tasks/{task.id}/edit"), "version": version, "content": content,
            "item_ref": task.item_ref or "", "due_on": "15/10/2024", "field": "", "officer_id": "",
            "leader_id": ""}


def test_edit_conflict_shows_current_values_beside_mine(app, world, session, make_user):
    make_user("vanphong2", "office")
    session.commit()
    a, b = app.test_client(), app.test_client()
    login(a, "vanphong")
    login(b, "vanphong2")
    task = world.task
    old = task.version
    stale_b = _edit_data(b, task, "Nội dung của B", old)
    assert a.post(f"/tasks/{task.id}/edit", data=_edit_data(a, task, "Nội dung của A", old)).status_code == 302
    session.expire_all()
    new = session.get(Task, task.id).version
    conflict = b.post(f"/tasks/{task.id}/edit", data=stale_b)
    assert conflict.status_code == 409
    page = conflict.get_data(as_text=True)
    panel = page[page.index('id="conflict"'):page.index("</table>", page.index('id="conflict"'))]
    assert "Nội dung của A" in panel and "Nội dung của B" in panel
    assert re.search(rf'name="version" value="{new}"', page)
    assert ">Nội dung của B</textarea>" in page
    # The old tab's form (old version) stays refused however often it is sent.
    assert b.post(f"/tasks/{task.id}/edit", data=stale_b).status_code == 409
    session.expire_all()
    assert session.get(Task, task.id).content == "Nội dung của A"
    # Having seen A's values, B may deliberately save its own.
    assert b.post(f"/tasks/{task.id}/edit", data={**stale_b, "version": new}).status_code == 302
    session.expire_all()
    assert session.get(Task, task.id).content == "Nội dung của B"


def test_a_bad_date_on_a_stale_form_is_the_conflict_view_not_a_silently_renewed_form(client, world, session):
    login(client, "vanphong")
    task = world.task
    old = task.version
    services.edit_task(session, world.office, TODAY, task, {"field": "Kinh tế"})
    session.commit()
    response = client.post(f"/tasks/{task.id}/edit", data={**_edit_data(client, task, "Nội dung", old),
                                                             "due_on": "31/02/2024"})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert 'id="conflict"' in page and "Kinh tế" in page


def test_a_validation_error_keeps_the_version_the_form_was_loaded_with(client, world):
    login(client, "vanphong")
    task = world.task
    response = client.post(f"/tasks/{task.id}/edit", data={**_edit_data(client, task, "Nội dung", task.version),
                                                             "due_on": "31/02/2024"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert re.search(rf'name="version" value="{task.version}"', page) and 'id="conflict"' not in page


# ---- item 8: limits -------------------------------------------------------------------------------


def test_a_huge_progress_update_is_refused_with_a_clear_message(client, world, session):
    login(client, "stc")
    response = post(client, f"/tasks/{world.task.id}/progress", {"text": "x" * 300_000}, world.task.version)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "quá dài" in page and "10.000" in page
    assert len(page) < 100_000  # the refused text is not echoed back whole
    assert count(session, ProgressUpdate, world.task.id) == 0


def test_a_text_a_little_over_the_limit_comes_back_to_be_shortened(client, world, session):
    login(client, "stc")
    text = "Báo cáo tiến độ chi tiết. " * 420  # about 10.900 characters
    response = post(client, f"/tasks/{world.task.id}/progress", {"text": text}, world.task.version)
    assert response.status_code == 400
    block = form_html(response.get_data(as_text=True), "progress")
    assert "quá dài" in block and text.strip() in block
    assert count(session, ProgressUpdate, world.task.id) == 0


def test_task_forms_announce_their_limits(client, world):
    login(client, "stc")
    page = client.get(f"/tasks/{world.task.id}").get_data(as_text=True)
    assert 'name="text" rows="3" maxlength="10000"' in page


@pytest.mark.parametrize("services_call", ["request_extension", "decline"])
def test_services_refuse_overlong_reasons(world, session, services_call):
    from tracker.core.errors import DomainError

    with pytest.raises(DomainError, match="quá dài"):
        if services_call == "request_extension":
            services.request_extension(session, world.officer_a, TODAY, world.task, date(2024, 10, 30), "x" * 2001)
        else:
            services.decline(session, world.officer_a, TODAY, world.task, "x" * 2001)
    session.rollback()
    assert count(session, ExtensionRequest, world.task.id) == 0


def test_form_text_over_the_request_limit_says_text_too_long(app, client, world):
    login(client, "stc")
    limit = app.config.get("MAX_FORM_MEMORY_SIZE") or 500_000
    response = client.post(f"/tasks/{world.task.id}/progress", data={
        "csrf_token": csrf_token(client, "/tasks"), "text": "x" * (limit + 10)}, content_type="multipart/form-data")
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "quá dài" in page and "Tệp tải lên quá lớn" not in page


@pytest.mark.parametrize(("field", "value", "message"), [
    ("number", "1" * 101, "Số, ký hiệu văn bản quá dài"),
    ("summary", "x" * 10_001, "Trích yếu quá dài"),
    ("signer", "x" * 201, "Người ký quá dài"),
    ("content", "x" * 10_001, "Nội dung nhiệm vụ quá dài"),
    ("ref", "1" * 41, "Mục quá dài"),
], ids=["number", "summary", "signer", "content", "ref"])
def test_document_fields_have_limits_with_clear_messages(world, session, field, value, message):
    from tracker.core.errors import DomainError
    from tracker.documents.services import ItemInput, create_document

    data = {"number": "12/TB-UBND", "kind": "thong_bao_ket_luan", "issued_on": TODAY, "summary": "Kết luận"}
    item = {"content": "Rà soát", "lead_agency_ids": [world.a.id]}
    (item if field in ("content", "ref") else data)[field] = value
    with pytest.raises(DomainError, match=message):
        create_document(session, world.office, TODAY, data, [ItemInput(**item)])
    session.rollback()


def test_losing_a_race_to_a_reassignment_explains_and_keeps_the_text(client, world, db, make_agency, session,
                                                                        monkeypatch):
    """The office's reassignment commits while the agency's update is in flight: 409 with the explanation."""
    from sqlalchemy.orm import Session

    from tracker.core.errors import StaleObject

    c = make_agency("Sở Y tế", order=3)
    session.commit()
    login(client, "stc")

    def reassigned_meanwhile(*args, **kwargs):
        with Session(db.engine) as other:
            services.reassign(other, other.merge(world.office), TODAY, other.get(Task, world.task.id),
                              other.get(type(c), c.id))
            other.commit()
        raise StaleObject()

    monkeypatch.setattr(services, "add_progress", reassigned_meanwhile)
    response = post(client, f"/tasks/{world.task.id}/progress", {"text": "Tiến độ đang gửi"}, world.task.version)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "đã được giao cho Sở Y tế" in page and "Tiến độ đang gửi" in page
