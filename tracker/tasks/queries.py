"""Read side of the task screens: list filters and paging (in SQL), and the task timeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, case, false, func, or_, select, union_all
from sqlalchemy.orm import Session, joinedload, selectinload

from tracker.agencies.models import Agency
from tracker.auth.models import User
from tracker.auth.permissions import visible_tasks
from tracker.core.models import JournalEntry
from tracker.core.sql import rare
from tracker.core.text import fold, format_date, parse_vn_date
from tracker.tasks import deadlines
from tracker.tasks.deadlines import TimeClass
from tracker.tasks.models import ProgressUpdate, Task, TaskDeadline
from tracker.tasks.status import Status, label

# ---- list ------------------------------------------------------------------------------------


@dataclass
class TaskFilters:
    """The list's query-string filters; the names are shared with the dashboard's links."""

    status: str | None = None
    tc: str | None = None
    due_from: date | None = None
    due_to: date | None = None
    document: int | None = None
    agency: int | None = None
    q: str = ""
    page: int = 1
    # What a dashboard or report number carries to the list behind it (the report's own filters).
    as_of: date | None = None
    report: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def args(self, **override) -> dict:
        """Query-string values for links (paging keeps the filters)."""
        values = {"status": self.status, "tc": self.tc, "due_from": format_date(self.due_from) or None,
                  "due_to": format_date(self.due_to) or None, "document": self.document, "agency": self.agency,
                  "q": self.q or None, "page": self.page if self.page > 1 else None,
                  "as_of": self.as_of.isoformat() if self.as_of else None, **self.report}
        values.update(override)
        return {k: v for k, v in values.items() if v not in (None, "")}

    def report_filters(self):
        """The same Filters the report used, so the list shows exactly the tasks behind its number."""
        from tracker.reports.queries import Filters

        r = self.report
        return Filters(date_from=_iso(r.get("assigned_from")), date_to=_iso(r.get("assigned_to")),
                       field=r.get("field"), leader_id=_int(r.get("leader")), doc_kind=r.get("doc_kind"),
                       key_only=r.get("key") == "1", source=r.get("source"), agency_id=self.agency)


def _int(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def _iso(value) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


REPORT_KEYS = ("field", "leader", "doc_kind", "key", "source", "assigned_from", "assigned_to")


def parse_filters(args) -> TaskFilters:
    """Bad values are ignored with a Vietnamese note, never a 500."""
    f = TaskFilters(q=(args.get("q") or "").strip()[:200], document=_int(args.get("document")),
                    agency=_int(args.get("agency")), page=max(1, _int(args.get("page")) or 1))
    f.report = {k: args[k] for k in REPORT_KEYS if args.get(k)}
    try:
        f.as_of = parse_vn_date(args.get("as_of"))
    except ValueError as exc:
        f.errors.append(str(exc))
    status = args.get("status") or None
    f.status = status if status in {s.value for s in Status} else None
    tc = args.get("tc") or None
    f.tc = tc if tc in TC_FILTERS else None
    for name in ("due_from", "due_to"):
        try:
            setattr(f, name, parse_vn_date(args.get(name)))
        except ValueError as exc:
            f.errors.append(str(exc))
    return f


# A report's combined columns: "đã thực hiện" and "chưa thực hiện" (the two-bucket view), and the
# "open within deadline" bucket, which includes the due-soon tasks.
TC_GROUPS = {
    TimeClass.OPEN_WITHIN.value: [TimeClass.OPEN_WITHIN.value, TimeClass.DUE_SOON.value],
    "done": [TimeClass.DONE_ON_TIME.value, TimeClass.DONE_LATE.value],
    "not_done": [TimeClass.OPEN_WITHIN.value, TimeClass.DUE_SOON.value, TimeClass.OPEN_OVERDUE.value,
                 TimeClass.UNDATED.value],
}
TC_FILTERS = {t.value for t in TimeClass} | set(TC_GROUPS)


def _due_in(column, classes: set[str], as_of: date, soon_until: date | None):
    """The deadline ranges of the open classes in `classes`, for a task not done as of `as_of`."""
    ranges = []
    if TimeClass.UNDATED.value in classes:
        ranges.append(column.is_(None))
    if TimeClass.OPEN_OVERDUE.value in classes:
        ranges.append(column < as_of)
    soon, within = TimeClass.DUE_SOON.value in classes, TimeClass.OPEN_WITHIN.value in classes
    if soon and within or within and soon_until is None:
        ranges.append(column >= as_of)
    elif soon and soon_until is not None:
        ranges.append(and_(column >= as_of, column <= soon_until))
    elif within:
        ranges.append(column > soon_until)
    return or_(*ranges) if ranges else false()  # due soon without a soon_until: none


OPEN_CLASSES = {TimeClass.OPEN_WITHIN.value, TimeClass.DUE_SOON.value, TimeClass.OPEN_OVERDUE.value,
                TimeClass.UNDATED.value}


@dataclass(frozen=True)
class Part:
    """One disjoint piece of a time class: `few` when it holds only tasks changed after the date."""

    condition: object
    few: bool = False


def class_parts(tc: str | set[str], as_of: date, soon_until: date | None) -> list[Part]:
    """Disjoint conditions whose union is "time class `tc` (or TC_GROUPS[tc]) as of `as_of`".

    The SQL twin of the time class (deadlines.time_class_sql) needs the deadline in force on the date,
    which only the history knows; evaluated for every visible task it made the list scan them all.
    Here each part is a range on indexed columns: done classes by confirmed_on; open classes by
    confirmed_on IS NULL (or confirmed after the date: `rare`) with due_on when the deadline is
    unchanged since the date, and only the tasks re-dated after it (`rare`) read the history, joined
    once as deadlines_then_sql rather than looked up per task. tests/tasks/test_list_classes.py holds
    every part to the rule.
    """
    classes = set(TC_GROUPS.get(tc, [tc])) if isinstance(tc, str) else tc
    counted = deadlines.is_counted_sql(Task, as_of)
    parts = []
    if TimeClass.NOT_COUNTED.value in classes:
        parts.append(Part(~counted))
    done = Task.confirmed_on <= as_of
    on_time = deadlines.done_on_time_sql(Task)
    if {TimeClass.DONE_ON_TIME.value, TimeClass.DONE_LATE.value} <= classes:
        parts.append(Part(and_(counted, done)))
    elif TimeClass.DONE_ON_TIME.value in classes:
        parts.append(Part(and_(counted, done, on_time)))
    elif TimeClass.DONE_LATE.value in classes:
        parts.append(Part(and_(counted, done, ~on_time)))
    open_classes = classes & OPEN_CLASSES
    if open_classes:
        unchanged = or_(Task.due_changed_on.is_(None), Task.due_changed_on <= as_of)
        due_now = _due_in(Task.due_on, open_classes, as_of, soon_until)
        parts.append(Part(and_(counted, Task.confirmed_on.is_(None), unchanged, due_now)))
        parts.append(Part(and_(counted, rare(Task.confirmed_on > as_of), unchanged, due_now), few=True))
        then = deadlines.deadlines_then_sql(Task, TaskDeadline.__table__, as_of)
        dated_then = select(then.c.task_id).where(then.c.due_on.is_not(None))
        due_then = [Task.id.in_(select(then.c.task_id).where(_due_in(then.c.due_on, open_classes - {
            TimeClass.UNDATED.value}, as_of, soon_until)))] if open_classes - {TimeClass.UNDATED.value} else []
        if TimeClass.UNDATED.value in open_classes:
            due_then.append(Task.id.not_in(dated_then))
        not_done = or_(Task.confirmed_on.is_(None), Task.confirmed_on > as_of)
        parts.append(Part(and_(counted, rare(Task.due_changed_on > as_of), not_done, or_(*due_then)), few=True))
    return parts


def time_class_where(tc: str, as_of: date, soon_until: date | None = None):
    """One WHERE condition: the task is in time class `tc` (a TC_FILTERS value) as of `as_of`.

    For callers that page their own way (the API pages by id); the parts stay index-friendly. Pass
    `soon_until` (soon_until_for) for due_soon / open_within: without it no task is due soon.
    """
    return or_(*(part.condition for part in class_parts(tc, as_of, soon_until)))


def time_class_column(as_of: date, soon_until: date | None):
    """Each task's time class as of `as_of` (not-counted for withdrawn or not yet assigned), for a page's rows."""
    tc_expr = deadlines.time_class_sql(Task, TaskDeadline.__table__, as_of, soon_until)
    return case((deadlines.is_counted_sql(Task, as_of), tc_expr), else_=TimeClass.NOT_COUNTED.value)


def count_tasks(session: Session, query, tc: str | None, as_of: date, soon_until: date | None = None) -> int:
    """How many tasks of `query` (a SELECT of Task, e.g. filtered_tasks(...)) are in class `tc` as of `as_of`.

    Counted part by part (each by its own index), never by classifying every task; `tc=None` counts
    `query` as it is.
    """
    _tune(session)
    if soon_until is None:
        soon_until = soon_until_for(session, as_of)
    return _count(session, query, class_parts(tc, as_of, soon_until) if tc else None)


def soon_until_for(session: Session, as_of: date) -> date:
    """The last day of the "due soon" window after `as_of` (working days, from the calendar)."""
    from tracker.core import settings
    from tracker.core.calendar import load_calendar

    return load_calendar(session).add_working_days(as_of, settings.current.due_soon_working_days)


def _count(session: Session, query, parts: list[Part] | None) -> int:
    if parts is None:
        return session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    selects = [query.with_only_columns(Task.id).order_by(None).where(part.condition) for part in parts]
    return session.scalar(select(func.count()).select_from(union_all(*selects).subquery())) if selects else 0


def filtered_tasks(user, f: TaskFilters, as_of: date):
    """The tasks `user` may see, narrowed by every filter of `f` except the time class."""
    query = visible_tasks(user)
    if f.as_of and not f.tc:  # a drill-down "as of D" lists the tasks counted on D, as the report did
        query = query.where(deadlines.is_counted_sql(Task, as_of))
    if f.status:
        query = query.where(Task.status == f.status)
    if f.due_from:
        query = query.where(Task.due_on >= f.due_from)
    if f.due_to:
        query = query.where(Task.due_on <= f.due_to)
    if f.document:
        query = query.where(Task.document_id == f.document)
    if f.q:
        query = query.where(Task.content_folded.contains(fold(f.q), autoescape=True))
    if f.agency or f.report:
        from tracker.reports.queries import filtered

        # A drill-down "as of D" selects by the lead, leader, field and key flag in force on D, as the
        # report counted; a plain list by the current ones.
        query = filtered(query, f.report_filters(), as_of if f.as_of else None)
    return query


@dataclass
class TaskPage:
    rows: list[tuple[Task, str]]  # (task, time class value)
    total: int
    page: int
    has_next: bool


FINISHED = ("done", "withdrawn")


def _ranks(tc: str | None, as_of: date, soon_until: date | None) -> tuple[list, list]:
    """The list's order in groups: open overdue first, then the rest unless done or withdrawn, then those.

    Returns the overdue parts (if `tc` takes them in) and the parts of the rest of `tc`; each group is
    read in due order one at a time, so the first page of the overdue list reads only the first
    overdue tasks by index.
    """
    wanted = set(TC_GROUPS.get(tc, [tc])) if tc else {t.value for t in TimeClass}
    overdue = TimeClass.OPEN_OVERDUE.value
    first = class_parts({overdue}, as_of, soon_until) if overdue in wanted else []
    return first, class_parts(wanted - {overdue}, as_of, soon_until)


def _tune(session: Session) -> None:
    from tracker.reports.queries import tune

    tune(session)


def task_list(session: Session, user, f: TaskFilters, as_of: date, soon_until: date, page_size: int) -> TaskPage:
    """One page of the tasks `user` may see: overdue first, then by deadline (undated last)."""
    _tune(session)
    query = filtered_tasks(user, f, as_of)
    first, rest = _ranks(f.tc, as_of, soon_until)
    total = _count(session, query, first + rest if f.tc else None)
    wanted = (f.page - 1) * page_size + page_size + 1
    finished = Task.status.in_(FINISHED)
    due = Task.due_on.asc().nulls_last()
    ids: list[int] = []
    groups = ([(p, p.condition) for p in first], [(p, and_(p.condition, ~finished)) for p in rest],
              [(p, and_(p.condition, finished)) for p in rest])
    for group in groups:
        if len(ids) >= wanted or not group:
            continue
        parts = []
        for part, condition in group:
            # A part of few tasks is read whole: ordered and cut, the planner would walk the deadline
            # index over every task looking for them.
            piece = query.with_only_columns(Task.id, Task.due_on).where(condition)
            if not part.few:
                piece = piece.order_by(due, Task.id).limit(wanted - len(ids))
            parts.append(select(*piece.subquery().c))
        found = union_all(*parts).subquery()
        ids += session.scalars(select(found.c.id).order_by(found.c.due_on.asc().nulls_last(), found.c.id)
                               .limit(wanted - len(ids))).all()
    ids = ids[(f.page - 1) * page_size:]
    tc_value = time_class_column(as_of, soon_until)
    loaded = {t.id: (t, v) for t, v in session.execute(
        select(Task, tc_value).where(Task.id.in_(ids[:page_size]))
        .options(joinedload(Task.document), joinedload(Task.lead_agency))).all()}
    return TaskPage([loaded[i] for i in ids[:page_size]], total, f.page, len(ids) > page_size)


def load_visible_task(session: Session, user, task_id: int) -> Task | None:
    """The task page's load: None (→ 404) when `user` may not see it."""
    return session.scalar(
        visible_tasks(user).where(Task.id == task_id).options(
            joinedload(Task.document), joinedload(Task.lead_agency), selectinload(Task.co_agencies),
            selectinload(Task.updates).selectinload(ProgressUpdate.attachments),
            selectinload(Task.updates).joinedload(ProgressUpdate.author),
            selectinload(Task.updates).joinedload(ProgressUpdate.agency),
            selectinload(Task.extensions), selectinload(Task.deadline_history))
    )


