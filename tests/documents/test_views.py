"""Registering a document with its tasks through the form; list, page, edit, add items."""

from __future__ import annotations

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import func, select

from tests.conftest import csrf_token, login
from tracker.agencies.models import AgencyGroup
from tracker.core.models import JournalEntry
from tracker.documents.models import Document
from tracker.tasks.models import Task


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2024, 10, 5, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False):
        yield


def count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def doc_form(client, **extra) -> dict:
    data = {"csrf_token": csrf_token(client, "/documents/new"), "number": "156/TB-UBND", "kind": "thong_bao_ket_luan",
            "issued_on": "03/10/2024", "issuer": "UBND tỉnh", "signer": "Nguyễn Văn A", "directed_by": "Chủ tịch",
            "summary": "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về đầu tư công", "meeting_on": "01/10/2024",
            "source": "province"}
    data.update(extra)
    return data


def test_office_registers_document_with_multi_lead_item(client, world, session):
    login(client, "vanphong")
    data = doc_form(client, **{
        "items-0-ref": "1", "items-0-content": "Rà soát các dự án chậm giải ngân",
        "items-0-leads": [str(world.a.id), str(world.b.id)], "items-0-due": "31/10/2024", "items-0-is_key": "y",
        "items-1-ref": "2", "items-1-content": "Tiếp tục theo dõi", "items-1-leads": [str(world.b.id)],
        "items-1-co": [str(world.a.id)], "items-1-due": "",
        "items-2-content": "", "files": (io.BytesIO(b"%PDF-1.4 van ban"), "tb156.pdf"),
    })
    response = client.post("/documents/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    doc = session.scalar(select(Document).where(Document.number == "156/TB-UBND"))
    assert doc.issued_on == date(2024, 10, 3) and doc.meeting_on == date(2024, 10, 1)
    tasks = session.scalars(select(Task).where(Task.document_id == doc.id).order_by(Task.id)).all()
    assert [(t.item_ref, t.lead_agency.name, t.due_on, t.is_key) for t in tasks] == [
        ("1", "Sở Tài chính", date(2024, 10, 31), True), ("1", "Sở Xây dựng", date(2024, 10, 31), True),
        ("2", "Sở Xây dựng", None, False)]
    assert tasks[0].item_key == tasks[1].item_key != tasks[2].item_key
    assert tasks[2].kind == "undated" and [a.name for a in tasks[2].co_agencies] == ["Sở Tài chính"]
    assert tasks[0].assigned_on == date(2024, 10, 1)  # the meeting date
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Rà soát các dự án chậm giải ngân" in page and page.count('class="item"') == 2
    assert "tb156.pdf" in page and "Nhiệm vụ (3)" in page


def test_group_lead_fans_out_to_members(client, world, session):
    group = AgencyGroup(name="Các sở, ban, ngành", name_folded="cac so, ban, nganh", members=[world.a, world.b])
    session.add(group)
    session.commit()
    login(client, "vanphong")
    data = doc_form(client, **{"items-0-content": "Quán triệt Chỉ thị", "items-0-groups": [str(group.id)]})
    assert client.post("/documents/new", data=data).status_code == 302
    tasks = session.scalars(select(Task).where(Task.content == "Quán triệt Chỉ thị")).all()
    assert sorted(t.lead_agency.name for t in tasks) == ["Sở Tài chính", "Sở Xây dựng"]
    assert len({t.item_key for t in tasks}) == 1


@pytest.mark.parametrize(("extra", "message"), [
    ({"number": "", "items-0-content": "X", "items-0-leads": ["LEAD"]}, "Vui lòng nhập số, ký hiệu văn bản."),
    ({"issued_on": "31/02/2024", "items-0-content": "X", "items-0-leads": ["LEAD"]}, "Ngày không hợp lệ"),
    ({"items-0-content": "X", "items-0-leads": ["LEAD"], "items-0-due": "32/13/2024"}, "Nhiệm vụ dòng 1"),
    ({"items-0-content": "Nội dung", "items-0-ref": "4"}, "Nhiệm vụ 4: vui lòng chọn cơ quan chủ trì."),
    ({}, "Vui lòng nhập ít nhất một nhiệm vụ."),
])
def test_bad_document_form_writes_nothing(client, world, session, extra, message):
    login(client, "vanphong")
    extra = {k: ([str(world.a.id)] if v == ["LEAD"] else v) for k, v in extra.items()}
    before = (count(session, Document), count(session, Task), count(session, JournalEntry))
    response = client.post("/documents/new", data=doc_form(client, **extra))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert (count(session, Document), count(session, Task), count(session, JournalEntry)) == before


def test_form_has_blank_rows_and_a_row_template(client, world):
    login(client, "vanphong")
    page = client.get("/documents/new").get_data(as_text=True)
    assert all(f'name="items-{i}-content"' in page for i in range(5))
    assert 'name="items-__i__-content"' in page and "Sở Xây dựng" in page


def test_agency_cannot_register_or_edit_documents(client, world, session):
    login(client, "stc")
    assert client.get("/documents/new").status_code == 403
    before = count(session, Document)
    data = doc_form(client, **{"items-0-content": "X", "items-0-leads": [str(world.a.id)]})
    assert client.post("/documents/new", data=data).status_code == 403
    assert count(session, Document) == before
    assert client.get(f"/documents/{world.doc.id}/edit").status_code == 403
    assert client.get(f"/documents/{world.doc.id}").status_code == 200  # it holds one of its tasks


def test_agency_without_tasks_in_document_gets_404(client, world, make_agency, make_user, session):
    make_user("syt", "agency", agency=make_agency("Sở Y tế"))
    session.commit()
    login(client, "syt")
    assert client.get(f"/documents/{world.doc.id}").status_code == 404
    assert world.doc.number not in client.get("/documents").get_data(as_text=True)


def test_document_list_search_and_paging(client, world, make_document, app, monkeypatch):
    make_document(world.office, [{"content": "Y", "lead_agency_ids": [world.a.id]}], number="7/CT-UBND",
                  summary="Chỉ thị về phòng chống thiên tai")
    monkeypatch.setitem(app.config, "PAGE_SIZE", 1)
    login(client, "vanphong")
    page = client.get("/documents").get_data(as_text=True)
    assert ">Sau</a>" in page
    assert "7/CT-UBND" in client.get("/documents?q=thiên tai").get_data(as_text=True)
    assert world.doc.number not in client.get("/documents?q=thiên tai").get_data(as_text=True)


def test_edit_document_is_journaled(client, world, session):
    login(client, "vanphong")
    assert client.get(f"/documents/{world.doc.id}/edit").status_code == 200
    data = doc_form(client, number=world.doc.number, summary="Trích yếu mới", version=world.doc.version)
    assert client.post(f"/documents/{world.doc.id}/edit", data=data).status_code == 302
    session.expire_all()
    assert session.get(Document, world.doc.id).summary == "Trích yếu mới"
    entry = session.scalar(select(JournalEntry).where(JournalEntry.entity == "document", JournalEntry.action == "edit"))
    assert entry.after["summary"] == "Trích yếu mới"
    stale = doc_form(client, number=world.doc.number, summary="Cũ", version=1)
    assert client.post(f"/documents/{world.doc.id}/edit", data=stale).status_code == 409
    session.expire_all()
    assert session.get(Document, world.doc.id).summary == "Trích yếu mới"


def test_add_items_to_existing_document(client, world, session):
    login(client, "vanphong")
    assert client.get(f"/documents/{world.doc.id}/items").status_code == 200
    data = {"csrf_token": csrf_token(client, "/tasks"), "items-0-content": "Bổ sung nhiệm vụ",
            "items-0-leads": [str(world.b.id)], "items-0-due": "30/11/2024"}
    assert client.post(f"/documents/{world.doc.id}/items", data=data).status_code == 302
    task = session.scalar(select(Task).where(Task.content == "Bổ sung nhiệm vụ"))
    assert task.document_id == world.doc.id and task.due_on == date(2024, 11, 30)
