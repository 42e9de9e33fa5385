"""Workflow services: transitions, journal rows, on-time/late judgement around extensions."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tracker.core import settings
from tracker.core.errors import DomainError, PermissionDenied, StaleObject
from tracker.core.models import JournalEntry
from tracker.tasks import services
from tracker.tasks.deadlines import TimeClass
from tracker.tasks.models import TaskDeadline

D = date(2024, 10, 5)


def journal(session, task):
    return session.scalars(select(JournalEntry).where(JournalEntry.task_id == task.id).order_by(JournalEntry.id)).all()


def last(session, task):
    return journal(session, task)[-1]


def test_acknowledge_moves_to_in_progress_and_journals(world, session):
    services.acknowledge(session, world.officer_a, D, world.task, version=world.task.version)
    entry = last(session, world.task)
    assert world.task.status == "in_progress"
    assert (entry.action, entry.actor_id, entry.before, entry.after) == (
        "acknowledge", world.officer_a.id, {"status": "new"}, {"status": "in_progress"})


def test_only_lead_acts_and_nothing_changes_otherwise(world, session):
    for user in (world.officer_b, world.office, world.leader):
        with pytest.raises(PermissionDenied):
            services.acknowledge(session, user, D, world.task)
    assert world.task.status == "new" and [e.action for e in journal(session, world.task)] == ["create"]


def test_stale_version_is_refused(world, session):
    with pytest.raises(StaleObject):
        services.acknowledge(session, world.officer_a, D, world.task, version=world.task.version + 1)
    assert world.task.status == "new"


def test_progress_adds_update_and_starts_work(world, session):
    update = services.add_progress(session, world.officer_a, D, world.task, "Đã lấy ý kiến các sở")
    assert update.kind == "progress" and world.task.status == "in_progress"
    assert last(session, world.task).note == "Đã lấy ý kiến các sở"
    with pytest.raises(DomainError, match="nội dung tiến độ"):
        services.add_progress(session, world.officer_a, D, world.task, "   ")


def test_report_completion_records_result(world, session):
    services.report_completion(session, world.officer_a, D, world.task, "Đã trình", "12/BC-STC", date(2024, 10, 4))
    t = world.task
    assert (t.status, t.reported_on, t.result_doc_number, t.result_doc_date) == (
        "reported", D, "12/BC-STC", date(2024, 10, 4))
    assert last(session, t).after == {"status": "reported", "reported_on": "2024-10-05"}


def test_report_with_future_result_date_is_refused(world, session):
    with pytest.raises(DomainError, match="không được sau ngày hôm nay"):
        services.report_completion(session, world.officer_a, D, world.task, "Xong", "1/BC", date(2024, 10, 6))


def test_co_agency_input_keeps_status(world, session):
    services.add_input(session, world.officer_b, D, world.task, "Thống nhất")
    assert world.task.status == "new" and last(session, world.task).action == "input"
    with pytest.raises(PermissionDenied):
        services.add_input(session, world.officer_a, D, world.task, "Lead is not a co-agency")


def test_decline_then_reassign(world, session):
    services.decline(session, world.officer_a, D, world.task, "Không thuộc chức năng")
    assert world.task.status == "declined"
    services.reassign(session, world.office, D, world.task, world.b, note="Giao Sở Xây dựng")
    entry = last(session, world.task)
    assert world.task.status == "new" and world.task.lead_agency_id == world.b.id
    assert world.task.co_agencies == []  # the new lead is no longer a co-agency
    assert entry.before == {"status": "declined", "lead_agency_id": world.a.id}
    assert entry.after == {"status": "new", "lead_agency_id": world.b.id}


def test_confirm_on_time_and_return_keeps_clock(world, session):
    services.report_completion(session, world.officer_a, D, world.task, "Xong")
    services.return_report(session, world.office, D, world.task, "Thiếu hồ sơ")
    assert world.task.status == "returned" and world.task.reported_on is None
    assert world.task.time_class(date(2024, 10, 16)) is TimeClass.OPEN_OVERDUE  # returned: the clock runs
    services.report_completion(session, world.officer_a, date(2024, 10, 10), world.task, "Đã bổ sung")
    services.confirm(session, world.office, date(2024, 10, 11), world.task)
    assert world.task.status == "done" and world.task.judged_due_on == date(2024, 10, 15)
    assert world.task.time_class(date(2024, 10, 20)) is TimeClass.DONE_ON_TIME
    assert [e.action for e in journal(session, world.task)] == ["create", "report", "return", "report", "confirm"]


def test_only_office_confirms(world, session):
    services.report_completion(session, world.officer_a, D, world.task, "Xong")
    for user in (world.leader, world.officer_a):
        with pytest.raises(PermissionDenied):
            services.confirm(session, user, D, world.task)
    assert world.task.status == "reported"


def test_extension_request_rules(world, session):
    with pytest.raises(DomainError, match="phải sau thời hạn hiện tại"):
        services.request_extension(session, world.officer_a, D, world.task, date(2024, 10, 15), "Lý do")
    with pytest.raises(DomainError, match="lý do"):
        services.request_extension(session, world.officer_a, D, world.task, date(2024, 10, 30), "")
    request = services.request_extension(session, world.officer_a, D, world.task, date(2024, 10, 30), "Chờ bộ")
    assert request.state == "pending" and request.after_deadline is False
    with pytest.raises(PermissionDenied):  # one pending request at a time
        services.request_extension(session, world.officer_a, D, world.task, date(2024, 11, 30), "Lần hai")


def test_approved_extension_makes_late_report_on_time(world, session):
    request = services.request_extension(session, world.officer_a, D, world.task, date(2024, 10, 30), "Chờ bộ")
    services.decide_extension(session, world.leader, date(2024, 10, 7), request, True, doc_number="45/UBND-KT")
    assert world.task.due_on == date(2024, 10, 30) and world.task.original_due_on == date(2024, 10, 15)
    assert request.decided_by_id == world.leader.id and request.decision_doc_number == "45/UBND-KT"
    services.report_completion(session, world.officer_a, date(2024, 10, 25), world.task, "Xong")
    services.confirm(session, world.office, date(2024, 10, 26), world.task)
    assert world.task.time_class(date(2024, 11, 1)) is TimeClass.DONE_ON_TIME
    entry = session.scalar(select(JournalEntry).where(JournalEntry.action == "extension_approved"))
    assert entry.before == {"due_on": "2024-10-15"} and entry.after["due_on"] == "2024-10-30"


@pytest.mark.parametrize(("erases", "expected"), [(False, TimeClass.DONE_LATE), (True, TimeClass.DONE_ON_TIME)])
def test_late_granted_extension_keeps_lateness_by_default(world, session, monkeypatch, erases, expected):
    monkeypatch.setattr(settings.current, "late_extension_erases_lateness", erases)
    late = date(2024, 10, 20)
    request = services.request_extension(session, world.officer_a, late, world.task, date(2024, 10, 31), "Trễ")
    assert request.after_deadline is True
    services.decide_extension(session, world.leader, date(2024, 10, 21), request, True)
    history = session.scalars(select(TaskDeadline).where(TaskDeadline.task_id == world.task.id)
                              .order_by(TaskDeadline.id)).all()
    assert [(h.reason, h.late_grant) for h in history] == [("original", False), ("extension", True)]
    services.report_completion(session, world.officer_a, date(2024, 10, 25), world.task, "Xong")
    services.confirm(session, world.office, date(2024, 10, 28), world.task)
    assert world.task.time_class(date(2024, 11, 1)) is expected


def test_refused_extension_needs_reason_and_keeps_deadline(world, session):
    request = services.request_extension(session, world.officer_a, D, world.task, date(2024, 10, 30), "Chờ bộ")
    with pytest.raises(DomainError, match="lý do không đồng ý"):
        services.decide_extension(session, world.leader, D, request, False)
    with pytest.raises(PermissionDenied):
        services.decide_extension(session, world.officer_a, D, request, True)
    services.decide_extension(session, world.leader, D, request, False, note="Đủ thời gian")
    assert request.state == "refused" and world.task.due_on == date(2024, 10, 15)
    with pytest.raises(DomainError, match="đã được xử lý"):
        services.decide_extension(session, world.leader, D, request, True)


def test_withdraw_excludes_from_counts(world, session):
    with pytest.raises(PermissionDenied):
        services.withdraw(session, world.officer_a, D, world.task, "x")
    services.withdraw(session, world.leader, D, world.task, "Theo ý kiến Chủ tịch")
    assert world.task.status == "withdrawn" and world.task.withdrawn_on == D
    assert world.task.time_class(D) is TimeClass.NOT_COUNTED
    assert world.task.time_class(date(2024, 10, 4)) is TimeClass.OPEN_WITHIN  # before the withdrawal


def test_edit_deadline_keeps_history(world, session):
    services.edit_task(session, world.office, D, world.task, {"due_on": date(2024, 10, 2), "content": "Nội dung mới"})
    session.flush()
    entry = last(session, world.task)
    assert entry.action == "edit" and entry.before["due_on"] == "2024-10-15" and entry.after["due_on"] == "2024-10-02"
    assert world.task.content_folded == "noi dung moi"
    assert world.task.time_class(date(2024, 10, 3)) is TimeClass.OPEN_WITHIN  # the old deadline was in force
    assert world.task.time_class(D) is TimeClass.OPEN_OVERDUE
    with pytest.raises(PermissionDenied):
        services.edit_task(session, world.officer_a, D, world.task, {"content": "x"})


def test_stale_version_stops_an_extension_decision(world, session):
    from datetime import date

    import pytest

    from tracker.core.errors import StaleObject
    from tracker.tasks import services

    w = world
    request = services.request_extension(session, w.officer_a, date(2024, 10, 5), w.task, date(2024, 11, 30), "Chờ số liệu")
    session.commit()
    seen = w.task.version
    services.add_progress(session, w.officer_a, date(2024, 10, 6), w.task, "Đã có dự thảo")  # someone else acts
    session.commit()
    with pytest.raises(StaleObject):
        services.decide_extension(session, w.leader, date(2024, 10, 7), request, True, version=seen)
    session.rollback()
    assert request.state == "pending" and w.task.due_on == date(2024, 10, 15)
