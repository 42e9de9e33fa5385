"""Load the admin-edited calendar overrides into a workdays.Calendar."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.core.models import CalendarDay
from tracker.core.workdays import Calendar


def load_calendar(session: Session) -> Calendar:
    rows = session.execute(select(CalendarDay.day, CalendarDay.working)).all()
    return Calendar.of(
        days_off=[d for d, working in rows if not working],
        working_days=[d for d, working in rows if working],
    )
