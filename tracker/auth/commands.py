"""`tracker create-user`."""

from __future__ import annotations

import sys

import click

from tracker.agencies.services import resolve
from tracker.auth import services
from tracker.core import clock
from tracker.core.errors import DomainError
from tracker.extensions import db


@click.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice(["admin", "office", "leader", "agency"]), required=True)
@click.option("--agency", "agency_name", help="Tên cơ quan (bắt buộc với vai trò agency).")
@click.option("--email")
@click.option("--full-name", default="")
@click.option("--password-stdin", is_flag=True, help="Đọc mật khẩu từ stdin thay vì hỏi.")
def create_user_command(username, role, agency_name, email, full_name, password_stdin):
    """Tạo tài khoản người dùng."""
    agency = None
    if agency_name:
        agency = resolve(db.session, agency_name)
        if agency is None:
            click.echo(f"Lỗi: không tìm thấy cơ quan “{agency_name}”.", err=True)
            sys.exit(1)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Mật khẩu", hide_input=True, confirmation_prompt=True)
    try:
        user = services.create_user(db.session, None, clock.today(), username=username, password=password,
                                    role=role, agency=agency, email=email, full_name=full_name)
    except DomainError as exc:
        db.session.rollback()
        click.echo(f"Lỗi: {exc.message}", err=True)
        sys.exit(1)
    db.session.commit()
    click.echo(f"Đã tạo tài khoản {user.username} ({user.role_label}).")


COMMANDS = [create_user_command]
