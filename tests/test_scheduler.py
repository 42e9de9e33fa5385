"""The scheduler process and the sweep lock: two sweeps racing for one day send one set of reminders."""

from __future__ import annotations

import json
import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import func, select, text

from tests.notifications import helpers
from tracker import jobs, scheduler
from tracker.notifications.commands import sweep_command
from tracker.notifications.models import OutboundMail, ReminderLog, SweepRun
from tracker.notifications.sweep import LOCK_KEY

people = helpers.people
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def test_scheduler_runs_the_sweep_daily_at_sweep_hour_local(app, monkeypatch):
    monkeypatch.setitem(app.config, "SWEEP_HOUR", 6)
    sched = scheduler.build(app)
    sweep = sched.get_job("daily_sweep")
    assert isinstance(sweep.trigger, CronTrigger) and str(sweep.trigger.timezone) == "Asia/Ho_Chi_Minh"
    assert "hour='6'" in str(sweep.trigger) and sweep.func is jobs.sweep and sweep.args == (app,)
    assert sweep.max_instances == 1 and sweep.coalesce is True and sweep.misfire_grace_time > 0
    assert sched.get_job("send_mail").func is jobs.send_mail
    assert not sched.running  # create_app never starts it; only `tracker scheduler` does


def test_day_boundary_is_local_midnight(app, people, session):
    """At 23:59 on the deadline nothing is overdue; two minutes later (still 15/10 in UTC) it is."""
    with time_machine.travel(datetime(2024, 10, 15, 23, 59, tzinfo=VN), tick=False):
        assert jobs.sweep(app)["became_overdue"] == 0
    with time_machine.travel(datetime(2024, 10, 16, 0, 1, tzinfo=VN), tick=False):
        result = jobs.sweep(app)
    assert result["date"] == "2024-10-16" and result["became_overdue"] == 1 and result["reminders"]["overdue"] == 1


def test_two_sweeps_racing_for_one_day_send_one_set(app, people, session):
    """Two threads, two connections, the same day: the lock and the log leave exactly one set."""
    barrier, results, errors = threading.Barrier(2), [], []

    def run():
        try:
            barrier.wait()
            results.append(jobs.sweep(app, date(2024, 10, 22)))
        except Exception as exc:  # surfaced below
            errors.append(exc)

    jobs.sweep(app, date(2024, 10, 21))
    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert sum(r["reminders"]["escalation"] for r in results) == 1
    assert sum(r["became_overdue"] for r in results) == 0
    head = session.scalars(select(ReminderLog).where(ReminderLog.kind == "escalation_head")).all()
    assert {(r.recipient_id, r.channel) for r in head} == {(people.head_a.id, "in_app"), (people.head_a.id, "email")}
    mails = session.scalars(select(OutboundMail.to_addr).where(OutboundMail.kind == "escalation_head")).all()
    assert mails == ["giamdoc@example.vn"]


def test_cli_sweep_json_and_dry_run(app, people, session):
    runner = app.test_cli_runner()
    dry = runner.invoke(sweep_command, ["--date", "2024-10-16", "--dry-run", "--format", "json"])
    assert dry.exit_code == 0, dry.output
    out = json.loads(dry.output)
    assert out["date"] == "2024-10-16" and out["became_overdue"] == 1 and out["reminders"]["overdue"] == 1
    assert set(out) >= {"date", "became_overdue", "reminders", "digests", "occurrences", "emails_sent",
                        "emails_failed"}
    assert session.scalar(select(func.count(SweepRun.id))) == 0
    real = runner.invoke(sweep_command, ["--date", "2024-10-16"])
    assert real.exit_code == 0 and "1 nhiệm vụ mới quá hạn" in real.output
    bad = runner.invoke(sweep_command, ["--date", "16/10/2024"])
    assert bad.exit_code == 1 and "Ngày không hợp lệ" in bad.output and "Traceback" not in bad.output


def test_a_held_lock_keeps_a_second_sweep_out(app, people, db):
    """PostgreSQL: the advisory lock is taken, so the sweep skips. SQLite: it waits for the other writer."""
    day = date(2024, 10, 16)
    results = []
    worker = threading.Thread(target=lambda: results.append(jobs.sweep(app, day)))
    with db.engine.connect() as conn:
        tx = conn.begin()
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEY})
            held = jobs.sweep(app, day)
            assert held["skipped"] is True and held["reminders"]["overdue"] == 0
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            worker.start()
            worker.join(0.5)
            assert worker.is_alive() and results == []  # blocked behind the other writer
        tx.rollback()
    if worker.is_alive():
        worker.join(30)
    else:
        results.append(jobs.sweep(app, day))
    assert results[0]["reminders"]["overdue"] == 1
