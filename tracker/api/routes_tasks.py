"""/api/v1/tasks: the web list's filters with keyset paging and a total; the task with its timeline;
the workflow actions, each allowed to exactly the roles the web UI allows (the same `can_*`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date

from flask import g, request
from sqlalchemy.orm import joinedload, selectinload

from tracker.api import schemas as s
from tracker.api.idempotency import write
from tracker.api.problems import STALE, ApiProblem
from tracker.api.spec import api_spec, responses
from tracker.api.views import bp
from tracker.auth import permissions as perm
from tracker.core import clock, settings
from tracker.core.calendar import load_calendar
from tracker.core.errors import DomainError
from tracker.extensions import db
from tracker.tasks import queries, services
from tracker.tasks.models import ExtensionRequest, Task

TASK_ID = "/tasks/<int:task_id>"
TAG = "Nhiệm vụ"


def soon_until(as_of: date) -> date:
    return load_calendar(db.session).add_working_days(as_of, settings.current.due_soon_working_days)


def task_out(task: Task, tc: str) -> dict:
    return {
        "id": task.id, "document": {"id": task.document_id, "number": task.document.number},
        "ref": task.item_ref, "content": task.content, "kind": task.kind, "status": task.status,
        "status_label": task.status_label, "lead": {"id": task.lead_agency_id, "name": task.lead_agency.name},
        "co": [{"id": a.id, "name": a.name} for a in task.co_agencies], "due": task.due_on,
        "original_due": task.original_due_on, "time_class": tc, "is_key": task.is_key, "field": task.field,
        "leader_id": task.leader_id, "assigned_on": task.assigned_on, "reported_on": task.reported_on,
        "confirmed_on": task.confirmed_on, "withdrawn_on": task.withdrawn_on, "version": task.version,
    }


def time_class(task: Task, as_of: date) -> str:
    return task.time_class(as_of, soon_until(as_of)).value


def _detail(task: Task) -> s.TaskDetail:
    today = clock.today()
    events = queries.timeline(db.session, task)
    return s.TaskDetail(
        **task_out(task, time_class(task, today)),
        updates=[{"kind": u.kind, "on": u.on, "text": u.text, "agency": u.agency.name if u.agency else None,
                  "result_doc_number": u.result_doc_number, "result_doc_date": u.result_doc_date}
                 for u in task.updates],
        extensions=[{"id": e.id, "state": e.state, "requested_on": e.requested_on, "proposed_due": e.proposed_due_on,
                     "reason": e.reason, "after_deadline": e.after_deadline, "decided_on": e.decided_on,
                     "granted_due": e.granted_due_on, "note": e.decision_note} for e in task.extensions],
        timeline=[{"id": ev.entry.id, "at": ev.entry.at.replace(tzinfo=UTC), "on": ev.entry.on, "action": ev.entry.action,
                   "label": ev.action, "actor": ev.entry.actor.display_name if ev.entry.actor else None,
                   "via": ev.entry.via, "note": ev.entry.note,
                   "changes": [{"field": c.field, "before": c.before, "after": c.after} for c in ev.changes]}
                  for ev in events],
    )


def _filters(query: s.TaskQuery) -> queries.TaskFilters:
    """The API's parameters as the web list's filters (the names differ only for time_class)."""
    report = {k: str(v) for k, v in (("leader", query.leader), ("field", query.field)) if v}
    return queries.TaskFilters(status=query.status, tc=query.time_class, due_from=query.due_from,
                               due_to=query.due_to, document=query.document, agency=query.agency,
                               q=(query.q or "").strip(), as_of=query.as_of, report=report)


@bp.get("/tasks")
@api_spec.validate(query=s.TaskQuery, resp=responses(200, s.TaskList), tags=[TAG])
def list_tasks(query: s.TaskQuery):
    """Nhiệm vụ được xem, lọc như danh sách trên web; phân trang theo `after` (id), kèm `total`."""
    as_of = query.as_of or clock.today()
    soon, f = soon_until(as_of), _filters(query)
    selected = queries.filtered_tasks(g.api_user, f, as_of)
    total = queries.count_tasks(db.session, selected, f.tc, as_of, soon)
    if f.tc:
        selected = selected.where(queries.time_class_where(f.tc, as_of, soon))
    rows = db.session.execute(
        selected.add_columns(queries.time_class_column(as_of, soon)).where(Task.id > query.after)
        .options(joinedload(Task.document), joinedload(Task.lead_agency), selectinload(Task.co_agencies))
        .order_by(Task.id).limit(query.limit + 1)).all()
    items = [task_out(t, tc) for t, tc in rows[:query.limit]]
    more = len(rows) > query.limit
    return s.TaskList(items=items, total=total, next_after=items[-1]["id"] if more else None)


def load(task_id: int) -> Task:
    """404 (never 403) for a task the token's user may not see, so ids cannot be probed."""
    task = queries.load_visible_task(db.session, g.api_user, task_id) if task_id <= s.MAX_ID else None
    if task is None:
        raise ApiProblem("not-found", f"Không tìm thấy nhiệm vụ #{task_id}.")
    return task


