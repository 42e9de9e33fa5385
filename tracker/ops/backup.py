"""Backups that restore: the database (pg_dump custom format, or SQLite's online backup API), the upload
store and a manifest with checksums and row counts; restore only into an empty database and store.

The database is dumped first, the files second: the store is content-addressed and only grows, so the
copied files cover every attachment the dump references.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url

from tracker.core import clock

MANIFEST = "manifest.json"
PG_DUMP_FILE = "database.pgdump"
SQLITE_FILE = "database.sqlite3"
UPLOADS = "uploads"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is one line for the operator."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows per table (every table the database has, alembic_version included)."""
    names = sa.inspect(engine).get_table_names()
    with engine.connect() as conn:
        return {name: conn.execute(sa.text(f'SELECT count(*) FROM "{name}"')).scalar_one() for name in sorted(names)}


def _pg_args(uri: str) -> tuple[str, dict]:
    """A libpq URI without the password (kept out of the process list) and the env that carries it."""
    url = make_url(uri).set(drivername="postgresql")
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return url.set(password=None).render_as_string(hide_password=False), env


def _run(args: list[str], env: dict) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise BackupError(f"{args[0]} failed: {last}")


def _sqlite_path(uri: str) -> Path:
    return Path(make_url(uri).database or "")


def _dump_database(uri: str, target: Path) -> str:
    if uri.startswith("postgresql"):
        if not shutil.which("pg_dump"):
            raise BackupError("pg_dump not found: install postgresql-client")
        dsn, env = _pg_args(uri)
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target / PG_DUMP_FILE}",
              f"--dbname={dsn}"], env)
        return PG_DUMP_FILE
    source = sqlite3.connect(_sqlite_path(uri))
    copy = sqlite3.connect(target / SQLITE_FILE)
    try:
        source.backup(copy)  # a consistent copy while the app keeps writing
    finally:
        copy.close()
        source.close()
    return SQLITE_FILE


def _copy_files(source: Path, target: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, target)
    else:
        target.mkdir()


def _checksums(root: Path) -> dict[str, dict]:
    return {str(p.relative_to(root)): {"sha256": _sha256(p), "bytes": p.stat().st_size}
            for p in sorted(root.rglob("*")) if p.is_file() and p.name != MANIFEST}


def backup(engine: Engine, uri: str, upload_dir: str, target: Path) -> dict:
    """Write a backup into `target` (created; must not hold anything yet) and return its manifest."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty")
    target.mkdir(parents=True, exist_ok=True)
    counts = row_counts(engine)
    database = _dump_database(uri, target)
    _copy_files(Path(upload_dir), target / UPLOADS)
    manifest = {"format": 1, "created_at": clock.now().isoformat() + "Z", "dialect": engine.dialect.name,
                "database_file": database, "counts": counts, "files": _checksums(target)}
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def verify(source: Path) -> dict:
    """The manifest, after checking that every file listed is there with its checksum."""
    path = Path(source) / MANIFEST
    if not path.is_file():
        raise BackupError(f"{path} not found: not a backup folder")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    present = _checksums(Path(source))
    for name, meta in manifest["files"].items():
        if present.get(name, {}).get("sha256") != meta["sha256"]:
            raise BackupError(f"{name}: missing or checksum differs from the manifest")
    return manifest


def restore(engine: Engine, uri: str, upload_dir: str, source: Path) -> dict:
    """Restore into an empty database and an empty upload store; check the row counts afterwards."""
    source = Path(source)
    manifest = verify(source)
    if manifest["dialect"] != engine.dialect.name:
        raise BackupError(f"backup is of {manifest['dialect']}, the target database is {engine.dialect.name}")
    if sa.inspect(engine).get_table_names():
        raise BackupError("the target database is not empty; restore only into a new, empty database")
    uploads = Path(upload_dir)
    if uploads.exists() and any(uploads.iterdir()):
        raise BackupError(f"the upload folder {uploads} is not empty")
    engine.dispose()
    if manifest["dialect"] == "postgresql":
        dsn, env = _pg_args(uri)
        _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
              f"--dbname={dsn}", str(source / manifest["database_file"])], env)
    else:
        dump = sqlite3.connect(source / manifest["database_file"])
        live = sqlite3.connect(_sqlite_path(uri))
        try:
            dump.backup(live)
        finally:
            live.close()
            dump.close()
    uploads.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source / UPLOADS, uploads, dirs_exist_ok=True)
    counts = row_counts(engine)
    if counts != manifest["counts"]:
        differ = sorted(k for k in set(counts) | set(manifest["counts"]) if counts.get(k) != manifest["counts"].get(k))
        raise BackupError(f"restored row counts differ from the manifest: {', '.join(differ)}")
    return manifest
