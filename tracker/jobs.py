"""Job bodies: plain functions the scheduler and the CLI both call (app context, service, commit once).

`sweep` runs one day's sweep under the sweep lock, commits, then sends the mail it queued.
`send_mail` delivers whatever is still queued (a mail server that was down, web notifications).
"""

from __future__ import annotations

import logging
from datetime import date

from flask import Flask

from tracker.core import clock
from tracker.extensions import db
from tracker.notifications import mail
from tracker.notifications.sweep import acquire_lock, already_swept, run_sweep
from tracker.ops.logs import JobRun

log = logging.getLogger(__name__)


def _empty(day: date) -> dict:
    return {"date": day.isoformat(), "became_overdue": 0, "reminders": {"due_soon": 0, "overdue": 0, "escalation": 0},
            "digests": 0, "occurrences": 0}


def sweep(app: Flask, day: date | None = None, dry_run: bool = False, once: bool = False) -> dict:
    """The daily sweep for `day` (default: today, local). Safe to run twice or in two processes.

    `once` (the scheduler's runs) skips a day another node already swept: one sweep per day however
    many schedulers run; the CLI re-runs a day on purpose (its reminders are still sent only once).
    """
    with JobRun("sweep") as run:
        run.result = _sweep(app, day or clock.today(), dry_run, once)
    return run.result


def _skipped(day: date, why: str) -> dict:
    return {**_empty(day), "skipped": True, "reason": why, "emails_sent": 0, "emails_failed": 0}


def _sweep(app: Flask, day: date, dry_run: bool, once: bool) -> dict:
    with app.app_context():
        session = db.session
        try:
            if not acquire_lock(session):
                session.rollback()
                log.info("sweep %s skipped: another sweep holds the lock", day)
                return _skipped(day, "locked")
            if once and already_swept(session, day):
                session.rollback()
                log.info("sweep %s skipped: already swept", day)
                return _skipped(day, "done")
            result = run_sweep(session, day, app.config)
            if dry_run:
                session.rollback()
                return {**result, "dry_run": True, "emails_sent": 0, "emails_failed": 0}
            session.commit()
        except Exception:
            session.rollback()
            raise
        finally:
            session.remove()
    sent = send_mail(app)
    log.info("sweep %s: %s, mail %s", day, result, sent)
    return {**result, "emails_sent": sent["sent"], "emails_failed": sent["failed"]}


def send_mail(app: Flask) -> dict:
    """Deliver queued mail (retries what failed before); nothing happens while SMTP_URL is empty."""
    with JobRun("send_mail") as run, app.app_context():
        try:
            run.result = mail.send_pending(app.config, db.session)
        finally:
            db.session.remove()
    return run.result
