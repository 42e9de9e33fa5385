"""Periodic tasks: a series (Task.is_series, Task.rrule) yields one dated occurrence per period.

The RRULE gives the deadlines (e.g. "FREQ=MONTHLY;BYMONTHDAY=20" for "báo cáo hằng tháng trước ngày
20"). The period of a deadline D opens the day after the previous deadline, and its occurrence is
created when the period opens. `period_key` (the deadline, ISO) makes creation idempotent.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from dateutil.rrule import rrulestr
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.core import journal
from tracker.core.errors import DomainError
from tracker.notifications.events import emit
from tracker.tasks.models import Task, TaskDeadline
from tracker.tasks.status import OPEN, Status


def _rule(rrule: str, start: date):
    text = rrule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    try:
        return rrulestr(text, dtstart=datetime.combine(start, datetime.min.time()))
    except (ValueError, TypeError) as exc:
        raise DomainError(f"Quy tắc định kỳ không hợp lệ: {rrule}") from exc


def periods_open_by(rrule: str, series_start: date, day: date, since: date | None = None) -> list[tuple[date, date]]:
    """(opens_on, due_on) of every period opened on or before `day` (and, with `since`, after it).

    The first period opens on the series' start; each later one the day after the previous deadline.
    """
    rule = _rule(rrule, series_start)
    found, opens = [], series_start
    for moment in rule:
        due = moment.date()
        if opens > day:
            break
        if since is None or opens > since or due >= day:
            found.append((opens, due))
        opens = due + timedelta(days=1)
    return found


def period_key(due_on: date) -> str:
    return due_on.isoformat()


def create_occurrence(session: Session, actor, as_of: date, series: Task, opens_on: date, due_on: date) -> Task:
    """One dated task for one period: same document, lead, co-agencies and field as the series."""
    if not series.is_series:
        raise DomainError("Nhiệm vụ này không phải nhiệm vụ định kỳ.")
    task = Task(document_id=series.document_id, item_ref=series.item_ref, item_key=series.item_key,
                content=series.content, content_folded=series.content_folded, lead_agency_id=series.lead_agency_id,
                lead_text=series.lead_text, co_text=series.co_text, kind="dated", due_on=due_on,
                original_due_on=due_on, due_text=series.due_text, status=Status.NEW.value, is_key=series.is_key,
                field=series.field, source=series.source, officer_id=series.officer_id, leader_id=series.leader_id,
                assigned_on=max(opens_on, series.assigned_on), parent_id=series.id, period_key=period_key(due_on))
    task.co_agencies = list(series.co_agencies)
    session.add(task)
    session.flush()
    session.add(TaskDeadline(task_id=task.id, due_on=due_on, valid_from=task.assigned_on, reason="original"))
    journal.record(session, entity="task", entity_id=task.id, task_id=task.id, action="create_occurrence",
                   actor=actor, on=as_of, after={"parent_id": series.id, "period_key": task.period_key,
                                                 "due_on": due_on, "lead_agency_id": task.lead_agency_id})
    emit(session, "task_assigned", task=task, actor=actor, as_of=as_of)
    return task


def open_series(session: Session, day: date) -> list[Task]:
    query = (select(Task).where(Task.is_series.is_(True), Task.rrule.is_not(None), Task.assigned_on <= day,
                                Task.status.in_([s.value for s in OPEN]))
             .options(selectinload(Task.co_agencies)).order_by(Task.id))
    return list(session.scalars(query))


def create_due_occurrences(session: Session, day: date, since: date | None = None, actor=None) -> list[Task]:
    """Create every occurrence whose period opened by `day` (after `since`) and does not exist yet."""
    series = open_series(session, day)
    if not series:
        return []
    existing = set(session.execute(select(Task.parent_id, Task.period_key)
                                   .where(Task.parent_id.in_([s.id for s in series]))).all())
    created = []
    for s in series:
        for opens_on, due_on in periods_open_by(s.rrule, s.assigned_on, day, since):
            if (s.id, period_key(due_on)) not in existing:
                created.append(create_occurrence(session, actor, day, s, opens_on, due_on))
                existing.add((s.id, period_key(due_on)))
    session.flush()
    return created
