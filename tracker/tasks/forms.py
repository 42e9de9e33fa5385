"""Forms of the task page's actions; all POST with CSRF and the task's `version` (optimistic lock)."""

from __future__ import annotations

from flask import request
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional

from tracker.core.text import format_date, parse_vn_date
from tracker.documents.files import Upload


class VnDateField(StringField):
    """Text in dd/mm/yyyy; `.data` is a date (or None) and the typed text is kept for re-display."""

    raw: str | None = None

    def process_formdata(self, valuelist):
        self.raw = (valuelist[0] if valuelist else "").strip()
        try:
            self.data = parse_vn_date(self.raw)
        except ValueError as exc:
            self.data = None
            self.process_errors.append(str(exc))

    def _value(self):
        return self.raw if self.raw is not None else format_date(self.data)


def opt_int(value):
    """'' or '0' → None, so a select can offer "none"."""
    if value in (None, "", "0", 0, "None"):
        return None
    return int(value)


def uploads(name: str = "files") -> list[Upload]:
    """The request's files as Upload values; the service checks type and size."""
    return [Upload(f.filename, f.read()) for f in request.files.getlist(name) if f and f.filename]


class VersionForm(FlaskForm):
    version = IntegerField(validators=[Optional()])


class TextForm(VersionForm):
    text = TextAreaField("Nội dung")


class ReportForm(VersionForm):
    text = TextAreaField("Kết quả thực hiện")
    result_doc_number = StringField("Số văn bản báo cáo")
    result_doc_date = VnDateField("Ngày văn bản")


class ExtensionForm(VersionForm):
    proposed_due_on = VnDateField("Thời hạn đề nghị")
    reason = TextAreaField("Lý do")


class ReasonForm(VersionForm):
    reason = TextAreaField("Lý do")


class DecideForm(VersionForm):
    extension_id = IntegerField(validators=[InputRequired("Thiếu đề nghị gia hạn.")])
    decision = SelectField("Quyết định", choices=["approve", "refuse"],
                           validators=[InputRequired("Vui lòng chọn quyết định.")])
    granted_due_on = VnDateField("Thời hạn mới")
    note = TextAreaField("Ý kiến")
    doc_number = StringField("Số văn bản quyết định")


class ReassignForm(VersionForm):
    new_lead = SelectField("Cơ quan chủ trì mới", coerce=opt_int,
                           validators=[InputRequired("Vui lòng chọn cơ quan chủ trì mới.")])
    note = TextAreaField("Ghi chú")


class EditTaskForm(VersionForm):
    item_ref = StringField("Mục")
    content = TextAreaField("Nội dung nhiệm vụ")
    due_on = VnDateField("Thời hạn (để trống: thường xuyên)")
    is_key = BooleanField("Nhiệm vụ trọng tâm")
    field = StringField("Lĩnh vực")
    officer_id = SelectField("Chuyên viên theo dõi", coerce=opt_int)
    leader_id = SelectField("Lãnh đạo phụ trách", coerce=opt_int)
    co_agencies = SelectMultipleField("Cơ quan phối hợp", coerce=int)
