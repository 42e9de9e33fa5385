"""Task list, task page and the workflow actions: load (404) → check (403) → service → commit → redirect."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm.exc import StaleDataError

from tracker.agencies.models import Agency
from tracker.auth import permissions as perm
from tracker.core import clock, settings
from tracker.core.calendar import load_calendar
from tracker.core.errors import DomainError, PermissionDenied, StaleObject
from tracker.extensions import db
from tracker.tasks import deadlines, forms, queries, services
from tracker.tasks.deadlines import TimeClass
from tracker.tasks.models import ExtensionRequest
from tracker.tasks.status import Status

bp = Blueprint("tasks", __name__)

STALE = "Nhiệm vụ đã có thay đổi, vui lòng tải lại trang."


def _soon_until(today):
    return load_calendar(db.session).add_working_days(today, settings.current.due_soon_working_days)


@bp.route("/")
@bp.route("/tasks")
@login_required
def index():
    filters = queries.parse_filters(request.args)
    for message in filters.errors:
        flash(message, "warning")
    as_of = filters.as_of or clock.today()
    page = queries.task_list(db.session, current_user, filters, as_of, _soon_until(as_of),
                             current_app.config["PAGE_SIZE"])
    agencies = queries.agency_choices(db.session) if current_user.role in perm.STAFF else []
    return render_template("tasks/index.html", page=page, f=filters, agencies=agencies, statuses=list(Status),
                           time_classes=list(TimeClass))


def _load(task_id: int):
    task = queries.load_visible_task(db.session, current_user, task_id)
    if task is None:
        abort(404)
    return task


def _render_show(task, code: int = 200):
    today = clock.today()
    tc = task.time_class(today, _soon_until(today))
    context = {
        "task": task,
        "tc": tc,
        "days_overdue": deadlines.days_overdue(task.due_on, today) if tc is TimeClass.OPEN_OVERDUE else 0,
        "events": queries.timeline(db.session, task),
        "pending": [e for e in task.extensions if e.state == "pending"],
        "agencies": queries.agency_choices(db.session) if perm.can_reassign(current_user, task) else [],
    }
    return render_template("tasks/show.html", **context), code


@bp.route("/tasks/<int:task_id>")
@login_required
def show(task_id: int):
    return _render_show(_load(task_id))


# ---- actions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    form: type
    allowed: Callable
    run: Callable
    done: str


def _lead(action: str) -> Callable:
    return lambda user, task: perm.can_lead_action(user, task, action)


def _decide(session, actor, as_of, task, form):
    request_ = session.get(ExtensionRequest, form.extension_id.data)
    if request_ is None or request_.task_id != task.id:
        raise DomainError("Không tìm thấy đề nghị gia hạn.")
    approve = form.decision.data == "approve"
    services.decide_extension(session, actor, as_of, request_, approve, granted_due_on=form.granted_due_on.data,
                              note=form.note.data, doc_number=form.doc_number.data, version=form.version.data)


def _reassign(session, actor, as_of, task, form):
    new_lead = session.get(Agency, form.new_lead.data) if form.new_lead.data else None
    services.reassign(session, actor, as_of, task, new_lead, note=form.note.data, version=form.version.data)


ACTIONS = {
    "acknowledge": Action(forms.VersionForm, _lead("acknowledge"), lambda s, u, d, t, f: services.acknowledge(
        s, u, d, t, version=f.version.data), "Đã tiếp nhận nhiệm vụ."),
    "progress": Action(forms.TextForm, _lead("progress"), lambda s, u, d, t, f: services.add_progress(
        s, u, d, t, f.text.data, forms.uploads(), version=f.version.data), "Đã cập nhật tiến độ."),
    "report": Action(forms.ReportForm, _lead("report"), lambda s, u, d, t, f: services.report_completion(
        s, u, d, t, f.text.data, f.result_doc_number.data, f.result_doc_date.data, forms.uploads(),
        version=f.version.data), "Đã gửi báo cáo hoàn thành."),
    "extension": Action(forms.ExtensionForm, _lead("request_extension"), lambda s, u, d, t, f:
                        services.request_extension(s, u, d, t, f.proposed_due_on.data, f.reason.data,
                                                   version=f.version.data), "Đã gửi đề nghị gia hạn."),
    "decline": Action(forms.ReasonForm, _lead("decline"), lambda s, u, d, t, f: services.decline(
        s, u, d, t, f.reason.data, version=f.version.data), "Đã gửi đề nghị giao lại."),
    "input": Action(forms.TextForm, perm.can_add_input, lambda s, u, d, t, f: services.add_input(
        s, u, d, t, f.text.data, forms.uploads()), "Đã gửi ý kiến phối hợp."),
    "confirm": Action(forms.VersionForm, perm.can_confirm, lambda s, u, d, t, f: services.confirm(
        s, u, d, t, version=f.version.data), "Đã xác nhận hoàn thành."),
    "return": Action(forms.ReasonForm, perm.can_return, lambda s, u, d, t, f: services.return_report(
        s, u, d, t, f.reason.data, version=f.version.data), "Đã trả lại báo cáo."),
    "decide": Action(forms.DecideForm, perm.can_decide_extension, _decide, "Đã quyết định gia hạn."),
    "reassign": Action(forms.ReassignForm, perm.can_reassign, _reassign, "Đã giao lại cơ quan chủ trì."),
    "withdraw": Action(forms.ReasonForm, perm.can_withdraw, lambda s, u, d, t, f: services.withdraw(
        s, u, d, t, f.reason.data, version=f.version.data), "Đã dừng thực hiện nhiệm vụ."),
}


def _first_error(form) -> str:
    for name, errors in form.errors.items():
        if errors:
            label = getattr(getattr(form, name, None), "label", None)
            text = errors[0] if isinstance(errors[0], str) else str(errors[0])
            return f"{label.text}: {text}" if label and label.text and label.text not in text else text
    return "Dữ liệu không hợp lệ."


def _fail(task_id: int, message: str, code: int):
    """Nothing is written: roll back, say why in Vietnamese, show the page again."""
    db.session.rollback()
    flash(message, "error")
    return _render_show(_load(task_id), code)


def _run(task_id: int, spec: Action, form, run: Callable):
    try:
        run()
        db.session.commit()
    except (StaleObject, StaleDataError):
        return _fail(task_id, STALE, 409)
    except PermissionDenied as exc:
        db.session.rollback()
        abort(403, exc.message)
    except DomainError as exc:
        return _fail(task_id, exc.message, 400)
    flash(spec.done, "success")
    return redirect(url_for("tasks.show", task_id=task_id))


@bp.post("/tasks/<int:task_id>/<action>")
@login_required
def act(task_id: int, action: str):
    spec = ACTIONS.get(action)
    if spec is None:
        abort(404)
    task = _load(task_id)
    if not spec.allowed(current_user, task):
        abort(403)
    form = spec.form()
    if action == "reassign":
        form.new_lead.choices = [(None, "—"), *queries.agency_choices(db.session)]
    if not form.validate():
        return _fail(task_id, _first_error(form), 400)
    return _run(task_id, spec, form, lambda: spec.run(db.session, current_user, clock.today(), task, form))


# ---- edit ------------------------------------------------------------------------------------


def _edit_form(task=None):
    form = forms.EditTaskForm(obj=task) if task is not None else forms.EditTaskForm()
    officers = [(None, "—"), *queries.user_choices(db.session, "office")]
    form.officer_id.choices = officers
    form.leader_id.choices = [(None, "—"), *queries.user_choices(db.session, "leader")]
    form.co_agencies.choices = queries.agency_choices(db.session)
    if task is not None and request.method == "GET":
        form.co_agencies.data = [a.id for a in task.co_agencies]
    return form


@bp.route("/tasks/<int:task_id>/edit", methods=["GET", "POST"])
@login_required
def edit(task_id: int):
    task = _load(task_id)
    if not perm.can_edit_task(current_user, task):
        abort(403)
    form = _edit_form(task if request.method == "GET" else None)
    if request.method == "GET":
        return render_template("tasks/edit.html", task=task, form=form)
    if not form.validate():
        flash(_first_error(form), "error")
        return render_template("tasks/edit.html", task=task, form=form), 400
    changes = {k: getattr(form, k).data for k in ("item_ref", "content", "due_on", "is_key", "field",
                                                  "officer_id", "leader_id")}
    co = [db.session.get(Agency, i) for i in form.co_agencies.data]
    try:
        services.edit_task(db.session, current_user, clock.today(), task, changes, co_agencies=co,
                           version=form.version.data)
        db.session.commit()
    except (StaleObject, StaleDataError, DomainError) as exc:
        db.session.rollback()
        stale = isinstance(exc, (StaleObject, StaleDataError))
        flash(STALE if stale else exc.message, "error")
        return render_template("tasks/edit.html", task=_load(task_id), form=form), 409 if stale else 400
    flash("Đã lưu thay đổi.", "success")
    return redirect(url_for("tasks.show", task_id=task_id))
