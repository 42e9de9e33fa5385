"""/api/v1 agencies (list, resolve), reports (the `tracker report --format json` roll-up) and changes (sync)."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, g
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload

from tracker.agencies import services as agencies
from tracker.agencies.models import Agency
from tracker.api import schemas as s
from tracker.api.problems import ApiProblem
from tracker.api.routes_documents import document_out, visible_documents
from tracker.api.routes_tasks import soon_until, task_out, time_class
from tracker.api.spec import api_spec, responses
from tracker.api.views import bp
from tracker.auth import permissions as perm
from tracker.core import clock
from tracker.core.models import JournalEntry
from tracker.documents.models import Document
from tracker.extensions import db
from tracker.reports import queries as reports
from tracker.tasks.models import Task


def _agency_out(a: Agency) -> dict:
    return {"id": a.id, "name": a.name, "short_name": a.short_name, "kind": a.kind}


@bp.get("/agencies")
@api_spec.validate(resp=responses(200, s.AgencyList), tags=["Cơ quan"])
def list_agencies():
    """Danh mục cơ quan đang hoạt động."""
    rows = db.session.scalars(select(Agency).where(Agency.active.is_(True)).order_by(Agency.order, Agency.name))
    return s.AgencyList(items=[_agency_out(a) for a in rows])


@bp.get("/agencies/resolve")
@api_spec.validate(query=s.ResolveQuery, resp=responses(200, s.ResolveOut), tags=["Cơ quan"])
def resolve_agency(query: s.ResolveQuery):
    """Tên, tên viết tắt hoặc tên cũ (trước sáp nhập) → cơ quan phụ trách hôm nay, hoặc nhóm cơ quan."""
    group = agencies.resolve_group(db.session, query.name)
    agency = None if group else agencies.resolve(db.session, query.name)
    return s.ResolveOut(query=query.name, agency=_agency_out(agency) if agency else None,
                        group={"id": group.id, "name": group.name} if group else None)


@bp.get("/reports")
@api_spec.validate(query=s.ReportQuery, resp=responses(200, s.ReportOut), tags=["Báo cáo"])
def report(query: s.ReportQuery):
    """Báo cáo tổng hợp tính đến `as_of` (cùng dạng với `tracker report --format json`); cơ quan chỉ thấy mình."""
    if not perm.can_view_reports(g.api_user):
        raise ApiProblem("forbidden", "Bạn không có quyền xem báo cáo.")
    as_of = query.as_of or clock.today()
    filters = reports.Filters(date_from=query.date_from, date_to=query.date_to or as_of)
    if filters.date_from and filters.date_from > filters.date_to:
        raise ApiProblem("validation", "Ngày bắt đầu sau ngày kết thúc.",
                         [{"field": "from", "message": "Ngày bắt đầu sau ngày kết thúc.", "code": "range"}])
    if g.api_user.role not in perm.STAFF:
        filters.agency_id = g.api_user.agency_id
    result = reports.rollup(db.session, as_of, query.by, filters, soon_until(as_of),
                            current_app.config["REPORT_PERIOD_START_DAY"])
    return s.ReportOut.model_validate(result.as_json())


@bp.get("/changes")
@api_spec.validate(query=s.ChangesQuery, resp=responses(200, s.ChangesOut), tags=["Đồng bộ"])
def changes(query: s.ChangesQuery):
    """Nhiệm vụ và văn bản được tạo hoặc thay đổi sau con trỏ `since`, theo thứ tự; mỗi đối tượng một lần
    mỗi trang, ở vị trí thay đổi cuối cùng của nó, kèm trạng thái hiện tại. Không có xóa (dừng là một trạng thái)."""
    settle = timedelta(seconds=current_app.config.get("API_CHANGES_SETTLE_SECONDS", 5))
    entries = db.session.execute(
        select(JournalEntry.id, JournalEntry.entity, JournalEntry.entity_id, JournalEntry.task_id,
               JournalEntry.action)
        .where(JournalEntry.id > query.since, JournalEntry.at <= clock.now() - settle,
               or_(JournalEntry.task_id.is_not(None), JournalEntry.entity == "document"))
        .order_by(JournalEntry.id).limit(query.limit + 1)).all()
    more = len(entries) > query.limit
    entries = entries[:query.limit]
    latest: dict[tuple[str, int], tuple[int, str]] = {}
    for e in entries:
        key = ("task", e.task_id) if e.task_id is not None else ("document", e.entity_id)
        latest.pop(key, None)  # keep the last change's position
        latest[key] = (e.id, e.action)
    task_ids = [i for kind, i in latest if kind == "task"]
    doc_ids = [i for kind, i in latest if kind == "document"]
    tasks = {t.id: t for t in db.session.scalars(
        perm.visible_tasks(g.api_user).where(Task.id.in_(task_ids)).options(
            joinedload(Task.document), joinedload(Task.lead_agency), selectinload(Task.co_agencies)))} \
        if task_ids else {}
    docs = {d.id: d for d in db.session.scalars(
        visible_documents(g.api_user).where(Document.id.in_(doc_ids)).options(selectinload(Document.tasks)))} if doc_ids else {}
    today = clock.today()
    items = []
    for (kind, object_id), (cursor, action) in sorted(latest.items(), key=lambda kv: kv[1][0]):
        if kind == "task" and object_id in tasks:
            items.append({"cursor": cursor, "entity": kind, "id": object_id, "action": action,
                          "task": task_out(tasks[object_id], time_class(tasks[object_id], today))})
        elif kind == "document" and object_id in docs:
            items.append({"cursor": cursor, "entity": kind, "id": object_id, "action": action,
                          "document": document_out(docs[object_id])})
    return s.ChangesOut(items=items, next=entries[-1].id if entries else query.since, more=more)
