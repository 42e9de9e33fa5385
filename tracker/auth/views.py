"""Login and logout."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired

from tracker.auth import services, throttle
from tracker.core import clock
from tracker.core.errors import DomainError
from tracker.extensions import db

bp = Blueprint("auth", __name__)


class LoginForm(FlaskForm):
    username = StringField("Tên đăng nhập", validators=[DataRequired("Vui lòng nhập tên đăng nhập.")])
    password = PasswordField("Mật khẩu", validators=[DataRequired("Vui lòng nhập mật khẩu.")])


_SAME_SITE_PATH = re.compile(r"/(?![/\\])[^\x00-\x20\x7f\\]*")


def _safe_next(target: str | None) -> str:
    """Only a same-site relative path. Browsers drop tabs and newlines and read a backslash as a
    slash, so those would turn `/x/host` into `//host`; the percent-decoded path is checked too."""
    if target and all(_SAME_SITE_PATH.fullmatch(t) for t in (target, unquote(target.split("?")[0]))):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("tasks.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        cfg, address = current_app.config, request.remote_addr or ""
        allowed = throttle.reserve(db.session, form.username.data, address, clock.now(),
                                   per_account=cfg["LOGIN_MAX_FAILURES"],
                                   per_address=cfg["LOGIN_MAX_FAILURES_PER_ADDRESS"],
                                   minutes=cfg["LOGIN_LOCK_MINUTES"])
        db.session.commit()  # counted before the password is checked: a burst cannot outrun the count
        try:
            if not allowed:
                raise DomainError(services.LOCKED)
            user = services.attempt_login(db.session, form.username.data, form.password.data)
        except DomainError as exc:
            flash(exc.message, "error")
            return render_template("auth/login.html", form=form), 401
        throttle.succeeded(db.session, form.username.data, address)
        db.session.commit()
        login_user(user)
        return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Ends every session of this user, not only this browser's cookie (which could have been copied)."""
    services.end_sessions(current_user._get_current_object())
    db.session.commit()
    logout_user()
    flash("Đã đăng xuất.", "info")
    return redirect(url_for("auth.login"))
