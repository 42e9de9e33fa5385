"""API tokens: shown once, stored as a SHA-256 digest, acting with their user's permissions."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.auth.models import ApiToken, User
from tracker.core import clock, journal


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: Session, user: User, name: str, as_of) -> str:
    token = "tdnv_" + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, name=name, token_hash=_digest(token))
    session.add(row)
    session.flush()
    journal.record(session, entity="user", entity_id=user.id, action="token_created", actor=None, on=as_of,
                   after={"token_id": row.id, "name": name})
    return token


def user_for(session: Session, token: str | None) -> User | None:
    if not token:
        return None
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token), ApiToken.revoked_at.is_(None)))
    if row is None or not row.user.active:
        return None
    return row.user


def revoke(session: Session, token_id: int) -> None:
    row = session.get(ApiToken, token_id)
    if row is not None and row.revoked_at is None:
        row.revoked_at = clock.now()
