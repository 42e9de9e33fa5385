"""Register a directive document and its tasks (manual form, notice import and spreadsheet import)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.agencies.models import Agency, AgencyGroup
from tracker.auth import permissions as perm
from tracker.core import journal, limits
from tracker.core.errors import DomainError, PermissionDenied
from tracker.core.text import fold
from tracker.documents import files
from tracker.documents.models import DOCUMENT_KINDS, Document
from tracker.notifications.events import emit
from tracker.tasks.models import Task, TaskDeadline
from tracker.tasks.status import Status

DOC_FIELDS = ("number", "kind", "issued_on", "issuer", "signer", "directed_by", "leader_id", "summary",
              "meeting_on", "source")


@dataclass
class ItemInput:
    """One directive item; several leads (or a group) fan out into one task each."""

    content: str
    lead_agency_ids: list[int] = field(default_factory=list)
    lead_group_ids: list[int] = field(default_factory=list)
    co_agency_ids: list[int] = field(default_factory=list)
    ref: str | None = None
    due_on: date | None = None
    due_text: str | None = None
    periodic_rrule: str | None = None
    is_key: bool = False
    field: str | None = None
    officer_id: int | None = None
    leader_id: int | None = None
    lead_text: str | None = None
    co_text: str | None = None
    # Historical imports carry their own dates and state.
    status: str = Status.NEW.value
    assigned_on: date | None = None
    reported_on: date | None = None
    confirmed_on: date | None = None


def _validate_doc(data: dict) -> dict:
    data = {k: data.get(k) for k in DOC_FIELDS}
    data["number"] = (data.get("number") or "").strip()
    if not data["number"]:
        raise DomainError("Vui lòng nhập số, ký hiệu văn bản.")
    if data.get("kind") not in DOCUMENT_KINDS:
        raise DomainError("Loại văn bản không hợp lệ.")
    data["summary"] = (data.get("summary") or "").strip()
    data["issuer"] = (data.get("issuer") or "").strip() or "UBND tỉnh"
    data["source"] = data.get("source") or "province"
    for name, what, limit in DOC_LIMITS:
        limits.check(data.get(name), what, limit)
    return data


# (field, what it is called, maximum length): the columns' sizes, said in Vietnamese before the database refuses.
DOC_LIMITS = (("number", "số, ký hiệu văn bản", limits.SHORT), ("summary", "trích yếu", limits.CONTENT),
              ("issuer", "cơ quan ban hành", 255), ("signer", "người ký", 200), ("directed_by", "ý kiến chỉ đạo", 255))


def _leads(session: Session, item: ItemInput) -> list[Agency]:
    ids = list(dict.fromkeys(item.lead_agency_ids))
    for group_id in item.lead_group_ids:
        group = session.get(AgencyGroup, group_id)
        if group is None:
            raise DomainError("Nhóm cơ quan không tồn tại.")
        ids.extend(a.id for a in group.members if a.active and a.id not in ids)
    agencies = session.scalars(select(Agency).where(Agency.id.in_(ids))).all() if ids else []
    by_id = {a.id: a for a in agencies}
    if len(by_id) != len(ids):
        raise DomainError("Có cơ quan chủ trì không tồn tại trong danh mục.")
    return [by_id[i] for i in ids]


def _check_item(n: int, item: ItemInput, as_of: date) -> None:
    where = f"Nhiệm vụ {item.ref or n}"
    if not (item.content or "").strip():
        raise DomainError(f"{where}: vui lòng nhập nội dung nhiệm vụ.")
    for value, what, limit in ((item.content, "nội dung nhiệm vụ", limits.CONTENT), (item.ref, "mục", limits.REF),
                               (item.field, "lĩnh vực", limits.SHORT), (item.due_text, "thời hạn", 255)):
        try:
            limits.check(value, what, limit)
        except DomainError as exc:
            raise DomainError(f"{where}: {exc.message}") from None
    if not item.lead_agency_ids and not item.lead_group_ids:
        raise DomainError(f"{where}: vui lòng chọn cơ quan chủ trì.")
    if item.status == Status.DONE and not (item.reported_on and item.confirmed_on):
        raise DomainError(f"{where}: nhiệm vụ đã hoàn thành cần ngày báo cáo và ngày xác nhận.")


def _new_task(session, doc: Document, item: ItemInput, lead: Agency, co: list[Agency], key: str, as_of: date,
              actor) -> Task:
    assigned = item.assigned_on or doc.meeting_on or doc.issued_on or as_of
    kind = "periodic" if item.periodic_rrule else ("dated" if item.due_on else "undated")
    status = item.status
    reported = item.reported_on if status in (Status.REPORTED, Status.DONE) else None
    task = Task(document=doc, item_ref=item.ref, item_key=key, content=item.content.strip(),
                content_folded=fold(item.content), lead_agency_id=lead.id, lead_text=item.lead_text,
                co_text=item.co_text, kind=kind, rrule=item.periodic_rrule, is_series=bool(item.periodic_rrule),
                due_on=item.due_on, original_due_on=item.due_on, due_text=item.due_text, status=status,
                is_key=item.is_key, field=item.field, source=doc.source, officer_id=item.officer_id,
                leader_id=item.leader_id or doc.leader_id, assigned_on=assigned, reported_on=reported,
                confirmed_on=item.confirmed_on if status == Status.DONE else None,
                withdrawn_on=as_of if status == Status.WITHDRAWN else None,
                judged_due_on=item.due_on if status == Status.DONE else None)
    task.co_agencies = [a for a in co if a.id != lead.id]
    session.add(task)
    session.flush()
    session.add(TaskDeadline(task_id=task.id, due_on=item.due_on, valid_from=assigned, reason="original"))
    journal.record(session, entity="task", entity_id=task.id, task_id=task.id, action="create", actor=actor,
                   on=as_of, after=journal.snapshot(task, ("status", "content", "lead_agency_id", "due_on", "item_ref")))
    return task


def create_document(session: Session, actor, as_of: date, data: dict, items: list[ItemInput],
                    uploads=()) -> Document:
    """One transaction's worth of work: the document, every task, the journal. The caller commits."""
    if actor is not None and not perm.can_create_document(actor):
        raise PermissionDenied()
    data = _validate_doc(data)
    for n, item in enumerate(items, 1):
        _check_item(n, item, as_of)
    doc = Document(**data, created_by_id=getattr(actor, "id", None))
    session.add(doc)
    session.flush()
    for upload in uploads or ():
        session.add(files.store(upload, uploaded_by=actor, document_id=doc.id))
    journal.record(session, entity="document", entity_id=doc.id, action="create", actor=actor, on=as_of,
                   after=journal.snapshot(doc, DOC_FIELDS))
    co_cache: dict[int, Agency] = {}
    for item in items:
        leads = _leads(session, item)
        co = []
        for agency_id in item.co_agency_ids:
            agency = co_cache.get(agency_id) or session.get(Agency, agency_id)
            if agency is None:
                raise DomainError("Có cơ quan phối hợp không tồn tại trong danh mục.")
            co_cache[agency_id] = agency
            co.append(agency)
        key = uuid.uuid4().hex[:12]
        for lead in leads:
            task = _new_task(session, doc, item, lead, co, key, as_of, actor)
            if task.status == Status.NEW:
                emit(session, "task_assigned", task=task, actor=actor, as_of=as_of)
    session.flush()
    return doc


