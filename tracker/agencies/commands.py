"""`tracker agencies import FILE.csv [--replace]` and `tracker seed-demo [--once]`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import AppGroup, with_appcontext

from tracker.core import clock
from tracker.core.errors import DomainError
from tracker.extensions import db


def _fail(message: str) -> None:
    db.session.rollback()
    click.echo(message, err=True)
    sys.exit(1)


@click.group("agencies", cls=AppGroup)
def agencies_group():
    """Danh mục cơ quan."""


@agencies_group.command("import")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--replace",
    is_flag=True,
    help="Thay toàn bộ tên gọi khác và nhóm; cơ quan không có trong tệp bị ngừng hoạt động.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def import_agencies(path: Path, replace: bool, fmt: str):
    """Nạp danh mục cơ quan từ CSV (cột: name,short_name,kind,aliases,successor,active,order,groups)."""
    from tracker.agencies import directory

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"Lỗi: không đọc được tệp {path}: {exc}")
    try:
        counts = directory.load(db.session, None, clock.today(), text, replace=replace)
    except DomainError as exc:
        _fail(exc.message)
    db.session.commit()
    if fmt == "json":
        click.echo(json.dumps(counts))
    else:
        click.echo(
            f"Đã nạp danh mục: thêm {counts['created']}, cập nhật {counts['updated']} cơ quan, "
            f"ngừng {counts['deactivated']}, {counts['groups']} nhóm."
        )


@click.command("seed-demo")
@with_appcontext
@click.option("--once", is_flag=True, help="Không làm gì nếu đã có dữ liệu (đã có người dùng).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def seed_demo_command(once: bool, fmt: str):
    """Tạo dữ liệu trình diễn (mật khẩu mọi tài khoản: matkhau123)."""
    from tracker import demo

    if once and demo.has_data(db.session):
        click.echo("Đã có dữ liệu, bỏ qua (--once).")
        return
    try:
        summary = demo.seed(db.session, clock.today())
    except DomainError as exc:
        _fail(f"Lỗi: {exc.message}")
    db.session.commit()
    click.echo(json.dumps(summary) if fmt == "json" else demo.describe(summary))


COMMANDS = [agencies_group, seed_demo_command]
