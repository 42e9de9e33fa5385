"""Losing a concurrent write is a conflict (StaleObject → 409), whatever part of the database noticed it."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from tracker.core.errors import StaleObject

UNIQUE_VIOLATION = "23505"  # PostgreSQL SQLSTATE


def is_conflict(exc: BaseException) -> bool:
    """A version check that matched no row, or a unique key another transaction took first.
    Other integrity errors (CHECK, NOT NULL, foreign keys) are bugs and stay errors."""
    if isinstance(exc, StaleObject | StaleDataError):
        return True
    if not isinstance(exc, IntegrityError):
        return False
    orig = exc.orig
    if getattr(orig, "sqlstate", None) == UNIQUE_VIOLATION:
        return True
    return "UNIQUE constraint failed" in str(orig)


def flush(session: Session, message: str | None = None) -> None:
    """Flush; the loser of a race gets StaleObject (the caller rolls back and answers 409)."""
    try:
        session.flush()
    except (StaleDataError, IntegrityError) as exc:
        if not is_conflict(exc):
            raise
        raise (StaleObject(message) if message else StaleObject()) from exc
