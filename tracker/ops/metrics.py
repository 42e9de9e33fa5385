"""Prometheus metrics: request counters and latency per route (per process, or summed over gunicorn
workers in prometheus_client's multiprocess mode) and gauges read from the database at scrape time.

Multiprocess mode is on when PROMETHEUS_MULTIPROC_DIR is set before the app starts (deploy/ does it);
the database gauges are computed by whichever worker answers the scrape, so they never disagree.
"""

from __future__ import annotations

import os
from datetime import date, datetime

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.notifications.models import OutboundMail, SweepRun
from tracker.tasks import deadlines
from tracker.tasks.deadlines import TimeClass
from tracker.tasks.models import Task, TaskDeadline

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):  # a missing folder would fail every request's counter
    os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"], exist_ok=True)
LOCAL = CollectorRegistry(auto_describe=True)
REQUESTS = Counter("tracker_http_requests_total", "HTTP requests by route, method and status",
                   ("route", "method", "status"), registry=LOCAL)
LATENCY = Histogram("tracker_http_request_duration_seconds", "HTTP request latency by route", ("route", "method"),
                    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10), registry=LOCAL)
JOB_RUNS = Counter("tracker_job_runs_total", "Scheduler job runs by job and outcome", ("job", "outcome"),
                   registry=LOCAL)


def observe_request(route: str, method: str, status: int, seconds: float) -> None:
    REQUESTS.labels(route, method, str(status)).inc()
    LATENCY.labels(route, method).observe(seconds)


class DatabaseCollector:
    """Task, outbox and sweep gauges, read when Prometheus scrapes (one short query each)."""

    def __init__(self, session: Session, today: date, now: datetime):
        self.session, self.today, self.now = session, today, now

    def collect(self):
        s = self.session
        tc = deadlines.time_class_sql(Task, TaskDeadline.__table__, self.today)
        counts = dict(s.execute(select(tc, func.count()).where(deadlines.is_counted_sql(Task, self.today))
                                .group_by(tc)).all())
        tasks = GaugeMetricFamily("tracker_tasks", "Counted tasks by time class today", labels=["time_class"])
        for klass in TimeClass:
            if klass not in (TimeClass.NOT_COUNTED, TimeClass.DUE_SOON):
                tasks.add_metric([klass.value], counts.get(klass.value, 0))
        yield tasks
        open_ = sum(counts.get(k.value, 0) for k in (TimeClass.OPEN_WITHIN, TimeClass.DUE_SOON,
                                                     TimeClass.OPEN_OVERDUE, TimeClass.UNDATED))
        yield GaugeMetricFamily("tracker_tasks_open", "Open tasks (not confirmed done)", value=open_)
        yield GaugeMetricFamily("tracker_tasks_overdue", "Open tasks past their deadline",
                                value=counts.get(TimeClass.OPEN_OVERDUE.value, 0))
        queued, failed = s.execute(select(func.count(), func.count().filter(OutboundMail.attempts > 0))
                                   .where(OutboundMail.sent_at.is_(None))).one()
        yield GaugeMetricFamily("tracker_outbox_queued", "Mails waiting to be sent", value=queued)
        yield GaugeMetricFamily("tracker_mail_failed", "Unsent mails whose last attempt failed", value=failed)
        last = s.execute(select(SweepRun.started_at, SweepRun.finished_at).where(SweepRun.finished_at.is_not(None))
                         .order_by(SweepRun.finished_at.desc()).limit(1)).first()
        if last:
            finished = (last.finished_at - datetime(1970, 1, 1)).total_seconds()
            yield GaugeMetricFamily("tracker_sweep_last_finished_timestamp_seconds",
                                    "When the last daily sweep finished (Unix time)", value=finished)
            yield GaugeMetricFamily("tracker_sweep_last_duration_seconds", "How long the last daily sweep took",
                                    value=(last.finished_at - last.started_at).total_seconds())
            yield GaugeMetricFamily("tracker_sweep_age_seconds", "Seconds since the last daily sweep finished",
                                    value=(self.now - last.finished_at).total_seconds())


def _process_registry() -> CollectorRegistry:
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not directory:
        return LOCAL
    from prometheus_client import multiprocess

    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=directory)
    return registry


def render(session: Session, today: date, now: datetime) -> bytes:
    database = CollectorRegistry()
    database.register(DatabaseCollector(session, today, now))
    return generate_latest(_process_registry()) + generate_latest(database)
