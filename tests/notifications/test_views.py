"""Bell, /notifications, settings, ad-hoc reminder, chase letter, admin calendar: 403/404/CSRF and effects."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from docx import Document as Docx
from flask import g
from sqlalchemy import select

from tests.conftest import csrf_token, login
from tracker.core.models import CalendarDay, JournalEntry
from tracker.notifications.models import Notification, OutboundMail, ReminderLog

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def frozen_client(app):
    """Session cookies and CSRF tokens are time-stamped: inside frozen time start afresh (the test's
    app context is shared by its requests, so flask_wtf's cached token in `g` must go too)."""
    g.pop("csrf_token", None)
    return app.test_client()


def test_bell_and_list_and_mark_read(client, people, session):
    login(client, "stc")
    page = client.get("/notifications").get_data(as_text=True)
    assert 'class="bell"' in page and '<span class="count">1</span>' in page
    assert "Tham mưu dự thảo Chỉ thị" in page
    note = session.scalars(select(Notification).where(Notification.user_id == people.officer_a.id)).one()
    token = csrf_token(client, "/notifications")
    resp = client.post(f"/notifications/{note.id}/read", data={"csrf_token": token, "open": "1"})
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/tasks/{people.task.id}")
    session.expire_all()
    assert session.get(Notification, note.id).read_at is not None
    assert '<span class="count">' not in client.get("/notifications").get_data(as_text=True)


def test_cannot_read_someone_elses_notification_and_csrf_is_required(client, people, session):
    note = session.scalars(select(Notification).where(Notification.user_id == people.officer_a.id)).one()
    login(client, "sxd")
    token = csrf_token(client, "/notifications")
    assert client.post(f"/notifications/{note.id}/read", data={"csrf_token": token}).status_code == 404  # like a missing one
    assert client.post("/notifications/999999/read", data={"csrf_token": token}).status_code == 404
    login(client, "stc")
    assert client.post("/notifications/read-all", data={}).status_code == 400
    session.expire_all()
    assert session.get(Notification, note.id).read_at is None


def test_mark_all_read(client, people, session):
    login(client, "stc")
    client.post("/notifications/read-all", data={"csrf_token": csrf_token(client, "/notifications")})
    session.expire_all()
    unread = session.scalars(select(Notification).where(Notification.user_id == people.officer_a.id,
                                                        Notification.read_at.is_(None))).all()
    assert unread == []


def test_email_settings(client, people, session):
    login(client, "stc")
    page = client.get("/notifications/settings").get_data(as_text=True)
    assert "Nhắc quá hạn" in page
    resp = client.post("/notifications/settings", data={"csrf_token": csrf_token(client, "/notifications/settings"),
                                                        "due_soon": "y", "task_assigned": "y"})
    assert resp.status_code == 302
    session.expire_all()
    user = session.get(type(people.officer_a), people.officer_a.id)
    assert user.email_prefs["overdue"] is False and user.email_prefs["due_soon"] is True
    assert not user.wants_email("overdue") and user.wants_email("due_soon")


def test_office_sends_an_ad_hoc_reminder_once_a_day(app, client, people, session):
    login(client, "stc")
    token = csrf_token(client, "/notifications")
    assert client.post(f"/tasks/{people.task.id}/remind", data={"csrf_token": token}).status_code == 403
    login(client, "vanphong")
    token = csrf_token(client, "/notifications")
    assert client.post("/tasks/999999/remind", data={"csrf_token": token}).status_code == 404
    with time_machine.travel(datetime(2024, 10, 16, 9, 0, tzinfo=VN), tick=False):
        client = frozen_client(app)
        login(client, "vanphong")
        token = csrf_token(client, "/notifications")
        first = client.post(f"/tasks/{people.task.id}/remind", data={"csrf_token": token, "note": "Khẩn"})
        second = client.post(f"/tasks/{people.task.id}/remind", data={"csrf_token": token})
    assert first.status_code == 302 and second.status_code == 302
    logs = session.scalars(select(ReminderLog).where(ReminderLog.kind == "manual")).all()
    assert {(r.recipient_id, r.channel, r.for_date) for r in logs} == {
        (people.officer_a.id, "in_app", date(2024, 10, 16)), (people.officer_a.id, "email", date(2024, 10, 16)),
        (people.head_a.id, "in_app", date(2024, 10, 16)), (people.head_a.id, "email", date(2024, 10, 16))}
    assert session.scalars(select(JournalEntry).where(JournalEntry.action == "remind")).one().note == "Khẩn"
    mails = session.scalars(select(OutboundMail).where(OutboundMail.kind == "manual")).all()
    assert len(mails) == 2


def test_after_request_flushes_the_outbox(client, people, session, smtp_server):
    with time_machine.travel(datetime(2024, 10, 16, 9, 0, tzinfo=VN), tick=False):
        client = frozen_client(client.application)
        login(client, "vanphong")
        token = csrf_token(client, "/notifications")
        client.post(f"/tasks/{people.task.id}/remind", data={"csrf_token": token})
    assert sorted(m["to"][0] for m in smtp_server.messages) == ["giamdoc@example.vn", "stc@example.vn"]
    assert "Văn phòng đôn đốc" in smtp_server.messages[0]["subject"]


def test_chase_letter_docx(app, client, people, session):
    login(client, "stc")
    assert client.get("/notifications/letters").status_code == 403
    login(client, "vanphong")
    assert client.get("/notifications/letters").status_code == 200
    with time_machine.travel(datetime(2024, 10, 18, 9, 0, tzinfo=VN), tick=False):
        client = frozen_client(app)
        login(client, "vanphong")
        token = csrf_token(client, "/notifications/letters")
        resp = client.post("/notifications/letters", data={"csrf_token": token, "agency_id": people.a.id})
    assert resp.status_code == 200 and resp.mimetype.endswith("wordprocessingml.document")
    doc = Docx(io.BytesIO(resp.data))
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.left_margin.mm) == 30
    header = doc.tables[0].rows[0].cells
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header[1].text and "ngày 18 tháng 10 năm 2024" in header[1].text
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "Kính gửi: Sở Tài chính." in body and "1 nhiệm vụ đã quá hạn" in body
    rows = doc.tables[1].rows
    assert rows[0].cells[1].text == "Nội dung nhiệm vụ"
    assert "Tham mưu dự thảo Chỉ thị" in rows[1].cells[1].text and rows[1].cells[4].text == "Quá hạn 3 ngày"
    assert "Nơi nhận:" in doc.tables[-1].rows[0].cells[0].text
    assert doc.styles["Normal"].font.name == "Times New Roman"


