"""The only reader of the wall clock: everything else takes `as_of` / `now` as arguments."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

_tz = ZoneInfo("Asia/Ho_Chi_Minh")


def set_timezone(name: str) -> None:
    global _tz
    _tz = ZoneInfo(name)


def local_tz() -> ZoneInfo:
    return _tz


def now() -> datetime:
    """Naive UTC, the form stored in the database on both SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    """Today where the office is: the day boundary is local midnight, not UTC."""
    return datetime.now(UTC).astimezone(_tz).date()


def to_local(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(_tz)


def local_date(moment: datetime) -> date:
    return to_local(moment).date()
