"""Directive documents: list, register with their tasks, page, edit, add items; file downloads."""

from __future__ import annotations

from itertools import groupby

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from tracker.agencies.models import AgencyGroup
from tracker.auth import permissions as perm
from tracker.core import clock, guard, settings, submissions
from tracker.core.calendar import load_calendar
from tracker.core.errors import DomainError, Repeated, StaleObject
from tracker.documents import files, forms, services
from tracker.documents.models import Attachment, Document
from tracker.extensions import db
from tracker.tasks.forms import uploads
from tracker.tasks.models import Task
from tracker.tasks.queries import agency_choices, user_choices
from tracker.tasks.views import answer_repeat

bp = Blueprint("documents", __name__)


def _visible_task_ids():
    return perm.visible_tasks(current_user).with_only_columns(Task.id)


def _visible_documents():
    """Staff see every document; an agency sees the documents that hold one of its tasks."""
    query = select(Document).where(Document.archived.is_(False))
    if current_user.role not in perm.STAFF:
        query = query.where(Document.id.in_(select(Task.document_id).where(Task.id.in_(_visible_task_ids()))))
    return query


@bp.route("/documents")
@login_required
def index():
    q = (request.args.get("q") or "").strip()[:200]
    page = guard.int_arg(request.args, "page", 1, minimum=1, maximum=guard.MAX_PAGE)
    size = current_app.config["PAGE_SIZE"]
    query = _visible_documents()
    if q:
        query = query.where(or_(*(column.icontains(q, autoescape=True)  # % and _ match themselves
                                  for column in (Document.number, Document.summary, Document.signer))))
    counts = (select(Task.document_id, func.count().label("n")).group_by(Task.document_id).subquery())
    rows = db.session.execute(
        query.add_columns(func.coalesce(counts.c.n, 0)).outerjoin(counts, counts.c.document_id == Document.id)
        .order_by(Document.issued_on.desc().nulls_last(), Document.id.desc())
        .offset((page - 1) * size).limit(size + 1)).all()
    return render_template("documents/index.html", rows=rows[:size], q=q, page=page, has_next=len(rows) > size)


def _choices(form, with_leaders: bool = True) -> None:
    rows = db.session.execute(select(AgencyGroup.id, AgencyGroup.name).order_by(AgencyGroup.name))
    groups = [(group_id, name) for group_id, name in rows]
    forms.set_choices(form, agency_choices(db.session), groups, user_choices(db.session, "office"),
                      user_choices(db.session, "leader") if with_leaders else None)


def _first_error(form) -> str:
    """The first message of a (possibly nested) WTForms error dict, prefixed with the row."""
    for name, errors in form.errors.items():
        if name == "items":
            for i, row in enumerate(errors, 1):
                if row:
                    field, messages = next(iter(row.items()))
                    return f"Nhiệm vụ dòng {i}: {messages[0]}"
        elif errors:
            return f"{getattr(form, name).label.text}: {errors[0]}"
    return "Dữ liệu không hợp lệ."


@bp.route("/documents/new", methods=["GET", "POST"])
@login_required
def new():
    if not perm.can_create_document(current_user):
        abort(403)
    form = forms.NewDocumentForm()
    _choices(form)
    if request.method == "GET":
        return render_template("documents/new.html", form=form)
    if submissions.taken(db.session, request.form.get(submissions.FIELD)):
        return answer_repeat(Repeated(), url_for("documents.index"))
    items = forms.filled_items(form) if form.validate() else None
    if items is None or not items:
        flash(_first_error(form) if items is None else "Vui lòng nhập ít nhất một nhiệm vụ.", "error")
        return render_template("documents/new.html", form=form), 400
    try:
        claim = submissions.claim(db.session, request.form.get(submissions.FIELD), current_user.id)
        doc = services.create_document(db.session, current_user, clock.today(), form.doc_data(), items, uploads())
        if claim is not None:
            claim.url = url_for("documents.show", doc_id=doc.id)
        db.session.commit()
    except Repeated as exc:
        return answer_repeat(exc, url_for("documents.index"))
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return render_template("documents/new.html", form=form), 400
    flash(f"Đã lưu văn bản {doc.number} và {len(doc.tasks)} nhiệm vụ.", "success")
    return redirect(url_for("documents.show", doc_id=doc.id))


