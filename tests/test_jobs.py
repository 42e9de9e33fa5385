"""The daily sweep end to end: overdue journal, reminders, escalation, catch-up, idempotence, mail."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.notifications import helpers
from tracker import jobs
from tracker.core.models import JournalEntry
from tracker.notifications.models import Notification, OutboundMail, ReminderLog, SweepRun
from tracker.tasks.models import Task

people, smtp_port, smtp_server = helpers.people, helpers.smtp_port, helpers.smtp_server


def sweep(app, day, **kw):
    return jobs.sweep(app, day, **kw)


def logs(session, **where):
    query = select(ReminderLog)
    for key, value in where.items():
        query = query.where(getattr(ReminderLog, key) == value)
    return session.scalars(query.order_by(ReminderLog.id)).all()


def test_became_overdue_is_journaled_once(app, people, session):
    assert sweep(app, date(2024, 10, 15))["became_overdue"] == 0
    assert sweep(app, date(2024, 10, 16))["became_overdue"] == 1
    assert sweep(app, date(2024, 10, 17))["became_overdue"] == 0
    session.expire_all()
    task = session.get(Task, people.task.id)
    assert task.became_overdue_on == date(2024, 10, 16)
    entries = session.scalars(select(JournalEntry).where(JournalEntry.action == "became_overdue")).all()
    assert [(e.task_id, e.actor_id, e.on) for e in entries] == [(task.id, None, date(2024, 10, 16))]


def test_reminder_schedule_day_by_day(app, people, session):
    """3 working days before (Thu 10/10), on the day, then every 3 working days; head at 5, leader at 10."""
    seen = {}
    for d in range(7, 32):
        day = date(2024, 10, d)
        result = sweep(app, day)
        if any(result["reminders"].values()):
            seen[day.isoformat()] = result["reminders"]
    assert seen == {
        "2024-10-10": {"due_soon": 1, "overdue": 0, "escalation": 0},
        "2024-10-15": {"due_soon": 1, "overdue": 0, "escalation": 0},
        "2024-10-16": {"due_soon": 0, "overdue": 1, "escalation": 0},
        "2024-10-21": {"due_soon": 0, "overdue": 1, "escalation": 0},
        "2024-10-22": {"due_soon": 0, "overdue": 0, "escalation": 1},  # head: 5 working days late
        "2024-10-24": {"due_soon": 0, "overdue": 1, "escalation": 0},
        "2024-10-29": {"due_soon": 0, "overdue": 1, "escalation": 1},  # leader: 10 working days late
    }
    head = logs(session, kind="escalation_head")
    assert {(r.recipient_id, r.for_date) for r in head} == {(people.head_a.id, date(2024, 10, 22))}
    leader = logs(session, kind="escalation_leader")
    assert {(r.recipient_id, r.for_date) for r in leader} == {(people.leader.id, date(2024, 10, 29))}


def test_same_day_twice_sends_nothing_more(app, people, session):
    first = sweep(app, date(2024, 10, 16))
    again = sweep(app, date(2024, 10, 16))
    assert first["reminders"]["overdue"] == 1
    assert again["reminders"] == {"due_soon": 0, "overdue": 0, "escalation": 0}
    assert session.scalar(select(func.count(Notification.id)).where(Notification.kind == "overdue")) == 2
    # officer_a and the head both belong to agency A: one in-app row each, e-mail rows too
    assert len(logs(session, kind="overdue")) == 4


def test_catch_up_after_downtime_sends_one_per_kind(app, people, session):
    sweep(app, date(2024, 10, 16))
    result = sweep(app, date(2024, 10, 30))  # the scheduler was down for two weeks
    assert result["reminders"] == {"due_soon": 0, "overdue": 1, "escalation": 2}
    officer_overdue = logs(session, kind="overdue", recipient_id=people.officer_a.id, channel="in_app")
    # the latest day in the window an overdue reminder was due (10 working days late), not one per day
    assert [r.for_date for r in officer_overdue] == [date(2024, 10, 16), date(2024, 10, 29)]


def test_dry_run_changes_nothing(app, people, session):
    result = sweep(app, date(2024, 10, 16), dry_run=True)
    assert result["became_overdue"] == 1 and result["reminders"]["overdue"] == 1
    session.expire_all()
    assert session.get(Task, people.task.id).became_overdue_on is None
    assert session.scalar(select(func.count(ReminderLog.id))) == 0
    assert session.scalar(select(func.count(SweepRun.id))) == 0


def test_done_task_gets_no_reminder(app, people, session):
    task = session.get(Task, people.task.id)
    task.status, task.reported_on, task.confirmed_on = "done", date(2024, 10, 14), date(2024, 10, 14)
    task.judged_due_on = task.due_on
    session.commit()
    result = sweep(app, date(2024, 10, 16))
    assert result["became_overdue"] == 0 and result["reminders"]["overdue"] == 0


def test_mail_is_delivered_once_with_link(app, people, session, smtp_server):
    result = sweep(app, date(2024, 10, 16))
    assert result["emails_sent"] == 2  # officer and head of agency A (overdue)
    got = smtp_server.to("stc@example.vn")
    assert len(got) == 1
    assert "Nhắc quá hạn" in got[0]["subject"]
    assert "quá hạn 1 ngày" in got[0]["text"] and "15/10/2024" in got[0]["text"]
    assert f"/tasks/{people.task.id}" in got[0]["text"] and "<a href=" in got[0]["html"]
    sweep(app, date(2024, 10, 16))
    jobs.send_mail(app)
    assert len(smtp_server.to("stc@example.vn")) == 1


def test_mail_server_down_then_up(app, people, session, smtp_port, monkeypatch):
    from aiosmtpd.controller import Controller

    from tests.notifications.helpers import Inbox

    monkeypatch.setitem(app.config, "SMTP_URL", f"smtp://127.0.0.1:{smtp_port}")
    down = sweep(app, date(2024, 10, 16))
    assert down["emails_sent"] == 0 and down["emails_failed"] >= 1
    row = session.scalars(select(OutboundMail).where(OutboundMail.to_addr == "stc@example.vn")).one()
    assert row.sent_at is None and row.attempts == 1 and row.last_error
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        again = sweep(app, date(2024, 10, 17))
        assert again["emails_sent"] >= 2
        jobs.send_mail(app)
    finally:
        controller.stop()
    assert len(inbox.to("stc@example.vn")) == 1


def test_email_preferences_are_honoured(app, people, session):
    people.officer_a.email_prefs = {"overdue": False}
    session.commit()
    sweep(app, date(2024, 10, 16))
    channels = {r.channel for r in logs(session, kind="overdue", recipient_id=people.officer_a.id)}
    assert channels == {"in_app"}


def test_tests_never_send_real_mail(app, people, session):
    assert app.config["SMTP_URL"] == ""
    result = sweep(app, date(2024, 10, 16))
    assert result["emails_sent"] == 0 and result["emails_failed"] == 0
    assert session.scalar(select(func.count(OutboundMail.id)).where(OutboundMail.sent_at.is_(None))) == 2


@pytest.mark.parametrize("weekday", [0])
def test_weekly_digests(app, people, session, weekday):
    sweep(app, date(2024, 10, 20))
    result = sweep(app, date(2024, 10, 21))  # Monday
    assert result["digests"] == 3  # the leader (field Kinh tế) + two users of agency A
    leader = session.scalars(select(Notification).where(Notification.kind == "digest_leader")).one()
    assert leader.user_id == people.leader.id and "1 nhiệm vụ quá hạn" in leader.message
    assert sweep(app, date(2024, 10, 21))["digests"] == 0
