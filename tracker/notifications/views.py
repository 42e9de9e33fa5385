"""Notifications page, bell, e-mail settings, the office's ad-hoc reminder and chase letter.

Mail queued by any request (workflow events) is sent after the response's transaction committed:
`flush_outbox` runs as an after_request hook when the request queued mail (session.info flag).
"""

from __future__ import annotations

import logging

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import BooleanField, SelectField, TextAreaField

from tracker.agencies.models import Agency
from tracker.auth import permissions as perm
from tracker.core import clock, guard
from tracker.core.errors import DomainError, StaleObject
from tracker.extensions import db
from tracker.notifications import letters, mail, reminders, services
from tracker.notifications.models import Notification
from tracker.tasks.models import Task

bp = Blueprint("notifications", __name__)
log = logging.getLogger(__name__)

bp.record_once(lambda state: mail.configure(state.app.config))


class ActionForm(FlaskForm):
    """A POST button: CSRF only."""


class RemindForm(FlaskForm):
    note = TextAreaField("Ghi chú")


class LetterForm(FlaskForm):
    agency_id = SelectField("Cơ quan", coerce=int)


def flush_outbox() -> dict | None:
    """Send mail queued by this request; call only after the commit. Never fails the request."""
    if not db.session.info.pop("outbox_pending", False) or not current_app.config.get("SMTP_URL"):
        return None
    try:
        return mail.send_pending(current_app.config, db.session, limit=50, timeout=3)
    except Exception:  # the scheduler retries every few minutes; the page must still answer
        log.exception("sending queued mail after the request failed")
        db.session.rollback()
        return None


@bp.after_app_request
def _send_after_commit(response):
    flush_outbox()
    return response


@bp.app_context_processor
def _bell():
    def unread_notifications() -> int:
        if not current_user.is_authenticated:
            return 0
        return services.unread_count(db.session, current_user)

    return {"unread_notifications": unread_notifications}


@bp.route("/notifications")
@login_required
def index():
    page = guard.int_arg(request.args, "page", 1, minimum=1, maximum=guard.MAX_PAGE)
    size = current_app.config.get("PAGE_SIZE", 50)
    mine = Notification.user_id == current_user.id
    total = db.session.scalar(select(func.count(Notification.id)).where(mine))
    rows = db.session.scalars(select(Notification).where(mine).order_by(Notification.id.desc())
                              .limit(size).offset((page - 1) * size)).all()
    return render_template("notifications/index.html", rows=rows, page=page, has_next=page * size < total,
                           total=total, form=ActionForm())


@bp.route("/notifications/<int:notification_id>/read", methods=["POST"])
@login_required
def read(notification_id: int):
    note = db.session.get(Notification, notification_id)
    if note is None or note.user_id != current_user.id:
        abort(404)  # someone else's notification answers like a missing one: ids tell nothing
    if ActionForm().validate_on_submit():
        services.mark_read(db.session, current_user, note)
        db.session.commit()
        if request.form.get("open") and note.url and note.url.startswith("/"):
            return redirect(note.url)
    return redirect(url_for(".index"))


@bp.route("/notifications/read-all", methods=["POST"])
@login_required
def read_all():
    if ActionForm().validate_on_submit():
        count = services.mark_all_read(db.session, current_user)
        db.session.commit()
        flash(f"Đã đánh dấu {count} thông báo là đã đọc.", "success")
    return redirect(url_for(".index"))


def _settings_form(user):
    class SettingsForm(FlaskForm):
        pass

    prefs = user.email_prefs or {}
    for kind, label in reminders.KIND_LABELS.items():
        setattr(SettingsForm, kind, BooleanField(label, default=prefs.get(kind, True)))
    return SettingsForm()


@bp.route("/notifications/settings", methods=["GET", "POST"])
@login_required
def settings():
    form = _settings_form(current_user)
    if form.validate_on_submit():
        prefs = {kind: bool(form[kind].data) for kind in reminders.KIND_LABELS}
        services.set_email_prefs(db.session, current_user, current_user, prefs, clock.today())
        db.session.commit()
        flash("Đã lưu lựa chọn nhận thư điện tử.", "success")
        return redirect(url_for(".settings"))
    return render_template("notifications/settings.html", form=form, kinds=reminders.KIND_LABELS)


@bp.route("/tasks/<int:task_id>/remind", methods=["POST"])
@login_required
def remind(task_id: int):
    """The office chases one task now (button on the task page)."""
    if not perm.is_office(current_user):
        abort(403)  # before the lookup, so the answer does not say whether the task exists
    task = db.session.get(Task, task_id) or abort(404)
    form = RemindForm()
    back = request.referrer if (request.referrer or "").startswith(request.host_url) else f"/tasks/{task.id}"
    if not form.validate_on_submit():
        abort(400)
    try:
        sent = services.manual_reminder(db.session, current_user, clock.today(), task, form.note.data)
    except StaleObject as exc:
        db.session.rollback()
        return render_template("error.html", code=409, message=exc.message), 409
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(back)
    db.session.commit()
    flash(f"Đã gửi nhắc nhở tới {sent} người của cơ quan chủ trì.", "success")
    return redirect(back)


@bp.route("/notifications/letters", methods=["GET", "POST"])
@login_required
def letter():
    """Công văn đôn đốc for one agency: its overdue and due-soon tasks, as .docx."""
    if not perm.is_office(current_user):
        abort(403)
    form = LetterForm()
    agencies = db.session.scalars(select(Agency).where(Agency.active.is_(True)).order_by(Agency.order, Agency.name))
    form.agency_id.choices = [(a.id, a.name) for a in agencies]
    if form.validate_on_submit():
        agency = db.session.get(Agency, form.agency_id.data) or abort(404)
        data = letters.chase_letter(db.session, agency, clock.today(), current_app.config)
        return send_file(data, as_attachment=True, download_name=letters.filename(agency, clock.today()),
                         mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    return render_template("notifications/letters.html", form=form)
