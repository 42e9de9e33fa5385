"""Fixtures: one fresh database per run (SQLite file, or PostgreSQL via TRACKER_TEST_DATABASE_URL),
emptied after every test; factories; a login helper."""

from __future__ import annotations

import os
import re
import uuid
from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from tracker import create_app
from tracker.extensions import db as _db

PG_URL = os.environ.get("TRACKER_TEST_DATABASE_URL")


def _fresh_database(tmp_path_factory) -> str:
    """SQLite: a temp file. PostgreSQL: a new database named test_<random> on the given server."""
    if not PG_URL:
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    url = make_url(PG_URL)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    name = f"test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def _drop_database(uri: str) -> None:
    if not uri.startswith("postgresql"):
        return
    url = make_url(uri)
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def database_uri(tmp_path_factory):
    uri = _fresh_database(tmp_path_factory)
    yield uri
    _drop_database(uri)


@pytest.fixture(scope="session")
def app(database_uri, tmp_path_factory):
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_uri,
        "SECRET_KEY": "test",
        "UPLOAD_DIR": str(tmp_path_factory.mktemp("uploads")),
        "SMTP_URL": "",
        "SERVER_NAME": "localhost",
    })
    with app.app_context():
        _db.create_all()
    yield app
    with app.app_context():
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_db(request):
    """Tests that touch the app start with empty tables (cheap, and works with views that commit)."""
    if not {"app", "db", "session", "client"} & set(request.fixturenames):
        yield
        return
    app = request.getfixturevalue("app")
    ctx = app.app_context()
    ctx.push()
    yield
    _db.session.rollback()
    _db.session.remove()
    tables = [t.name for t in reversed(_db.metadata.sorted_tables)]
    with _db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(sa.text(f'DELETE FROM "{table}"'))
    ctx.pop()


@pytest.fixture(autouse=True)
def fresh_g(monkeypatch):
    """A test holds one app context, which Flask reuses for the test client's requests: clear `g`
    (Flask-Login's user, Flask-WTF's token) before each request so two clients never share them."""
    from flask import g
    from flask.testing import FlaskClient

    original = FlaskClient.open

    def open_(self, *args, **kwargs):
        for key in list(vars(g)):
            delattr(g, key)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(FlaskClient, "open", open_)


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def session(db):
    return db.session


@pytest.fixture
def client(app):
    return app.test_client()


# ---- factories ---------------------------------------------------------------------------------

AS_OF = date(2024, 10, 1)


@pytest.fixture
def make_agency(session):
    from tracker.agencies.models import Agency

    def make(name="Sở Tài chính", **kw):
        agency = Agency(**kw)
        agency.set_name(name)
        session.add(agency)
        session.flush()
        return agency

    return make


@pytest.fixture
def make_user(session):
    from tracker.auth.models import User

    def make(username=None, role="office", agency=None, password="matkhau123", **kw):
        user = User(username=username or f"{role}{uuid.uuid4().hex[:6]}", role=role,
                    agency_id=agency.id if agency else None, full_name=kw.pop("full_name", "Người dùng thử"),
                    email=kw.pop("email", None), fields=kw.pop("fields", []), email_prefs={}, **kw)
        user.set_password(password)
        session.add(user)
        session.flush()
        return user

    return make


@pytest.fixture
def make_document(session):
    """Create a document through the real service; `items` are ItemInput or dicts."""
    from tracker.documents.services import ItemInput, create_document

    def make(actor, items, as_of=AS_OF, **data):
        data.setdefault("number", f"{uuid.uuid4().hex[:4]}/TB-UBND")
        data.setdefault("kind", "thong_bao_ket_luan")
        data.setdefault("issued_on", as_of)
        data.setdefault("summary", "Kết luận của Chủ tịch UBND tỉnh")
        inputs = [i if isinstance(i, ItemInput) else ItemInput(**i) for i in items]
        doc = create_document(session, actor, as_of, data, inputs)
        session.commit()
        return doc

    return make


@pytest.fixture
def world(make_agency, make_user, make_document, session):
    """Two agencies, one user per role, one document with one task for agency A (co: agency B)."""
    a = make_agency("Sở Tài chính", order=1)
    b = make_agency("Sở Xây dựng", order=2)
    admin = make_user("admin", "admin")
    office = make_user("vanphong", "office")
    leader = make_user("lanhdao", "leader", fields=["Kinh tế"])
    officer_a = make_user("stc", "agency", agency=a)
    officer_b = make_user("sxd", "agency", agency=b)
    doc = make_document(office, [{"content": "Tham mưu dự thảo Chỉ thị về chuyển đổi số", "ref": "1",
                                  "lead_agency_ids": [a.id], "co_agency_ids": [b.id],
                                  "due_on": date(2024, 10, 15)}])
    session.commit()

    class World:
        pass

    w = World()
    w.a, w.b, w.admin, w.office, w.leader, w.officer_a, w.officer_b, w.doc = a, b, admin, office, leader, officer_a, officer_b, doc
    w.task = doc.tasks[0]
    return w


