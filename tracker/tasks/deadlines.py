"""Time classes (DOMAIN.md "Time classes") in Python and their SQL twin; no Flask here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import and_, case, func, or_, select


class TimeClass(StrEnum):
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    OPEN_WITHIN = "open_within"
    DUE_SOON = "due_soon"  # a part of OPEN_WITHIN, shown apart on screens
    OPEN_OVERDUE = "open_overdue"
    UNDATED = "undated"
    NOT_COUNTED = "not_counted"  # withdrawn, a periodic series, or not yet assigned

    @property
    def label(self) -> str:
        return LABELS[self]

    @property
    def bucket(self) -> TimeClass:
        """The report bucket: due-soon tasks are counted as open within deadline."""
        return TimeClass.OPEN_WITHIN if self is TimeClass.DUE_SOON else self


LABELS = {
    TimeClass.DONE_ON_TIME: "Hoàn thành đúng hạn",
    TimeClass.DONE_LATE: "Hoàn thành quá hạn",
    TimeClass.OPEN_WITHIN: "Chưa hoàn thành, trong hạn",
    TimeClass.DUE_SOON: "Sắp đến hạn",
    TimeClass.OPEN_OVERDUE: "Chưa hoàn thành, quá hạn",
    TimeClass.UNDATED: "Không thời hạn",
    TimeClass.NOT_COUNTED: "Không tính",
}

BUCKETS = (
    TimeClass.DONE_ON_TIME,
    TimeClass.DONE_LATE,
    TimeClass.OPEN_WITHIN,
    TimeClass.OPEN_OVERDUE,
    TimeClass.UNDATED,
)


@dataclass(frozen=True)
class DeadlineChange:
    """One row of a task's deadline history: `due_on` is in force from `valid_from`."""

    valid_from: date
    due_on: date | None
    late_grant: bool = False  # granted after the deadline then in force had passed


def is_counted(*, as_of: date, assigned_on: date | None, withdrawn_on: date | None, is_series: bool) -> bool:
    if is_series or assigned_on is None or assigned_on > as_of:
        return False
    return withdrawn_on is None or withdrawn_on > as_of


def due_as_of(history: Sequence[DeadlineChange], as_of: date) -> date | None:
    """The deadline in force on `as_of` (history sorted by valid_from; the first row is the original)."""
    current = history[0].due_on if history else None
    for change in history:
        if change.valid_from <= as_of:
            current = change.due_on
    return current


def judging_due(history: Sequence[DeadlineChange], reported_on: date, late_grant_counts: bool) -> date | None:
    """The deadline a completion report is judged against: the latest approved before the report."""
    current = history[0].due_on if history else None
    for change in history[1:]:
        if change.valid_from <= reported_on and (late_grant_counts or not change.late_grant):
            current = change.due_on
    return current


def time_class(
    *,
    as_of: date,
    due_on: date | None,
    confirmed_on: date | None,
    reported_on: date | None,
    judged_due_on: date | None,
    soon_until: date | None = None,
) -> TimeClass:
    """The one rule. `due_on` is the deadline in force on `as_of`; the task is assumed counted."""
    if confirmed_on is not None and confirmed_on <= as_of:
        finished = reported_on or confirmed_on
        if judged_due_on is None or finished <= judged_due_on:
            return TimeClass.DONE_ON_TIME
        return TimeClass.DONE_LATE
    if due_on is None:
        return TimeClass.UNDATED
    if as_of > due_on:
        return TimeClass.OPEN_OVERDUE
    if soon_until is not None and due_on <= soon_until:
        return TimeClass.DUE_SOON
    return TimeClass.OPEN_WITHIN


def days_overdue(due_on: date | None, as_of: date) -> int:
    return max(0, (as_of - due_on).days) if due_on else 0


def completion_rate(done: int, open_overdue: int) -> float | None:
    """Done / due, where due = done + open overdue (DOMAIN.md "Counting"); None when nothing is due."""
    due = done + open_overdue
    return round(100.0 * done / due, 1) if due else None


# ---- SQL twins -------------------------------------------------------------------------------


def due_as_of_sql(task, history, as_of: date, then=None):
    """SQL for due_as_of: the current due unless it changed after `as_of`, then the history row.

    The history row is looked up per task, or read from `then` (deadlines_then_sql, outer-joined by
    the caller): a correlated lookup keeps PostgreSQL from scanning in parallel, which a full roll-up needs.
    """
    if then is not None:
        past = then.c.due_on
    else:
        past = (
            select(history.c.due_on)
            .where(history.c.task_id == task.id, history.c.valid_from <= as_of)
            .order_by(history.c.valid_from.desc(), history.c.id.desc())
            .limit(1)
            .scalar_subquery()
        )
    return case(
        (or_(task.due_changed_on.is_(None), task.due_changed_on <= as_of), task.due_on),
        else_=past,
    )


def deadlines_then_sql(task, history, as_of: date):
    """Derived table (task_id, due_on): for each task re-dated after `as_of`, the deadline then in force.

    The same row as due_as_of_sql's lookup: the latest with valid_from <= as_of (ties by id).
    """
    later = history.alias("later")
    changed = task.__table__.alias("changed")
    superseded = (
        select(later.c.id)
        .where(
            later.c.task_id == history.c.task_id,
            later.c.valid_from <= as_of,
            or_(later.c.valid_from > history.c.valid_from,
                and_(later.c.valid_from == history.c.valid_from, later.c.id > history.c.id)),
        )
        .exists()
    )
    return (
        select(history.c.task_id, history.c.due_on)
        .where(
            history.c.valid_from <= as_of,
            history.c.task_id.in_(select(changed.c.id).where(changed.c.due_changed_on > as_of)),
            ~superseded,
        )
        .subquery("deadlines_then")
    )


def is_counted_sql(task, as_of: date):
    return and_(
        task.is_series.is_(False),
        task.assigned_on <= as_of,
        or_(task.withdrawn_on.is_(None), task.withdrawn_on > as_of),
    )


def done_on_time_sql(task):
    """For a confirmed task: was the accepted report on time? (the first branch of time_class)."""
    finished = func.coalesce(task.reported_on, task.confirmed_on)
    return or_(task.judged_due_on.is_(None), finished <= task.judged_due_on)


def time_class_sql(task, history, as_of: date, soon_until: date | None = None, then=None):
    """SQL CASE giving the same TimeClass value as time_class() for a counted task (`then`: see due_as_of_sql)."""
    due = due_as_of_sql(task, history, as_of, then)
    done = and_(task.confirmed_on.is_not(None), task.confirmed_on <= as_of)
    whens = [
        (and_(done, done_on_time_sql(task)), TimeClass.DONE_ON_TIME.value),
        (done, TimeClass.DONE_LATE.value),
        (due.is_(None), TimeClass.UNDATED.value),
        (due < as_of, TimeClass.OPEN_OVERDUE.value),
    ]
    if soon_until is not None:
        whens.append((due <= soon_until, TimeClass.DUE_SOON.value))
    return case(*whens, else_=TimeClass.OPEN_WITHIN.value)


def bucket_counts(values: Iterable[str]) -> dict[str, int]:
    """Fold a list of TimeClass values into report buckets (used by tests and small lists only)."""
    counts = {b.value: 0 for b in BUCKETS}
    for value in values:
        tc = TimeClass(value)
        if tc is not TimeClass.NOT_COUNTED:
            counts[tc.bucket.value] += 1
    return counts
