"""The daily sweep's body: overdue journal, reminders, digests, periodic occurrences. Never commits.

It answers for every day since the last finished sweep (catch-up after downtime, one reminder per
task and kind). The caller holds the sweep lock (`acquire_lock`), commits once, then sends mail.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import select, text
from sqlalchemy.orm import Session, joinedload

from tracker.auth.models import User
from tracker.core import clock, journal
from tracker.core.calendar import load_calendar
from tracker.core.text import format_date
from tracker.notifications import reminders, services
from tracker.notifications.models import SweepRun
from tracker.tasks import deadlines, periodic
from tracker.tasks.deadlines import TimeClass
from tracker.tasks.models import Task, TaskDeadline
from tracker.tasks.status import OPEN, WORKING

LOCK_KEY = 7_240_401  # pg advisory lock id of the sweep
HISTORY = TaskDeadline.__table__


def acquire_lock(session: Session) -> bool:
    """One sweep at a time: a PostgreSQL transaction lock, or SQLite's single writer (BEGIN IMMEDIATE)."""
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        return bool(conn.execute(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": LOCK_KEY}).scalar())
    if conn.dialect.name == "sqlite":
        raw = conn.connection.dbapi_connection
        if not raw.in_transaction:
            conn.exec_driver_sql("BEGIN IMMEDIATE")  # waits (busy timeout) for another writer to finish
    return True


def already_swept(session: Session, day: date) -> bool:
    return session.scalar(select(SweepRun.id).where(SweepRun.day == day, SweepRun.finished_at.is_not(None))
                          .limit(1)) is not None


def last_swept(session: Session, day: date) -> date | None:
    """The last day a sweep finished before `day` (re-running a day uses the same window)."""
    return session.scalar(select(SweepRun.day).where(SweepRun.day < day, SweepRun.finished_at.is_not(None))
                          .order_by(SweepRun.day.desc()).limit(1))


def _counted(day: date):
    return deadlines.is_counted_sql(Task, day)


def mark_became_overdue(session: Session, day: date) -> int:
    """Journal, once, the moment each task became overdue (the day after its deadline)."""
    overdue = deadlines.time_class_sql(Task, HISTORY, day) == TimeClass.OPEN_OVERDUE.value
    tasks = session.scalars(select(Task).where(_counted(day), Task.became_overdue_on.is_(None), overdue,
                                               Task.status.in_([s.value for s in OPEN]))).all()
    for task in tasks:
        task.became_overdue_on = task.due_on + timedelta(days=1)
        journal.record(session, entity="task", entity_id=task.id, task_id=task.id, action="became_overdue",
                       actor=None, on=day, before={"became_overdue_on": None},
                       after={"became_overdue_on": task.became_overdue_on, "due_on": task.due_on})
    session.flush()
    return len(tasks)


def _directory(session: Session, agency_ids) -> dict[int, list[User]]:
    """Active agency users by agency, one query for the whole sweep."""
    users = defaultdict(list)
    if agency_ids:
        query = select(User).where(User.role == "agency", User.active.is_(True), User.agency_id.in_(agency_ids))
        for user in session.scalars(query.order_by(User.id)):
            users[user.agency_id].append(user)
    return users


def send_reminders(session: Session, day: date, days: list[date], cal, rules, already: set) -> dict[str, int]:
    soon_until = cal.add_working_days(day, rules.before)
    tc = deadlines.time_class_sql(Task, HISTORY, day, soon_until)
    query = (select(Task).where(_counted(day), Task.status.in_([s.value for s in WORKING]),
                                tc.in_([TimeClass.DUE_SOON.value, TimeClass.OPEN_OVERDUE.value]))
             .options(joinedload(Task.lead_agency), joinedload(Task.leader)).order_by(Task.id))
    tasks = session.scalars(query).unique().all()
    directory = _directory(session, {t.lead_agency_id for t in tasks})
    counts = {"due_soon": 0, "overdue": 0, "escalation": 0}
    for task in tasks:
        own_days = [d for d in days if d >= task.assigned_on]
        for kind, for_date in reminders.task_reminders(task.due_on, own_days, cal, rules).items():
            sent = services.send_task_reminder(session, task, kind, for_date, day, already, directory)
            bucket = {reminders.DUE_SOON: "due_soon", reminders.DUE_TODAY: "due_soon",
                      reminders.OVERDUE: "overdue"}.get(kind, "escalation")
            counts[bucket] += 1 if sent else 0  # tasks reminded, whatever the number of recipients
    session.flush()
    return counts


def _open_rows(session: Session, day: date, soon_until: date):
    tc = deadlines.time_class_sql(Task, HISTORY, day, soon_until).label("tc")
    query = (select(Task.id, Task.lead_agency_id, Task.content, Task.due_on, Task.field, Task.leader_id, tc)
             .where(_counted(day), Task.status.in_([s.value for s in OPEN]))
             .order_by(Task.due_on.is_(None), Task.due_on, Task.id))
    return session.execute(query).all()


def _lines(rows, limit: int = 30) -> list[str]:
    out = [f"- {' '.join(r.content.split())[:140]} (thời hạn {format_date(r.due_on) or 'không'})" for r in rows[:limit]]
    if len(rows) > limit:
        out.append(f"- ... và {len(rows) - limit} nhiệm vụ khác")
    return out


def send_digests(session: Session, day: date, for_date: date, cal, rules, already: set) -> int:
    """Weekly: each leader gets the overdue tasks of their fields by agency; each agency its open tasks."""
    from tracker.agencies.models import Agency

    rows = _open_rows(session, day, cal.add_working_days(day, rules.before))
    names = dict(session.execute(select(Agency.id, Agency.name)).all())
    overdue = [r for r in rows if r.tc == TimeClass.OPEN_OVERDUE.value]
    sent = 0
    for leader in session.scalars(select(User).where(User.role == "leader", User.active.is_(True))):
        mine = [r for r in overdue if r.leader_id == leader.id or (r.field and r.field in (leader.fields or []))]
        if mine:
            by_agency = defaultdict(list)
            for r in mine:
                by_agency[names.get(r.lead_agency_id, "")].append(r)
            body = "\n\n".join(f"{name} ({len(items)}):\n" + "\n".join(_lines(items))
                               for name, items in sorted(by_agency.items()))
            title = f"{len(mine)} nhiệm vụ quá hạn thuộc lĩnh vực phụ trách (đến {format_date(day)})"
            sent += services.remind(session, leader, reminders.DIGEST_LEADER, for_date, title, subject=title,
                                    body=title + "\n\n" + body, already=already)
    by_lead = defaultdict(list)
    for r in rows:
        by_lead[r.lead_agency_id].append(r)
    directory = _directory(session, set(by_lead))
    for agency_id, items in by_lead.items():
        late = sum(1 for r in items if r.tc == TimeClass.OPEN_OVERDUE.value)
        title = f"Cơ quan có {len(items)} nhiệm vụ chưa hoàn thành, {late} quá hạn (đến {format_date(day)})"
        for user in directory.get(agency_id, []):
            sent += services.remind(session, user, reminders.DIGEST_AGENCY, for_date, title, subject=title,
                                    body=title + "\n\n" + "\n".join(_lines(items)), already=already)
    session.flush()
    return sent


def run_sweep(session: Session, day: date, config) -> dict:
    """One day's sweep in the caller's transaction (lock already held); returns what it did."""
    rules = reminders.Rules.from_config(config)
    cal = load_calendar(session)
    last = last_swept(session, day)
    days = reminders.window(last, day)
    run = SweepRun(day=day, started_at=clock.now())
    session.add(run)
    # Periods opened during downtime are created too (one task each); a first sweep only opens today's.
    occurrences = periodic.create_due_occurrences(session, day, since=last or day - timedelta(days=1))
    became = mark_became_overdue(session, day)
    already = services.logged_keys(session, days[0])
    counts = send_reminders(session, day, days, cal, rules, already)
    digest_for = reminders.digest_day(days, rules)
    digests = send_digests(session, day, digest_for, cal, rules, already) if digest_for else 0
    result = {"date": day.isoformat(), "became_overdue": became, "reminders": counts, "digests": digests,
              "occurrences": len(occurrences), "catch_up_from": days[0].isoformat()}
    run.finished_at = clock.now()
    run.counts = result
    session.flush()
    return result