def login(client, username, password="matkhau123"):
    """Log in through the real form (reads the CSRF token from the page)."""
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" [^>]*value="([^"]+)"', page)
    token = token.group(1) if token else re.search(r'value="([^"]+)"[^>]*name="csrf_token"', page).group(1)
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token})


def csrf_token(client, path="/"):
    page = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', page)
    return match.group(1) if match else None


STORY_DUE = date(2024, 10, 15)


@pytest.fixture
def story(world, make_agency, make_user, make_document, session):
    """A small story of tasks covering every state and date position, told through the real services."""
    from tracker.tasks import services

    w = world
    w.c = make_agency("UBND phường Ba Đình", order=3)
    w.leader2 = make_user("pct2", "leader", full_name="Phó Chủ tịch Hai")
    w.officer_c = make_user("pbd", "agency", agency=w.c)
    a, b, c = w.a.id, w.b.id, w.c.id
    items = [
        {"content": "T0 chưa làm", "lead_agency_ids": [a], "due_on": STORY_DUE, "field": "Kinh tế"},
        {"content": "T1 đúng hạn", "lead_agency_ids": [a], "due_on": STORY_DUE, "field": "Kinh tế"},
        {"content": "T2 quá hạn", "lead_agency_ids": [a], "due_on": STORY_DUE, "field": "Kinh tế"},
        {"content": "T3 gia hạn sớm", "lead_agency_ids": [b], "due_on": STORY_DUE, "co_agency_ids": [a]},
        {"content": "T4 gia hạn muộn", "lead_agency_ids": [b], "due_on": STORY_DUE},
        {"content": "T5 thường xuyên xong", "lead_agency_ids": [b]},
        {"content": "T6 dừng", "lead_agency_ids": [c], "due_on": STORY_DUE},
        {"content": "T7 trả lại", "lead_agency_ids": [c], "due_on": STORY_DUE},
        {"content": "T8 thường xuyên", "lead_agency_ids": [c]},
        {"content": "T9 trọng tâm", "lead_agency_ids": [a], "due_on": date(2024, 11, 20), "is_key": True},
        {"content": "T10 định kỳ (mẫu)", "lead_agency_ids": [a], "periodic_rrule": "FREQ=MONTHLY;BYMONTHDAY=20"},
    ]
    doc1 = make_document(w.office, items, as_of=date(2024, 10, 1), leader_id=w.leader.id, number="156/TB-UBND")
    doc2 = make_document(w.office, [
        {"content": "T11 Chính phủ giao", "lead_agency_ids": [a], "due_on": date(2024, 12, 1)},
        {"content": "T12 Chính phủ, thường xuyên", "lead_agency_ids": [b]},
    ], as_of=date(2024, 11, 5), kind="cong_van", source="government", leader_id=w.leader2.id,
        number="88/CV-VPCP")
    t = doc1.tasks + doc2.tasks
    la, lb, lc = w.officer_a, w.officer_b, w.officer_c
    services.report_completion(session, la, date(2024, 10, 14), t[1], "Xong")
    services.confirm(session, w.office, date(2024, 10, 20), t[1])
    services.report_completion(session, la, date(2024, 10, 18), t[2], "Xong muộn")
    services.confirm(session, w.office, date(2024, 10, 19), t[2])
    ext = services.request_extension(session, lb, date(2024, 10, 10), t[3], date(2024, 11, 15), "Chờ ý kiến bộ")
    services.decide_extension(session, w.leader, date(2024, 10, 12), ext, True)
    services.report_completion(session, lb, date(2024, 11, 10), t[3], "Xong")
    services.confirm(session, w.office, date(2024, 11, 11), t[3])
    ext = services.request_extension(session, lb, date(2024, 10, 20), t[4], date(2024, 11, 30), "Xin lùi")
    services.decide_extension(session, w.leader, date(2024, 10, 22), ext, True)
    services.report_completion(session, lb, date(2024, 11, 5), t[4], "Xong")
    services.confirm(session, w.office, date(2024, 11, 6), t[4])
    services.report_completion(session, lb, date(2024, 10, 3), t[5], "Đã làm")
    services.confirm(session, w.office, date(2024, 10, 4), t[5])
    services.withdraw(session, w.office, date(2024, 10, 11), t[6], "Không còn cần thiết")
    services.report_completion(session, lc, date(2024, 10, 9), t[7], "Xong")
    services.return_report(session, w.office, date(2024, 10, 10), t[7], "Thiếu số liệu")
    services.report_completion(session, lc, date(2024, 10, 30), t[7], "Bổ sung")
    session.commit()
    w.tasks, w.doc1, w.doc2 = t, doc1, doc2
    w.all_tasks = [w.task, *t]
    return w
