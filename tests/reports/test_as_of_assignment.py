"""A report as of D keeps each task where it was on D: lead agency, leader, field and key flag.

The story's tasks are reassigned, corrected and moved by a merger after D; every report, filter, list
and export as of D must give what it gave before, while later dates follow the changes.
"""

import re
from datetime import date

import pytest
from sqlalchemy import select

from tests.conftest import login
from tracker.agencies import services as agency_services
from tracker.reports import params, queries
from tracker.tasks import assignments, services
from tracker.tasks.models import Task, TaskPastAssignment

D = date(2024, 10, 16)
DAYS = [date(2024, 10, 1), D, date(2024, 12, 2), date(2024, 12, 3), date(2024, 12, 4), date(2024, 12, 5),
        date(2025, 1, 1)]
PAST = TaskPastAssignment.__table__


def _snapshot(session, story, day):
    """Everything a user can read about `day` that depends on who the tasks belonged to."""
    w = story
    filters = [queries.Filters(), queries.Filters(agency_id=w.a.id), queries.Filters(agency_id=w.c.id),
               queries.Filters(field="Kinh tế"), queries.Filters(leader_id=w.leader.id),
               queries.Filters(key_only=True)]
    reports = {(by, i): queries.rollup(session, day, by, f).as_json()
               for by in ("agency", "leader", "field") for i, f in enumerate(filters)}
    shapes = {(by, p): sorted(map(tuple, session.execute(
        queries.rollup_statement(day, by, queries.Filters(), parallel=p)).all()), key=str)
        for by in ("agency", "leader", "field") for p in (False, True)}
    overdue = [(r["task"].id, r["days"], r["lead"].name)
               for r in queries.overdue_page(session, day, queries.Filters(agency_id=w.a.id))]
    details = [(r["id"], r["lead"]) for r in queries.detail_rows(session, day, queries.Filters())]
    return reports, shapes, overdue, details


def _change_after_d(session, story):
    w, t = story, story.tasks
    services.reassign(session, w.office, date(2024, 12, 2), t[0], w.c)  # A -> C
    services.edit_task(session, w.office, date(2024, 12, 3), t[7],
                       {"field": "Y tế", "leader_id": w.leader2.id, "is_key": True})
    services.edit_task(session, w.office, date(2024, 12, 3), t[9], {"is_key": False})
    agency_services.merge_into(session, w.admin, date(2024, 12, 4), w.a, w.b)  # A's open tasks -> B
    services.reassign(session, w.office, date(2024, 12, 5), t[0], w.b)  # C -> B
    services.reassign(session, w.office, date(2024, 12, 5), t[0], w.c)  # ... and back on the same day
    session.commit()


def test_reports_as_of_d_do_not_move(story, session):
    before = _snapshot(session, story, D)
    assert before[2], "agency A must have overdue tasks on D"
    _change_after_d(session, story)
    assert session.scalar(select(TaskPastAssignment.id).limit(1)) is not None
    assert _snapshot(session, story, D) == before


def test_later_dates_follow_the_changes(story, session):
    _change_after_d(session, story)
    t, w = story.tasks, story
    session.expire_all()
    assert [t[0].assignment(d).lead_agency_id for d in DAYS] == [w.a.id, w.a.id] + [w.c.id] * 5
    assert [t[9].assignment(d).lead_agency_id for d in DAYS] == [w.a.id] * 4 + [w.b.id] * 3  # the merger
    assert (t[7].assignment(D).field, t[7].assignment(date(2024, 12, 3)).field) == (None, "Y tế")
    by_field = queries.rollup(session, date(2024, 12, 3), "field")
    assert any(r.key == "Y tế" and r.total == 1 for r in by_field.rows)
    as_of_dec3 = queries.rollup(session, date(2024, 12, 3), "agency", queries.Filters(agency_id=w.c.id)).totals
    as_of_d = queries.rollup(session, D, "agency", queries.Filters(agency_id=w.c.id)).totals
    assert as_of_dec3.total == as_of_d.total + 1  # T0 counted with C from 02/12


@pytest.mark.parametrize("day", DAYS)
@pytest.mark.parametrize("joined", [False, True], ids=["lookup", "joined"])
def test_sql_and_python_agree(story, session, day, joined):
    _change_after_d(session, story)
    session.expire_all()
    columns = []
    query = select(Task.id)
    then = assignments.assignments_then_sql(Task, PAST, day) if joined else None
    if joined:
        query = query.outerjoin(then, then.c.task_id == Task.id)
    for name in assignments.ATTRIBUTES:
        columns.append(assignments.column_as_of_sql(Task, PAST, day, name, then))
    rows = {r[0]: tuple(r[1:]) for r in session.execute(query.add_columns(*columns))}
    changed = 0
    for task in story.all_tasks:
        python = task.assignment(day)
        assert rows[task.id] == (python.lead_agency_id, python.leader_id, python.field, python.is_key), task.content
        changed += python != assignments.current(task)
    assert changed or day >= date(2024, 12, 4)  # else the past rows would go untested


def test_drilldown_as_of_d_lists_the_task_where_it_was(client, story, session):
    _change_after_d(session, story)
    login(client, "vanphong")
    p = params.parse({"as_of": D.isoformat()}, D)
    report = queries.rollup(session, D, "agency", p.filters)
    for row in report.rows:
        html = client.get("/tasks", query_string=params.task_args(p, agency=row.key)).get_data(as_text=True)
        assert int(re.search(r"(\d+) nhiệm vụ", html).group(1)) == row.total, row.name


def test_an_empty_field_is_no_change(story, session):
    task = story.tasks[8]  # no field
    services.edit_task(session, story.office, date(2024, 12, 1), task, {"field": "  ", "is_key": False})
    session.commit()
    assert (task.field, task.assignment_changed_on, task.past_assignments) == (None, None, [])


def test_a_backdated_change_takes_effect_with_the_last_one(story, session):
    w, task = story, story.tasks[0]
    services.reassign(session, w.office, date(2024, 12, 10), task, w.b)
    services.reassign(session, w.office, date(2024, 12, 1), task, w.c)  # dated before the change above
    session.commit()
    assert [task.assignment(d).lead_agency_id for d in (date(2024, 12, 5), date(2024, 12, 10))] == [w.a.id, w.c.id]
    assert task.assignment_changed_on == date(2024, 12, 10)
