"""API token administration (admin only): create (shown once), list with last use, revoke."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from tracker.api import tokens
from tracker.auth import permissions as perm
from tracker.auth.forms import ActionForm
from tracker.auth.models import User
from tracker.core import clock
from tracker.core.errors import DomainError
from tracker.extensions import db
from tracker.tasks.forms import VnDateField

bp = Blueprint("api_admin", __name__, url_prefix="/admin/tokens")


class TokenForm(FlaskForm):
    user_id = SelectField("Tài khoản", coerce=int)
    name = StringField("Tên gợi nhớ (hệ thống dùng token)", validators=[DataRequired("Vui lòng nhập tên."),
                                                                        Length(max=200)])
    scope = SelectField("Phạm vi", choices=list(tokens.SCOPES.items()), default="read")
    expires_on = VnDateField("Hết hạn sau ngày (dd/mm/yyyy, để trống: không hết hạn)")


@bp.before_request
@login_required
def _admin_only():
    if not perm.can_admin(current_user):
        abort(403)


def _form() -> TokenForm:
    form = TokenForm()
    users = db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.username))
    form.user_id.choices = [(u.id, f"{u.username} — {u.display_name} ({u.role_label})") for u in users]
    return form


def _page(form, new_token: str | None = None, code: int = 200):
    return render_template("api/tokens.html", form=form, rows=tokens.listing(db.session), new_token=new_token,
                           revoke_form=ActionForm(), scopes=tokens.SCOPES), code


@bp.route("")
def index():
    return _page(_form())


@bp.post("")
def create():
    form = _form()
    if not form.validate():
        for errors in form.errors.values():
            flash(" ".join(errors), "error")
        return _page(form, code=400)
    user = db.session.get(User, form.user_id.data) or abort(404)
    try:
        token = tokens.create_token(db.session, user, form.name.data, clock.today(), scope=form.scope.data,
                                    expires_on=form.expires_on.data, actor=current_user)
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return _page(form, code=400)
    # Rendered, not redirected: the token is shown this once and never stored in the session cookie.
    return _page(_form(), new_token=token)


@bp.post("/<int:token_id>/revoke")
def revoke(token_id: int):
    if not ActionForm().validate():
        abort(400)
    try:
        row = tokens.revoke(db.session, token_id, clock.today(), clock.now(), actor=current_user)
        db.session.commit()
    except DomainError:
        db.session.rollback()
        abort(404)
    flash(f"Đã thu hồi token “{row.name}”.", "success")
    return redirect(url_for("api_admin.index"))
