"""Admin forms for the agency directory."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from tracker.agencies.models import AGENCY_KINDS

KIND_CHOICES = list(AGENCY_KINDS.items())


class AgencyForm(FlaskForm):
    name = StringField(
        "Tên cơ quan", validators=[DataRequired("Vui lòng nhập tên cơ quan."), Length(max=255)]
    )
    short_name = StringField("Tên viết tắt", validators=[Optional(), Length(max=100)])
    kind = SelectField("Loại", choices=KIND_CHOICES)
    order = IntegerField("Thứ tự", default=0, validators=[Optional()])
    aliases = StringField("Tên gọi khác (cách nhau bởi dấu ;)", validators=[Optional()])


class AgencyEditForm(FlaskForm):
    short_name = StringField("Tên viết tắt", validators=[Optional(), Length(max=100)])
    kind = SelectField("Loại", choices=KIND_CHOICES)
    order = IntegerField("Thứ tự", default=0, validators=[Optional()])


class RenameForm(FlaskForm):
    name = StringField("Tên mới", validators=[DataRequired("Vui lòng nhập tên mới."), Length(max=255)])


class AliasForm(FlaskForm):
    alias = StringField(
        "Tên gọi khác / viết tắt", validators=[DataRequired("Vui lòng nhập tên gọi khác."), Length(max=255)]
    )


class MergeForm(FlaskForm):
    successor_id = SelectField("Sáp nhập vào cơ quan", coerce=int, choices=[], validate_choice=False)


class GroupForm(FlaskForm):
    name = StringField("Tên nhóm", validators=[DataRequired("Vui lòng nhập tên nhóm."), Length(max=255)])
    aliases = TextAreaField("Tên gọi khác (mỗi dòng một tên)", validators=[Optional()])
    member_ids = SelectMultipleField("Cơ quan thành viên", coerce=int, choices=[], validate_choice=False)


class ActionForm(FlaskForm):
    """CSRF-only form for one-button actions (remove an alias)."""
