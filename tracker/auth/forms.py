"""Admin forms for user accounts (CSRF via Flask-WTF; the services check the rules)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from tracker.auth.models import ROLES

ROLE_CHOICES = list(ROLES.items())


class UserEditForm(FlaskForm):
    full_name = StringField("Họ và tên", validators=[Optional(), Length(max=200)])
    email = EmailField("Thư điện tử", validators=[Optional(), Length(max=255)])
    role = SelectField("Vai trò", choices=ROLE_CHOICES)
    agency_id = SelectField("Cơ quan (với tài khoản cơ quan)", coerce=int, choices=[], validate_choice=False)
    is_agency_head = BooleanField("Thủ trưởng cơ quan (nhận đôn đốc chuyển cấp)")
    title = StringField("Chức vụ", validators=[Optional(), Length(max=200)])
    fields = StringField("Lĩnh vực phụ trách (lãnh đạo; cách nhau bởi dấu phẩy)", validators=[Optional()])

    def fields_list(self) -> list[str]:
        data = self.fields.data or ""
        parts = data if isinstance(data, list) else data.split(",")
        return [part.strip() for part in parts if part.strip()]


class UserCreateForm(UserEditForm):
    username = StringField(
        "Tên đăng nhập", validators=[DataRequired("Vui lòng nhập tên đăng nhập."), Length(max=80)]
    )
    password = PasswordField(
        "Mật khẩu (ít nhất 8 ký tự)", validators=[DataRequired("Vui lòng nhập mật khẩu.")]
    )


class PasswordForm(FlaskForm):
    password = PasswordField(
        "Mật khẩu mới (ít nhất 8 ký tự)", validators=[DataRequired("Vui lòng nhập mật khẩu.")]
    )


class ActionForm(FlaskForm):
    """A button that only needs the CSRF token (deactivate, reactivate)."""
