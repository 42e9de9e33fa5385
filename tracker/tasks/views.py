"""Task list, task page and the workflow actions: load (404) → check (403) → service → commit → redirect."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf.csrf import CSRFError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from tracker.agencies.models import Agency
from tracker.auth import permissions as perm
from tracker.core import clock, conflicts, limits, settings, submissions
from tracker.core.calendar import load_calendar
from tracker.core.errors import DomainError, PermissionDenied, Repeated, StaleObject
from tracker.core.text import format_date
from tracker.extensions import db
from tracker.tasks import deadlines, forms, queries, services
from tracker.tasks.deadlines import TimeClass
from tracker.tasks.models import ExtensionRequest, Task, TaskPastAssignment
from tracker.tasks.status import Status

bp = Blueprint("tasks", __name__)
bp.add_app_template_global(submissions.new_token, "submission_token")
bp.add_app_template_global(limits, "limits")

STALE = "Nhiệm vụ đã có thay đổi, vui lòng tải lại trang."
ECHO_MAX = 5 * limits.TEXT
EXPIRED = "Phiên làm việc đã hết hạn: nội dung bạn nhập vẫn còn dưới đây, vui lòng bấm gửi lại."


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


def _render_show(task, code: int = 200, posted: Typed | None = None):
    """The task page; `posted` (action, values, error) reopens the form just sent with what was typed."""
    today = clock.today()
    tc = task.time_class(today, _soon_until(today))
    context = {
        "task": task,
        "tc": tc,
        "days_overdue": deadlines.days_overdue(task.due_on, today) if tc is TimeClass.OPEN_OVERDUE else 0,
        "events": queries.timeline(db.session, task),
        "pending": [e for e in task.extensions if e.state == "pending"],
        "agencies": queries.agency_choices(db.session) if perm.can_reassign(current_user, task) else [],
        "posted": posted or Typed(),
    }
    return render_template("tasks/show.html", **context), code


@bp.route("/tasks/<int:task_id>")
@login_required
def show(task_id: int):
    task = queries.load_visible_task(db.session, current_user, task_id)
    if task is None:  # a former lead agency hears what happened; anyone else gets the plain 404
        return _moved(task_id, 404) or abort(404)
    return _render_show(task)


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


@dataclass(frozen=True)
class Typed:
    """What the user sent with one action's form, so the page can put it back (and say why it was refused)."""

    action: str | None = None
    values: dict = field(default_factory=dict)
    error: str | None = None

    def here(self, action: str, key=None) -> bool:
        return action == self.action and (key is None or self.values.get("extension_id") == str(key))

    def value(self, action: str, name: str, default="", key=None):
        return self.values.get(name, default) if self.here(action, key) else default


def _typed(action: str, error: str | None = None) -> Typed:
    """The posted form; a text a little over its limit comes back to be shortened, a huge paste does not
    (it would only make a huge page)."""
    values = {k: v if len(v) <= ECHO_MAX else "" for k, v in request.form.items()
              if k not in ("csrf_token", "version", submissions.FIELD)}
    return Typed(action, values, error)


def _fail(task_id: int, action: str, message: str, code: int):
    """Nothing is written: roll back, say why in Vietnamese, show the page again with the form as typed."""
    db.session.rollback()
    task = queries.load_visible_task(db.session, current_user, task_id)
    if task is None:  # lost the race to a reassignment
        return _moved(task_id) or abort(404)
    flash(message, "error")
    return _render_show(task, code, _typed(action, message))


def answer_repeat(exc: Repeated, fallback: str):
    """A form sent twice (back and resubmit, double click): nothing new was written; go where the first
    submission led. Shared by every view that takes a submission token."""
    db.session.rollback()
    flash(exc.message, "warning repeated")
    earlier = submissions.taken(db.session, request.form.get(submissions.FIELD))
    return redirect(exc.url or getattr(earlier, "url", None) or fallback, 303)


