"""Leader dashboard, the report page, its exports and the weekly-meeting overdue brief (read-only)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from tracker.auth import permissions as perm
from tracker.auth.models import User
from tracker.core import clock, settings
from tracker.core.calendar import load_calendar
from tracker.documents.models import DOCUMENT_KINDS, SOURCES
from tracker.extensions import db
from tracker.reports import exports, params, queries

bp = Blueprint("reports", __name__)

PER_PAGE = 20
MIME = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def _is_staff() -> bool:
    return current_user.role in perm.STAFF


def _parse():
    """Request args -> ReportParams, restricted to the user's own agency for agency users."""
    cfg = current_app.config
    p = params.parse(request.args, clock.today(), cfg["REPORT_PERIOD_START_DAY"])
    if not _is_staff():
        p.filters.agency_id = current_user.agency_id
    return p


def _choices() -> dict:
    leaders = db.session.scalars(select(User).where(User.role == "leader", User.active.is_(True))
                                 .order_by(User.full_name)).all()
    fields = sorted({f for leader in leaders for f in (leader.fields or [])})
    return {"leaders": leaders, "fields": fields, "doc_kinds": DOCUMENT_KINDS, "sources": SOURCES,
            "groups": queries.GROUPS, "periods": params.PERIOD_CHOICES}


def _bad_request(template: str, message: str):
    flash(message, "error")
    p = params.ReportParams(as_of=clock.today())
    return render_template(template, p=p, report=None, error=True, **_choices(), **_links(p)), 400


def _links(p) -> dict:
    return {"tasks_url": lambda **kw: url_for("tasks.index", **params.task_args(p, **kw)),
            "self_url": lambda endpoint, **kw: url_for(endpoint, **params.query_args(p, **kw))}


def _soon_until(as_of):
    return load_calendar(db.session).add_working_days(as_of, settings.current.due_soon_working_days)


@bp.route("/dashboard")
@login_required
def dashboard():
    if not _is_staff():
        abort(403)
    try:
        p = _parse()
    except ValueError as exc:
        return _bad_request("reports/dashboard.html", str(exc))
    start_day = current_app.config["REPORT_PERIOD_START_DAY"]
    report = queries.rollup(db.session, p.as_of, "agency", p.filters, _soon_until(p.as_of), start_day)
    overdue = queries.overdue_page(db.session, p.as_of, p.filters, p.page, PER_PAGE)
    return render_template(
        "reports/dashboard.html", p=p, report=report, worst=queries.worst_agencies(report),
        trend=queries.monthly_trend(db.session, p.as_of, p.filters, 12, start_day), overdue=overdue,
        pages=max(1, -(-report.totals.open_overdue // PER_PAGE)), per_page=PER_PAGE, **_choices(), **_links(p))


@bp.route("/reports")
@login_required
def report():
    if not perm.can_view_reports(current_user):
        abort(403)
    try:
        p = _parse()
    except ValueError as exc:
        return _bad_request("reports/report.html", str(exc))
    result = queries.rollup(db.session, p.as_of, p.by, p.filters,
                            start_day=current_app.config["REPORT_PERIOD_START_DAY"])
    return render_template("reports/report.html", p=p, report=result, **_choices(), **_links(p))


@bp.route("/reports/export.<fmt>")
@login_required
def export(fmt: str):
    if fmt not in MIME:
        abort(404)
    if not perm.can_view_reports(current_user):
        abort(403)
    try:
        p = _parse()
    except ValueError as exc:
        return _bad_request("reports/report.html", str(exc))
    result = queries.rollup(db.session, p.as_of, p.by, p.filters,
                            start_day=current_app.config["REPORT_PERIOD_START_DAY"])
    data = exports.render(db.session, result, fmt, current_app.config)
    name = f"bao-cao-nhiem-vu-{p.as_of:%Y%m%d}.{fmt}"
    return Response(data, mimetype=MIME[fmt], headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/reports/brief")
@login_required
def brief():
    """One printable page for the weekly meeting (giao ban): overdue tasks, worst agencies first."""
    if not _is_staff():
        abort(403)
    try:
        p = _parse()
    except ValueError as exc:
        return _bad_request("reports/dashboard.html", str(exc))
    report = queries.rollup(db.session, p.as_of, "agency", p.filters, _soon_until(p.as_of),
                            current_app.config["REPORT_PERIOD_START_DAY"])
    overdue = queries.overdue_page(db.session, p.as_of, p.filters, 1, 20)
    return render_template("reports/brief.html", p=p, report=report, worst=queries.worst_agencies(report, 8),
                           overdue=overdue, meta=exports.Meta.load(db.session, current_app.config))
