"""The SQL CASE and the Python rule give the same time class for every task and date."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tracker.tasks.deadlines import TimeClass, deadlines_then_sql, is_counted_sql, time_class_sql
from tracker.tasks.models import Task, TaskDeadline

DATES = [date(2024, 9, 30), date(2024, 10, 1), date(2024, 10, 10), date(2024, 10, 15), date(2024, 10, 16),
         date(2024, 10, 25), date(2024, 11, 5), date(2024, 11, 20), date(2025, 1, 1)]


@pytest.mark.parametrize("joined", [False, True], ids=["history-lookup", "history-joined"])
@pytest.mark.parametrize("as_of", DATES)
def test_sql_and_python_agree(story, session, as_of, joined):
    """Both SQL forms of the deadline history (per-task lookup, outer-joined table) give the Python class."""
    soon = as_of + timedelta(days=4)
    history = TaskDeadline.__table__
    query = select(Task.id).where(is_counted_sql(Task, as_of))
    if joined:
        then = deadlines_then_sql(Task, history, as_of)
        query = query.outerjoin(then, then.c.task_id == Task.id)
        expr = time_class_sql(Task, history, as_of, soon, then)
    else:
        expr = time_class_sql(Task, history, as_of, soon)
    rows = dict(session.execute(query.add_columns(expr)).all())
    for task in story.all_tasks:
        python = task.time_class(as_of, soon)
        if python is TimeClass.NOT_COUNTED:
            assert task.id not in rows
        else:
            assert rows[task.id] == python.value, (task.content, as_of)


def test_the_story_redates_tasks_after_some_dates(story):
    """Else the history branch of the SQL above would never run."""
    redated = {t.due_changed_on for t in story.all_tasks if t.due_changed_on}
    assert [d for d in DATES if any(changed > d for changed in redated)] == DATES[:5]


def test_expected_classes_after_the_story(story):
    as_of = date(2024, 12, 1)
    got = [t.time_class(as_of).value for t in story.tasks[:9]]
    assert got == ["open_overdue", "done_on_time", "done_late", "done_on_time", "done_late", "done_on_time",
                   "not_counted", "open_overdue", "undated"]
    # Reproducible: as of 16/10 the task extended early was open within its new deadline.
    assert story.tasks[3].time_class(date(2024, 10, 16)) is TimeClass.OPEN_WITHIN
    assert story.tasks[4].time_class(date(2024, 10, 21)) is TimeClass.OPEN_OVERDUE
    assert story.tasks[10].time_class(as_of) is TimeClass.NOT_COUNTED  # periodic series: occurrences count
