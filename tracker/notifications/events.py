"""Hook services call when something happens that people must hear about.

`emit` adds in-app notifications and queued mail in the caller's transaction; the caller sends
queued mail after it commits.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session


def emit(session: Session, kind: str, *, task=None, actor=None, as_of: date, **extra) -> None:
    from tracker.notifications import services

    services.on_event(session, kind, task=task, actor=actor, as_of=as_of, **extra)
