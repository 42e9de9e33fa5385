"""`tracker create-token`."""

from __future__ import annotations

import json
import sys

import click
from sqlalchemy import select

from tracker.api import tokens
from tracker.auth.models import User
from tracker.core import clock
from tracker.extensions import db


@click.command("create-token")
@click.argument("username")
@click.option("--name", default="QLVB", help="Tên gợi nhớ của hệ thống dùng token.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def create_token_command(username, name, fmt):
    """Tạo API token cho một tài khoản (chỉ hiện một lần)."""
    user = db.session.scalar(select(User).where(User.username == username.lower()))
    if user is None or not user.active:
        click.echo(f"Lỗi: không tìm thấy tài khoản đang hoạt động “{username}”.", err=True)
        sys.exit(1)
    token = tokens.create_token(db.session, user, name, clock.today())
    db.session.commit()
    if fmt == "json":
        click.echo(json.dumps({"username": user.username, "token": token}))
    else:
        click.echo(f"Token cho {user.username} (chỉ hiện một lần):\n{token}")


COMMANDS = [create_token_command]
