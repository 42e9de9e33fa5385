"""Roll-ups as SQL: the time class is computed once per task in a subquery, then one GROUP BY counts
each bucket with conditional sums. Counts are "as of D" from the recorded history, never current state.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date

from sqlalchemy import and_, case, extract, func, literal, or_, select, text, union_all
from sqlalchemy.orm import Session, joinedload

from tracker.agencies.models import Agency
from tracker.auth.models import User
from tracker.core.sql import rare
from tracker.documents.models import Document
from tracker.reports import periods
from tracker.tasks import assignments, deadlines
from tracker.tasks.deadlines import TimeClass
from tracker.tasks.models import Task, TaskDeadline, TaskPastAssignment, task_co_agencies

GROUPS = {"agency": "Cơ quan", "document": "Văn bản", "leader": "Lãnh đạo phụ trách", "field": "Lĩnh vực",
          "month": "Tháng giao"}
COUNTS = ("total", "done_on_time", "done_late", "open_within", "open_overdue", "undated")
PAST = TaskPastAssignment.__table__
NO_LEADER, NO_FIELD = "Chưa phân công lãnh đạo", "Chưa xác định lĩnh vực"


@dataclass
class Filters:
    """What narrows a report: the period selects tasks by assignment date; the rest by task attributes."""

    date_from: date | None = None
    date_to: date | None = None
    field: str | None = None
    leader_id: int | None = None
    doc_kind: str | None = None
    key_only: bool = False
    source: str | None = None
    agency_id: int | None = None  # lead agency: an agency user's reports are limited to it
    document_id: int | None = None


@dataclass
class Row:
    key: object
    name: str
    total: int = 0
    done_on_time: int = 0
    done_late: int = 0
    open_within: int = 0
    open_overdue: int = 0
    undated: int = 0
    due_soon: int = 0  # part of open_within, shown on the dashboard

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def open(self) -> int:
        return self.open_within + self.open_overdue

    @property
    def not_done(self) -> int:
        """The two-bucket view's "chưa thực hiện": everything not confirmed done, undated included."""
        return self.open + self.undated

    @property
    def completion_rate(self) -> float | None:
        return deadlines.completion_rate(self.done, self.open_overdue)

    @property
    def late_share(self) -> float | None:
        return round(100.0 * self.done_late / self.done, 1) if self.done else None

    def as_json(self) -> dict:
        data = {k: getattr(self, k) for k in ("key", "name", *COUNTS)}
        data["completion_rate"] = self.completion_rate
        return data


@dataclass
class Report:
    as_of: date
    by: str
    filters: Filters
    rows: list[Row]
    totals: Row = field(init=False)

    def __post_init__(self):
        self.totals = total_of(self.rows)

    def as_json(self) -> dict:
        totals = self.totals.as_json()
        totals.pop("key"), totals.pop("name")
        f = self.filters
        return {"as_of": self.as_of.isoformat(), "from": f.date_from.isoformat() if f.date_from else None,
                "to": f.date_to.isoformat() if f.date_to else None, "by": self.by,
                "rows": [r.as_json() for r in self.rows], "totals": totals}


def total_of(rows: list[Row]) -> Row:
    """The totals row is the sum of the rows (a handful of groups, never a loop over tasks)."""
    total = Row(key=None, name="Tổng cộng")
    for row in rows:
        for key in (*COUNTS, "due_soon"):
            setattr(total, key, getattr(total, key) + getattr(row, key))
    return total


# ---- the classified-task subquery --------------------------------------------------------------


def month_index_sql(column, start_day: int):
    """year * 12 + month - 1 of the reporting month holding `column` (see periods.month_of)."""
    index = extract("year", column) * 12 + extract("month", column) - 1
    if periods._clamp(start_day) > 1:
        index = index + case((extract("day", column) >= periods._clamp(start_day), 1), else_=0)
    return index


def _group_key(by: str, start_day: int, as_of: date, then=None):
    if by == "month":
        return month_index_sql(Task.assigned_on, start_day)
    if by == "document":
        return Task.document_id
    column = {"agency": "lead_agency_id", "leader": "leader_id", "field": "field"}[by]
    return assignments.column_as_of_sql(Task, PAST, as_of, column, then)


