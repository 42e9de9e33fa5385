"""`tracker backup DIR` and `tracker restore DIR` (see docs/deploy.md for the nightly timer)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from tracker.extensions import db
from tracker.ops import backup as store


def _fail(exc: Exception) -> None:
    click.echo(f"tracker: {exc}", err=True)
    sys.exit(1)


@click.command("backup")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def backup_command(directory: Path):
    """Back up the database and the upload store into DIRECTORY (new or empty), with a manifest."""
    cfg = current_app.config
    try:
        manifest = store.backup(db.engine, cfg["SQLALCHEMY_DATABASE_URI"], cfg["UPLOAD_DIR"], directory)
    except (store.BackupError, OSError) as exc:
        _fail(exc)
    files = len(manifest["files"])
    click.echo(f"Đã sao lưu vào {directory}: {sum(manifest['counts'].values())} dòng dữ liệu, {files} tệp.")


@click.command("restore")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@with_appcontext
def restore_command(directory: Path):
    """Restore a backup from DIRECTORY into an empty database and upload folder; checks counts."""
    cfg = current_app.config
    try:
        manifest = store.restore(db.engine, cfg["SQLALCHEMY_DATABASE_URI"], cfg["UPLOAD_DIR"], directory)
    except (store.BackupError, OSError) as exc:
        _fail(exc)
    click.echo(f"Đã khôi phục từ {directory} (sao lưu lúc {manifest['created_at']}): "
               f"{sum(manifest['counts'].values())} dòng dữ liệu, số dòng từng bảng khớp với bản kê.")
