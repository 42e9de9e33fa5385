"""Periodic tasks: one dated occurrence per period, created when the period opens, never twice."""

from datetime import date

from sqlalchemy import select

from tracker import jobs
from tracker.core.models import JournalEntry
from tracker.tasks import periodic
from tracker.tasks.models import Task

MONTHLY_20 = "FREQ=MONTHLY;BYMONTHDAY=20"


def test_periods_open_the_day_after_the_previous_deadline():
    start = date(2025, 1, 5)
    assert periodic.periods_open_by(MONTHLY_20, start, date(2025, 1, 5)) == [(date(2025, 1, 5), date(2025, 1, 20))]
    assert periodic.periods_open_by(MONTHLY_20, start, date(2025, 1, 21))[-1] == (date(2025, 1, 21), date(2025, 2, 20))
    assert periodic.periods_open_by(MONTHLY_20, start, date(2025, 3, 1), since=date(2025, 2, 28)) == [
        (date(2025, 2, 21), date(2025, 3, 20))]


def _series(make_document, world, assigned=date(2025, 1, 5)):
    doc = make_document(world.office, [{"content": "Báo cáo tình hình thực hiện hằng tháng trước ngày 20",
                                        "lead_agency_ids": [world.a.id], "co_agency_ids": [world.b.id],
                                        "periodic_rrule": MONTHLY_20, "field": "Kinh tế",
                                        "assigned_on": assigned}], as_of=assigned)
    return doc.tasks[0]


def test_sweep_creates_each_occurrence_once(app, world, make_document, session):
    series = _series(make_document, world)
    assert series.is_series and series.kind == "periodic"
    assert jobs.sweep(app, date(2025, 1, 5))["occurrences"] == 1
    assert jobs.sweep(app, date(2025, 1, 5))["occurrences"] == 0
    assert jobs.sweep(app, date(2025, 1, 20))["occurrences"] == 0
    assert jobs.sweep(app, date(2025, 1, 21))["occurrences"] == 1
    session.expire_all()
    kids = session.scalars(select(Task).where(Task.parent_id == series.id).order_by(Task.due_on)).all()
    assert [(k.period_key, k.due_on, k.assigned_on, k.kind, k.status) for k in kids] == [
        ("2025-01-20", date(2025, 1, 20), date(2025, 1, 5), "dated", "new"),
        ("2025-02-20", date(2025, 2, 20), date(2025, 1, 21), "dated", "new")]
    assert all(k.lead_agency_id == world.a.id and k.field == "Kinh tế" and k.document_id == series.document_id
               and [a.id for a in k.co_agencies] == [world.b.id] for k in kids)
    journaled = session.scalars(select(JournalEntry.task_id).where(JournalEntry.action == "create_occurrence")).all()
    assert sorted(journaled) == sorted(k.id for k in kids)


def test_catch_up_after_downtime_creates_missed_periods(app, world, make_document, session):
    series = _series(make_document, world)
    jobs.sweep(app, date(2025, 1, 5))
    assert jobs.sweep(app, date(2025, 3, 1))["occurrences"] == 2  # February's period was missed, March's opened
    keys = session.scalars(select(Task.period_key).where(Task.parent_id == series.id).order_by(Task.period_key)).all()
    assert keys == ["2025-01-20", "2025-02-20", "2025-03-20"]


def test_withdrawn_series_stops(app, world, make_document, session):
    series = _series(make_document, world)
    series.status, series.withdrawn_on = "withdrawn", date(2025, 1, 6)
    session.commit()
    assert jobs.sweep(app, date(2025, 1, 21))["occurrences"] == 0
