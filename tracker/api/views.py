"""JSON API v1 for other systems (the province's document-management system): token auth, same rules."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, g, jsonify, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.agencies.models import Agency
from tracker.api import tokens
from tracker.api.schema import OPENAPI
from tracker.auth import permissions as perm
from tracker.core import clock, settings
from tracker.core.calendar import load_calendar
from tracker.core.errors import DomainError, PermissionDenied
from tracker.documents.services import ItemInput, create_document
from tracker.extensions import db
from tracker.notices.services import resolver
from tracker.tasks import services
from tracker.tasks.models import Task

bp = Blueprint("api", __name__, url_prefix="/api/v1")
MAX_LIMIT = 200


@bp.before_request
def _authenticate():
    if request.endpoint == "api.openapi":
        return None
    header = request.headers.get("Authorization", "")
    user = tokens.user_for(db.session, header[7:] if header.startswith("Bearer ") else None)
    if user is None:
        return jsonify(error="Thiếu hoặc sai API token (Authorization: Bearer ...)."), 401
    g.api_user = user
    return None


@bp.errorhandler(DomainError)
def _domain_error(exc: DomainError):
    db.session.rollback()
    return jsonify(error=exc.message), 403 if isinstance(exc, PermissionDenied) else 400


def _date(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DomainError(f"Tham số {name} phải là ngày dạng YYYY-MM-DD.") from None


def _task_json(task: Task, as_of: date, soon: date, detail: bool = False) -> dict:
    data = {
        "id": task.id, "document": {"id": task.document_id, "number": task.document.number},
        "ref": task.item_ref, "content": task.content, "status": task.status, "status_label": task.status_label,
        "lead": {"id": task.lead_agency_id, "name": task.lead_agency.name},
        "co": [{"id": a.id, "name": a.name} for a in task.co_agencies],
        "due": task.due_on.isoformat() if task.due_on else None,
        "original_due": task.original_due_on.isoformat() if task.original_due_on else None,
        "time_class": task.time_class(as_of, soon).value,
        "assigned_on": task.assigned_on.isoformat(), "reported_on": task.reported_on and task.reported_on.isoformat(),
        "confirmed_on": task.confirmed_on and task.confirmed_on.isoformat(), "version": task.version,
    }
    if detail:
        data["updates"] = [{"kind": u.kind, "on": u.on.isoformat(), "text": u.text,
                            "result_doc_number": u.result_doc_number} for u in task.updates]
    return data


def _soon(as_of: date) -> date:
    return load_calendar(db.session).add_working_days(as_of, settings.current.due_soon_working_days)


@bp.get("/tasks")
def list_tasks():
    """Keyset-paged (after=<last id>), so a client can walk a million tasks cheaply."""
    args = request.args
    query = perm.visible_tasks(g.api_user).options(selectinload(Task.co_agencies), selectinload(Task.lead_agency),
                                                    selectinload(Task.document))
    if args.get("status"):
        query = query.where(Task.status == args["status"])
    for name, column in (("agency", Task.lead_agency_id), ("document", Task.document_id)):
        if args.get(name, "").isdigit():
            query = query.where(column == int(args[name]))
    if due_from := _date(args.get("due_from"), "due_from"):
        query = query.where(Task.due_on >= due_from)
    if due_to := _date(args.get("due_to"), "due_to"):
        query = query.where(Task.due_on <= due_to)
    after = int(args["after"]) if args.get("after", "").isdigit() else 0
    limit = min(int(args["limit"]) if args.get("limit", "").isdigit() else 100, MAX_LIMIT)
    tasks = db.session.scalars(query.where(Task.id > after).order_by(Task.id).limit(limit)).all()
    as_of = clock.today()
    soon = _soon(as_of)
    return jsonify(items=[_task_json(t, as_of, soon) for t in tasks],
                   next_after=tasks[-1].id if len(tasks) == limit else None)


def _visible_task(task_id: int) -> Task:
    task = db.session.get(Task, task_id)
    if task is None or not perm.can_view_task(g.api_user, task):
        abort(404)
    return task


@bp.get("/tasks/<int:task_id>")
def get_task(task_id: int):
    as_of = clock.today()
    return jsonify(_task_json(_visible_task(task_id), as_of, _soon(as_of), detail=True))


@bp.post("/tasks/<int:task_id>/progress")
def post_progress(task_id: int):
    task = _visible_task(task_id)
    body = request.get_json(silent=True) or {}
    services.add_progress(db.session, g.api_user, clock.today(), task, body.get("text"), version=body.get("version"))
    db.session.commit()
    return jsonify(_task_json(task, clock.today(), _soon(clock.today()))), 200


@bp.post("/tasks/<int:task_id>/report")
def post_report(task_id: int):
    task = _visible_task(task_id)
    body = request.get_json(silent=True) or {}
    services.report_completion(db.session, g.api_user, clock.today(), task, body.get("result"),
                               body.get("result_doc_number"), _date(body.get("result_doc_date"), "result_doc_date"),
                               version=body.get("version"))
    db.session.commit()
    return jsonify(_task_json(task, clock.today(), _soon(clock.today()))), 200


@bp.get("/agencies")
def list_agencies():
    rows = db.session.scalars(select(Agency).where(Agency.active.is_(True)).order_by(Agency.order, Agency.name))
    return jsonify(items=[{"id": a.id, "name": a.name, "short_name": a.short_name, "kind": a.kind} for a in rows])


def _tokens_for(names, resolve, what: str) -> tuple[list[int], list[int]]:
    agency_ids, group_ids, ids = [], [], [n for n in names if isinstance(n, int)]
    found, missing = resolve([n for n in names if isinstance(n, str)])
    if missing:
        raise DomainError(f"Không tìm thấy {what}: {', '.join(missing)}.")
    agency_ids = ids + [int(t[2:]) for t in found if t.startswith("a:")]
    group_ids = [int(t[2:]) for t in found if t.startswith("g:")]
    return agency_ids, group_ids


@bp.post("/documents")
def post_document():
    """Register a document with its tasks; agencies by id or by name (aliases and successors resolve)."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("tasks"), list):
        raise DomainError("Nội dung phải là JSON có trường tasks (danh sách nhiệm vụ).")
    resolve = resolver(db.session)
    items = []
    for n, item in enumerate(body["tasks"], 1):
        if not isinstance(item, dict):
            raise DomainError(f"Nhiệm vụ {n}: phải là một đối tượng JSON.")
        lead_ids, group_ids = _tokens_for(item.get("lead") or [], resolve, "cơ quan chủ trì")
        co_ids, _ = _tokens_for(item.get("co") or [], resolve, "cơ quan phối hợp")
        items.append(ItemInput(content=item.get("content") or "", ref=item.get("ref"), lead_agency_ids=lead_ids,
                               lead_group_ids=group_ids, co_agency_ids=co_ids, due_on=_date(item.get("due"), "due"),
                               is_key=bool(item.get("key")), field=item.get("field")))
    data = {"number": body.get("number"), "kind": body.get("type", "other"), "summary": body.get("title"),
            "issued_on": _date(body.get("issued"), "issued"), "issuer": body.get("issuer"),
            "signer": body.get("signer"), "directed_by": body.get("directed_by"),
            "source": body.get("source", "province")}
    document = create_document(db.session, g.api_user, clock.today(), data, items)
    db.session.commit()
    return jsonify(id=document.id, number=document.number, tasks=[t.id for t in document.tasks]), 201


@bp.get("/openapi.json")
def openapi():
    return jsonify(OPENAPI)
