"""The document form: header fields plus one row per directive item (rows may be cloned client-side)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Optional

from tracker.documents.models import DOCUMENT_KINDS, SOURCES
from tracker.documents.services import DOC_FIELDS, ItemInput
from tracker.tasks.forms import VnDateField, opt_int

BLANK_ROWS = 5


class ItemForm(Form):
    """One directive item; several leads or a group fan out into one task each (in the service)."""

    ref = StringField("Mục")
    content = TextAreaField("Nội dung nhiệm vụ")
    leads = SelectMultipleField("Cơ quan chủ trì", coerce=int, validators=[Optional()])
    groups = SelectMultipleField("Nhóm cơ quan chủ trì", coerce=int, validators=[Optional()])
    co = SelectMultipleField("Cơ quan phối hợp", coerce=int, validators=[Optional()])
    due = VnDateField("Thời hạn")
    is_key = BooleanField("Trọng tâm")
    field = StringField("Lĩnh vực")
    officer = SelectField("Chuyên viên theo dõi", coerce=opt_int)

    def is_blank(self) -> bool:
        return not ((self.content.data or "").strip() or self.leads.data or self.groups.data)

    def to_input(self) -> ItemInput:
        return ItemInput(content=self.content.data or "", ref=(self.ref.data or "").strip() or None,
                         lead_agency_ids=list(self.leads.data or []), lead_group_ids=list(self.groups.data or []),
                         co_agency_ids=list(self.co.data or []), due_on=self.due.data,
                         due_text=self.due.raw or None, is_key=bool(self.is_key.data),
                         field=(self.field.data or "").strip() or None, officer_id=self.officer.data)


class DocumentForm(FlaskForm):
    number = StringField("Số, ký hiệu")
    kind = SelectField("Loại văn bản")
    issued_on = VnDateField("Ngày ban hành")
    issuer = StringField("Cơ quan ban hành", default="UBND tỉnh")
    signer = StringField("Người ký")
    leader_id = SelectField("Lãnh đạo chỉ đạo", coerce=opt_int)
    directed_by = StringField("Ý kiến chỉ đạo của (ghi rõ)")
    summary = TextAreaField("Trích yếu")
    meeting_on = VnDateField("Ngày họp (nếu có)")
    source = SelectField("Nguồn giao")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Set per instance: WTForms 3.3 deprecates tuple choices in the field declaration.
        self.kind.choices = list(DOCUMENT_KINDS.items())
        self.source.choices = list(SOURCES.items())

    def doc_data(self) -> dict:
        return {name: getattr(self, name).data for name in DOC_FIELDS}


class NewDocumentForm(DocumentForm):
    items = FieldList(FormField(ItemForm), min_entries=BLANK_ROWS)


class ItemsForm(FlaskForm):
    items = FieldList(FormField(ItemForm), min_entries=3)


def set_choices(form, agencies, groups, officers, leaders=None) -> None:
    """Choices come from the directory; WTForms then rejects ids that are not in it."""
    if leaders is not None:
        form.leader_id.choices = [(None, "—"), *leaders]
    for entry in getattr(form, "items", []):
        entry.leads.choices = agencies
        entry.co.choices = agencies
        entry.groups.choices = groups
        entry.officer.choices = [(None, "—"), *officers]


def filled_items(form) -> list[ItemInput]:
    return [entry.form.to_input() for entry in form.items if not entry.form.is_blank()]
