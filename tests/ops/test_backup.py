"""Backup → restore into an empty database gives the same rows, journal and files (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest import _drop_database, _fresh_database
from tracker import create_app
from tracker.cli import cli
from tracker.core import clock, settings
from tracker.documents import files
from tracker.extensions import db
from tracker.ops.backup import row_counts


@pytest.fixture
def source(app, world, session):
    """The shared test database with the world's rows, their journal and one stored attachment."""
    attachment = files.store(files.Upload("bao-cao.pdf", b"%PDF-1.4 noi dung"), document_id=world.doc.id)
    session.add(attachment)
    session.commit()
    return app


@pytest.fixture
def target(tmp_path_factory, tmp_path, monkeypatch):
    """A second app on a new, empty database and upload folder (the global settings are put back after)."""
    monkeypatch.setattr(settings.current, "upload_dir", settings.current.upload_dir)
    monkeypatch.setattr(clock, "_tz", clock._tz)
    uri = _fresh_database(tmp_path_factory)
    app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "UPLOAD_DIR": str(tmp_path / "restored-uploads"),
                      "TESTING": True, "SECRET_KEY": "test"})
    yield app
    with app.app_context():
        db.engine.dispose()
    _drop_database(uri)


def _restore(app, folder):
    """The CLI runs in the app context it finds: push the target's over the test's own."""
    with app.app_context():
        return app.test_cli_runner().invoke(cli, ["restore", str(folder)])


def _journal(engine):
    with engine.connect() as conn:
        return conn.execute(sa.text("SELECT entity, entity_id, action, actor_id, after FROM journal_entries "
                                    "ORDER BY id")).all()


def _files(root: Path) -> dict:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_backup_then_restore_gives_the_same_data(source, target, tmp_path):
    folder = tmp_path / "backup"
    result = source.test_cli_runner().invoke(cli, ["backup", str(folder)])
    assert result.exit_code == 0, result.output
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["counts"]["tasks"] == 1 and manifest["counts"]["journal_entries"] > 0
    assert any(name.startswith("uploads/") for name in manifest["files"])

    result = _restore(target, folder)
    assert result.exit_code == 0, result.output
    with source.app_context():
        source_engine = db.engine
        expected_counts, expected_journal = row_counts(source_engine), _journal(source_engine)
    with target.app_context():
        assert row_counts(db.engine) == expected_counts
        assert _journal(db.engine) == expected_journal
    assert _files(Path(target.config["UPLOAD_DIR"])) == _files(Path(source.config["UPLOAD_DIR"]))


def test_restore_refuses_a_database_that_is_not_empty(source, target, tmp_path):
    folder = tmp_path / "backup"
    source.test_cli_runner().invoke(cli, ["backup", str(folder)])
    with target.app_context():
        db.create_all()
    result = _restore(target, folder)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "tracker: the target database is not empty; restore only into a new, empty database"]


def test_restore_refuses_a_damaged_backup(source, target, tmp_path):
    folder = tmp_path / "backup"
    source.test_cli_runner().invoke(cli, ["backup", str(folder)])
    stored = next(p for p in (folder / "uploads").rglob("*") if p.is_file())
    stored.write_bytes(b"changed")
    result = _restore(target, folder)
    assert result.exit_code == 1 and "checksum differs" in result.output
    with target.app_context():
        assert sa.inspect(db.engine).get_table_names() == []


def test_backup_refuses_a_folder_with_files(source, tmp_path):
    (tmp_path / "old.txt").write_text("x")
    result = source.test_cli_runner().invoke(cli, ["backup", str(tmp_path)])
    assert result.exit_code == 1 and "is not empty" in result.output
