"""Login throttling kept in the database, so it holds across gunicorn workers and under a burst.

Each attempt is counted before the password is checked (an atomic UPDATE ... RETURNING, committed at
once by the caller), so ten simultaneous tries cannot all pass a check of "fewer than five so far".
Two counters per attempt: the account typed *from this address* (so an attacker elsewhere cannot lock
the admin out), and the address over all accounts (so one address cannot spray many accounts). A
name that is no account is counted like a real one: the answers never tell them apart.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import case, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from tracker.auth.models import LoginThrottle

T = LoginThrottle.__table__
ANY_ACCOUNT = ""  # the address's own counter


def account_key(username: str | None) -> str:
    return (username or "").strip().lower()[:80]


def _bump(session: Session, account: str, address: str, now: datetime, cutoff: datetime) -> int:
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(T).values(account=account, address=address, failures=0, window_start=now)
                    .on_conflict_do_nothing())
    expired = T.c.window_start < cutoff
    return session.execute(
        update(T).where(T.c.account == account, T.c.address == address)
        .values(failures=case((expired, 1), else_=T.c.failures + 1),
                window_start=case((expired, now), else_=T.c.window_start))
        .returning(T.c.failures)).scalar_one()


def reserve(session: Session, username: str, address: str, now: datetime, *, per_account: int,
            per_address: int, minutes: int) -> bool:
    """Count this attempt; False when the account (from this address) or the address is over its limit."""
    cutoff = now - timedelta(minutes=minutes)
    address = (address or "?")[:64]
    by_account = _bump(session, account_key(username), address, now, cutoff)
    by_address = _bump(session, ANY_ACCOUNT, address, now, cutoff)
    return by_account <= per_account and by_address <= per_address


def succeeded(session: Session, username: str, address: str) -> None:
    """A right password: this account's count from this address starts over, and the attempt does not
    count against the address (many colleagues may share one office address)."""
    address = (address or "?")[:64]
    session.execute(update(T).where(T.c.account == account_key(username), T.c.address == address)
                    .values(failures=0))
    session.execute(update(T).where(T.c.account == ANY_ACCOUNT, T.c.address == address, T.c.failures > 0)
                    .values(failures=T.c.failures - 1))


def unlock(session: Session, username: str) -> None:
    """An admin's password reset lifts the account's locks on every address."""
    session.execute(update(T).where(T.c.account == account_key(username)).values(failures=0))