@bp.get(TASK_ID)
@api_spec.validate(resp=responses(200, s.TaskDetail), tags=[TAG])
def get_task(task_id: int):
    """Chi tiết nhiệm vụ: báo cáo, đề nghị gia hạn và toàn bộ lịch sử thay đổi. ETag là phiên bản."""
    task = load(task_id)
    return _detail(task), 200, {"ETag": f'"v{task.version}"'}


# ---- actions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    allowed: Callable
    run: Callable  # (session, actor, as_of, task, body)


def _lead(action: str) -> Callable:
    return lambda user, task: perm.can_lead_action(user, task, action)


def _decide(session, actor, as_of, task, body: s.DecisionIn):
    pending = session.query(ExtensionRequest).filter_by(task_id=task.id, state="pending").first()
    if pending is None:
        raise DomainError("Nhiệm vụ không có đề nghị gia hạn đang chờ quyết định.")
    services.decide_extension(session, actor, as_of, pending, body.approve, granted_due_on=body.granted_due,
                              note=body.note, doc_number=body.doc_number, version=body.version)


ACTIONS = {
    "acknowledge": Action(_lead("acknowledge"), lambda se, u, d, t, b: services.acknowledge(
        se, u, d, t, version=b.version)),
    "progress": Action(_lead("progress"), lambda se, u, d, t, b: services.add_progress(
        se, u, d, t, b.text, version=b.version)),
    "report": Action(_lead("report"), lambda se, u, d, t, b: services.report_completion(
        se, u, d, t, b.result, b.result_doc_number, b.result_doc_date, version=b.version)),
    "extension": Action(_lead("request_extension"), lambda se, u, d, t, b: services.request_extension(
        se, u, d, t, b.proposed_due, b.reason, version=b.version)),
    "decision": Action(perm.can_decide_extension, _decide),
    "decline": Action(_lead("decline"), lambda se, u, d, t, b: services.decline(se, u, d, t, b.reason,
                                                                                 version=b.version)),
    "confirm": Action(perm.can_confirm, lambda se, u, d, t, b: services.confirm(se, u, d, t, version=b.version)),
    "return": Action(perm.can_return, lambda se, u, d, t, b: services.return_report(
        se, u, d, t, b.reason, version=b.version)),
    "withdraw": Action(perm.can_withdraw, lambda se, u, d, t, b: services.withdraw(
        se, u, d, t, b.reason, version=b.version)),
}


def _check_version(task: Task, version: int | None) -> None:
    """A stale `version` is a 409, a stale If-Match a 412; checked before permission, so a lost state
    race reads as a conflict, not as 'no permission'."""
    if_match = request.headers.get("If-Match")
    if if_match is not None and if_match.strip() not in (f'"v{task.version}"', f'W/"v{task.version}"', "*"):
        raise ApiProblem("precondition-failed", STALE, current_version=task.version)
    if version is not None and version != task.version:
        raise ApiProblem("conflict", STALE, current_version=task.version)


def act(task_id: int, name: str, body) -> s.TaskDetail:
    task = load(task_id)
    _check_version(task, body.version)
    action = ACTIONS[name]
    if not action.allowed(g.api_user, task):
        raise ApiProblem("forbidden", "Bạn không có quyền thực hiện thao tác này với nhiệm vụ ở trạng thái hiện tại.")
    action.run(db.session, g.api_user, clock.today(), task, body)
    db.session.flush()
    return _detail(task)


def _route(name: str, model, summary: str):
    def view(task_id: int, json):
        return act(task_id, name, json)

    view.__name__ = f"task_{name}"
    view.__doc__ = summary
    view.__annotations__ = {"task_id": int, "json": model}
    decorated = api_spec.validate(json=model, resp=responses(200, s.TaskDetail, write=True), tags=[TAG])(view)
    bp.add_url_rule(f"{TASK_ID}/{name}", endpoint=view.__name__, view_func=write(decorated), methods=["POST"])


for _name, _model, _summary in (
    ("acknowledge", s.VersionIn, "Tiếp nhận nhiệm vụ (cơ quan chủ trì)."),
    ("progress", s.ProgressIn, "Báo cáo tiến độ (cơ quan chủ trì)."),
    ("report", s.ReportIn, "Báo cáo hoàn thành (cơ quan chủ trì)."),
    ("extension", s.ExtensionIn, "Đề nghị gia hạn (cơ quan chủ trì, trước thời hạn)."),
    ("decision", s.DecisionIn, "Quyết định đề nghị gia hạn đang chờ (lãnh đạo; Văn phòng nếu được cấu hình)."),
    ("decline", s.ReasonIn, "Đề nghị giao lại (cơ quan chủ trì)."),
    ("confirm", s.VersionIn, "Xác nhận hoàn thành (Văn phòng)."),
    ("return", s.ReasonIn, "Trả lại báo cáo hoàn thành (Văn phòng)."),
    ("withdraw", s.ReasonIn, "Dừng thực hiện nhiệm vụ (Văn phòng, lãnh đạo)."),
):
    _route(_name, _model, _summary)