def _stale(task) -> bool:
    """The form was loaded before someone else changed the task (checked before permissions, so the
    loser of a race hears "changed, reload" rather than "forbidden")."""
    posted = request.form.get("version", type=int)
    return posted is not None and posted != task.version


def _moved(task_id: int, code: int = 409):
    """The agency's form was open when the office gave the task to another agency: explain, keep the text."""
    if current_user.role != "agency" or current_user.agency_id is None:
        return None
    was_lead = db.session.scalar(select(TaskPastAssignment.id).where(
        TaskPastAssignment.task_id == task_id, TaskPastAssignment.lead_agency_id == current_user.agency_id).limit(1))
    task = db.session.get(Task, task_id) if was_lead else None
    if task is None:
        return None
    typed = [v for k, v in request.form.items() if k in ("text", "reason", "note") and v.strip()]
    return render_template("tasks/moved.html", task=task, typed=typed,
                           moved_on=format_date(task.assignment_changed_on)), code


def _run(task_id: int, action: str, spec: Action, run: Callable):
    try:
        claim = submissions.claim(db.session, request.form.get(submissions.FIELD), current_user.id)
        run()
        if claim is not None:
            claim.url = url_for("tasks.show", task_id=task_id)
        db.session.commit()
    except Repeated as exc:
        return answer_repeat(exc, url_for("tasks.show", task_id=task_id))
    except (StaleObject, StaleDataError):
        return _fail(task_id, action, STALE, 409)
    except IntegrityError as exc:
        if not conflicts.is_conflict(exc):
            raise
        return _fail(task_id, action, STALE, 409)
    except PermissionDenied as exc:
        db.session.rollback()
        abort(403, exc.message)
    except DomainError as exc:
        return _fail(task_id, action, exc.message, 400)
    flash(spec.done, "success")
    return redirect(url_for("tasks.show", task_id=task_id))


@bp.post("/tasks/<int:task_id>/<action>")
@login_required
def act(task_id: int, action: str):
    spec = ACTIONS.get(action)
    if spec is None:
        abort(404)
    task = queries.load_visible_task(db.session, current_user, task_id)
    if task is None:
        return _moved(task_id) or abort(404)
    if submissions.taken(db.session, request.form.get(submissions.FIELD)):
        return answer_repeat(Repeated(), url_for("tasks.show", task_id=task_id))
    if _stale(task):
        return _fail(task_id, action, STALE, 409)
    if not spec.allowed(current_user, task):
        abort(403)
    form = spec.form()
    if action == "reassign":
        form.new_lead.choices = [(None, "—"), *queries.agency_choices(db.session)]
    if not form.validate():
        return _fail(task_id, action, _first_error(form), 400)
    return _run(task_id, action, spec, lambda: spec.run(db.session, current_user, clock.today(), task, form))


@bp.get("/tasks/<int:task_id>/<action>")
@login_required
def act_get(task_id: int, action: str):
    """Where a login after an expired session sends a form's POST address: back to the task page, where
    the browser restores the unsent text (static/drafts.js)."""
    if action not in ACTIONS:
        abort(404)
    return redirect(url_for("tasks.show", task_id=task_id))


@bp.errorhandler(CSRFError)
def _expired(exc):
    """An expired form token on a task form: the page comes back with the text, ready to send again."""
    task_id = (request.view_args or {}).get("task_id")
    if task_id and not current_user.is_authenticated:  # logged out meanwhile: the browser keeps the draft
        flash("Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại; nội dung bạn nhập vẫn được giữ.", "warning")
        return redirect(url_for("auth.login", next=url_for("tasks.show", task_id=task_id)))
    task = queries.load_visible_task(db.session, current_user, task_id) if (
        task_id and current_user.is_authenticated) else None
    if task is None:
        return render_template("error.html", code=400, message="Phiên làm việc đã hết hạn, vui lòng tải lại trang."), 400
    flash(EXPIRED, "error")
    if request.endpoint == "tasks.edit":
        return _render_edit(task, _edit_form(), request.form.get("version", type=int), 400)
    return _render_show(task, 400, _typed((request.view_args or {}).get("action", ""), EXPIRED))


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


