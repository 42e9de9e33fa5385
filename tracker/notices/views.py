"""Nhập văn bản: upload or paste a notice, review the proposed tasks, save them."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select

from tracker.agencies.models import Agency, AgencyGroup
from tracker.auth import permissions as perm
from tracker.core import clock
from tracker.core.errors import DomainError
from tracker.documents.models import DOCUMENT_KINDS, NoticeDraft
from tracker.extensions import db
from tracker.notices import review, services
from tracker.notices.extract import Extracted, NoticeError, extract
from tracker.notices.pipeline import parse_text, with_ocr_note
from tracker.tasks.queries import user_choices

bp = Blueprint("notices", __name__, url_prefix="/notices")
PASTE_FORM_BYTES = 4 * 1024 * 1024


@bp.record_once
def _allow_long_pastes(state) -> None:
    """Werkzeug refuses form fields over 500 kB with a bare 413; accept up to 4 MB so an over-long paste
    reaches the parser's budget and gets a Vietnamese message with the text kept."""
    config = state.app.config
    config["MAX_FORM_MEMORY_SIZE"] = max(config.get("MAX_FORM_MEMORY_SIZE") or 0, PASTE_FORM_BYTES)
DOC_KEYS = (
    "number", "kind", "issued_on", "issuer", "signer", "directed_by", "summary", "meeting_on", "leader_id", "field",
    "is_key",
)


class CsrfForm(FlaskForm):
    """Only the CSRF token: the review table's rows are dynamic."""


def _office_only():
    if not perm.can_create_document(current_user):
        abort(403)


def _draft(draft_id: int) -> NoticeDraft:
    draft = db.session.get(NoticeDraft, draft_id)
    if draft is None or (draft.created_by_id != current_user.id and current_user.role != "admin"):
        abort(404)
    return draft


@bp.route("/new", methods=["GET", "POST"])
@login_required
def upload():
    _office_only()
    form = CsrfForm()
    if form.validate_on_submit():
        upload_file = request.files.get("file")
        pasted = request.form.get("text", "").strip()
        try:
            if upload_file and upload_file.filename:
                filename = upload_file.filename
                found = extract(upload_file.read(), filename, current_app.config["MAX_CONTENT_LENGTH"])
            elif pasted:
                filename, found = None, Extracted(pasted)
            else:
                raise NoticeError("Vui lòng chọn tệp (.docx, .pdf, .txt) hoặc dán nội dung văn bản.")
            parsed = with_ocr_note(parse_text(found.text, services.gazetteer(db.session)), found.ocr)
            draft = services.create_draft(db.session, current_user, parsed, filename=filename, text=found.text)
        except (NoticeError, DomainError) as exc:
            db.session.rollback()
            flash(exc.message, "error")
            return render_template("notices/upload.html", form=form, drafts=_my_drafts(), text=pasted), 400
        db.session.commit()
        return redirect(url_for("notices.review_draft", draft_id=draft.id))
    return render_template("notices/upload.html", form=form, drafts=_my_drafts())


def _my_drafts():
    return db.session.scalars(
        select(NoticeDraft)
        .where(NoticeDraft.created_by_id == current_user.id, NoticeDraft.state == "draft")
        .order_by(NoticeDraft.updated_at.desc())
        .limit(20)
    ).all()


def _mappings(form) -> tuple[dict[str, str], set[str]]:
    mappings, remember = {}, set()
    for n in range(int(form.get("map_count", 0) or 0)):
        name, target = form.get(f"map-{n}-name", "").strip(), form.get(f"map-{n}-target", "")
        if name and target:
            mappings[name] = target
            if form.get(f"map-{n}-remember") == "on":
                remember.add(name)
    return mappings, remember


@bp.route("/drafts/<int:draft_id>", methods=["GET", "POST"])
@login_required
def review_draft(draft_id: int):
    _office_only()
    draft = _draft(draft_id)
    form = CsrfForm()
    if draft.state != "draft":
        if draft.document_id:
            return redirect(url_for("documents.show", doc_id=draft.document_id))
        abort(404)
    if form.validate_on_submit():
        action = request.form.get("action", "save")
        doc = {k: request.form.get(f"doc-{k}", "").strip() for k in DOC_KEYS}
        mappings, remember = _mappings(request.form)
        split_at = int(action[6:]) if action.startswith("split-") and action[6:].isdigit() else None
        try:
            if action == "discard":
                services.discard_draft(db.session, current_user, draft)
                db.session.commit()
                flash("Đã hủy bản nháp.", "info")
                return redirect(url_for("notices.upload"))
            services.update_draft(
                db.session, current_user, draft, doc, review.rows_from_form(request.form), mappings, split_at
            )
            if action == "commit":
                document = services.commit_draft(
                    db.session, current_user, clock.today(), draft, remember,
                    request.form.get("duplicate_reason", ""),
                )
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "error")
            return _render(draft, form, request.form), 400
        db.session.commit()
        if action == "commit":
            flash(f"Đã lưu văn bản {document.number} với {len(document.tasks)} nhiệm vụ.", "success")
            return redirect(url_for("documents.show", doc_id=document.id))
        flash("Đã lưu bản nháp.", "success")
        return redirect(url_for("notices.review_draft", draft_id=draft.id))
    return _render(draft, form)


def _render(draft: NoticeDraft, form, posted=None):
    agencies = db.session.scalars(
        select(Agency).where(Agency.active.is_(True)).order_by(Agency.order, Agency.name)
    ).all()
    groups = db.session.scalars(select(AgencyGroup).order_by(AgencyGroup.name)).all()
    members = {g.id: {a.id for a in g.members if a.active} for g in groups}
    payload = draft.payload
    unresolved = sorted({name for row in payload.get("rows", []) for name in row.get("unresolved", [])})
    return render_template(
        "notices/review.html",
        draft=draft,
        form=form,
        doc=payload.get("doc", {}),
        rows=payload.get("rows", []),
        warnings=payload.get("warnings", []),
        unresolved=unresolved,
        agencies=agencies,
        groups=groups,
        kinds=DOCUMENT_KINDS,
        leaders=user_choices(db.session, "leader"),
        task_total=review.task_count(payload.get("rows", []), members),
        early=review.early_deadlines(payload.get("rows", []), payload.get("doc", {}).get("issued_on")),
        duplicate=services.duplicate_of(db.session, payload.get("doc", {})),
    )
