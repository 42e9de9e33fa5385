"""Two nodes on one PostgreSQL database: two app servers and two schedulers. One sweep per day, no
duplicate mail, a session cookie from one node valid on the other. Also: a scheduler's run skips a
day already swept (both databases)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import date, timedelta
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from tests.conftest import PG_URL, _drop_database, _fresh_database
from tests.ops.test_wheel import _free_port
from tracker import create_app, jobs
from tracker.core import clock, settings
from tracker.extensions import db
from tracker.notifications.models import SweepRun

BIN = Path(sys.executable).parent
SECRET = "two-nodes-share-this-secret-key-0123456789"


def test_a_scheduler_run_skips_a_day_already_swept(app, world, session):
    day = date(2024, 10, 16)
    first = jobs.sweep(app, day, once=True)
    second = jobs.sweep(app, day, once=True)
    assert first["became_overdue"] == 1 and not first.get("skipped")
    assert second["skipped"] is True and second["reason"] == "done"
    assert session.scalar(sa.select(sa.func.count(SweepRun.id)).where(SweepRun.day == day)) == 1


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((tuple(envelope.rcpt_tos), envelope.content))
        return "250 OK"


def _seed(uri: str, upload_dir: str) -> None:
    """Tasks around today for one agency whose officer has an e-mail address, through the services."""
    from tracker.agencies.models import Agency
    from tracker.auth.models import User
    from tracker.documents.services import ItemInput, create_document

    app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "UPLOAD_DIR": upload_dir, "TESTING": True})
    with app.app_context():
        db.create_all()
        agency = Agency()
        agency.set_name("Sở Tài chính")
        db.session.add(agency)
        db.session.flush()
        office = User(username="vanphong", role="office", full_name="Văn phòng", fields=[], email_prefs={})
        officer = User(username="stc", role="agency", agency_id=agency.id, full_name="Chuyên viên",
                       email="stc@example.vn", fields=[], email_prefs={})
        for user in (office, officer):
            user.set_password("matkhau123")
            db.session.add(user)
        db.session.flush()
        today = clock.today()
        items = [ItemInput(content=f"Nhiệm vụ hạn {n:+d} ngày", lead_agency_ids=[agency.id],
                           due_on=today + timedelta(days=n)) for n in (-9, -5, -2, -1, 0, 1, 2, 3)]
        create_document(db.session, office, today - timedelta(days=30),
                        {"number": "1/TB-UBND", "kind": "thong_bao_ket_luan", "issued_on": today - timedelta(days=30),
                         "summary": "Kết luận"}, items)
        db.session.commit()
        db.engine.dispose()


def _start(args, env, log: Path):
    return subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=log.open("w"))


def _wait_for(check, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def _sweep_lines(log: Path) -> list[dict]:
    lines = []
    for raw in log.read_text().splitlines():
        if raw.startswith("{"):
            line = json.loads(raw)
            if line.get("job") == "sweep":
                lines.append(line)
    return lines


def _open(opener, url, data=None):
    try:
        return opener.open(url, data=data, timeout=30)
    except urllib.error.HTTPError as error:
        return error


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason="two nodes share one PostgreSQL database")
def test_two_app_servers_and_two_schedulers(tmp_path_factory, tmp_path, monkeypatch):
    monkeypatch.setattr(settings.current, "upload_dir", settings.current.upload_dir)
    monkeypatch.setattr(clock, "_tz", clock._tz)
    uri = _fresh_database(tmp_path_factory)
    inbox, smtp_port = Inbox(), _free_port()
    smtp = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    processes = []
    try:
        _seed(uri, str(tmp_path / "uploads"))
        env = {**{k: v for k, v in os.environ.items() if not k.startswith(("TRACKER_", "PROMETHEUS_"))},
               "TRACKER_DATABASE_URL": uri, "TRACKER_SECRET_KEY": SECRET, "TRACKER_UPLOAD_DIR": str(tmp_path / "up"),
               "TRACKER_SMTP_URL": f"smtp://127.0.0.1:{smtp_port}", "TRACKER_LOG_FORMAT": "json",
               "TRACKER_SWEEP_HOUR": "0"}  # hour 0: each scheduler catches up today's sweep as it starts
        ports = [_free_port(), _free_port()]
        for n, port in enumerate(ports):
            processes.append(_start([str(BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}",
                                     "tracker.wsgi:app"], env, tmp_path / f"web{n}.log"))
        logs = [tmp_path / f"scheduler{n}.log" for n in range(2)]
        for log in logs:
            processes.append(_start([str(BIN / "tracker"), "scheduler"], env, log))
        _wait_for(lambda: all(_sweep_lines(log) for log in logs), 90, "both schedulers' catch-up sweeps")

        engine = sa.create_engine(uri)
        with engine.connect() as conn:
            runs = conn.execute(sa.text("SELECT day FROM sweep_runs WHERE finished_at IS NOT NULL")).scalars().all()
            mails = conn.execute(sa.text("SELECT to_addr, kind, task_id, subject, sent_at FROM outbound_mail")).all()
        engine.dispose()
        assert runs == [clock.today()]
        outcomes = sorted(bool(_sweep_lines(log)[0]["result"].get("skipped")) for log in logs)
        assert outcomes == [False, True]  # one node swept, the other found the lock taken or the day done
        assert mails and all(m.sent_at for m in mails)
        assert len({(m.to_addr, m.kind, m.task_id) for m in mails}) == len(mails)
        _wait_for(lambda: len(inbox.messages) >= len(mails), 30, "mail delivery")
        assert len(inbox.messages) == len(mails)

        def up(port):
            try:
                return urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2).status == 200
            except OSError:
                return False

        _wait_for(lambda: all(up(p) for p in ports), 60, "both app servers")
        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = _open(opener, f"http://127.0.0.1:{ports[0]}/login").read().decode()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"csrf_token": token, "username": "vanphong", "password": "matkhau123"})
        _open(opener, f"http://127.0.0.1:{ports[0]}/login", form.encode())
        other = _open(opener, f"http://127.0.0.1:{ports[1]}/tasks")
        assert other.status == 200 and "/login" not in other.geturl()
        assert "Nhiệm vụ hạn" in other.read().decode()
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        smtp.stop()
        _drop_database(uri)
