"""The SQL CASE and the Python rule give the same time class for every task and date."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tracker.tasks import services
from tracker.tasks.deadlines import TimeClass, is_counted_sql, time_class_sql
from tracker.tasks.models import Task, TaskDeadline

DUE = date(2024, 10, 15)
DATES = [date(2024, 9, 30), date(2024, 10, 1), date(2024, 10, 10), DUE, date(2024, 10, 16), date(2024, 10, 25),
         date(2024, 11, 20), date(2025, 1, 1)]


@pytest.fixture
def tasks(world, make_document, session):
    w = world
    doc = make_document(w.office, [
        {"content": f"Nhiệm vụ {i}", "lead_agency_ids": [w.a.id], "due_on": due}
        for i, due in enumerate([DUE, DUE, DUE, DUE, DUE, None, DUE, DUE, DUE])
    ], as_of=date(2024, 10, 1))
    t = doc.tasks
    lead = w.officer_a
    # 0: untouched. 1: reported on time, confirmed late.  2: reported late, confirmed.
    services.report_completion(session, lead, date(2024, 10, 14), t[1], "Xong")
    services.confirm(session, w.office, date(2024, 10, 20), t[1])
    services.report_completion(session, lead, date(2024, 10, 18), t[2], "Xong muộn")
    services.confirm(session, w.office, date(2024, 10, 19), t[2])
    # 3: extension granted before the deadline, then done before the new one.
    ext = services.request_extension(session, lead, date(2024, 10, 10), t[3], date(2024, 11, 15), "Chờ ý kiến bộ")
    services.decide_extension(session, w.leader, date(2024, 10, 12), ext, True)
    services.report_completion(session, lead, date(2024, 11, 10), t[3], "Xong")
    services.confirm(session, w.office, date(2024, 11, 11), t[3])
    # 4: extension granted after the deadline: done before the new deadline is still late.
    ext = services.request_extension(session, lead, date(2024, 10, 20), t[4], date(2024, 11, 30), "Xin lùi")
    services.decide_extension(session, w.leader, date(2024, 10, 22), ext, True)
    services.report_completion(session, lead, date(2024, 11, 5), t[4], "Xong")
    services.confirm(session, w.office, date(2024, 11, 6), t[4])
    # 5: undated, confirmed.  6: withdrawn.  7: returned once, then reported again and left waiting.
    services.report_completion(session, lead, date(2024, 10, 3), t[5], "Đã làm")
    services.confirm(session, w.office, date(2024, 10, 4), t[5])
    services.withdraw(session, w.office, date(2024, 10, 11), t[6], "Không còn cần thiết")
    services.report_completion(session, lead, date(2024, 10, 9), t[7], "Xong")
    services.return_report(session, w.office, date(2024, 10, 10), t[7], "Thiếu số liệu")
    services.report_completion(session, lead, date(2024, 10, 30), t[7], "Bổ sung")
    session.commit()
    return t


@pytest.mark.parametrize("as_of", DATES)
def test_sql_and_python_agree(tasks, session, as_of):
    soon = as_of + timedelta(days=4)
    expr = time_class_sql(Task, TaskDeadline.__table__, as_of, soon)
    rows = dict(session.execute(select(Task.id, expr).where(is_counted_sql(Task, as_of))).all())
    for task in tasks:
        python = task.time_class(as_of, soon)
        if python is TimeClass.NOT_COUNTED:
            assert task.id not in rows
        else:
            assert rows[task.id] == python.value, (task.content, as_of)


def test_expected_classes_after_the_story(tasks):
    as_of = date(2024, 12, 1)
    got = [t.time_class(as_of).value for t in tasks]
    assert got == ["open_overdue", "done_on_time", "done_late", "done_on_time", "done_late", "done_on_time",
                   "not_counted", "open_overdue", "open_overdue"]
    # Reproducible: as of 16/10 the extended task was open within its new deadline.
    assert tasks[3].time_class(date(2024, 10, 16)) is TimeClass.OPEN_WITHIN
    assert tasks[4].time_class(date(2024, 10, 21)) is TimeClass.OPEN_OVERDUE
