"""In-app notifications, the reminder log (never twice) and the mail outbox (retried)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.core import clock
from tracker.extensions import db


class Notification(db.Model):
    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"))
    kind: Mapped[str] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(255))
    at: Mapped[datetime] = mapped_column(default=clock.now)
    read_at: Mapped[datetime | None]

    task = relationship("Task")


class ReminderLog(db.Model):
    __tablename__ = "reminder_log"
    __table_args__ = (UniqueConstraint("task_id", "kind", "for_date", "recipient_id", "channel", name="uq_reminder_once"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    for_date: Mapped[date]
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    channel: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)


class OutboundMail(db.Model):
    __tablename__ = "outbound_mail"

    id: Mapped[int] = mapped_column(primary_key=True)
    to_addr: Mapped[str] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(String(255))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    sent_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str | None] = mapped_column(String(40))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"))
    # Set and committed before the SMTP call: a row still "sending" after a crash was perhaps delivered.
    sending_at: Mapped[datetime | None]
    message_id: Mapped[str | None] = mapped_column(String(255))  # kept, so a resend is recognisable
    next_attempt_at: Mapped[datetime | None]  # backoff after a failure


class SweepRun(db.Model):
    """One run of the daily sweep; the last finished day bounds the next run's catch-up window."""

    __tablename__ = "sweep_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(index=True)
    started_at: Mapped[datetime] = mapped_column(default=clock.now)
    finished_at: Mapped[datetime | None]
    counts: Mapped[dict | None] = mapped_column(JSON)


Index("ix_notifications_user_unread", Notification.user_id, Notification.read_at, Notification.id)
Index("ix_outbound_mail_unsent", OutboundMail.sent_at, OutboundMail.id)
