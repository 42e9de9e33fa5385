"""Admin page for the province's identity (/admin/province): what every export, brief and letter prints."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length

from tracker.auth import permissions as perm
from tracker.core import clock, identity
from tracker.core.errors import DomainError
from tracker.extensions import db

bp = Blueprint("ops_admin", __name__)


class IdentityForm(FlaskForm):
    pass


for _name in identity.FIELDS:
    setattr(IdentityForm, _name, StringField(identity.LABELS[_name], validators=[Length(max=identity.MAX_LENGTH)]))


def _page(form: IdentityForm, status: int = 200):
    env = current_app.config.get("PROVINCE")
    return render_template("ops/province.html", form=form, fields=identity.FIELDS, defaults=identity.defaults(env),
                           effective=identity.load(db.session, env)), status


@bp.route("/admin/province", methods=["GET", "POST"])
@login_required
def province():
    if not perm.can_admin(current_user):
        abort(403)
    form = IdentityForm(data=identity.saved(db.session) if request.method == "GET" else None)
    if request.method == "POST":
        if not form.validate():
            flash(f"Mỗi dòng tối đa {identity.MAX_LENGTH} ký tự; vui lòng kiểm tra lại.", "error")
            return _page(form, 400)
        try:
            identity.update(db.session, current_user, clock.today(), {k: form[k].data for k in identity.FIELDS})
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "error")
            return _page(form, 400)
        db.session.commit()
        flash("Đã lưu thông tin đơn vị; các báo cáo, công văn tạo từ nay dùng thông tin mới.", "success")
        return redirect(url_for(".province"))
    return _page(form)
