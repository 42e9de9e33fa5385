"""Webhooks delivered by the scheduler's job to a real local HTTP server: signed, retried, given up, logged."""

import hashlib
import hmac
import json
import threading
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from sqlalchemy import select

from tests.conftest import csrf_token, login
from tracker.core.errors import PermissionDenied
from tracker.tasks import services as tasks
from tracker.webhooks import jobs, services
from tracker.webhooks.models import WebhookAttempt, WebhookDelivery


def verify(secret: str, headers, body: bytes, now: int, tolerance: int = 300) -> bool:
    """The receiver's check, as the README shows it."""
    timestamp = headers["X-Tracker-Timestamp"]
    expected = "sha256=" + hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return abs(now - int(timestamp)) <= tolerance and hmac.compare_digest(expected, headers["X-Tracker-Signature"])


@pytest.fixture
def receiver():
    """A real HTTP server on loopback that records each request and answers with `status`."""
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            server.received.append((dict(self.headers), body))
            self.send_response(server.status)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.received, server.status = [], 200
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    yield server
    server.shutdown()
    server.server_close()


def _subscribe(session, world, url, events=("task.created", "report.confirmed", "task.status_changed")):
    sub = services.create_subscription(session, world.admin, date(2024, 10, 1), "QLVB", url, list(events))
    session.commit()
    return sub


def test_events_are_signed_and_delivered(app, world, session, make_document, receiver):
    sub = _subscribe(session, world, receiver.url)
    make_document(world.office, [{"content": "Việc mới", "lead_agency_ids": [world.a.id]}])
    tasks.report_completion(session, world.officer_a, date(2024, 10, 9), world.task, "Xong")
    tasks.confirm(session, world.office, date(2024, 10, 10), world.task)
    session.commit()
    result = jobs.run(app)
    assert result == {"queued": 4, "sent": 4, "failed": 0}
    events = [h["X-Tracker-Event"] for h, _ in receiver.received]
    assert events == ["task.created", "task.status_changed", "task.status_changed", "report.confirmed"]
    now = int(datetime.now().timestamp())
    for headers, body in receiver.received:
        assert verify(sub.secret, headers, body, now)
        assert not verify("whsec_wrong", headers, body, now)
    confirmed = json.loads(receiver.received[-1][1])
    assert confirmed["task"]["id"] == world.task.id and confirmed["task"]["status"] == "done"
    assert jobs.run(app) == {"queued": 0, "sent": 0, "failed": 0}  # nothing twice
    assert len(receiver.received) == 4


def test_failing_receiver_is_retried_with_backoff_then_given_up(app, world, session, receiver, monkeypatch):
    monkeypatch.setitem(app.config, "WEBHOOK_MAX_ATTEMPTS", 3)
    receiver.status = 500
    sub = _subscribe(session, world, receiver.url)
    services.send_test(session, world.admin, sub, datetime(2024, 10, 10, 2))
    session.commit()
    start = datetime(2024, 10, 10, 2)
    with time_machine.travel(start, tick=False):
        assert jobs.run(app)["failed"] == 1
        assert jobs.run(app)["failed"] == 0  # not due yet: backoff
    with time_machine.travel(start + timedelta(minutes=1, seconds=1), tick=False):
        assert jobs.run(app)["failed"] == 1
    with time_machine.travel(start + timedelta(minutes=5, seconds=2), tick=False):
        assert jobs.run(app)["failed"] == 1
    with time_machine.travel(start + timedelta(days=1), tick=False):
        assert jobs.run(app)["failed"] == 0  # given up after 3 tries
    assert len(receiver.received) == 3
    delivery = session.scalars(select(WebhookDelivery)).one()
    session.refresh(delivery)
    assert delivery.state == "failed" and delivery.attempts == 3 and delivery.last_status == 500
    assert [a.status_code for a in session.scalars(select(WebhookAttempt))] == [500, 500, 500]


def test_unreachable_receiver_is_logged_and_a_later_success_marks_it_sent(app, world, session, receiver):
    sub = _subscribe(session, world, "http://127.0.0.1:9/nothing-listens-here")
    services.send_test(session, world.admin, sub, datetime(2024, 10, 10, 2))
    session.commit()
    with time_machine.travel(datetime(2024, 10, 10, 2), tick=False):
        assert jobs.run(app)["failed"] == 1
    attempt = session.scalars(select(WebhookAttempt)).one()
    assert attempt.status_code is None and attempt.error
    sub.url = receiver.url
    session.commit()
    with time_machine.travel(datetime(2024, 10, 10, 3), tick=False):
        assert jobs.run(app)["sent"] == 1
    assert receiver.received[0][0]["X-Tracker-Event"] == "ping"


def test_only_an_admin_subscribes(session, world):
    with pytest.raises(PermissionDenied):
        services.create_subscription(session, world.office, date(2024, 10, 1), "x", "https://example.org", ["task.created"])


def test_admin_ui_creates_tests_and_shows_the_log(app, client, world, session, receiver):
    login(client, "admin")
    page = client.post("/admin/webhooks", data={"csrf_token": csrf_token(client, "/admin/webhooks"), "name": "Zalo OA",
                                                "url": receiver.url, "events": ["task.overdue", "extension.decided"]})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "chỉ hiện một lần" in html
    secret = html.split('<code id="new-secret">')[1].split("</code>")[0]
    bad = client.post("/admin/webhooks", data={"csrf_token": csrf_token(client, "/admin/webhooks"), "name": "x",
                                               "url": "ftp://x", "events": ["task.overdue"]})
    assert bad.status_code == 400 and "URL" in bad.get_data(as_text=True)
    from tracker.webhooks.models import WebhookSubscription

    sub = session.scalars(select(WebhookSubscription)).one()
    tested = client.post(f"/admin/webhooks/{sub.id}/test", data={"csrf_token": csrf_token(client, "/admin/webhooks")})
    assert tested.status_code == 302
    jobs.run(app)
    headers, body = receiver.received[0]
    assert headers["X-Tracker-Event"] == "ping" and verify(secret, headers, body, int(datetime.now().timestamp()))
    log = client.get(f"/admin/webhooks/{sub.id}").get_data(as_text=True)
    assert "Đã gửi" in log and "<strong>200</strong>" in log
    login(client, "vanphong")
    assert client.get("/admin/webhooks").status_code == 403


@pytest.mark.parametrize("action, before, after, expected", [
    ("create", None, {"status": "new"}, ["task.created"]),
    ("create_occurrence", None, {"status": "new"}, ["task.created"]),
    ("progress", {"status": "new"}, {"status": "in_progress"}, ["task.status_changed"]),
    ("progress", None, None, []),
    ("became_overdue", {"became_overdue_on": None}, {"became_overdue_on": "2024-10-16"}, ["task.overdue"]),
    ("extension_refused", {"due_on": "2024-10-15"}, {"due_on": "2024-10-15"}, ["extension.decided"]),
    ("confirm", {"status": "reported"}, {"status": "done"}, ["task.status_changed", "report.confirmed"]),
    ("return", {"status": "reported"}, {"status": "returned"}, ["task.status_changed", "report.returned"]),
])
def test_journal_rows_map_to_events(action, before, after, expected):
    from types import SimpleNamespace

    assert services.events_of(SimpleNamespace(action=action, before=before, after=after)) == expected
