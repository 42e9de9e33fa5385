"""Agency directory administration (admin only): list, create, edit, rename, aliases, merge, groups."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.agencies import services
from tracker.agencies.forms import (
    ActionForm,
    AgencyEditForm,
    AgencyForm,
    AliasForm,
    GroupForm,
    MergeForm,
    RenameForm,
)
from tracker.agencies.models import AGENCY_KINDS, Agency, AgencyGroup
from tracker.auth import permissions as perm
from tracker.core import clock
from tracker.core.errors import DomainError
from tracker.extensions import db

bp = Blueprint("agencies", __name__, url_prefix="/agencies")


@bp.before_request
@login_required
def _admin_only():
    if not perm.can_admin(current_user):
        abort(403)


def _agencies():
    return db.session.scalars(
        select(Agency)
        .options(selectinload(Agency.aliases), selectinload(Agency.successor))
        .order_by(Agency.active.desc(), Agency.order, Agency.name)
    ).all()


def _get(agency_id: int) -> Agency:
    return db.session.get(Agency, agency_id) or abort(404)


def _failed(exc: DomainError) -> None:
    db.session.rollback()
    flash(exc.message, "error")


# ---- list and create -----------------------------------------------------------------------------


@bp.route("", methods=["GET", "POST"])
def index():
    form = AgencyForm()
    if form.validate_on_submit():
        try:
            agency = services.create_agency(
                db.session,
                current_user,
                clock.today(),
                name=form.name.data,
                short_name=form.short_name.data,
                kind=form.kind.data,
                order=form.order.data or 0,
                aliases=[a for a in (form.aliases.data or "").split(";") if a.strip()],
            )
        except DomainError as exc:
            _failed(exc)
            return _render_index(form), 400
        db.session.commit()
        flash(f"Đã thêm cơ quan “{agency.name}”.", "success")
        return redirect(url_for(".index"))
    if form.is_submitted():
        return _render_index(form), 400
    return _render_index(form)


def _render_index(form):
    return render_template("agencies/index.html", agencies=_agencies(), form=form, kinds=AGENCY_KINDS)


# ---- one agency ----------------------------------------------------------------------------------


def _forms(agency: Agency) -> dict:
    edit = AgencyEditForm(prefix="edit", obj=agency)
    merge = MergeForm(prefix="merge")
    merge.successor_id.choices = [(a.id, a.name) for a in _agencies() if a.active and a.id != agency.id]
    return {
        "edit": edit,
        "rename": RenameForm(prefix="rename"),
        "alias": AliasForm(prefix="alias"),
        "merge": merge,
        "action": ActionForm(),
    }


def _render_detail(agency: Agency, forms: dict, status: int = 200):
    from tracker.tasks.models import Task
    from tracker.tasks.status import OPEN

    open_count = db.session.scalar(
        select(db.func.count())
        .select_from(Task)
        .where(Task.lead_agency_id == agency.id, Task.status.in_([s.value for s in OPEN]))
    )
    return render_template(
        "agencies/detail.html", agency=agency, kinds=AGENCY_KINDS, open_count=open_count, **forms
    ), status


@bp.route("/<int:agency_id>")
def detail(agency_id: int):
    agency = _get(agency_id)
    return _render_detail(agency, _forms(agency))


def _act(agency_id: int, form_name: str, action, success: str):
    """Shared POST flow: validate the named form, call the service, commit, or re-render with 400."""
    agency = _get(agency_id)
    forms = _forms(agency)
    form = forms[form_name]
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(" ".join(errors), "error")
        return _render_detail(agency, forms, 400)
    try:
        message = action(agency, form) or success
    except DomainError as exc:
        _failed(exc)
        return _render_detail(_get(agency_id), forms, 400)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(".detail", agency_id=agency_id))


@bp.route("/<int:agency_id>/edit", methods=["POST"])
def edit(agency_id: int):
    return _act(
        agency_id,
        "edit",
        lambda a, f: services.update_agency(
            db.session,
            current_user,
            clock.today(),
            a,
            short_name=f.short_name.data or "",
            kind=f.kind.data,
            order=f.order.data or 0,
        ),
        "Đã lưu thông tin cơ quan.",
    )


@bp.route("/<int:agency_id>/rename", methods=["POST"])
def rename(agency_id: int):
    return _act(
        agency_id,
        "rename",
        lambda a, f: services.rename_agency(db.session, current_user, clock.today(), a, f.name.data),
        "Đã đổi tên; tên cũ được giữ làm tên gọi khác.",
    )


@bp.route("/<int:agency_id>/aliases", methods=["POST"])
def add_alias(agency_id: int):
    return _act(
        agency_id,
        "alias",
        lambda a, f: services.add_alias(db.session, current_user, clock.today(), a, f.alias.data) and None,
        "Đã thêm tên gọi khác.",
    )


@bp.route("/<int:agency_id>/aliases/<int:alias_id>/remove", methods=["POST"])
def remove_alias(agency_id: int, alias_id: int):
    return _act(
        agency_id,
        "action",
        lambda a, f: services.remove_alias(db.session, current_user, clock.today(), a, alias_id),
        "Đã xóa tên gọi khác.",
    )


@bp.route("/<int:agency_id>/activate", methods=["POST"])
def toggle_active(agency_id: int):
    return _act(
        agency_id,
        "action",
        lambda a, f: services.update_agency(db.session, current_user, clock.today(), a, active=not a.active),
        "Đã cập nhật trạng thái hoạt động.",
    )


def _merge(agency: Agency, form: MergeForm) -> str:
    successor = db.session.get(Agency, form.successor_id.data or 0)
    if successor is None:
        raise DomainError("Vui lòng chọn cơ quan tiếp nhận.")
    counts = services.merge_into(db.session, current_user, clock.today(), agency, successor)
    return (
        f"Đã sáp nhập vào “{successor.name}”: chuyển {counts['tasks']} nhiệm vụ chủ trì, "
        f"{counts['co_tasks']} nhiệm vụ phối hợp, {counts['users']} tài khoản."
    )


@bp.route("/<int:agency_id>/merge", methods=["POST"])
def merge(agency_id: int):
    return _act(agency_id, "merge", _merge, "")


# ---- groups --------------------------------------------------------------------------------------


def _group_form(group: AgencyGroup | None = None) -> GroupForm:
    form = GroupForm(obj=None)
    form.member_ids.choices = [(a.id, a.name) for a in _agencies() if a.active]
    if group is not None and not form.is_submitted():
        form.name.data = group.name
        form.aliases.data = group.aliases_text or ""
        form.member_ids.data = [a.id for a in group.members]
    return form


@bp.route("/groups", methods=["GET", "POST"])
def groups():
    form = _group_form()
    if form.validate_on_submit():
        try:
            group = services.create_group(
                db.session,
                current_user,
                clock.today(),
                name=form.name.data,
                member_ids=form.member_ids.data or [],
                aliases=(form.aliases.data or "").splitlines(),
            )
        except DomainError as exc:
            _failed(exc)
            return _render_groups(form), 400
        db.session.commit()
        flash(f"Đã tạo nhóm “{group.name}”.", "success")
        return redirect(url_for(".groups"))
    return _render_groups(form), 400 if form.is_submitted() else 200


def _render_groups(form):
    rows = db.session.scalars(
        select(AgencyGroup).options(selectinload(AgencyGroup.members)).order_by(AgencyGroup.name)
    ).all()
    return render_template("agencies/groups.html", groups=rows, form=form)


@bp.route("/groups/<int:group_id>", methods=["GET", "POST"])
def group(group_id: int):
    grp = db.session.get(AgencyGroup, group_id) or abort(404)
    form = _group_form(grp)
    if form.validate_on_submit():
        try:
            services.update_group(
                db.session,
                current_user,
                clock.today(),
                grp,
                name=form.name.data,
                member_ids=form.member_ids.data or [],
                aliases=(form.aliases.data or "").splitlines(),
            )
        except DomainError as exc:
            _failed(exc)
            grp = db.session.get(AgencyGroup, group_id)
            return render_template("agencies/group.html", group=grp, form=form), 400
        db.session.commit()
        flash("Đã lưu nhóm.", "success")
        return redirect(url_for(".group", group_id=group_id))
    status = 400 if form.is_submitted() else 200
    return render_template("agencies/group.html", group=grp, form=form), status
