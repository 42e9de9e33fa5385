"""Admin page for the working calendar (/admin/calendar): statutory holidays and yearly overrides."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import extract, select
from wtforms import HiddenField, SelectField, StringField

from tracker.auth import permissions as perm
from tracker.core import calendar_admin, clock, workdays
from tracker.core.errors import DomainError
from tracker.core.models import CalendarDay
from tracker.core.text import parse_vn_date
from tracker.extensions import db

bp = Blueprint("core", __name__)


class OverrideForm(FlaskForm):
    day = StringField("Ngày (dd/mm/yyyy)")
    working = SelectField("Loại", choices=[("0", "Ngày nghỉ thêm"), ("1", "Ngày làm việc bù")])
    note = StringField("Ghi chú (vd: QĐ của Thủ tướng)")


class RemoveForm(FlaskForm):
    day = HiddenField()


def _year() -> int:
    year = request.args.get("year", type=int) or clock.today().year
    return year if 1990 <= year <= 2100 else abort(404)


def _page(year: int, form: OverrideForm, status: int = 200):
    overrides = db.session.scalars(select(CalendarDay).where(extract("year", CalendarDay.day) == year)
                                   .order_by(CalendarDay.day)).all()
    statutory = sorted(workdays.statutory_names(year).items())
    return render_template("core/calendar.html", year=year, overrides=overrides, statutory=statutory, form=form,
                           remove=RemoveForm()), status


@bp.route("/admin/calendar", methods=["GET", "POST"])
@login_required
def calendar():
    if not perm.can_admin(current_user):
        abort(403)
    year, form = _year(), OverrideForm()
    if form.validate_on_submit():
        try:
            day = parse_vn_date(form.day.data)
            calendar_admin.set_override(db.session, current_user, clock.today(), day, form.working.data == "1",
                                        form.note.data)
        except ValueError as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return _page(year, form, 400)
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "error")
            return _page(year, form, 400)
        db.session.commit()
        flash("Đã lưu điều chỉnh lịch làm việc.", "success")
        return redirect(url_for(".calendar", year=day.year))
    return _page(year, form, 400 if request.method == "POST" else 200)


@bp.route("/admin/calendar/remove", methods=["POST"])
@login_required
def calendar_remove():
    if not perm.can_admin(current_user):
        abort(403)
    form = RemoveForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        day = date.fromisoformat(form.day.data or "")
        calendar_admin.remove_override(db.session, current_user, clock.today(), day)
    except ValueError:
        abort(400)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for(".calendar"))
    db.session.commit()
    flash("Đã bỏ điều chỉnh ngày " + day.strftime("%d/%m/%Y") + ".", "success")
    return redirect(url_for(".calendar", year=day.year))
