"""The scheduler process (`tracker scheduler`): APScheduler runs the job bodies, never a web worker.

One process per deployment; a second one is harmless because the sweep takes a database lock and
every reminder is logged once.
"""

from __future__ import annotations

import logging

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from flask import Flask

from tracker import jobs

log = logging.getLogger(__name__)

MAIL_EVERY_MINUTES = 5


def build(app: Flask) -> BlockingScheduler:
    """The daily sweep at SWEEP_HOUR (local) and the mail outbox every few minutes."""
    tz = app.config["TIMEZONE"]
    once = {"max_instances": 1, "coalesce": True, "replace_existing": True}
    scheduler = BlockingScheduler(timezone=tz)
    scheduler.add_job(jobs.sweep, CronTrigger(hour=int(app.config.get("SWEEP_HOUR", 7)), minute=0, timezone=tz),
                      args=[app], kwargs={"once": True}, id="daily_sweep", misfire_grace_time=6 * 3600, **once)
    every = int(app.config.get("MAIL_EVERY_MINUTES", MAIL_EVERY_MINUTES))
    scheduler.add_job(jobs.send_mail, IntervalTrigger(minutes=every, timezone=tz), args=[app], id="send_mail",
                      misfire_grace_time=60, **once)
    from tracker.webhooks import jobs as webhook_jobs

    scheduler.add_job(webhook_jobs.run, IntervalTrigger(minutes=1, timezone=tz), args=[app], id="webhooks",
                      misfire_grace_time=60, **once)
    return scheduler


def run(app: Flask, catch_up: bool = True) -> None:
    """Start blocking; first catch up today's sweep if it has not run (after downtime)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    scheduler = build(app)
    if catch_up:
        _catch_up(app)
    log.info("scheduler started: sweep daily at %02d:00 %s", app.config.get("SWEEP_HOUR", 7), app.config["TIMEZONE"])
    scheduler.start()


def _catch_up(app: Flask) -> None:
    from tracker.core import clock

    now = clock.to_local(clock.now())
    if now.hour >= int(app.config.get("SWEEP_HOUR", 7)):
        try:
            jobs.sweep(app, now.date(), once=True)
        except Exception:  # the scheduler must start even if one sweep fails; it is logged
            log.exception("catch-up sweep failed")