# ---- timeline --------------------------------------------------------------------------------

ACTIONS = {
    "create": "Giao nhiệm vụ",
    "acknowledge": "Tiếp nhận",
    "progress": "Báo cáo tiến độ",
    "report": "Báo cáo hoàn thành",
    "request_extension": "Đề nghị gia hạn",
    "decline": "Đề nghị giao lại",
    "input": "Ý kiến phối hợp",
    "confirm": "Xác nhận hoàn thành",
    "return": "Trả lại báo cáo",
    "extension_approved": "Đồng ý gia hạn",
    "extension_refused": "Không đồng ý gia hạn",
    "reassign": "Giao lại cơ quan chủ trì",
    "withdraw": "Dừng thực hiện",
    "edit": "Chỉnh sửa",
    "became_overdue": "Chuyển sang quá hạn",
    "merge": "Chuyển cơ quan do sáp nhập",
    "create_occurrence": "Tạo nhiệm vụ của kỳ mới",
    "remind": "Nhắc nhở",
}

FIELDS = {
    "status": "Trạng thái", "content": "Nội dung", "lead_agency_id": "Cơ quan chủ trì", "due_on": "Thời hạn",
    "is_key": "Trọng tâm", "field": "Lĩnh vực", "officer_id": "Chuyên viên theo dõi",
    "leader_id": "Lãnh đạo phụ trách", "item_ref": "Mục", "kind": "Loại", "reported_on": "Ngày báo cáo",
    "confirmed_on": "Ngày xác nhận", "withdrawn_on": "Ngày dừng", "co_agency_ids": "Cơ quan phối hợp",
    "proposed_due_on": "Thời hạn đề nghị", "after_deadline": "Đề nghị sau thời hạn",
    "doc_number": "Số văn bản quyết định",
}

