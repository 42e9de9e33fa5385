"""Notification services (filled in by the scheduler/notifications work)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session


def on_event(session: Session, kind: str, *, task=None, actor=None, as_of: date, **extra) -> None:
    """Placeholder until notifications are built: events are journaled by the services already."""
    return None
