"""`tracker create-token`, `tracker revoke-token`, `tracker list-tokens`."""

from __future__ import annotations

import json
import sys
from datetime import date

import click
from sqlalchemy import select

from tracker.api import tokens
from tracker.auth.models import User
from tracker.core import clock
from tracker.core.errors import DomainError
from tracker.extensions import db


def _fail(message: str) -> None:
    click.echo(f"Lỗi: {message}", err=True)
    sys.exit(1)


@click.command("create-token")
@click.argument("username")
@click.option("--name", default="QLVB", show_default=True, help="Tên gợi nhớ của hệ thống dùng token.")
@click.option("--scope", type=click.Choice(list(tokens.SCOPES)), default="write", show_default=True,
              help="read: chỉ đọc; write: đọc và ghi (trong quyền của tài khoản).")
@click.option("--expires", help="Ngày cuối token còn hiệu lực (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def create_token_command(username, name, scope, expires, fmt):
    """Tạo API token cho một tài khoản; token ở dòng cuối, chỉ hiện một lần."""
    try:
        expires_on = date.fromisoformat(expires) if expires else None
    except ValueError:
        _fail(f"ngày hết hạn “{expires}” phải có dạng YYYY-MM-DD.")
    user = db.session.scalar(select(User).where(User.username == username.lower()))
    if user is None or not user.active:
        _fail(f"không tìm thấy tài khoản đang hoạt động “{username}”.")
    try:
        token = tokens.create_token(db.session, user, name, clock.today(), scope=scope, expires_on=expires_on)
    except DomainError as exc:
        _fail(exc.message)
    db.session.commit()
    if fmt == "json":
        click.echo(json.dumps({"username": user.username, "name": name, "scope": scope, "expires": expires,
                               "token": token}))
    else:
        until = f", hết hạn sau {expires_on:%d/%m/%Y}" if expires_on else ""
        click.echo(f"Token “{name}” ({tokens.SCOPES[scope].lower()}{until}) cho {user.username}, chỉ hiện một lần:")
        click.echo(token)


@click.command("revoke-token")
@click.argument("token_id", type=int)
def revoke_token_command(token_id):
    """Thu hồi API token theo số (xem `tracker list-tokens`)."""
    try:
        row = tokens.revoke(db.session, token_id, clock.today(), clock.now())
    except DomainError as exc:
        _fail(exc.message)
    db.session.commit()
    click.echo(f"Đã thu hồi token #{row.id} “{row.name}” của {row.user.username}.")


@click.command("list-tokens")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def list_tokens_command(fmt):
    """Liệt kê API token (không bao giờ hiện lại giá trị token)."""
    rows = [{"id": t.id, "name": t.name, "username": t.user.username, "scope": t.scope,
             "expires": t.expires_on.isoformat() if t.expires_on else None,
             "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
             "revoked": t.revoked_at is not None} for t in tokens.listing(db.session)]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    for r in rows:
        state = "đã thu hồi" if r["revoked"] else "hiệu lực"
        click.echo(f"#{r['id']:<4} {r['name'][:30]:<30} {r['username']:<16} {r['scope']:<5} "
                   f"hết hạn: {r['expires'] or '—':<10} dùng lần cuối: {r['last_used_at'] or '—'} ({state})")


COMMANDS = [create_token_command, revoke_token_command, list_tokens_command]