def filtered(query, filters: Filters, as_of: date | None = None, then=None):
    """Apply the report filters to a SELECT over tasks.

    With `as_of`, the lead agency, leader, field and key flag are those in force on that date (a report
    as of D keeps each task where it was on D); `then` is assignments_then_sql when the caller joined it.
    """
    f = filters

    def assigned(name, value):
        if as_of is None:
            return getattr(Task, name) == value
        return assignments.equals_as_of_sql(Task, PAST, as_of, name, value, then)

    conditions = [
        (f.date_from, lambda: Task.assigned_on >= f.date_from),
        (f.date_to, lambda: Task.assigned_on <= f.date_to),
        (f.field, lambda: assigned("field", f.field)),
        (f.leader_id, lambda: assigned("leader_id", f.leader_id)),
        (f.key_only, lambda: assigned("is_key", True)),
        (f.source, lambda: Task.source == f.source),
        (f.agency_id, lambda: assigned("lead_agency_id", f.agency_id)),
        (f.document_id, lambda: Task.document_id == f.document_id),
    ]
    for wanted, condition in conditions:
        if wanted:
            query = query.where(condition())
    if f.doc_kind:
        query = query.where(Task.document_id.in_(select(Document.id).where(Document.kind == f.doc_kind)))
    return query


def classified(as_of: date, filters: Filters, soon_until: date | None = None, by: str | None = None,
               start_day: int = 15, parallel: bool = False):
    """Counted tasks as of `as_of` with their time class `tc` (and a group `key`), as a subquery.

    `parallel` (PostgreSQL): the deadline and assignment histories are outer-joined (deadlines_then_sql,
    assignments_then_sql), since a per-task lookup would keep PostgreSQL from scanning and counting in
    parallel. Otherwise (SQLite, one thread nesting loops) the lookups run only for the few changed
    tasks, behind their CASE; OFFSET 0 keeps the subquery from being inlined, so the CASE is computed
    once rather than in every conditional count.
    """
    history = TaskDeadline.__table__
    then = deadlines.deadlines_then_sql(Task, history, as_of) if parallel else None
    assigned_then = assignments.assignments_then_sql(Task, PAST, as_of) if parallel else None
    tc = deadlines.time_class_sql(Task, history, as_of, soon_until, then).label("tc")
    key = _group_key(by, start_day, as_of, assigned_then) if by else literal(None)
    query = select(Task.id.label("id"), key.label("key"), tc).select_from(Task)
    if parallel:
        query = query.outerjoin(then, then.c.task_id == Task.id)
        query = query.outerjoin(assigned_then, assigned_then.c.task_id == Task.id)
    else:
        query = query.offset(0)
    query = query.where(deadlines.is_counted_sql(Task, as_of))
    return filtered(query, filters, as_of, assigned_then).subquery("classified")


def parallel(session: Session) -> bool:
    """Whether this is PostgreSQL, which scans in parallel: it decides the roll-up's shape (see classified)
    and the planner settings of tune and hash_grouping."""
    return session.get_bind().dialect.name == "postgresql"


def _bucket_sums(tc):
    def n(*values):
        return func.sum(case((tc.in_([v.value for v in values]), 1), else_=0))

    return [func.count().label("total"), n(TimeClass.DONE_ON_TIME).label("done_on_time"),
            n(TimeClass.DONE_LATE).label("done_late"),
            n(TimeClass.OPEN_WITHIN, TimeClass.DUE_SOON).label("open_within"),
            n(TimeClass.OPEN_OVERDUE).label("open_overdue"), n(TimeClass.UNDATED).label("undated"),
            n(TimeClass.DUE_SOON).label("due_soon")]


def rollup_statement(as_of: date, by: str, filters: Filters, soon_until: date | None = None, start_day: int = 15,
                     parallel: bool = False):
    """The one GROUP BY behind every report (also timed bare by the benchmark)."""
    sub = classified(as_of, filters, soon_until, by, start_day, parallel)
    return select(sub.c.key, *_bucket_sums(sub.c.tc)).group_by(sub.c.key)


def tune(session: Session) -> None:
    """Turn PostgreSQL's JIT off for this transaction.

    The history lookups (overdue list, appendix, task lists) are correlated subqueries that run only for
    tasks changed after the as-of date, but the planner costs them for every row; the inflated cost
    triggers JIT compilation, which took ~70% of a roll-up's time in the benchmark.
    """
    if parallel(session):
        session.execute(text("SET LOCAL jit = off"))
        session.execute(text("SET LOCAL work_mem = '32MB'"))  # a 1M-task roll-up's grouping stays in memory


@contextmanager
def hash_grouping(session: Session):
    """Group by hashing on PostgreSQL for the statement run inside.

    The planner cannot tell how few groups an as-of key has (a CASE over the task and its past
    assignment) and would sort a million rows to group them; hashing a few hundred groups is cheaper.
    """
    if not parallel(session):
        yield
        return
    session.execute(text("SET LOCAL enable_sort = off"))
    try:
        yield
    finally:
        session.execute(text("SET LOCAL enable_sort = on"))


