"""The webhook job: turn new journal rows into deliveries, then send what is due (scheduler and CLI)."""

from __future__ import annotations

import logging

from flask import Flask

from tracker.core import clock
from tracker.extensions import db
from tracker.webhooks import services

log = logging.getLogger(__name__)


def run(app: Flask, limit: int = 100) -> dict:
    """Commit after the fan-out and after each delivery, so a crash re-sends at most one message."""
    with app.app_context():
        session = db.session
        try:
            created = services.enqueue(session, clock.now())
            session.commit()
            sent = failed = 0
            max_attempts = int(app.config.get("WEBHOOK_MAX_ATTEMPTS", services.MAX_ATTEMPTS))
            for delivery in services.due(session, clock.now(), limit):
                if services.attempt(session, delivery, clock.now(), max_attempts=max_attempts):
                    sent += 1
                else:
                    failed += 1
                session.commit()
        except Exception:
            session.rollback()
            raise
        finally:
            session.remove()
    result = {"queued": created, "sent": sent, "failed": failed}
    if any(result.values()):
        log.info("webhooks: %s", result)
    return result
