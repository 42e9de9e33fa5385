"""Users: create, update, password, login throttling. Callers commit."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash
from werkzeug.security import generate_password_hash as _hash

from tracker.agencies.models import Agency
from tracker.auth import throttle
from tracker.auth.models import ROLES, User, new_session_key
from tracker.core import journal
from tracker.core.errors import DomainError, PermissionDenied

MIN_PASSWORD = 8
WRONG_CREDENTIALS = "Tên đăng nhập hoặc mật khẩu không đúng."
LOCKED = "Tài khoản tạm khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau ít phút."


def check_password_strength(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise DomainError(f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự.")


def create_user(session: Session, actor, as_of, *, username: str, password: str, role: str,
                agency: Agency | None = None, email: str | None = None, full_name: str = "",
                fields: list[str] | None = None, is_agency_head: bool = False, title: str | None = None) -> User:
    if actor is not None and actor.role != "admin":
        raise PermissionDenied()
    username = (username or "").strip().lower()
    if not username or not username.replace(".", "").replace("_", "").replace("-", "").isalnum():
        raise DomainError("Tên đăng nhập chỉ gồm chữ, số, dấu chấm, gạch dưới hoặc gạch ngang.")
    if role not in ROLES:
        raise DomainError("Vai trò không hợp lệ (admin, office, leader, agency).")
    if role == "agency" and agency is None:
        raise DomainError("Tài khoản cơ quan phải gắn với một cơ quan.")
    if session.scalar(select(func.count()).select_from(User).where(User.username == username)):
        raise DomainError(f"Tên đăng nhập “{username}” đã tồn tại.")
    check_password_strength(password)
    user = User(username=username, role=role, agency_id=agency.id if agency and role == "agency" else None,
                email=(email or "").strip() or None, full_name=(full_name or "").strip(), fields=fields or [],
                is_agency_head=is_agency_head, title=title, email_prefs={})
    user.set_password(password)
    session.add(user)
    session.flush()
    journal.record(session, entity="user", entity_id=user.id, action="create", actor=actor, on=as_of,
                   after={"username": username, "role": role, "agency_id": user.agency_id})
    return user


_DUMMY_HASH: list[str] = []


def _dummy_check(password: str) -> None:
    """Spend the time of a real hash check, so an unknown username answers as slowly as a real one."""
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(_hash("not-a-password"))  # same method and cost as User.set_password
    check_password_hash(_DUMMY_HASH[0], password)


def attempt_login(session: Session, username: str, password: str) -> User:
    """Check credentials (throttling is the caller's, see auth.throttle); raises DomainError with the
    message to show, the same for an unknown username as for a wrong password."""
    user = session.scalar(select(User).where(User.username == (username or "").strip().lower()))
    if user is None:
        _dummy_check(password or "")
        raise DomainError(WRONG_CREDENTIALS)
    if not user.check_password(password or ""):
        raise DomainError(WRONG_CREDENTIALS)
    if not user.active:
        raise DomainError("Tài khoản đã bị vô hiệu hóa.")
    return user


# ---- administration (admin only; callers commit) -------------------------------------------------

USER_FIELDS = ("full_name", "email", "role", "agency_id", "is_agency_head", "title", "fields", "active")


def _require_admin(actor) -> None:
    if actor is not None and actor.role != "admin":
        raise PermissionDenied()


def update_user(session: Session, actor, as_of, user: User, *, role: str, agency: Agency | None = None,
                email: str | None = None, full_name: str = "", fields: list[str] | None = None,
                is_agency_head: bool = False, title: str | None = None) -> None:
    """Role, agency, leader's fields, contact details; the username and password are not changed here."""
    _require_admin(actor)
    if role not in ROLES:
        raise DomainError("Vai trò không hợp lệ (admin, office, leader, agency).")
    if role == "agency" and agency is None:
        raise DomainError("Tài khoản cơ quan phải gắn với một cơ quan.")
    if actor is not None and user.id == actor.id and role != "admin":
        raise DomainError("Không thể tự bỏ quyền quản trị của chính mình.")
    before = journal.snapshot(user, USER_FIELDS)
    user.role = role
    user.agency_id = agency.id if agency is not None and role == "agency" else None
    user.is_agency_head = bool(is_agency_head) and role == "agency"
    user.email = (email or "").strip() or None
    user.full_name = (full_name or "").strip()
    user.title = (title or "").strip() or None
    user.fields = [f.strip() for f in (fields or []) if f.strip()] if role == "leader" else []
    b, a = journal.changed(before, journal.snapshot(user, USER_FIELDS))
    if a:
        journal.record(session, entity="user", entity_id=user.id, action="edit", actor=actor, on=as_of,
                       before=b, after=a)
    session.flush()


def set_active(session: Session, actor, as_of, user: User, active: bool) -> None:
    """Deactivate (never delete) or reactivate an account."""
    _require_admin(actor)
    if actor is not None and user.id == actor.id and not active:
        raise DomainError("Không thể tự vô hiệu hóa tài khoản của chính mình.")
    if user.active == active:
        return
    user.active = active
    if active:
        user.failed_logins, user.locked_until = 0, None
    else:
        end_sessions(user)  # a later reactivation does not revive old cookies
    journal.record(session, entity="user", entity_id=user.id, action="reactivate" if active else "deactivate",
                   actor=actor, on=as_of, before={"active": not active}, after={"active": active})
    session.flush()


def end_sessions(user: User) -> None:
    """Every browser logged in as this user is logged out at its next request (a copied cookie too)."""
    user.session_key = new_session_key()


def reset_password(session: Session, actor, as_of, user: User, password: str) -> None:
    """A new password chosen by the admin; also lifts a login lock and ends the user's sessions."""
    _require_admin(actor)
    check_password_strength(password)
    user.set_password(password)
    end_sessions(user)
    user.failed_logins, user.locked_until = 0, None
    throttle.unlock(session, user.username)
    journal.record(session, entity="user", entity_id=user.id, action="reset_password", actor=actor, on=as_of)
    session.flush()
