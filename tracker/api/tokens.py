"""API tokens: shown once, stored as a SHA-256 digest, scoped read/write, expiring, revocable, acting as their user."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.auth.models import ApiToken, User
from tracker.core import journal
from tracker.core.errors import DomainError, PermissionDenied

SCOPES = {"read": "Chỉ đọc", "write": "Đọc và ghi"}
LAST_USED_EVERY = timedelta(minutes=1)  # last-use time is refreshed at most this often (no write per request)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: Session, user: User, name: str, as_of: date, *, scope: str = "write",
                 expires_on: date | None = None, actor=None) -> str:
    """The raw token is returned once and never stored; `actor` is the admin (None from the CLI)."""
    if actor is not None and actor.role != "admin":
        raise PermissionDenied()
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise DomainError("Tên token phải có từ 1 đến 200 ký tự.")
    if scope not in SCOPES:
        raise DomainError("Phạm vi token phải là read hoặc write.")
    if expires_on is not None and expires_on < as_of:
        raise DomainError("Ngày hết hạn phải từ hôm nay trở đi.")
    if not user.active:
        raise DomainError("Tài khoản đã bị khóa.")
    token = "tdnv_" + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, name=name, token_hash=_digest(token), scope=scope, expires_on=expires_on)
    session.add(row)
    session.flush()
    journal.record(session, entity="user", entity_id=user.id, action="token_created", actor=actor, on=as_of,
                   after={"token_id": row.id, "name": name, "scope": scope, "expires_on": expires_on})
    return token


def authenticate(session: Session, token: str | None, now: datetime, today: date) -> ApiToken | None:
    """The live token behind a raw value: not revoked, not expired, its user active."""
    if not token:
        return None
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if row is None or row.revoked_at is not None or not row.user.active:
        return None
    if row.expires_on is not None and row.expires_on < today:
        return None
    if row.last_used_at is None or now - row.last_used_at >= LAST_USED_EVERY:
        row.last_used_at = now
    return row


def revoke(session: Session, token_id: int, as_of: date, now: datetime, actor=None) -> ApiToken:
    """Revocation is immediate and final; the row stays for the record."""
    if actor is not None and actor.role != "admin":
        raise PermissionDenied()
    row = session.get(ApiToken, token_id)
    if row is None:
        raise DomainError(f"Không tìm thấy token #{token_id}.")
    if row.revoked_at is None:
        row.revoked_at = now
        journal.record(session, entity="user", entity_id=row.user_id, action="token_revoked", actor=actor,
                       on=as_of, after={"token_id": row.id, "name": row.name})
    return row


def listing(session: Session) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).order_by(ApiToken.revoked_at.is_not(None), ApiToken.id.desc())))
