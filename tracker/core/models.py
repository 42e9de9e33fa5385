"""Journal (nothing is deleted, every change is recorded) and the editable working calendar."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.core import clock
from tracker.extensions import db


class JournalEntry(db.Model):
    __tablename__ = "journal_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(30))  # task | document | agency | user | extension ...
    entity_id: Mapped[int]
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: the system
    at: Mapped[datetime] = mapped_column(default=clock.now)
    on: Mapped[date]  # the business date (as_of) the change took effect
    action: Mapped[str] = mapped_column(String(40))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    via: Mapped[str | None] = mapped_column(String(200))  # "api:<token name>" for writes through the API

    actor = relationship("User")


class FormSubmission(db.Model):
    """A state-changing form's one-time token, taken in the same transaction as the change it made:
    a repeat (back and resubmit, double click) finds it taken and creates nothing (core/submissions.py)."""

    __tablename__ = "form_submissions"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(default=clock.now)
    url: Mapped[str | None] = mapped_column(String(255))  # where the first submission led


class CalendarDay(db.Model):
    """An admin's override of the statutory calendar: an extra day off or a make-up working day."""

    __tablename__ = "calendar_days"

    day: Mapped[date] = mapped_column(primary_key=True)
    working: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(String(255), default="")


Index("ix_journal_entity", JournalEntry.entity, JournalEntry.entity_id, JournalEntry.id)
Index("ix_journal_task", JournalEntry.task_id, JournalEntry.id)
