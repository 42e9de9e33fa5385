"""Page benchmark over HTTP (`scripts/bench web`) and a bounded load test (`scripts/bench load`).

A benchmark, not a test. Both load N synthetic tasks into the database they are given (its schema is
RECREATED unless --skip-load; see tracker/reports/bench.py), add bench accounts, start gunicorn
(2 workers x 4 threads) on 127.0.0.1 and talk to it over loopback HTTP only.

- web: times the pages users open (overdue list HTML, its count, JSON list, roll-up by agency, task
  page HTML/JSON, document creation over the API, dashboard) at 1 and 8 clients, median and p95, plus
  the bare SQL of each page: the statements the page ran, replayed on a raw connection.
- load: U logged-in users (default 50) for a bounded time (default 180 s), each opening pages with a
  short think time; prints p50/p95, errors, requests/s and the server's RSS at start and end.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "matkhau123"
AGENCY_USERS = 40  # the load test's agency accounts (agencies 1..40); staff accounts come on top


# ---- set-up ----------------------------------------------------------------------------------


def _setup(args):
    """Load (or reuse) the data, add the bench accounts and an API token; returns (url, token, ids)."""
    from tracker import create_app
    from tracker.core import clock
    from tracker.extensions import db
    from tracker.reports import bench

    url = bench._prepare_database(args.database_url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-" + "x" * 40})
    today = clock.today()
    with app.app_context():
        if not args.skip_load:
            bench.reload(db, app, args.n, today)
        token = _accounts(db, today)
        ids = db.session.execute(sa.text(
            "SELECT id FROM tasks WHERE confirmed_on IS NULL AND due_on < :d ORDER BY due_on LIMIT 50"),
            {"d": today}).scalars().all()
        total = db.session.scalar(sa.text("SELECT count(*) FROM tasks"))
    return url, token, ids, total, today


def _accounts(db, today) -> str:
    """bench_office (office), bench_leader, bench_a1..a40 (agency users of agencies 1..40); one hash."""
    from werkzeug.security import generate_password_hash

    from tracker.api import tokens
    from tracker.auth.models import User

    digest = generate_password_hash(PASSWORD)
    wanted = [("bench_office", "office", None), ("bench_leader", "leader", None)]
    wanted += [(f"bench_a{i}", "agency", i) for i in range(1, AGENCY_USERS + 1)]
    for username, role, agency_id in wanted:
        user = db.session.scalar(sa.select(User).where(User.username == username))
        if user is None:
            db.session.add(User(username=username, full_name=username, role=role, agency_id=agency_id,
                                password_hash=digest, fields=[], email_prefs={}))
        else:
            user.password_hash, user.active, user.failed_logins, user.locked_until = digest, True, 0, None
    db.session.flush()
    office = db.session.scalar(sa.select(User).where(User.username == "bench_office"))
    token = tokens.create_token(db.session, office, "bench", today)
    db.session.commit()
    return token


class Server:
    """gunicorn, 2 workers x 4 threads, on loopback; stopped by its own pid."""

    def __init__(self, url: str, port: int):
        env = dict(os.environ, TRACKER_DATABASE_URL=url, TRACKER_SECRET_KEY=secrets.token_hex(32),
                   TRACKER_ENV="development", TRACKER_SMTP_URL="")
        self.port = port
        self.proc = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "--workers", "2", "--threads", "4", "--bind", f"127.0.0.1:{port}",
             "--log-level", "warning", "wsgi:app"], cwd=ROOT, env=env)
        for _ in range(100):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/login")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise SystemExit("gunicorn did not start")

    def rss_mib(self) -> float:
        """Resident memory of the master and its workers."""
        pids = [self.proc.pid] + [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()
                                  and _ppid(p) == self.proc.pid]
        total = 0
        for pid in pids:
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except OSError:
                pass
        return total / 1024

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def _ppid(proc_dir: Path) -> int | None:
    try:
        return int((proc_dir / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


# ---- a minimal HTTP client (keep-alive, one cookie) ---------------------------------------------


class Client:
    def __init__(self, port: int, token: str | None = None):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookie = ""
        self.token = token

    def request(self, method: str, path: str, body=None, form=None) -> tuple[int, bytes]:
        headers = {"Cookie": self.cookie} if self.cookie else {}
        data = None
        if self.token and path.startswith("/api/"):
            headers = {"Authorization": f"Bearer {self.token}"}
        if body is not None:
            data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
        if form is not None:
            from urllib.parse import urlencode

            data, headers["Content-Type"] = urlencode(form).encode(), "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=data, headers=headers)
            response = self.conn.getresponse()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn.connect()
            self.conn.request(method, path, body=data, headers=headers)
            response = self.conn.getresponse()
        content = response.read()
        cookie = response.getheader("Set-Cookie")
        if cookie and cookie.startswith("session="):
            self.cookie = cookie.split(";", 1)[0]
        return response.status, content

    def login(self, username: str) -> None:
        _, page = self.request("GET", "/login")
        found = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
            rb'value="([^"]+)"[^>]*name="csrf_token"', page)
        status, _ = self.request("POST", "/login", form={"username": username, "password": PASSWORD,
                                                         "csrf_token": found.group(1).decode() if found else ""})
        if status not in (302, 303):
            raise SystemExit(f"login as {username} failed: HTTP {status}")


# ---- web -------------------------------------------------------------------------------------


def _scenarios(ids, today):
    yesterday = (today - timedelta(days=1)).isoformat()
    counter = iter(range(10**9))

    def document():
        n = next(counter)
        return {"number": f"{n}-{secrets.token_hex(3)}/BENCH", "type": "cong_van", "issued": today.isoformat(),
                "title": "Văn bản đo tải", "tasks": [{"ref": "1", "content": f"Nhiệm vụ đo tải {n}", "lead": [7],
                                                      "due": (today + timedelta(days=30)).isoformat()}]}

    return [
        ("overdue list, first page, HTML", "GET", lambda: "/tasks?tc=open_overdue", None),
        ("overdue total count, JSON", "GET", lambda: "/api/v1/tasks?time_class=open_overdue&limit=1", None),
        ("overdue list, JSON, first page", "GET",
         lambda: f"/api/v1/tasks?time_class=open_overdue&due_to={yesterday}&limit=50", None),
        ("roll-up by agency", "GET", lambda: "/reports?by=agency", None),
        ("one task page, HTML", "GET", lambda: f"/tasks/{random.choice(ids)}", None),
        ("one task page, JSON", "GET", lambda: f"/api/v1/tasks/{random.choice(ids)}", None),
        ("create a document (JSON POST)", "POST", lambda: "/api/v1/documents", document),
        ("leader dashboard", "GET", lambda: "/dashboard", None),
    ]


def _time_one(client, method, path, body) -> float:
    started = time.perf_counter()
    status, _ = client.request(method, path(), body=body() if body else None)
    if status >= 400:
        raise SystemExit(f"{method} {path()} gave HTTP {status}")
    return (time.perf_counter() - started) * 1000


def _p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def _run_clients(port, token, scenario, clients: int, repeat: int):
    """`clients` threads, each with its own logged-in session, `repeat` requests each."""
    _, method, path, body = scenario
    ready = threading.Barrier(clients + 1)

    def worker(_):
        client = Client(port, token)
        client.login("bench_office")
        _time_one(client, method, path, body)  # warm-up: connection, caches
        ready.wait()
        return [_time_one(client, method, path, body) for _ in range(repeat)]

    with ThreadPoolExecutor(clients) as pool:
        chunks = pool.map(worker, range(clients))
        ready.wait()  # the clock starts when every client is logged in and warm
        started = time.perf_counter()
        times = [t for chunk in chunks for t in chunk]
    wall = time.perf_counter() - started
    return statistics.median(times), _p95(times), clients * repeat / wall


def _bare_sql(url, token, scenario, repeat: int) -> float:
    """The statements one request ran (captured in-process), replayed on a raw connection; median ms."""
    from sqlalchemy import event

    from tracker import create_app
    from tracker.extensions import db

    _, method, path, body = scenario
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-" + "x" * 40, "WTF_CSRF_ENABLED": False})
    captured = []
    with app.app_context():
        client = app.test_client()
        office = db.session.execute(sa.text("SELECT id FROM users WHERE username = 'bench_office'")).scalar()
        with client.session_transaction() as s:
            s["_user_id"], s["_fresh"] = str(office), True

        def grab(conn, cursor, statement, parameters, context, executemany):
            captured.append((statement, parameters))

        headers = {"Authorization": f"Bearer {token}"}
        client.open(path(), method=method, json=body() if body else None, headers=headers)  # warm
        event.listen(db.engine, "before_cursor_execute", grab)
        try:
            client.open(path(), method=method, json=body() if body else None, headers=headers)
        finally:
            event.remove(db.engine, "before_cursor_execute", grab)
        times = []
        for _ in range(repeat):
            with db.engine.connect() as conn:
                cursor = conn.connection.driver_connection.cursor()
                started = time.perf_counter()
                for statement, parameters in captured:
                    cursor.execute(statement, parameters)
                    if cursor.description:
                        cursor.fetchall()
                times.append((time.perf_counter() - started) * 1000)
                conn.rollback()
        db.engine.dispose()
    return statistics.median(times)


def web(args) -> int:
    url, token, ids, total, today = _setup(args)
    server = Server(url, args.port)
    try:
        print(f"\n{sa.engine.make_url(url).get_backend_name()}, {total:,} tasks; gunicorn 2 workers x 4 threads; "
              f"{args.repeat} requests per client; ms")
        print("| page | 1 client median | p95 | 8 clients median | p95 | 8 clients req/s | bare SQL | ratio |")
        print("|---|---|---|---|---|---|---|---|")
        for scenario in _scenarios(ids, today):
            one = _run_clients(args.port, token, scenario, 1, args.repeat)
            eight = _run_clients(args.port, token, scenario, 8, max(2, args.repeat // 4))
            bare = _bare_sql(url, token, scenario, 5)
            print(f"| {scenario[0]} | {one[0]:.1f} | {one[1]:.1f} | {eight[0]:.1f} | {eight[1]:.1f} | {eight[2]:.1f} "
                  f"| {bare:.1f} | {one[0] / bare if bare else 0:.1f}x |", flush=True)
        print(f"\nserver RSS after the run: {server.rss_mib():.0f} MiB")
    finally:
        server.stop()
    return 0


# ---- load ------------------------------------------------------------------------------------


def load(args) -> int:
    url, token, ids, total, today = _setup(args)
    staff_pages = ["/tasks?tc=open_overdue", "/dashboard", "/reports?by=agency", "/tasks", "/tasks?tc=due_soon"]
    agency_pages = ["/tasks", "/tasks?tc=open_overdue", "/reports"]
    server = Server(url, args.port)
    stop_at = time.monotonic() + args.duration
    lock = threading.Lock()
    times: list[float] = []
    errors: list[str] = []

    def user(number: int):
        staff = number % 5 == 0  # one in five is the office or a leader; the rest are agencies
        client = Client(args.port)
        client.login(("bench_office", "bench_leader")[number % 2] if staff else f"bench_a{1 + number % AGENCY_USERS}")
        pages = staff_pages if staff else agency_pages
        rng = random.Random(number)
        count = 0
        while time.monotonic() < stop_at and count < args.max_requests:
            path = rng.choice(pages + [f"/tasks/{rng.choice(ids)}"] if staff else pages)
            started = time.perf_counter()
            try:
                status, _ = client.request("GET", path)
            except OSError as exc:
                status = f"{type(exc).__name__}"
            took = (time.perf_counter() - started) * 1000
            with lock:
                times.append(took)
                if status != 200:
                    errors.append(f"{path}: {status}")
            count += 1
            time.sleep(rng.uniform(0, 2 * args.think))

    try:
        rss_start = server.rss_mib()
        started = time.perf_counter()
        with ThreadPoolExecutor(args.users) as pool:
            list(pool.map(user, range(args.users)))
        wall = time.perf_counter() - started
        rss_end = server.rss_mib()
    finally:
        server.stop()
    print(f"\n{sa.engine.make_url(url).get_backend_name()}, {total:,} tasks; {args.users} users for {wall:.0f} s, "
          f"think time 0-{2 * args.think:.1f} s")
    print(f"requests {len(times)}, {len(times) / wall:.1f} req/s, p50 {statistics.median(times):.0f} ms, "
          f"p95 {_p95(times):.0f} ms, max {max(times):.0f} ms, errors {len(errors)}")
    print(f"server RSS {rss_start:.0f} MiB at start, {rss_end:.0f} MiB at end")
    for line in errors[:10]:
        print("  error", line)
    return 1 if errors else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["web", "load"])
    parser.add_argument("--database-url", required=True, help="PostgreSQL (or SQLite) URL; its schema is recreated")
    parser.add_argument("-n", type=int, default=100000, help="synthetic tasks to load (default 100000)")
    parser.add_argument("--skip-load", action="store_true", help="reuse the data already loaded")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--repeat", type=int, default=20, help="web: requests per client and page")
    parser.add_argument("--users", type=int, default=50, help="load: logged-in users")
    parser.add_argument("--duration", type=float, default=180, help="load: seconds (bounded)")
    parser.add_argument("--think", type=float, default=0.5, help="load: mean think time between pages, s")
    parser.add_argument("--max-requests", type=int, default=2000, help="load: cap per user")
    args = parser.parse_args(argv)
    return web(args) if args.mode == "web" else load(args)


if __name__ == "__main__":
    sys.exit(main())
