"""Read side of the task screens: list filters and paging (in SQL), and the task timeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from tracker.agencies.models import Agency
from tracker.auth.models import User
from tracker.auth.permissions import visible_tasks
from tracker.core.models import JournalEntry
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


def _tc_condition(tc_expr, task, as_of: date, tc: str):
    counted = deadlines.is_counted_sql(task, as_of)
    if tc == TimeClass.NOT_COUNTED:
        return ~counted
    return counted & tc_expr.in_(TC_GROUPS.get(tc, [tc]))


@dataclass
class TaskPage:
    rows: list[tuple[Task, str]]  # (task, time class value)
    total: int
    page: int
    has_next: bool


def _filtered(query, f: TaskFilters, tc_expr, as_of: date):
    if f.status:
        query = query.where(Task.status == f.status)
    if f.tc:
        query = query.where(_tc_condition(tc_expr, Task, as_of, f.tc))
    elif f.as_of:  # a drill-down "as of D" lists the tasks counted on D, as the report did
        query = query.where(deadlines.is_counted_sql(Task, as_of))
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


def filtered_tasks(user, f: TaskFilters, as_of: date, soon_until: date):
    """The list's SELECT (tasks `user` may see, narrowed by `f`) and its time-class column.

    The web list and the API both start here, so a filter means the same on both."""
    tc_expr = deadlines.time_class_sql(Task, TaskDeadline.__table__, as_of, soon_until)
    tc_value = case((deadlines.is_counted_sql(Task, as_of), tc_expr), else_=TimeClass.NOT_COUNTED.value)
    return _filtered(visible_tasks(user), f, tc_expr, as_of), tc_value


def count_tasks(session: Session, query) -> int:
    return session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))


def task_list(session: Session, user, f: TaskFilters, as_of: date, soon_until: date, page_size: int) -> TaskPage:
    """One page of the tasks `user` may see: overdue first, then by deadline (undated last)."""
    query, tc_value = filtered_tasks(user, f, as_of, soon_until)
    total = count_tasks(session, query)
    rank = case((tc_value == TimeClass.OPEN_OVERDUE.value, 0), (Task.status.in_(["done", "withdrawn"]), 2), else_=1)
    rows = session.execute(
        query.add_columns(tc_value)
        .options(joinedload(Task.document), joinedload(Task.lead_agency))
        .order_by(rank, Task.due_on.is_(None), Task.due_on, Task.id)
        .offset((f.page - 1) * page_size)
        .limit(page_size + 1)
    ).all()
    return TaskPage([(t, v) for t, v in rows[:page_size]], total, f.page, len(rows) > page_size)


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
