"""Task workflow services: check permission and transition, change, journal, flush. Never commit."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from tracker.auth import permissions as perm
from tracker.core import clock, conflicts, journal, limits, settings
from tracker.core.errors import DomainError, PermissionDenied, StaleObject
from tracker.core.text import format_date
from tracker.documents import files
from tracker.notifications.events import emit
from tracker.tasks import assignments, deadlines
from tracker.tasks.models import ExtensionRequest, ProgressUpdate, Task, TaskDeadline
from tracker.tasks.status import Status, next_status

TRACKED = ("status", "content", "lead_agency_id", "due_on", "is_key", "field", "officer_id", "leader_id",
           "item_ref", "kind", "reported_on", "confirmed_on", "withdrawn_on")


def _check_version(task: Task, version: int | None) -> None:
    if version is not None and int(version) != task.version:
        raise StaleObject()


def _touch(task: Task) -> None:
    """Bump the task's version although no tracked column changed (e.g. a refused extension), so a
    concurrent writer holding the old version conflicts instead of silently passing."""
    flag_modified(task, "status")


def _require(ok: bool, message: str | None = None) -> None:
    if not ok:
        raise PermissionDenied(message) if message else PermissionDenied()


def _text(value: str | None, what: str, limit: int = limits.TEXT) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(f"Vui lòng nhập {what}.")
    return limits.check(value, what, limit)


def _optional(value: str | None, what: str, limit: int) -> str | None:
    return limits.check((value or "").strip() or None, what, limit)


def _move(session: Session, task: Task, action: str, actor, as_of: date, note: str | None = None, **changes):
    """Apply a transition and its field changes, journaling before → after."""
    before = journal.snapshot(task, TRACKED)
    task.status = next_status(action, task.status).value
    for key, value in changes.items():
        setattr(task, key, value)
    b, a = journal.changed(before, journal.snapshot(task, TRACKED))
    journal.record(session, entity="task", entity_id=task.id, task_id=task.id, action=action, actor=actor,
                   on=as_of, before=b, after=a, note=note)


def _attach(session: Session, uploads, actor, **owner) -> None:
    for upload in uploads or ():
        session.add(files.store(upload, uploaded_by=actor, **owner))


def _update(session, task, actor, as_of, kind, text, uploads=(), **extra) -> ProgressUpdate:
    update = ProgressUpdate(task=task, agency_id=actor.agency_id, author_id=actor.id, on=as_of, kind=kind,
                            text=text, **extra)
    session.add(update)
    conflicts.flush(session)
    _attach(session, uploads, actor, task_id=task.id, update_id=update.id)
    return update


# ---- lead agency ------------------------------------------------------------------------------


def acknowledge(session: Session, actor, as_of: date, task: Task, version: int | None = None) -> None:
    _check_version(task, version)
    _require(perm.can_lead_action(actor, task, "acknowledge"))
    _move(session, task, "acknowledge", actor, as_of)
    conflicts.flush(session)


def add_progress(session, actor, as_of, task, text, uploads=(), version=None) -> ProgressUpdate:
    _check_version(task, version)
    _require(perm.can_lead_action(actor, task, "progress"))
    text = _text(text, "nội dung tiến độ")
    update = _update(session, task, actor, as_of, "progress", text, uploads)
    _move(session, task, "progress", actor, as_of, note=text)
    conflicts.flush(session)
    return update


def report_completion(session, actor, as_of, task, text, result_doc_number=None, result_doc_date=None,
                      uploads=(), version=None) -> ProgressUpdate:
    _check_version(task, version)
    _require(perm.can_lead_action(actor, task, "report"))
    text = _text(text, "kết quả thực hiện")
    if result_doc_date and result_doc_date > as_of:
        raise DomainError("Ngày văn bản kết quả không được sau ngày hôm nay.")
    update = _update(session, task, actor, as_of, "completion", text, uploads,
                     result_doc_number=_optional(result_doc_number, "số văn bản báo cáo", limits.SHORT),
                     result_doc_date=result_doc_date)
    _move(session, task, "report", actor, as_of, note=text, reported_on=as_of, result_text=text,
          result_doc_number=update.result_doc_number, result_doc_date=result_doc_date)
    conflicts.flush(session)
    emit(session, "completion_reported", task=task, actor=actor, as_of=as_of)
    return update


def request_extension(session, actor, as_of, task, proposed_due_on: date | None, reason, version=None):
    _check_version(task, version)
    _require(perm.can_lead_action(actor, task, "request_extension"),
             "Không thể đề nghị gia hạn: nhiệm vụ không có thời hạn, đã có đề nghị đang chờ, hoặc bạn không phải cơ quan chủ trì.")
    reason = _text(reason, "lý do đề nghị gia hạn", limits.REASON)
    if proposed_due_on is None:
        raise DomainError("Vui lòng nhập thời hạn đề nghị (dd/mm/yyyy).")
    if proposed_due_on <= task.due_on:
        raise DomainError(f"Thời hạn đề nghị phải sau thời hạn hiện tại ({format_date(task.due_on)}).")
    request = ExtensionRequest(task=task, requested_by_id=actor.id, requested_on=as_of, current_due_on=task.due_on,
                               proposed_due_on=proposed_due_on, reason=reason, after_deadline=as_of > task.due_on)
    session.add(request)
    _touch(task)
    # A second pending request loses on the partial unique index uq_extension_requests_one_pending.
    conflicts.flush(session, PENDING_TAKEN)
    journal.record(session, entity="task", entity_id=task.id, task_id=task.id, action="request_extension",
                   actor=actor, on=as_of, before={"due_on": task.due_on},
                   after={"proposed_due_on": proposed_due_on, "after_deadline": request.after_deadline}, note=reason)
    emit(session, "extension_requested", task=task, actor=actor, as_of=as_of, extension=request)
    return request


PENDING_TAKEN = "Nhiệm vụ đã có đề nghị gia hạn đang chờ quyết định: đã có thay đổi, vui lòng tải lại trang."
DECIDED = "Đề nghị gia hạn này đã được xử lý: đã có thay đổi, vui lòng tải lại trang."


def _lock_pending(session: Session, request: ExtensionRequest) -> None:
    """Row lock on the request: of two deciders at once the second waits here, then sees the decision."""
    if request.id is not None:
        session.refresh(request, with_for_update=True)
    if request.state != "pending":
        raise StaleObject(DECIDED)


def decline(session, actor, as_of, task, reason, version=None) -> None:
    _check_version(task, version)
    _require(perm.can_lead_action(actor, task, "decline"))
    reason = _text(reason, "lý do đề nghị giao lại", limits.REASON)
    _update(session, task, actor, as_of, "decline", reason)
    _move(session, task, "decline", actor, as_of, note=reason)
    conflicts.flush(session)
    emit(session, "task_declined", task=task, actor=actor, as_of=as_of)


# ---- co-agency ----------------------------------------------------------------------------------


def add_input(session, actor, as_of, task, text, uploads=()) -> ProgressUpdate:
    _require(perm.can_add_input(actor, task), "Chỉ cơ quan phối hợp mới được góp ý kiến vào nhiệm vụ này.")
    text = _text(text, "nội dung phối hợp")
    update = _update(session, task, actor, as_of, "input", text, uploads)
    journal.record(session, entity="task", entity_id=task.id, task_id=task.id, action="input", actor=actor,
                   on=as_of, note=text)
    conflicts.flush(session)
    return update


# ---- office and leaders -------------------------------------------------------------------------


def confirm(session, actor, as_of, task, version=None, note=None) -> None:
    _check_version(task, version)
    _require(perm.can_confirm(actor, task))
    judged = deadlines.judging_due(task.history(), task.reported_on,
                                   settings.current.late_extension_erases_lateness)
    _move(session, task, "confirm", actor, as_of, note=note, confirmed_on=as_of, judged_due_on=judged)
    conflicts.flush(session)
    emit(session, "completion_confirmed", task=task, actor=actor, as_of=as_of)


def return_report(session, actor, as_of, task, reason, version=None) -> None:
    _check_version(task, version)
    _require(perm.can_return(actor, task))
    reason = _text(reason, "lý do trả lại", limits.REASON)
    _move(session, task, "return", actor, as_of, note=reason, reported_on=None)
    conflicts.flush(session)
    emit(session, "completion_returned", task=task, actor=actor, as_of=as_of, reason=reason)


def _set_deadline(session, task: Task, due_on: date | None, as_of: date, reason: str, late: bool = False,
                  extension_id: int | None = None) -> None:
    session.add(TaskDeadline(task_id=task.id, due_on=due_on, valid_from=as_of, late_grant=late, reason=reason,
                             extension_id=extension_id))
    task.due_on = due_on
    task.due_changed_on = as_of
    if due_on is not None and task.became_overdue_on and as_of <= due_on:
        task.became_overdue_on = None


def decide_extension(session, actor, as_of, request: ExtensionRequest, approve: bool, granted_due_on=None,
                     note=None, doc_number=None, version=None) -> None:
    task = request.task
    _check_version(task, version)
    _require(perm.can_decide_extension(actor, task))
    _lock_pending(session, request)
    if approve:
        granted_due_on = granted_due_on or request.proposed_due_on
        if task.due_on and granted_due_on <= task.due_on:
            raise DomainError(f"Thời hạn mới phải sau thời hạn hiện tại ({format_date(task.due_on)}).")
    elif not (note or "").strip():
        raise DomainError("Vui lòng nêu lý do không đồng ý gia hạn.")
    request.state = "approved" if approve else "refused"
    request.decided_by_id, request.decided_on = actor.id, as_of
    request.decided_at = clock.now()
    request.decision_note = _optional(note, "ý kiến, lý do", limits.REASON)
    request.decision_doc_number = _optional(doc_number, "số văn bản quyết định", limits.SHORT)
    before = {"due_on": task.due_on}
    if approve:
        request.granted_due_on = granted_due_on
        late = task.due_on is not None and as_of > task.due_on
        _set_deadline(session, task, granted_due_on, as_of, "extension", late=late, extension_id=request.id)
    _touch(task)
    journal.record(session, entity="task", entity_id=task.id, task_id=task.id,
                   action="extension_approved" if approve else "extension_refused", actor=actor, on=as_of,
                   before=before, after={"due_on": task.due_on, "doc_number": request.decision_doc_number},
                   note=request.decision_note)
    conflicts.flush(session)
    emit(session, "extension_decided", task=task, actor=actor, as_of=as_of, extension=request)


def reassign(session, actor, as_of, task, new_lead, note=None, version=None) -> None:
    _check_version(task, version)
    _require(perm.can_reassign(actor, task))
    note = _optional(note, "ghi chú", limits.REASON)
    if new_lead is None or not new_lead.active:
        raise DomainError("Vui lòng chọn cơ quan chủ trì mới (đang hoạt động).")
    if new_lead.id == task.lead_agency_id and task.status != Status.DECLINED:
        raise DomainError("Cơ quan chủ trì mới trùng với cơ quan hiện tại.")
    if new_lead in task.co_agencies:
        task.co_agencies.remove(new_lead)
    before = assignments.current(task)
    _move(session, task, "reassign", actor, as_of, note=note, lead_agency_id=new_lead.id, reported_on=None)
    assignments.record(task, before, as_of)
    conflicts.flush(session)
    emit(session, "task_assigned", task=task, actor=actor, as_of=as_of)


def withdraw(session, actor, as_of, task, reason, version=None) -> None:
    _check_version(task, version)
    _require(perm.can_withdraw(actor, task))
    reason = _text(reason, "lý do dừng thực hiện", limits.REASON)
    _move(session, task, "withdraw", actor, as_of, note=reason, withdrawn_on=as_of)
    conflicts.flush(session)


EDITABLE = ("content", "item_ref", "is_key", "field", "officer_id", "leader_id", "due_text")


def edit_task(session, actor, as_of, task, changes: dict, co_agencies=None, version=None) -> None:
    """Office corrections; a deadline change is journaled and kept in the deadline history."""
    _check_version(task, version)
    _require(perm.can_edit_task(actor, task))
    before = journal.snapshot(task, TRACKED)
    before_co = sorted(a.id for a in task.co_agencies)
    before_assignment = assignments.current(task)
    if "content" in changes:
        changes["content"] = _text(changes["content"], "nội dung nhiệm vụ", limits.CONTENT)
    if "field" in changes:  # an empty form field is no field, not a field named ""
        changes["field"] = _optional(changes["field"], "lĩnh vực", limits.SHORT)
    if "item_ref" in changes:
        limits.check(changes["item_ref"], "mục", limits.REF)
    for key in EDITABLE:
        if key in changes:
            setattr(task, key, changes[key])
    task.content_folded = fold_content(task.content)
    if "due_on" in changes and changes["due_on"] != task.due_on:
        _set_deadline(session, task, changes["due_on"], as_of, "edit")
        task.kind = "dated" if task.due_on else "undated"
    if co_agencies is not None:
        task.co_agencies = [a for a in co_agencies if a.id != task.lead_agency_id]
    assignments.record(task, before_assignment, as_of)
    b, a = journal.changed(before, journal.snapshot(task, TRACKED))
    after_co = sorted(x.id for x in task.co_agencies)
    if after_co != before_co:
        b["co_agency_ids"], a["co_agency_ids"] = before_co, after_co
    if a:
        journal.record(session, entity="task", entity_id=task.id, task_id=task.id, action="edit", actor=actor,
                       on=as_of, before=b, after=a)
    conflicts.flush(session)


def fold_content(content: str) -> str:
    from tracker.core.text import fold

    return fold(content)
