"""Upgrades: every revision applies in turn from the first to the head (and the last one rolls back),
and a database of the previous release keeps its rows through `db upgrade`. SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from tests.conftest import _drop_database, _fresh_database
from tracker import create_app
from tracker.core import clock, settings
from tracker.extensions import db
from tracker.ops.readiness import migration_heads


def _chain(app) -> list[str]:
    script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def _app(uri):
    return create_app({"SQLALCHEMY_DATABASE_URI": uri, "TESTING": True})


def _version(conn) -> set[str]:
    return set(conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars())


def test_each_revision_from_the_first_to_the_head(tmp_path_factory, monkeypatch):
    monkeypatch.setattr(settings.current, "upload_dir", settings.current.upload_dir)
    monkeypatch.setattr(clock, "_tz", clock._tz)
    uri = _fresh_database(tmp_path_factory)
    app = _app(uri)
    try:
        with app.app_context():
            chain = _chain(app)
            assert len(chain) >= 2
            for revision in chain:
                upgrade(revision=revision)
                with db.engine.connect() as conn:
                    assert _version(conn) == {revision}
            assert set(chain[-1:]) == migration_heads()
            downgrade(revision=chain[-2])
            upgrade()
            with db.engine.connect() as conn:
                assert _version(conn) == set(migration_heads())
            db.engine.dispose()
    finally:
        _drop_database(uri)


def test_a_database_of_the_previous_release_keeps_its_rows(tmp_path_factory, monkeypatch):
    """The first release's schema (0001) with rows in it, then `db upgrade` to the head."""
    monkeypatch.setattr(settings.current, "upload_dir", settings.current.upload_dir)
    monkeypatch.setattr(clock, "_tz", clock._tz)
    uri = _fresh_database(tmp_path_factory)
    app = _app(uri)
    try:
        with app.app_context():
            upgrade(revision="0001")
            with db.engine.begin() as conn:
                conn.execute(sa.text('INSERT INTO agencies (id, name, name_folded, kind, active, "order") '
                                     "VALUES (1, 'Sở Tài chính', 'so tai chinh', 'so', true, 1)"))
            upgrade()
            with db.engine.connect() as conn:
                assert _version(conn) == set(migration_heads())
                assert conn.execute(sa.text("SELECT name FROM agencies")).scalars().all() == ["Sở Tài chính"]
            db.engine.dispose()
    finally:
        _drop_database(uri)
