"""Workflow events tell the people they concern, in-app and by e-mail after the commit."""

from datetime import date

from sqlalchemy import select

from tracker import jobs
from tracker.notifications.models import Notification, OutboundMail
from tracker.tasks import services

AS_OF = date(2024, 10, 2)


def notes(session, kind, after_id=0):
    return session.scalars(select(Notification).where(Notification.kind == kind, Notification.id > after_id)
                           .order_by(Notification.id)).all()


def last_id(session):
    return session.scalar(select(Notification.id).order_by(Notification.id.desc()).limit(1)) or 0


def test_new_task_tells_the_lead_agency(people, make_document, session):
    before = last_id(session)
    doc = make_document(people.office, [{"content": "Rà soát quy hoạch", "lead_agency_ids": [people.a.id],
                                         "due_on": date(2024, 11, 30)}])
    got = notes(session, "task_assigned", before)
    assert {n.user_id for n in got} == {people.officer_a.id, people.head_a.id}
    assert got[0].task_id == doc.tasks[0].id and "30/11/2024" in got[0].message
    mail = session.scalars(select(OutboundMail).where(OutboundMail.kind == "task_assigned")).all()
    assert sorted(m.to_addr for m in mail) == ["giamdoc@example.vn", "stc@example.vn"]
    assert all(m.sent_at is None for m in mail)  # queued; sent only after the commit


def test_completion_report_tells_the_office_and_confirmation_tells_the_agency(people, session):
    task = people.task
    services.report_completion(session, people.officer_a, AS_OF, task, "Đã trình Chỉ thị",
                               result_doc_number="12/BC-STC", result_doc_date=AS_OF)
    session.commit()
    reported = notes(session, "completion_reported")
    assert [n.user_id for n in reported] == [people.office.id]
    assert reported[0].message.startswith("Sở Tài chính báo cáo hoàn thành")
    services.confirm(session, people.office, AS_OF, task)
    session.commit()
    assert {n.user_id for n in notes(session, "completion_confirmed")} == {people.officer_a.id, people.head_a.id}


def test_return_extension_and_decline_messages(people, session):
    task = people.task
    services.report_completion(session, people.officer_a, AS_OF, task, "Xong")
    services.return_report(session, people.office, AS_OF, task, "Thiếu văn bản kết quả")
    returned = notes(session, "completion_returned")
    assert returned and "Thiếu văn bản kết quả" in returned[0].message
    request = services.request_extension(session, people.officer_a, AS_OF, task, date(2024, 10, 31), "Chờ ý kiến bộ")
    asked = notes(session, "extension_requested")
    assert {n.user_id for n in asked} == {people.office.id, people.leader.id} and "31/10/2024" in asked[0].message
    services.decide_extension(session, people.leader, AS_OF, request, True)
    decided = notes(session, "extension_decided")
    assert "đã được đồng ý, thời hạn mới 31/10/2024" in decided[0].message
    assert people.leader.id not in {n.user_id for n in decided}


def test_actor_is_not_notified_and_unknown_kinds_are_ignored(people, session):
    from tracker.notifications.services import on_event

    before = last_id(session)
    on_event(session, "task_assigned", task=people.task, actor=people.officer_a, as_of=AS_OF)
    on_event(session, "something_else", task=people.task, actor=None, as_of=AS_OF)
    assert [n.user_id for n in notes(session, "task_assigned", before)] == [people.head_a.id]
    assert notes(session, "something_else") == []


def test_event_mail_reaches_smtp_after_commit(app, people, session, smtp_server):
    services.report_completion(session, people.officer_a, AS_OF, people.task, "Đã hoàn thành")
    jobs.send_mail(app)
    assert smtp_server.messages == []  # not committed yet: nothing leaves
    session.commit()
    jobs.send_mail(app)
    got = smtp_server.to("vanphong@example.vn")
    assert len(got) == 1 and "Cơ quan báo cáo hoàn thành" in got[0]["subject"]
    assert "Sở Tài chính báo cáo hoàn thành" in got[0]["text"]