def rollup(session: Session, as_of: date, by: str = "agency", filters: Filters | None = None,
           soon_until: date | None = None, start_day: int = 15) -> Report:
    if by not in GROUPS:
        raise ValueError(f"Cách nhóm không hợp lệ: {by}.")
    tune(session)
    filters = filters or Filters()
    statement = rollup_statement(as_of, by, filters, soon_until, start_day, parallel(session))
    with hash_grouping(session):
        result = session.execute(statement).all()
    rows = [Row(key=int(r.key) if by == "month" and r.key is not None else r.key, name="",
                **{k: int(getattr(r, k) or 0) for k in (*COUNTS, "due_soon")}) for r in result]
    return Report(as_of=as_of, by=by, filters=filters, rows=_named(session, by, rows))


def _named(session: Session, by: str, rows: list[Row]) -> list[Row]:
    """Attach display names with one query per report and put the rows in their natural order."""
    keys = [r.key for r in rows if r.key is not None]
    if by == "agency":
        found = {a.id: a for a in session.scalars(select(Agency).where(Agency.id.in_(keys)))}
        order = {k: (a.order, a.name) for k, a in found.items()}
        names = {k: a.name for k, a in found.items()}
    elif by == "document":
        found = {d.id: d for d in session.scalars(select(Document).where(Document.id.in_(keys)))}
        order = {k: (d.issued_on or date.min, d.number) for k, d in found.items()}
        names = {k: d.title for k, d in found.items()}
    elif by == "leader":
        found = {u.id: u for u in session.scalars(select(User).where(User.id.in_(keys)))}
        names = {k: u.display_name for k, u in found.items()}
        order = {k: (0, names[k]) for k in found}
    else:
        names = {k: (periods.month_label(int(k)) if by == "month" else str(k)) for k in keys}
        order = {k: (0, k) for k in keys}
    fallback = {"leader": NO_LEADER, "field": NO_FIELD}.get(by, "—")
    for row in rows:
        row.name = names.get(row.key, fallback)
    return sorted(rows, key=lambda r: (r.key is None, order.get(r.key, (1, "")), str(r.key)))


# ---- dashboard pieces --------------------------------------------------------------------------


def worst_agencies(report: Report, limit: int = 15) -> list[Row]:
    """Agencies with overdue or due-soon tasks, worst first (from an agency roll-up already fetched)."""
    hit = [r for r in report.rows if r.open_overdue or r.due_soon]
    return sorted(hit, key=lambda r: (-r.open_overdue, -r.due_soon, r.name))[:limit]


