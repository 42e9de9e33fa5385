"""Users and API tokens."""

from __future__ import annotations

import secrets
from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import JSON, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from tracker.agencies.models import Agency
from tracker.core import clock
from tracker.extensions import db

ROLES = {
    "admin": "Quản trị hệ thống",
    "office": "Văn phòng UBND",
    "leader": "Lãnh đạo UBND",
    "agency": "Cán bộ cơ quan",
}


def new_session_key() -> str:
    return secrets.token_hex(16)


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('admin','office','leader','agency')", name="role_valid"),
        CheckConstraint("role <> 'agency' OR agency_id IS NOT NULL", name="agency_user_has_agency"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(String(255))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    is_agency_head: Mapped[bool] = mapped_column(default=False)
    title: Mapped[str | None] = mapped_column(String(200))  # "Phó Chủ tịch UBND tỉnh"
    fields: Mapped[list] = mapped_column(JSON, default=list)  # leader's fields in charge
    email_prefs: Mapped[dict] = mapped_column(JSON, default=dict)  # reminder kind -> bool
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    # Part of the id kept in every session cookie; a new value (logout, password reset) ends them all.
    session_key: Mapped[str] = mapped_column(String(32), default=new_session_key, server_default="")

    agency: Mapped[Agency | None] = relationship()

    def get_id(self) -> str:
        return f"{self.id}:{self.session_key}"

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    def wants_email(self, kind: str) -> bool:
        return bool(self.email) and (self.email_prefs or {}).get(kind, True)


class LoginThrottle(db.Model):
    """Login attempts counted per (account typed, client address); account "" counts the address."""

    __tablename__ = "login_throttles"

    account: Mapped[str] = mapped_column(String(80), primary_key=True)
    address: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    window_start: Mapped[datetime]


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    revoked_at: Mapped[datetime | None]
    # "read" tokens may only GET; "write" tokens act with every permission of their user.
    scope: Mapped[str] = mapped_column(String(10), default="write", server_default="write")
    expires_on: Mapped[date | None]  # last day the token works
    last_used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    __table_args__ = (CheckConstraint("scope IN ('read', 'write')", name="scope"),)
