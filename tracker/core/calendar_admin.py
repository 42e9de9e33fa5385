"""Admin edits of the working calendar: extra days off and make-up working days, journaled.

Removing an override deletes its row (the calendar is a set of days), but the journal keeps the
removed day with its before/after, so nothing is lost from the record.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from tracker.auth import permissions as perm
from tracker.core import journal
from tracker.core.errors import DomainError, PermissionDenied
from tracker.core.models import CalendarDay


def _entity_id(day: date) -> int:
    return int(day.strftime("%Y%m%d"))


def _state(row: CalendarDay | None) -> dict | None:
    return {"day": row.day, "working": row.working, "note": row.note} if row else None


def set_override(session: Session, actor, as_of: date, day: date | None, working: bool, note: str = "") -> CalendarDay:
    """Mark `day` as an extra day off or a make-up working day (replacing an earlier override)."""
    if not perm.can_admin(actor):
        raise PermissionDenied()
    if day is None:
        raise DomainError("Vui lòng nhập ngày (dd/mm/yyyy).")
    row = session.get(CalendarDay, day)
    before = _state(row)
    if row is None:
        row = CalendarDay(day=day)
        session.add(row)
    row.working, row.note = bool(working), (note or "").strip()[:255]
    journal.record(session, entity="calendar_day", entity_id=_entity_id(day), action="calendar_set", actor=actor,
                   on=as_of, before=before, after=_state(row))
    session.flush()
    return row


def remove_override(session: Session, actor, as_of: date, day: date) -> None:
    if not perm.can_admin(actor):
        raise PermissionDenied()
    row = session.get(CalendarDay, day)
    if row is None:
        raise DomainError("Ngày này không có điều chỉnh nào.")
    journal.record(session, entity="calendar_day", entity_id=_entity_id(day), action="calendar_remove", actor=actor,
                   on=as_of, before=_state(row), after=None)
    session.delete(row)
    session.flush()
