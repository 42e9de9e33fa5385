"""Benchmark of the report paths on N synthetic tasks (`scripts/bench`; a benchmark, not a test).

It RECREATES the schema of the database it is given (default: a SQLite file under /tmp; for
PostgreSQL, a database named in the URL that is created when missing), bulk-loads 200 agencies and N
tasks (30% with co-agencies) with a realistic mix of states and dates (executemany on SQLite, COPY on PostgreSQL), then
prints median timings of the leader dashboard, the roll-up (with the bare SQL alone, for the ratio),
the overdue list, an agency's task list and a 10,000-row .xlsx export.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import make_url

AGENCIES, LEADERS = 200, 12
FIELDS = ("Kinh tế", "Đất đai", "Xây dựng", "Y tế", "Giáo dục", "Nội chính", "Chuyển đổi số", "Môi trường")
TASK_COLS = ("id", "document_id", "item_ref", "item_key", "content", "content_folded", "lead_agency_id", "kind",
             "rrule", "is_series", "due_on", "original_due_on", "due_changed_on", "judged_due_on", "status", "is_key",
             "field", "source", "leader_id", "assigned_on", "reported_on", "confirmed_on", "withdrawn_on",
             "assignment_changed_on", "created_at", "updated_at", "version")
HIST_COLS = ("id", "task_id", "due_on", "valid_from", "late_grant", "reason")
PAST_COLS = ("id", "task_id", "valid_until", "lead_agency_id", "leader_id", "field", "is_key")


def _prepare_database(url: str) -> str:
    url_obj = make_url(url)
    if url_obj.get_backend_name() == "postgresql":
        if url_obj.drivername == "postgresql":
            url_obj = url_obj.set(drivername="postgresql+psycopg")
        admin = sa.create_engine(url_obj.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            exists = conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": url_obj.database})
            if not exists:
                conn.execute(sa.text(f'CREATE DATABASE "{url_obj.database}"'))
        admin.dispose()
    return url_obj.render_as_string(hide_password=False)


def _task_row(i: int, rng: random.Random, today: date, docs: int, leaders: list[int]):
    """One synthetic task, its deadline history and past assignments; rough, but shaped like real data."""
    assigned = today - timedelta(days=int(rng.random() ** 0.7 * 1100))
    series = rng.random() < 0.01
    dated = not series and rng.random() < 0.88
    due = assigned + timedelta(days=rng.randint(7, 120)) if dated else None
    row = dict(id=i, document_id=1 + i % docs, item_ref=str(1 + i % 17), item_key=f"k{i}",
               content=f"Nhiệm vụ số {i}: triển khai nội dung chỉ đạo", content_folded=f"nhiem vu so {i}",
               lead_agency_id=1 + int(rng.random() ** 1.5 * AGENCIES), kind="dated" if dated else "undated",
               rrule=None, is_series=series, due_on=due, original_due_on=due, due_changed_on=None,
               judged_due_on=None, status="new", is_key=rng.random() < 0.1, field=rng.choice(FIELDS),
               source="government" if rng.random() < 0.1 else "province", leader_id=rng.choice(leaders),
               assigned_on=assigned, reported_on=None, confirmed_on=None, withdrawn_on=None,
               assignment_changed_on=None, version=1)
    if series:
        row.update(kind="periodic", rrule="FREQ=MONTHLY;BYMONTHDAY=20")
    history = [dict(task_id=i, due_on=due, valid_from=assigned, late_grant=False, reason="original")]
    if dated and rng.random() < 0.08:  # an extension, granted a few days before the deadline
        granted = max(assigned, due - timedelta(days=rng.randint(1, 10)))
        if granted <= today:
            due = due + timedelta(days=rng.randint(15, 60))
            row.update(due_on=due, due_changed_on=granted)
            history.append(dict(task_id=i, due_on=due, valid_from=granted, late_grant=False, reason="extension"))
    age = (today - (due or assigned)).days
    roll = rng.random()
    if roll < 0.03:
        row.update(status="withdrawn", withdrawn_on=min(today, assigned + timedelta(days=rng.randint(1, 60))))
    elif age > 0 and roll < 0.93 or age <= 0 and roll < 0.35:
        base = due or assigned + timedelta(days=60)
        reported = max(assigned, base + timedelta(days=rng.randint(-40, 12)))
        if reported <= today:
            confirmed = reported + timedelta(days=rng.randint(0, 6))
            if confirmed <= today:
                row.update(status="done", reported_on=reported, confirmed_on=confirmed, judged_due_on=due)
            else:
                row.update(status="reported", reported_on=reported)
    elif roll < 0.96:
        row.update(status="in_progress")
    past = []
    if rng.random() < 0.02 and assigned < today:  # reassigned, or moved by a merger, some time ago
        moved = assigned + timedelta(days=rng.randint(1, (today - assigned).days))
        past.append(dict(task_id=i, valid_until=moved, lead_agency_id=1 + (row["lead_agency_id"] % AGENCIES),
                         leader_id=row["leader_id"], field=row["field"], is_key=row["is_key"]))
        row.update(assignment_changed_on=moved)
    co = sorted({1 + rng.randrange(AGENCIES) for _ in range(rng.randint(1, 2))} - {row["lead_agency_id"]}) \
        if rng.random() < 0.3 else []
    return row, history, past, [dict(task_id=i, agency_id=a) for a in co]


def _load(db, app, n: int, today: date, seed: int = 42) -> None:
    from tracker.agencies.models import Agency
    from tracker.auth.models import User
    from tracker.core import clock
    from tracker.documents.models import Document
    from tracker.tasks.models import Task, TaskDeadline, TaskPastAssignment, task_co_agencies

    rng = random.Random(seed)
    now = clock.now()
    with db.engine.begin() as conn:
        conn.execute(sa.insert(Agency.__table__), [
            dict(id=i, name=f"Cơ quan {i:03d}", name_folded=f"co quan {i:03d}", kind="so_nganh", active=True, order=i)
            for i in range(1, AGENCIES + 1)])
        users = [dict(id=i, username=f"lanhdao{i}", full_name=f"Lãnh đạo {i}", password_hash="x", role="leader",
                      agency_id=None, fields=[FIELDS[i % len(FIELDS)]], email_prefs={}, active=True, failed_logins=0,
                      is_agency_head=False, created_at=now) for i in range(1, LEADERS + 1)]
        users.append(dict(id=LEADERS + 1, username="coquan", full_name="Cán bộ", password_hash="x", role="agency",
                          agency_id=7, fields=[], email_prefs={}, active=True, failed_logins=0, is_agency_head=False,
                          created_at=now))
        conn.execute(sa.insert(User.__table__), users)
        docs = max(1, n // 10)
        conn.execute(sa.insert(Document.__table__), [
            dict(id=i, number=f"{i}/TB-UBND", kind="thong_bao_ket_luan" if i % 3 else "cong_van",
                 issued_on=today - timedelta(days=i % 1100), issuer="UBND tỉnh", summary=f"Kết luận số {i}",
                 source="province", archived=False, created_at=now, version=1) for i in range(1, docs + 1)])
    leaders = list(range(1, LEADERS + 1))
    chunk = 20000
    hist_id = past_id = 0
    for start in range(1, n + 1, chunk):
        tasks, hist, pasts, cos = [], [], [], []
        for i in range(start, min(n + 1, start + chunk)):
            row, history, past, co = _task_row(i, rng, today, docs, leaders)
            cos += co
            row.update(created_at=now, updated_at=now)
            tasks.append(row)
            for h in history:
                hist_id += 1
                hist.append(dict(h, id=hist_id))
            for p in past:
                past_id += 1
                pasts.append(dict(p, id=past_id))
        _insert(db, Task.__table__, TASK_COLS, tasks)
        _insert(db, TaskDeadline.__table__, HIST_COLS, hist)
        _insert(db, TaskPastAssignment.__table__, PAST_COLS, pasts)
        _insert(db, task_co_agencies, ("task_id", "agency_id"), cos)
        print(f"  {min(n, start + chunk - 1):,} tasks", file=sys.stderr)
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            for table in ("tasks", "users", "agencies", "documents", "task_deadlines", "task_past_assignments"):
                conn.execute(sa.text(f"SELECT setval('{table}_id_seq', (SELECT coalesce(max(id), 1) FROM {table}))"))
    # The steady state autovacuum keeps in production: statistics, and on PostgreSQL the visibility map
    # that index-only scans (the monthly trends' covering indexes) rely on.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE" if conn.dialect.name == "postgresql" else "ANALYZE"))


def _insert(db, table, cols, rows) -> None:
    """COPY on PostgreSQL, executemany elsewhere: never the ORM one object at a time."""
    if not rows:
        return
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            raw = conn.connection.driver_connection
            with raw.cursor() as cur, cur.copy(f"COPY {table.name} ({', '.join(cols)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([row[c] for c in cols])
        else:
            conn.execute(sa.insert(table), rows)


def _median(fn, repeat: int) -> float:
    fn()  # warm up caches and the statement cache
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _timings(db, app, today: date, repeat: int) -> list[tuple[str, float, str]]:
    from openpyxl import Workbook  # noqa: F401  (import cost outside the timing)

    from tracker.auth.models import User
    from tracker.auth.permissions import visible_tasks
    from tracker.reports import exports, queries, xlsx
    from tracker.tasks.models import Task

    f = queries.Filters()
    past = today - timedelta(days=365)
    session = db.session
    agency_user = session.scalar(sa.select(User).where(User.role == "agency"))
    client = app.test_client()
    with client.session_transaction() as s:
        s["_user_id"], s["_fresh"] = session.get(User, 1).get_id(), True  # the id carries the session key

    def dashboard():
        response = client.get(f"/dashboard?as_of={today.isoformat()}")
        assert response.status_code == 200, response.status_code

    def bare(as_of):
        """The roll-up statement alone (with the same JIT setting), no naming or Python rows."""
        def run():
            queries.tune(session)
            with queries.hash_grouping(session):
                statement = queries.rollup_statement(as_of, "agency", f, parallel=queries.parallel(session))
                return session.execute(statement).all()

        return run

    def export():
        report = queries.rollup(session, today, "agency", f)
        details = queries.detail_rows(session, today, f, limit=10000)
        xlsx.build(report, details, exports.Meta())
        session.expunge_all()

    def agency_list():
        return session.scalars(visible_tasks(agency_user).order_by(Task.due_on, Task.id).limit(50)).all()

    rows = []
    for name, as_of in (("roll-up by agency, as of today", today), ("roll-up by agency, as of a year ago", past)):
        ours = _median(lambda d=as_of: queries.rollup(session, d, "agency", f), repeat)
        raw = _median(bare(as_of), repeat)
        rows.append((name, ours, f"bare SQL {raw:.1f} ms, ratio {ours / raw:.2f}x"))
    rows.append(("leader dashboard (GET /dashboard)", _median(dashboard, repeat), "HTTP, incl. template"))
    rows.append(("overdue list, first page (20)",
                 _median(lambda: queries.overdue_page(session, today, f, 1, 20), repeat), ""))
    rows.append(("agency task list, first page (50)", _median(agency_list, repeat), "visible_tasks + due_on"))
    rows.append(("report .xlsx, 10,000 detail rows", _median(export, max(1, repeat // 2)), "query + openpyxl"))
    return rows


def reload(db, app, n: int, today: date) -> None:
    """Recreate the schema and load `n` synthetic tasks (shared by the function and page benchmarks)."""
    db.drop_all()
    db.create_all()
    started = time.perf_counter()
    _load(db, app, n, today)
    print(f"loaded {n:,} tasks in {time.perf_counter() - started:.1f} s", file=sys.stderr)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None, help="SQLite or PostgreSQL URL (its schema is recreated)")
    parser.add_argument("-n", type=int, default=10000, help="number of synthetic tasks (default 10000)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per measure (median printed)")
    parser.add_argument("--skip-load", action="store_true", help="reuse the data already loaded")
    args = parser.parse_args(argv)
    url = _prepare_database(args.database_url or f"sqlite:////tmp/tracker-bench-{args.n}.db")

    from tracker import create_app
    from tracker.core import clock
    from tracker.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "SERVER_NAME": "localhost",
                      "WTF_CSRF_ENABLED": False})
    today = clock.today()
    with app.app_context():
        if not args.skip_load:
            reload(db, app, args.n, today)
        total = db.session.scalar(sa.text("SELECT count(*) FROM tasks"))
        print(f"\n{make_url(url).get_backend_name()}, {total:,} tasks, median of {args.repeat} runs")
        for name, ms, note in _timings(db, app, today, args.repeat):
            print(f"  {name:<40} {ms:>9.1f} ms   {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
