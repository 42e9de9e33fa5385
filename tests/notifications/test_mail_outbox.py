"""The outbox against a real SMTP server (aiosmtpd): batches over one connection, a per-run cap, backoff,
and a send interrupted by a crash (kill -9) is marked before the SMTP call and resent detectably."""

from __future__ import annotations

import smtplib
from datetime import UTC, timedelta

import pytest
import time_machine
from sqlalchemy import select

from tracker.core import clock
from tracker.notifications import mail
from tracker.notifications.models import OutboundMail
from tracker.scheduler import MAIL_EVERY_MINUTES


def _queue(session, user, n):
    user.email = user.email or "stc@example.vn"
    for i in range(n):
        mail.queue(session, user, f"Thư số {i}", f"Nội dung {i}", kind="test")
    session.commit()


@pytest.fixture
def connections(monkeypatch):
    opened = []
    real = mail._connect

    def counting(target, timeout):
        opened.append(target)
        return real(target, timeout)

    monkeypatch.setattr(mail, "_connect", counting)
    return opened


def test_a_run_sends_its_batch_over_one_connection_and_stops_at_its_cap(app, people, session, smtp_server,
                                                                         connections):
    _queue(session, people.officer_a, 30)
    result = mail.send_pending(app.config, session, limit=20)
    assert result == {"sent": 20, "failed": 0, "queued": 10, "configured": True}
    assert len(smtp_server.messages) == 20 and len(connections) == 1
    assert mail.send_pending(app.config, session)["sent"] == 10 and len(connections) == 2


def test_the_default_cap_drains_a_million_task_sweep_within_an_hour():
    """28,565 mails (one sweep at 1M tasks) at one run every MAIL_EVERY_MINUTES."""
    assert mail.BATCH * (60 // MAIL_EVERY_MINUTES) >= 28565


def test_a_refused_message_waits_longer_after_each_failure(app, people, session, smtp_server, monkeypatch):
    _queue(session, people.officer_a, 1)
    real = smtplib.SMTP.send_message
    monkeypatch.setattr(smtplib.SMTP, "send_message", lambda *a, **k: (_ for _ in ()).throw(
        smtplib.SMTPDataError(451, b"try later")))
    assert mail.send_pending(app.config, session)["failed"] == 1
    row = session.scalar(select(OutboundMail))
    first_wait = row.next_attempt_at - clock.now()
    assert timedelta(0) < first_wait <= timedelta(minutes=2)
    assert mail.send_pending(app.config, session) == {"sent": 0, "failed": 0, "queued": 1, "configured": True}
    with time_machine.travel((row.next_attempt_at + timedelta(seconds=1)).replace(tzinfo=UTC)):
        assert mail.send_pending(app.config, session)["failed"] == 1
        session.refresh(row)
        assert row.attempts == 2 and row.next_attempt_at - clock.now() > first_wait
    monkeypatch.setattr(smtplib.SMTP, "send_message", real)
    with time_machine.travel((row.next_attempt_at + timedelta(seconds=1)).replace(tzinfo=UTC)):
        assert mail.send_pending(app.config, session)["sent"] == 1
    assert len(smtp_server.messages) == 1


class Killed(BaseException):
    """Stands for kill -9: nothing after it runs, no except clause of ours catches it."""


def test_a_send_cut_by_a_crash_is_marked_and_its_resend_reuses_the_message_id(app, people, session, smtp_server,
                                                                              monkeypatch, caplog):
    _queue(session, people.officer_a, 2)
    real = smtplib.SMTP.send_message

    def delivered_then_killed(self, msg, *args, **kw):
        real(self, msg, *args, **kw)  # the server has the message; the process dies before recording it
        raise Killed

    monkeypatch.setattr(smtplib.SMTP, "send_message", delivered_then_killed)
    with pytest.raises(Killed):
        mail.send_pending(app.config, session)
    session.rollback()
    first = session.scalar(select(OutboundMail).order_by(OutboundMail.id))
    # What the crash left, read by a fresh process: the row says a send began and never ended.
    assert first.sent_at is None and first.sending_at is not None and first.message_id
    monkeypatch.setattr(smtplib.SMTP, "send_message", real)
    with time_machine.travel((first.sending_at + mail.SENDING_STALE + timedelta(seconds=1)).replace(tzinfo=UTC)):
        assert mail.send_pending(app.config, session)["sent"] == 2
    ids = [m["msg"]["Message-ID"] for m in smtp_server.messages]
    assert ids[0] == ids[1] == first.message_id and len(set(ids)) == 2
    assert any("interrupted" in r.getMessage() and first.message_id in r.getMessage() for r in caplog.records)


def test_a_send_in_progress_elsewhere_is_not_taken_again(app, people, session, smtp_server):
    _queue(session, people.officer_a, 1)
    row = session.scalar(select(OutboundMail))
    row.sending_at = clock.now()  # another sender marked it a moment ago
    session.commit()
    assert mail.send_pending(app.config, session)["sent"] == 0 and smtp_server.messages == []
