"""`tracker import FILE.xlsx|FILE.csv [--create-agencies] [--format json]`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from tracker.core import clock
from tracker.core.errors import DomainError
from tracker.extensions import db


@click.command("import")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--create-agencies", is_flag=True, help="Tự thêm cơ quan chưa có trong danh mục (loại “khác”).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def import_command(path: Path, create_agencies: bool, fmt: str):
    """Nhập văn bản và nhiệm vụ từ bảng tính (.xlsx/.csv); lỗi ở bất kỳ dòng nào thì không ghi gì."""
    from tracker.documents import importer

    if not path.exists():
        click.echo(f"Lỗi: không tìm thấy tệp {path}.", err=True)
        sys.exit(1)
    try:
        counts = importer.import_file(db.session, None, clock.today(), path, create_agencies=create_agencies)
    except DomainError as exc:
        db.session.rollback()
        click.echo(exc.message, err=True)
        sys.exit(1)
    db.session.commit()
    if fmt == "json":
        click.echo(json.dumps(counts))
    else:
        click.echo(f"Đã nhập {counts['documents']} văn bản, {counts['tasks']} nhiệm vụ.")


COMMANDS = [import_command]
