"""Who may do what: `can_*` for one object (views and templates), `visible_tasks` for lists (SQL)."""

from __future__ import annotations

from sqlalchemy import select

from tracker.core import settings
from tracker.tasks.models import Task, task_co_agencies
from tracker.tasks.status import allowed

STAFF = ("admin", "office", "leader")


def _agency(user) -> int | None:
    return user.agency_id if getattr(user, "role", None) == "agency" else None


def is_lead(user, task: Task) -> bool:
    return _agency(user) is not None and task.lead_agency_id == user.agency_id


def is_co(user, task: Task) -> bool:
    agency_id = _agency(user)
    return agency_id is not None and any(a.id == agency_id for a in task.co_agencies)


def can_view_task(user, task: Task) -> bool:
    return user.role in STAFF or is_lead(user, task) or is_co(user, task)


def can_lead_action(user, task: Task, action: str) -> bool:
    """acknowledge / progress / report / request_extension / decline: the lead agency only."""
    if not (is_lead(user, task) and allowed(action, task.status)):
        return False
    if action == "request_extension":
        return task.due_on is not None and not any(e.state == "pending" for e in task.extensions)
    return True


def can_add_input(user, task: Task) -> bool:
    return is_co(user, task) and allowed("input", task.status)


def is_office(user) -> bool:
    return user.role in ("office", "admin")


def can_confirm(user, task: Task) -> bool:
    return is_office(user) and allowed("confirm", task.status)


def can_return(user, task: Task) -> bool:
    return is_office(user) and allowed("return", task.status)


def can_decide_extension(user, task: Task) -> bool:
    deciders = ("leader", "office", "admin") if settings.current.office_decides_extensions else ("leader",)
    return user.role in deciders and allowed("decide_extension", task.status)


def can_reassign(user, task: Task) -> bool:
    return is_office(user) and allowed("reassign", task.status)


def can_withdraw(user, task: Task) -> bool:
    return user.role in ("office", "admin", "leader") and allowed("withdraw", task.status)


def can_edit_task(user, task: Task) -> bool:
    return is_office(user) and allowed("edit", task.status)


def can_create_document(user) -> bool:
    return is_office(user)


def can_edit_document(user, document=None) -> bool:
    return is_office(user)


def can_admin(user) -> bool:
    return user.role == "admin"


def can_view_reports(user) -> bool:
    return user.role in STAFF or _agency(user) is not None


def visible_tasks(user):
    """A SELECT of the tasks `user` may see: everything for staff, own lead/co tasks for an agency."""
    query = select(Task)
    if user.role in STAFF:
        return query
    agency_id = _agency(user)
    if agency_id is None:
        return query.where(False)
    # One set of ids rather than "lead = X OR id IN (co)": an OR over two tables defeats every index,
    # and an agency's list then scanned all tasks in deadline order looking for its own.
    led = Task.__table__.alias("led")
    own = select(led.c.id).where(led.c.lead_agency_id == agency_id).union_all(
        select(task_co_agencies.c.task_id).where(task_co_agencies.c.agency_id == agency_id))
    return query.where(Task.id.in_(own))