def _load(doc_id: int) -> Document:
    doc = db.session.scalar(_visible_documents().where(Document.id == doc_id)
                            .options(selectinload(Document.attachments), joinedload(Document.leader)))
    if doc is None:
        abort(404)
    return doc


@bp.route("/documents/<int:doc_id>")
@login_required
def show(doc_id: int):
    doc = _load(doc_id)
    tasks = db.session.scalars(
        perm.visible_tasks(current_user).where(Task.document_id == doc.id)
        .options(joinedload(Task.lead_agency), selectinload(Task.co_agencies)).order_by(Task.id)).all()
    order = list(dict.fromkeys(t.item_key for t in tasks))
    items = [list(g) for _, g in groupby(sorted(tasks, key=lambda t: order.index(t.item_key)),
                                         key=lambda t: t.item_key)]
    today = clock.today()
    soon = load_calendar(db.session).add_working_days(today, settings.current.due_soon_working_days)
    return render_template("documents/show.html", doc=doc, items=items, today=today, soon=soon)


@bp.route("/documents/<int:doc_id>/edit", methods=["GET", "POST"])
@login_required
def edit(doc_id: int):
    doc = _load(doc_id)
    if not perm.can_edit_document(current_user, doc):
        abort(403)
    form = forms.DocumentForm(obj=doc) if request.method == "GET" else forms.DocumentForm()
    _choices(form)
    if request.method == "GET":
        return render_template("documents/edit.html", form=form, doc=doc)
    if not form.validate():
        flash(_first_error(form), "error")
        return render_template("documents/edit.html", form=form, doc=doc), 400
    try:
        services.edit_document(db.session, current_user, clock.today(), doc, form.doc_data(),
                               version=request.form.get("version", type=int), uploads=uploads())
        db.session.commit()
    except (StaleObject, StaleDataError):
        db.session.rollback()
        flash("Văn bản đã có thay đổi, vui lòng tải lại trang.", "error")
        return render_template("documents/edit.html", form=form, doc=_load(doc_id)), 409
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return render_template("documents/edit.html", form=form, doc=_load(doc_id)), 400
    flash("Đã lưu văn bản.", "success")
    return redirect(url_for("documents.show", doc_id=doc_id))


@bp.route("/documents/<int:doc_id>/items", methods=["GET", "POST"])
@login_required
def add_items(doc_id: int):
    doc = _load(doc_id)
    if not perm.can_edit_document(current_user, doc):
        abort(403)
    form = forms.ItemsForm()
    _choices(form, with_leaders=False)
    if request.method == "GET":
        return render_template("documents/add_items.html", form=form, doc=doc)
    if submissions.taken(db.session, request.form.get(submissions.FIELD)):
        return answer_repeat(Repeated(), url_for("documents.show", doc_id=doc_id))
    items = forms.filled_items(form) if form.validate() else None
    if not items:
        flash(_first_error(form) if items is None else "Vui lòng nhập ít nhất một nhiệm vụ.", "error")
        return render_template("documents/add_items.html", form=form, doc=doc), 400
    try:
        claim = submissions.claim(db.session, request.form.get(submissions.FIELD), current_user.id)
        created = services.add_items(db.session, current_user, clock.today(), doc, items)
        if claim is not None:
            claim.url = url_for("documents.show", doc_id=doc_id)
        db.session.commit()
    except Repeated as exc:
        return answer_repeat(exc, url_for("documents.show", doc_id=doc_id))
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return render_template("documents/add_items.html", form=form, doc=_load(doc_id)), 400
    flash(f"Đã thêm {len(created)} nhiệm vụ.", "success")
    return redirect(url_for("documents.show", doc_id=doc_id))


@bp.route("/files/<int:attachment_id>")
@login_required
def download(attachment_id: int):
    """Only someone who may see the owning task (or document) gets the bytes."""
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None:
        abort(404)
    if attachment.task_id is not None:
        visible = db.session.scalar(_visible_task_ids().where(Task.id == attachment.task_id))
    else:
        visible = db.session.scalar(_visible_documents().with_only_columns(Document.id)
                                    .where(Document.id == attachment.document_id))
    path = files.path_for(attachment.sha256)
    if visible is None or not path.exists():
        abort(404)
    return send_file(path, mimetype=attachment.mime, download_name=attachment.filename, as_attachment=True)
