"""The migration builds exactly the schema the models describe, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from tests.conftest import _drop_database, _fresh_database
from tracker import create_app
from tracker.extensions import db


def test_upgrade_from_empty_matches_models(tmp_path_factory):
    uri = _fresh_database(tmp_path_factory)
    app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "TESTING": True})
    try:
        with app.app_context():
            upgrade()
            with db.engine.connect() as conn:
                context = MigrationContext.configure(conn, opts={"compare_type": True})
                diff = compare_metadata(context, db.metadata)
            assert diff == []
            db.engine.dispose()
    finally:
        _drop_database(uri)


def test_0006_strips_carriage_returns_from_saved_agency_text(tmp_path_factory):
    """Tasks saved through the review screen before the CRLF fix lose their stray "\\r"."""
    import importlib.util
    from pathlib import Path

    import sqlalchemy as sa

    path = next(Path("migrations/versions").glob("*_0006_*.py"))
    spec = importlib.util.spec_from_file_location("m0006", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    uri = _fresh_database(tmp_path_factory)
    app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "TESTING": True})
    try:
        with app.app_context():
            upgrade(revision=module.down_revision)
            with db.engine.begin() as conn:
                conn.execute(sa.text(
                    "INSERT INTO agencies (id, name, name_folded, kind, active, \"order\") "
                    "VALUES (1, 'Sở Tài chính', 'so tai chinh', 'department', true, 1)"))
                conn.execute(sa.text(
                    "INSERT INTO documents (id, number, kind, issuer, summary, source, archived, created_at, "
                    "version) VALUES (1, '1/TB', 'other', 'UBND', 's', 'province', false, '2026-01-01', 1)"))
                conn.execute(sa.text(
                    "INSERT INTO tasks (id, document_id, item_key, content, content_folded, lead_agency_id, "
                    "lead_text, co_text, kind, is_series, status, is_key, source, assigned_on, created_at, "
                    "updated_at, version) VALUES (1, 1, 'k', 'c', 'c', 1, :lead, :co, 'undated', false, 'new', "
                    "false, 'province', '2026-01-01', '2026-01-01', '2026-01-01', 1)"),
                    {"lead": "UBND huyện A\r; UBND huyện B", "co": "Đài Phát thanh\r; Sở Y tế"})
            upgrade()
            with db.engine.connect() as conn:
                row = conn.execute(sa.text("SELECT lead_text, co_text FROM tasks WHERE id = 1")).one()
            assert tuple(row) == ("UBND huyện A; UBND huyện B", "Đài Phát thanh; Sở Y tế")
            db.engine.dispose()
    finally:
        _drop_database(uri)