def edit_document(session: Session, actor, as_of: date, doc: Document, data: dict, version: int | None = None,
                  uploads=()) -> None:
    if not perm.can_edit_document(actor, doc):
        raise PermissionDenied()
    if version is not None and int(version) != doc.version:
        from tracker.core.errors import StaleObject

        raise StaleObject("Văn bản đã có thay đổi, vui lòng tải lại trang.")
    data = _validate_doc(data)
    before = journal.snapshot(doc, DOC_FIELDS)
    for key, value in data.items():
        setattr(doc, key, value)
    for upload in uploads or ():
        session.add(files.store(upload, uploaded_by=actor, document_id=doc.id))
    b, a = journal.changed(before, journal.snapshot(doc, DOC_FIELDS))
    if a or uploads:
        journal.record(session, entity="document", entity_id=doc.id, action="edit", actor=actor, on=as_of,
                       before=b, after=a)
    session.flush()


def add_items(session: Session, actor, as_of: date, doc: Document, items: list[ItemInput]) -> list[Task]:
    """Add tasks to an existing document (the office forgot an item)."""
    if not perm.can_edit_document(actor, doc):
        raise PermissionDenied()
    created = []
    for n, item in enumerate(items, 1):
        _check_item(n, item, as_of)
        leads = _leads(session, item)
        co = [session.get(Agency, i) for i in item.co_agency_ids]
        key = uuid.uuid4().hex[:12]
        created += [_new_task(session, doc, item, lead, [c for c in co if c], key, as_of, actor) for lead in leads]
    session.flush()
    for task in created:
        emit(session, "task_assigned", task=task, actor=actor, as_of=as_of)
    return created
