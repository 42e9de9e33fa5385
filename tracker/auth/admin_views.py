"""User administration (admin only): list, create, edit, deactivate/reactivate, reset password."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from tracker.agencies.models import Agency
from tracker.auth import permissions as perm
from tracker.auth import services
from tracker.auth.forms import ActionForm, PasswordForm, UserCreateForm, UserEditForm
from tracker.auth.models import ROLES, User
from tracker.core import clock, guard
from tracker.core.errors import DomainError
from tracker.core.text import fold
from tracker.extensions import db

bp = Blueprint("auth_admin", __name__, url_prefix="/admin/users")


@bp.before_request
@login_required
def _admin_only():
    if not perm.can_admin(current_user):
        abort(403)


def _agency_choices(form) -> None:
    agencies = db.session.execute(
        select(Agency.id, Agency.name).where(Agency.active.is_(True)).order_by(Agency.order, Agency.name)
    ).all()
    form.agency_id.choices = [(0, "— Không —")] + [(a.id, a.name) for a in agencies]


def _agency(form) -> Agency | None:
    return db.session.get(Agency, form.agency_id.data) if form.agency_id.data else None


def _get(user_id: int) -> User:
    return db.session.get(User, user_id) or abort(404)


def _flash_errors(form) -> None:
    for errors in form.errors.values():
        flash(" ".join(errors), "error")


@bp.route("")
def users():
    """Paged, filterable list (role, text) with the agency joined in the same query."""
    query = select(User).options(joinedload(User.agency)).order_by(User.active.desc(), User.username)
    role, q = request.args.get("role", ""), (request.args.get("q") or "").strip()
    if role in ROLES:
        query = query.where(User.role == role)
    if q:
        query = query.where(or_(*(func.lower(column).contains(q.lower(), autoescape=True)  # % and _ literal
                                  for column in (User.username, User.full_name, User.email))))
    page = guard.int_arg(request.args, "page", 1, minimum=1, maximum=guard.MAX_PAGE)
    size = current_app.config.get("PAGE_SIZE", 50)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.scalars(query.limit(size).offset((page - 1) * size)).all()
    return render_template(
        "auth/admin_users.html",
        users=rows,
        roles=ROLES,
        role=role,
        q=q,
        page=page,
        pages=max(1, -(-total // size)),
        total=total,
        fold=fold,
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    form = UserCreateForm()
    _agency_choices(form)
    if form.validate_on_submit():
        try:
            user = services.create_user(
                db.session,
                current_user,
                clock.today(),
                username=form.username.data,
                password=form.password.data,
                role=form.role.data,
                agency=_agency(form),
                email=form.email.data,
                full_name=form.full_name.data,
                fields=form.fields_list(),
                is_agency_head=form.is_agency_head.data,
                title=form.title.data,
            )
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "error")
            return render_template("auth/admin_user_form.html", form=form, user=None), 400
        db.session.commit()
        flash(f"Đã tạo tài khoản {user.username}.", "success")
        return redirect(url_for(".edit", user_id=user.id))
    if form.is_submitted():
        _flash_errors(form)
        return render_template("auth/admin_user_form.html", form=form, user=None), 400
    return render_template("auth/admin_user_form.html", form=form, user=None)


def _render_edit(user: User, form, status: int = 200):
    return render_template(
        "auth/admin_user_form.html",
        form=form,
        user=user,
        password_form=PasswordForm(),
        action_form=ActionForm(),
    ), status


@bp.route("/<int:user_id>", methods=["GET", "POST"])
def edit(user_id: int):
    user = _get(user_id)
    form = UserEditForm(obj=user if request.method == "GET" else None)
    _agency_choices(form)
    if request.method == "GET":
        form.fields.data = ", ".join(user.fields or [])
        form.agency_id.data = user.agency_id or 0
    if form.validate_on_submit():
        try:
            services.update_user(
                db.session,
                current_user,
                clock.today(),
                user,
                role=form.role.data,
                agency=_agency(form),
                email=form.email.data,
                full_name=form.full_name.data,
                fields=form.fields_list(),
                is_agency_head=form.is_agency_head.data,
                title=form.title.data,
            )
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "error")
            return _render_edit(_get(user_id), form, 400)
        db.session.commit()
        flash("Đã lưu tài khoản.", "success")
        return redirect(url_for(".edit", user_id=user_id))
    if form.is_submitted():
        _flash_errors(form)
        return _render_edit(user, form, 400)
    return _render_edit(user, form)


def _edit_page(user_id: int, status: int):
    """Re-render the account page after a refused action (the session was rolled back)."""
    user = _get(user_id)
    form = UserEditForm(formdata=None, obj=user)
    _agency_choices(form)
    form.fields.data, form.agency_id.data = ", ".join(user.fields or []), user.agency_id or 0
    return _render_edit(user, form, status)


def _post(user_id: int, form_class, action, success: str):
    user = _get(user_id)
    form = form_class()
    if not form.validate_on_submit():
        _flash_errors(form)
        return _edit_page(user_id, 400)
    try:
        action(user, form)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return _edit_page(user_id, 400)
    db.session.commit()
    flash(success, "success")
    return redirect(url_for(".edit", user_id=user_id))


@bp.route("/<int:user_id>/deactivate", methods=["POST"])
def deactivate(user_id: int):
    return _post(
        user_id,
        ActionForm,
        lambda u, f: services.set_active(db.session, current_user, clock.today(), u, False),
        "Đã vô hiệu hóa tài khoản.",
    )


@bp.route("/<int:user_id>/reactivate", methods=["POST"])
def reactivate(user_id: int):
    return _post(
        user_id,
        ActionForm,
        lambda u, f: services.set_active(db.session, current_user, clock.today(), u, True),
        "Đã kích hoạt lại tài khoản.",
    )


@bp.route("/<int:user_id>/password", methods=["POST"])
def password(user_id: int):
    return _post(
        user_id,
        PasswordForm,
        lambda u, f: services.reset_password(db.session, current_user, clock.today(), u, f.password.data),
        "Đã đặt lại mật khẩu.",
    )
