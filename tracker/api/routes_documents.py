"""/api/v1/documents: register a document with its tasks through the web form's service; list; get; withdraw."""

from __future__ import annotations

from flask import g
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.agencies import services as agencies
from tracker.api import schemas as s
from tracker.api.idempotency import write
from tracker.api.problems import STALE, ApiProblem
from tracker.api.spec import api_spec, responses
from tracker.api.views import bp
from tracker.auth import permissions as perm
from tracker.core import clock
from tracker.documents.models import Document
from tracker.documents.services import ItemInput, create_document
from tracker.extensions import db
from tracker.tasks import services as task_services
from tracker.tasks.models import Task

DOC_ID = "/documents/<int:document_id>"
TAG = "Văn bản"


def document_out(doc: Document) -> s.DocumentOut:
    return s.DocumentOut(id=doc.id, number=doc.number, type=doc.kind, issued=doc.issued_on, title=doc.summary,
                         issuer=doc.issuer, signer=doc.signer, source=doc.source, version=doc.version,
                         tasks=[t.id for t in doc.tasks])


def visible_documents(user):
    """Staff see every document; an agency the documents holding a task it may see."""
    query = select(Document)
    if user.role in perm.STAFF:
        return query
    task_docs = perm.visible_tasks(user).with_only_columns(Task.document_id)
    return query.where(Document.id.in_(task_docs))


def _agency_ids(names: list, what: str, groups: bool) -> tuple[list[int], list[int]]:
    """Ids pass through; names go to the one agency resolver (name, alias, abbreviation, successor)."""
    agency_ids, group_ids, missing = [], [], []
    for name in names:
        if isinstance(name, int):
            agency_ids.append(name)
            continue
        group = agencies.resolve_group(db.session, name) if groups else None
        agency = None if group else agencies.resolve(db.session, name)
        if group is not None:
            group_ids.append(group.id)
        elif agency is not None:
            agency_ids.append(agency.id)
        else:
            missing.append(name)
    if missing:
        raise ApiProblem("rule-violated", f"Không tìm thấy {what}: {', '.join(missing)}.")
    return agency_ids, group_ids


def _items(tasks: list[s.ItemIn]) -> list[ItemInput]:
    items = []
    for item in tasks:
        leads, groups = _agency_ids(item.lead, "cơ quan chủ trì", groups=True)
        co, _ = _agency_ids(item.co, "cơ quan phối hợp", groups=False)
        items.append(ItemInput(content=item.content, ref=item.ref, lead_agency_ids=leads, lead_group_ids=groups,
                               co_agency_ids=co, due_on=item.due, periodic_rrule=item.periodic or None,
                               is_key=item.key, field=item.field))
    return items


@bp.post("/documents")
@write
@api_spec.validate(json=s.DocumentIn, resp=responses(201, s.DocumentOut, write=True), tags=[TAG])
def post_document(json: s.DocumentIn):
    """Đăng ký văn bản và các nhiệm vụ (Văn phòng). Cơ quan theo id hoặc tên; nhóm cơ quan tách thành từng nhiệm vụ."""
    if not perm.can_create_document(g.api_user):
        raise ApiProblem("forbidden", "Chỉ Văn phòng được đăng ký văn bản.")
    data = {"number": json.number, "kind": json.type, "summary": json.title, "issued_on": json.issued,
            "issuer": json.issuer, "signer": json.signer, "directed_by": json.directed_by,
            "meeting_on": json.meeting_on, "source": json.source}
    document = create_document(db.session, g.api_user, clock.today(), data, _items(json.tasks))
    db.session.flush()
    return document_out(document), 201


@bp.get("/documents")
@api_spec.validate(query=s.DocumentQuery, resp=responses(200, s.DocumentList), tags=[TAG])
def list_documents(query: s.DocumentQuery):
    """Văn bản (mới nhất sau cùng), phân trang theo `after`; `q` tìm theo số, ký hiệu."""
    selected = visible_documents(g.api_user).where(Document.id > query.after)
    if query.q:
        selected = selected.where(Document.number.contains(query.q.strip(), autoescape=True))
    docs = db.session.scalars(selected.options(selectinload(Document.tasks)).order_by(Document.id)
                              .limit(query.limit + 1)).all()
    items = [document_out(d) for d in docs[:query.limit]]
    return s.DocumentList(items=items, next_after=items[-1].id if len(docs) > query.limit else None)


def _load(document_id: int) -> Document:
    doc = db.session.scalar(visible_documents(g.api_user).where(Document.id == document_id)) \
        if document_id <= s.MAX_ID else None
    if doc is None:
        raise ApiProblem("not-found", f"Không tìm thấy văn bản #{document_id}.")
    return doc


@bp.get(DOC_ID)
@api_spec.validate(resp=responses(200, s.DocumentOut), tags=[TAG])
def get_document(document_id: int):
    """Một văn bản và danh sách id nhiệm vụ của nó."""
    return document_out(_load(document_id))


class WithdrawIn(s.In):
    reason: s.Text
    version: s.Version | None = None


@bp.post(f"{DOC_ID}/withdraw")
@write
@api_spec.validate(json=WithdrawIn, resp=responses(200, s.WithdrawOut, write=True), tags=[TAG])
def withdraw_document(document_id: int, json: WithdrawIn):
    """Dừng thực hiện mọi nhiệm vụ còn mở của văn bản (Văn phòng, lãnh đạo); nhiệm vụ đã xong giữ nguyên."""
    doc = _load(document_id)
    if json.version is not None and json.version != doc.version:
        raise ApiProblem("conflict", STALE, current_version=doc.version)
    if g.api_user.role not in ("office", "admin", "leader"):
        raise ApiProblem("forbidden", "Bạn không có quyền dừng thực hiện văn bản này.")
    withdrawn, skipped, today = [], [], clock.today()
    for task in doc.tasks:
        if perm.can_withdraw(g.api_user, task):
            task_services.withdraw(db.session, g.api_user, today, task, json.reason)
            withdrawn.append(task.id)
        else:
            skipped.append(task.id)
    db.session.flush()
    return s.WithdrawOut(document=document_out(doc), withdrawn=withdrawn, skipped=skipped)