KINDS = {"dated": "Có thời hạn", "undated": "Thường xuyên", "periodic": "Định kỳ"}


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class Event:
    entry: JournalEntry
    action: str
    changes: list[Change]


def _ids(entries, keys) -> set[int]:
    found: set[int] = set()
    for e in entries:
        for values in (e.before or {}, e.after or {}):
            for key in keys:
                value = values.get(key)
                found.update(value if isinstance(value, list) else [value] if value else [])
    return found


def _human(key: str, value, agencies: dict, users: dict) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if key == "status":
        return label(value)
    if key in ("lead_agency_id", "co_agency_ids"):
        ids = value if isinstance(value, list) else [value]
        return ", ".join(agencies.get(i, f"#{i}") for i in ids)
    if key in ("officer_id", "leader_id"):
        return users.get(value, f"#{value}")
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if key == "kind":
        return KINDS.get(value, value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        try:
            return format_date(date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def timeline(session: Session, task: Task) -> list[Event]:
    """Every journal row of the task, oldest first, with names and dd/mm/yyyy instead of ids."""
    entries = session.scalars(select(JournalEntry).where(JournalEntry.task_id == task.id)
                              .options(joinedload(JournalEntry.actor)).order_by(JournalEntry.id)).all()
    agency_ids = _ids(entries, ("lead_agency_id", "co_agency_ids"))
    user_ids = _ids(entries, ("officer_id", "leader_id"))
    agencies = dict(session.execute(select(Agency.id, Agency.name).where(Agency.id.in_(agency_ids))).all())
    users = {u.id: u.display_name for u in session.scalars(select(User).where(User.id.in_(user_ids)))}
    events = []
    for e in entries:
        before, after = e.before or {}, e.after or {}
        keys = list(dict.fromkeys([*before, *after]))
        changes = [Change(FIELDS.get(k, k), _human(k, before.get(k), agencies, users) if k in before else "",
                          _human(k, after.get(k), agencies, users)) for k in keys if k != "content" or e.action != "create"]
        events.append(Event(e, ACTIONS.get(e.action, e.action), changes))
    return events


def agency_choices(session: Session) -> list[tuple[int, str]]:
    rows = session.execute(select(Agency.id, Agency.name).where(Agency.active.is_(True))
                           .order_by(Agency.order, Agency.name))
    return [(agency_id, name) for agency_id, name in rows]


def user_choices(session: Session, role: str | None = None) -> list[tuple[int, str]]:
    query = select(User).where(User.active.is_(True)).order_by(User.full_name, User.username)
    if role:
        query = query.where(User.role == role)
    return [(u.id, u.display_name) for u in session.scalars(query)]
