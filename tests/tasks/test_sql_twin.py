"""The SQL CASE and the Python rule give the same time class for every task and date."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tracker.tasks.deadlines import TimeClass, is_counted_sql, time_class_sql
from tracker.tasks.models import Task, TaskDeadline

DATES = [date(2024, 9, 30), date(2024, 10, 1), date(2024, 10, 10), date(2024, 10, 15), date(2024, 10, 16),
         date(2024, 10, 25), date(2024, 11, 5), date(2024, 11, 20), date(2025, 1, 1)]


@pytest.mark.parametrize("as_of", DATES)
def test_sql_and_python_agree(story, session, as_of):
    soon = as_of + timedelta(days=4)
    expr = time_class_sql(Task, TaskDeadline.__table__, as_of, soon)
    rows = dict(session.execute(select(Task.id, expr).where(is_counted_sql(Task, as_of))).all())
    for task in story.all_tasks:
        python = task.time_class(as_of, soon)
        if python is TimeClass.NOT_COUNTED:
            assert task.id not in rows
        else:
            assert rows[task.id] == python.value, (task.content, as_of)


def test_expected_classes_after_the_story(story):
    as_of = date(2024, 12, 1)
    got = [t.time_class(as_of).value for t in story.tasks[:9]]
    assert got == ["open_overdue", "done_on_time", "done_late", "done_on_time", "done_late", "done_on_time",
                   "not_counted", "open_overdue", "undated"]
    # Reproducible: as of 16/10 the task extended early was open within its new deadline.
    assert story.tasks[3].time_class(date(2024, 10, 16)) is TimeClass.OPEN_WITHIN
    assert story.tasks[4].time_class(date(2024, 10, 21)) is TimeClass.OPEN_OVERDUE
    assert story.tasks[10].time_class(as_of) is TimeClass.NOT_COUNTED  # periodic series: occurrences count