def monthly_trend(session: Session, as_of: date, filters: Filters, months: int = 12, start_day: int = 15):
    """Per reporting month (last `months` up to as_of): tasks assigned, and tasks done on time / late."""
    tune(session)
    y, m = periods.month_of(as_of, start_day)
    last = y * 12 + m - 1
    first_start = periods.month((last - months + 1) // 12, (last - months + 1) % 12 + 1, start_day).start
    assigned_key = month_index_sql(Task.assigned_on, start_day)
    assigned = session.execute(filtered(
        select(assigned_key.label("k"), func.count()).where(
            deadlines.is_counted_sql(Task, as_of), Task.assigned_on >= first_start).group_by(assigned_key),
        filters, as_of)).all()
    done_key = month_index_sql(Task.confirmed_on, start_day)
    late = case((deadlines.done_on_time_sql(Task), 0), else_=1)
    done = session.execute(filtered(
        select(done_key.label("k"), func.count(), func.sum(late)).where(
            deadlines.is_counted_sql(Task, as_of), Task.confirmed_on >= first_start,
            Task.confirmed_on <= as_of).group_by(done_key), filters, as_of)).all()
    by_assigned = {int(k): n for k, n in assigned}
    by_done = {int(k): (int(n), int(lt or 0)) for k, n, lt in done}
    out = []
    for index in range(last - months + 1, last + 1):
        n_done, n_late = by_done.get(index, (0, 0))
        out.append({"index": index, "label": periods.month_label(index), "assigned": by_assigned.get(index, 0),
                    "done_on_time": n_done - n_late, "done_late": n_late})
    return out


def overdue_statement(as_of: date, filters: Filters, limit: int | None = None):
    """Tasks open and overdue as of `as_of`, longest overdue first.

    Three disjoint parts, each index-friendly and cut at `limit` before the final sort: (1) deadline
    unchanged since as_of and never confirmed (the common case today: a scan of ix_tasks_confirmed_due
    in due order), (2) unchanged but confirmed after as_of (none as of today), (3) deadline changed
    after as_of (the full time-class rule with the history lookup). Parts (2) and (3) are few: `rare`
    makes SQLite scan them by their own index rather than by deadline or assignment date.
    """
    history = TaskDeadline.__table__
    due = deadlines.due_as_of_sql(Task, history, as_of)
    tc = deadlines.time_class_sql(Task, history, as_of)
    unchanged = or_(Task.due_changed_on.is_(None), Task.due_changed_on <= as_of)
    parts = [
        (and_(Task.confirmed_on.is_(None), unchanged, Task.due_on < as_of), Task.due_on),
        (and_(rare(Task.confirmed_on > as_of), unchanged, Task.due_on < as_of), Task.due_on),
        (and_(rare(Task.due_changed_on > as_of), tc == TimeClass.OPEN_OVERDUE.value), due),
    ]
    selects = []
    for condition, order in parts:
        part = select(Task.id.label("id"), order.label("due")).where(deadlines.is_counted_sql(Task, as_of), condition)
        part = filtered(part, filters, as_of).order_by(order, Task.id).limit(limit)
        selects.append(select(*part.subquery().c))  # SQLite wants ORDER BY/LIMIT inside a subquery
    found = union_all(*selects).subquery("overdue")
    lead = assignments.column_as_of_sql(Task, PAST, as_of, "lead_agency_id").label("lead_id")
    return select(Task, found.c.due, lead).join(found, found.c.id == Task.id).order_by(found.c.due, Task.id)


def overdue_page(session: Session, as_of: date, filters: Filters, page: int = 1, per_page: int = 20):
    """One page of overdue tasks with what the list shows loaded up front (no N+1)."""
    tune(session)
    offset = (max(page, 1) - 1) * per_page
    query = overdue_statement(as_of, filters, offset + per_page).options(
        joinedload(Task.document), joinedload(Task.leader))
    result = session.execute(query.limit(per_page).offset(offset)).all()
    # The lead on as_of (the agency the roll-up counted the task for), one query for the page.
    leads = {a.id: a for a in session.scalars(select(Agency).where(Agency.id.in_({r.lead_id for r in result})))}
    return [{"task": t, "due": due, "days": deadlines.days_overdue(due, as_of), "lead": leads[lead_id]}
            for t, due, lead_id in result]


def detail_rows(session: Session, as_of: date, filters: Filters, limit: int | None = None) -> list[dict]:
    """Every counted task of a report with its time class, for the export appendix.

    Plain columns rather than ORM objects: an appendix may hold tens of thousands of rows.
    """
    tune(session)
    tc = deadlines.time_class_sql(Task, TaskDeadline.__table__, as_of).label("tc")
    due = deadlines.due_as_of_sql(Task, TaskDeadline.__table__, as_of).label("due")
    query = filtered(select(
        Task.id, Task.content, Task.status, Task.result_text, Task.result_doc_number, Task.result_doc_date,
        Agency.name.label("lead"), Document.number.label("doc_number"), Document.issued_on.label("doc_issued_on"),
        tc, due).where(deadlines.is_counted_sql(Task, as_of)), filters, as_of)
    lead = assignments.column_as_of_sql(Task, PAST, as_of, "lead_agency_id")  # the row the summary counted it in
    query = query.join_from(Task, Agency, Agency.id == lead).join_from(Task, Document, Document.id == Task.document_id)
    query = query.order_by(Agency.order, Agency.name, Task.document_id, Task.item_ref, Task.id)
    if limit:
        query = query.limit(limit)
    rows = [dict(r._mapping, co=[]) for r in session.execute(query)]
    by_id = {r["id"]: r for r in rows}
    ids = list(by_id)
    for start in range(0, len(ids), 2000):  # co-agencies: one query per 2,000 tasks, not one per task
        co = session.execute(select(task_co_agencies.c.task_id, Agency.name)
                             .join(Agency, Agency.id == task_co_agencies.c.agency_id)
                             .where(task_co_agencies.c.task_id.in_(ids[start:start + 2000]))
                             .order_by(Agency.order, Agency.name))
        for task_id, name in co:
            by_id[task_id]["co"].append(name)
    for row in rows:
        row["tc"] = TimeClass(row["tc"])
    return rows


def filters_dict(filters: Filters) -> dict:
    return {k: v for k, v in asdict(filters).items() if v not in (None, False, "")}
