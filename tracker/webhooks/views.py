"""Webhook subscriptions (admin only): create (secret shown once), pause/resume, send a test, delivery log."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms import SelectMultipleField, StringField, widgets
from wtforms.validators import DataRequired, Length

from tracker.auth import permissions as perm
from tracker.auth.forms import ActionForm
from tracker.core import clock
from tracker.core.errors import DomainError
from tracker.extensions import db
from tracker.webhooks import services
from tracker.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription

bp = Blueprint("webhooks", __name__, url_prefix="/admin/webhooks")


class SubscriptionForm(FlaskForm):
    name = StringField("Tên (hệ thống nhận)", validators=[DataRequired("Vui lòng nhập tên."), Length(max=200)])
    url = StringField("Địa chỉ nhận (URL)", validators=[DataRequired("Vui lòng nhập địa chỉ."), Length(max=500)])
    events = SelectMultipleField("Sự kiện", choices=list(services.EVENTS.items()),
                                 widget=widgets.ListWidget(prefix_label=False),
                                 option_widget=widgets.CheckboxInput())


@bp.before_request
@login_required
def _admin_only():
    if not perm.can_admin(current_user):
        abort(403)


def _get(sub_id: int) -> WebhookSubscription:
    return db.session.get(WebhookSubscription, sub_id) or abort(404)


def _index(form, secret: str | None = None, code: int = 200):
    subs = db.session.scalars(select(WebhookSubscription).order_by(WebhookSubscription.id)).all()
    return render_template("webhooks/index.html", form=form, subs=subs, secret=secret, action=ActionForm(),
                           events=services.EVENTS), code


@bp.route("")
def index():
    return _index(SubscriptionForm())


@bp.post("")
def create():
    form = SubscriptionForm()
    if not form.validate():
        for errors in form.errors.values():
            flash(" ".join(errors), "error")
        return _index(form, code=400)
    try:
        sub = services.create_subscription(db.session, current_user, clock.today(), form.name.data, form.url.data,
                                           form.events.data)
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return _index(form, code=400)
    return _index(SubscriptionForm(formdata=None), secret=sub.secret)


@bp.route("/<int:sub_id>")
def show(sub_id: int):
    sub = _get(sub_id)
    deliveries = db.session.scalars(
        select(WebhookDelivery).where(WebhookDelivery.subscription_id == sub.id)
        .options(selectinload(WebhookDelivery.subscription)).order_by(WebhookDelivery.id.desc()).limit(50)).all()
    attempts = {}
    if deliveries:
        for a in db.session.scalars(select(WebhookAttempt).where(
                WebhookAttempt.delivery_id.in_([d.id for d in deliveries])).order_by(WebhookAttempt.id)):
            attempts.setdefault(a.delivery_id, []).append(a)
    return render_template("webhooks/show.html", sub=sub, deliveries=deliveries, attempts=attempts,
                           action=ActionForm(), events=services.EVENTS)


@bp.post("/<int:sub_id>/<verb>")
def act(sub_id: int, verb: str):
    sub = _get(sub_id)
    if verb not in ("test", "pause", "resume") or not ActionForm().validate():
        abort(400)
    if verb == "test":
        services.send_test(db.session, current_user, sub, clock.now())
        flash("Đã xếp hàng một tin thử; bộ lập lịch sẽ gửi trong vòng một phút.", "success")
    else:
        services.set_active(db.session, current_user, clock.today(), sub, verb == "resume")
        flash("Đã tiếp tục gửi." if verb == "resume" else "Đã tạm dừng gửi.", "success")
    db.session.commit()
    return redirect(url_for("webhooks.show", sub_id=sub.id))