def _shown(form, name: str, value) -> str:
    """A value of the edit form as the user reads it (names for ids, dd/mm/yyyy, Có/Không)."""
    if name == "is_key":
        return "Có" if value else "Không"
    if name == "due_on":
        return format_date(value) or "Thường xuyên"
    if name in ("officer_id", "leader_id", "co_agencies"):
        names = dict(getattr(form, name).choices)
        ids = value if isinstance(value, list | tuple) else [value]
        return ", ".join(names.get(i, "") for i in ids if i) or "—"
    return value or "—"


def _conflict_rows(task, form) -> list[tuple[str, str, str]]:
    """(label, value saved by someone else, value typed here) for each field that differs."""
    current = {"item_ref": task.item_ref, "content": task.content, "due_on": task.due_on, "is_key": task.is_key,
               "field": task.field, "officer_id": task.officer_id, "leader_id": task.leader_id,
               "co_agencies": sorted(a.id for a in task.co_agencies)}
    rows = []
    for name, now in current.items():
        mine = getattr(form, name).data
        mine = sorted(mine or []) if name == "co_agencies" else mine
        if (now or None) != (mine or None):
            rows.append((getattr(form, name).label.text, _shown(form, name, now), _shown(form, name, mine)))
    return rows


def _render_edit(task, form, version, code: int = 200, conflict: list | None = None):
    return render_template("tasks/edit.html", task=task, form=form, version=version, conflict=conflict), code


@bp.route("/tasks/<int:task_id>/edit", methods=["GET", "POST"])
@login_required
def edit(task_id: int):
    task = _load(task_id)
    if request.method == "GET":
        if not perm.can_edit_task(current_user, task):
            abort(403)
        return _render_edit(task, _edit_form(task), task.version)
    form = _edit_form()
    if submissions.taken(db.session, request.form.get(submissions.FIELD)):
        return answer_repeat(Repeated(), url_for("tasks.show", task_id=task_id))
    if _stale(task):
        return _edit_conflict(task_id, form)
    if not perm.can_edit_task(current_user, task):
        abort(403)
    if not form.validate():
        flash(_first_error(form), "error")
        return _render_edit(task, form, form.version.data, 400)
    changes = {k: getattr(form, k).data for k in ("item_ref", "content", "due_on", "is_key", "field",
                                                  "officer_id", "leader_id")}
    co = [db.session.get(Agency, i) for i in form.co_agencies.data]
    try:
        claim = submissions.claim(db.session, request.form.get(submissions.FIELD), current_user.id)
        services.edit_task(db.session, current_user, clock.today(), task, changes, co_agencies=co,
                           version=form.version.data)
        if claim is not None:
            claim.url = url_for("tasks.show", task_id=task_id)
        db.session.commit()
    except Repeated as exc:
        return answer_repeat(exc, url_for("tasks.show", task_id=task_id))
    except (StaleObject, StaleDataError):
        return _edit_conflict(task_id, form)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return _render_edit(_load(task_id), form, form.version.data, 400)
    flash("Đã lưu thay đổi.", "success")
    return redirect(url_for("tasks.show", task_id=task_id))


def _edit_conflict(task_id: int, form):
    """Someone saved first: show their values beside the ones typed here. Only this page, where both
    are seen, carries the new version; the old tab's form keeps getting this answer."""
    db.session.rollback()
    task = _load(task_id)
    flash(STALE + " Dưới đây là giá trị hiện tại bên cạnh giá trị bạn nhập; bấm Lưu để ghi giá trị của bạn.",
          "error")
    return _render_edit(task, form, task.version, 409, _conflict_rows(task, form))
