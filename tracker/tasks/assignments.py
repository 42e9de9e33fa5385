"""Who a task belonged to on a date: lead agency, leader in charge, field, key flag.

A report "as of D" groups and filters by the values in force on D, so a reassignment, a merger or an
office correction after D does not move the task to another row. Only superseded values are stored
(tasks.past_assignments), one row per change, so the common never-changed task costs nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import and_, case, or_, select

from tracker.core.sql import rare

ATTRIBUTES = ("lead_agency_id", "leader_id", "field", "is_key")


@dataclass(frozen=True)
class Assignment:
    lead_agency_id: int
    leader_id: int | None
    field: str | None
    is_key: bool


def current(task) -> Assignment:
    return Assignment(**{name: getattr(task, name) for name in ATTRIBUTES})


def as_of(now: Assignment, past: Sequence[tuple[date, Assignment]], day: date) -> Assignment:
    """`past`: (valid_until, values) by valid_until then id; the values were in force before valid_until."""
    for valid_until, values in past:
        if valid_until > day:
            return values
    return now


def record(task, before: Assignment, on: date) -> None:
    """After a change of the task's assignment on `on`, keep what was in force before it.

    A change dated before one already recorded takes effect with it: history only grows forward.
    """
    from tracker.tasks.models import TaskPastAssignment

    if current(task) != before:
        on = max(on, task.assignment_changed_on or on)
        task.past_assignments.append(TaskPastAssignment(valid_until=on, **asdict(before)))
        task.assignment_changed_on = on


# ---- SQL twins -------------------------------------------------------------------------------


def _unchanged(task, day: date):
    return or_(task.assignment_changed_on.is_(None), task.assignment_changed_on <= day)


def column_as_of_sql(task, past, day: date, name: str, then=None):
    """SQL for as_of(...).<name>: the current value unless changed after `day`, then the past row.

    The past row is looked up per task, or read from `then` (assignments_then_sql, outer-joined by the
    caller, for parallel scans; see deadlines.due_as_of_sql).
    """
    if then is not None:
        old = then.c[name]
    else:
        old = (
            select(past.c[name])
            .where(past.c.task_id == task.id, past.c.valid_until > day)
            .order_by(past.c.valid_until, past.c.id)
            .limit(1)
            .scalar_subquery()
        )
    return case((_unchanged(task, day), getattr(task, name)), else_=old)


def equals_as_of_sql(task, past, day: date, name: str, value, then=None):
    """column_as_of_sql(...) == value, written so that an index on the current column still serves."""
    return or_(
        and_(_unchanged(task, day), getattr(task, name) == value),
        and_(rare(task.assignment_changed_on > day), column_as_of_sql(task, past, day, name, then) == value),
    )


def assignments_then_sql(task, past, day: date):
    """Derived table (task_id, *ATTRIBUTES): for each task changed after `day`, the values then in force."""
    earlier = past.alias("earlier")
    superseding = (
        select(earlier.c.id)
        .where(
            earlier.c.task_id == past.c.task_id,
            earlier.c.valid_until > day,
            or_(earlier.c.valid_until < past.c.valid_until,
                and_(earlier.c.valid_until == past.c.valid_until, earlier.c.id < past.c.id)),
        )
        .exists()
    )
    return (
        select(past.c.task_id, *(past.c[name] for name in ATTRIBUTES))
        .where(past.c.valid_until > day, ~superseding)
        .subquery("assignments_then")
    )
