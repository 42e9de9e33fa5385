"""/health, /ready, /metrics, the request id and the JSON request log."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask_migrate import stamp

from tracker.core import clock
from tracker.notifications.models import OutboundMail, SweepRun
from tracker.ops.logs import JsonFormatter

TOKEN = "scrape-token-for-tests"


def test_health_needs_no_login(client):
    response = client.get("/health")
    assert response.status_code == 200 and response.json == {"status": "ok"}


@pytest.fixture
def migrated(app, db):
    """Mark the test database as migrated to head (its tables come from create_all)."""
    stamp()
    yield
    with db.engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE alembic_version"))


def _sweep(session, hours_ago: float):
    now = clock.now()
    session.add(SweepRun(day=clock.today(), started_at=now - timedelta(hours=hours_ago, seconds=3),
                         finished_at=now - timedelta(hours=hours_ago)))
    session.commit()


def test_ready_when_migrated_and_swept(client, session, migrated):
    _sweep(session, 2)
    response = client.get("/ready")
    assert response.status_code == 200, response.json
    assert response.json["status"] == "ok"
    assert all(check["ok"] for check in response.json["checks"].values())


def test_not_ready_when_the_sweep_is_stale(client, session, migrated):
    _sweep(session, 30)
    response = client.get("/ready")
    assert response.status_code == 503
    checks = response.json["checks"]
    assert checks["sweep"]["ok"] is False and checks["migrations"]["ok"] is True


def test_not_ready_when_migrations_are_behind(client, session):
    _sweep(session, 1)
    response = client.get("/ready")
    assert response.status_code == 503
    migrations = response.json["checks"]["migrations"]
    assert migrations["ok"] is False and migrations["database"] == [] and migrations["code"]


def test_metrics_refused_without_token_or_allowed_address(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "METRICS_TOKEN", TOKEN)
    monkeypatch.setitem(app.config, "METRICS_ALLOW", ())
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 403


def test_metrics_allowed_by_address(client, app, monkeypatch):
    import ipaddress

    monkeypatch.setitem(app.config, "METRICS_TOKEN", "")
    monkeypatch.setitem(app.config, "METRICS_ALLOW", (ipaddress.ip_network("127.0.0.0/8"),))
    assert client.get("/metrics").status_code == 200


def _value(body: str, name: str) -> float:
    for line in body.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{") and line.split(" ")[0] == name:
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{name} not in metrics")


def test_metrics_count_requests_and_read_the_database(client, app, session, world, monkeypatch):
    monkeypatch.setitem(app.config, "METRICS_TOKEN", TOKEN)
    session.add(OutboundMail(to_addr="a@example.org", subject="s", text_body="b", attempts=2, last_error="down"))
    session.add(OutboundMail(to_addr="b@example.org", subject="s", text_body="b"))
    session.commit()
    _sweep(session, 1)
    client.get("/health")
    client.get("/khong-co-trang-nay")
    body = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).get_data(as_text=True)
    assert 'tracker_http_requests_total{method="GET",route="/health",status="200"}' in body
    assert 'tracker_http_requests_total{method="GET",route="unmatched",status="404"}' in body
    assert 'tracker_http_request_duration_seconds_bucket{le="0.5",method="GET",route="/health"}' in body
    assert _value(body, "tracker_tasks_overdue") == 1  # the world's task was due 15/10/2024
    assert _value(body, "tracker_tasks_open") == 1
    assert _value(body, "tracker_outbox_queued") == 2
    assert _value(body, "tracker_mail_failed") == 1
    assert 3590 < _value(body, "tracker_sweep_age_seconds") < 3700
    assert _value(body, "tracker_sweep_last_duration_seconds") == pytest.approx(3, abs=0.01)


MULTI = """
import sys
from tracker.ops import metrics
if sys.argv[1] == "observe":
    metrics.observe_request("/tasks", "GET", 200, 0.02)
else:
    from prometheus_client import generate_latest
    sys.stdout.write(generate_latest(metrics._process_registry()).decode())
"""


def test_request_counts_add_up_across_worker_processes(tmp_path):
    """gunicorn workers each count their own requests; multiprocess mode sums them at scrape time."""
    env = {"PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"), "PATH": "/usr/bin:/bin"}  # made on import
    for _ in range(2):
        subprocess.run([sys.executable, "-c", MULTI, "observe"], env=env, check=True, timeout=60)
    out = subprocess.run([sys.executable, "-c", MULTI, "render"], env=env, check=True, timeout=60,
                         capture_output=True, text=True).stdout
    assert 'tracker_http_requests_total{method="GET",route="/tasks",status="200"} 2.0' in out


@pytest.fixture
def request_log(caplog, monkeypatch):
    """Records of tracker.request, even after a production app switched the logger to JSON on stderr."""
    monkeypatch.setattr(logging.getLogger("tracker"), "propagate", True)
    with caplog.at_level(logging.INFO, logger="tracker.request"):
        yield caplog


def test_request_id_is_returned_logged_and_shown_on_error_pages(client, request_log):
    caplog = request_log
    response = client.get("/khong-co-trang-nay", headers={"X-Request-ID": "nginx-req-12345678"})
    assert response.status_code == 404
    assert response.headers["X-Request-ID"] == "nginx-req-12345678"
    assert "nginx-req-12345678" in response.get_data(as_text=True)
    record = next(r for r in caplog.records if r.name == "tracker.request")
    line = json.loads(JsonFormatter().format(record))
    assert {"time", "route", "status", "duration_ms", "user_id", "request_id"} <= set(line)
    assert line["request_id"] == "nginx-req-12345678" and line["status"] == 404 and line["user_id"] is None


def test_a_bad_request_id_is_replaced(client):
    response = client.get("/health", headers={"X-Request-ID": "<script>"})
    assert len(response.headers["X-Request-ID"]) == 32


def test_logged_in_user_id_is_logged(client, world, request_log):
    from tests.conftest import login

    login(client, "vanphong")
    client.get("/health")
    caplog = request_log
    record = [r for r in caplog.records if r.name == "tracker.request"][-1]
    assert record.fields["user_id"] == world.office.id and record.fields["route"] == "/health"


def test_each_job_run_is_one_log_line(app, session, caplog, monkeypatch):
    from tracker import jobs

    monkeypatch.setattr(logging.getLogger("tracker"), "propagate", True)
    with caplog.at_level(logging.INFO, logger="tracker.job"):
        jobs.sweep(app, clock.today())
    lines = [json.loads(JsonFormatter().format(r)) for r in caplog.records if r.name == "tracker.job"]
    assert [line["job"] for line in lines] == ["send_mail", "sweep"]
    assert lines[-1]["outcome"] == "ok" and lines[-1]["result"]["date"] == clock.today().isoformat()
    assert lines[-1]["duration_ms"] >= 0


def test_a_server_error_page_shows_the_request_id(tmp_path, monkeypatch):
    """An unexpected error gives the Vietnamese 500 page with the id the log line carries."""
    from tracker import create_app

    monkeypatch.setattr("tracker.core.settings.current.upload_dir", tmp_path.as_posix())
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}", "SECRET_KEY": "t"})
    app.view_functions["ops.health"] = lambda: 1 / 0
    with app.app_context():
        response = app.test_client().get("/health", headers={"X-Request-ID": "complaint-0001"})
    assert response.status_code == 500 and response.headers["X-Request-ID"] == "complaint-0001"
    page = response.get_data(as_text=True)
    assert "Hệ thống gặp lỗi ngoài ý muốn" in page and "complaint-0001" in page