def test_admin_calendar(client, people, session):
    login(client, "vanphong")
    assert client.get("/admin/calendar").status_code == 403
    login(client, "admin")
    page = client.get("/admin/calendar?year=2025").get_data(as_text=True)
    assert "Ngày Giỗ Tổ Hùng Vương" in page and "07/04/2025" in page
    token = csrf_token(client, "/admin/calendar?year=2025")
    assert client.post("/admin/calendar?year=2025", data={"day": "26/04/2025", "working": "1"}).status_code == 400
    bad = client.post("/admin/calendar?year=2025", data={"csrf_token": token, "day": "31/02/2025", "working": "1"})
    assert bad.status_code == 400 and "Ngày không hợp lệ" in bad.get_data(as_text=True)
    resp = client.post("/admin/calendar?year=2025", data={"csrf_token": token, "day": "26/04/2025", "working": "1",
                                                          "note": "Làm bù cho 02/05"})
    assert resp.status_code == 302
    assert session.get(CalendarDay, date(2025, 4, 26)).working is True
    assert "26/04/2025" in client.get("/admin/calendar?year=2025").get_data(as_text=True)
    resp = client.post("/admin/calendar/remove", data={"csrf_token": token, "day": "2025-04-26"})
    assert resp.status_code == 302
    session.expire_all()
    assert session.get(CalendarDay, date(2025, 4, 26)) is None
    removed = session.scalars(select(JournalEntry).where(JournalEntry.action == "calendar_remove")).one()
    assert removed.before == {"day": "2025-04-26", "working": True, "note": "Làm bù cho 02/05"}
    assert removed.actor_id == people.admin.id
