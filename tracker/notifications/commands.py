"""`tracker sweep`, `tracker scheduler` and `tracker send-mail`."""

from __future__ import annotations

import json
import sys
from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext

from tracker import jobs


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        click.echo(f"Ngày không hợp lệ: {value} (định dạng YYYY-MM-DD).", err=True)
        sys.exit(1)


@click.command("sweep")
@click.option("--date", "day", help="Ngày quét (YYYY-MM-DD), mặc định hôm nay.")
@click.option("--dry-run", is_flag=True, help="Tính toán rồi hủy: không ghi gì, không gửi thư.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@with_appcontext
def sweep_command(day, dry_run, fmt):
    """Run one day's sweep: overdue, reminders, digests, periodic occurrences, mail."""
    app = current_app._get_current_object()
    result = jobs.sweep(app, _day(day), dry_run=dry_run)
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    r = result["reminders"]
    click.echo(f"Quét ngày {result['date']}{' (thử, không ghi)' if dry_run else ''}"
               f"{' — bỏ qua: đang có tiến trình quét khác' if result.get('skipped') else ''}: "
               f"{result['became_overdue']} nhiệm vụ mới quá hạn; nhắc sắp đến hạn {r['due_soon']}, "
               f"quá hạn {r['overdue']}, báo cáo cấp trên {r['escalation']}; {result['digests']} bản tổng hợp; "
               f"{result['occurrences']} nhiệm vụ định kỳ mới; thư đã gửi {result['emails_sent']}, "
               f"lỗi {result['emails_failed']}.")


@click.command("scheduler")
@with_appcontext
def scheduler_command():
    """Run the scheduler process (daily sweep at SWEEP_HOUR, mail every few minutes)."""
    from tracker import scheduler

    scheduler.run(current_app._get_current_object())


@click.command("send-mail")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@with_appcontext
def send_mail_command(fmt):
    """Send queued mail now (retries failures)."""
    result = jobs.send_mail(current_app._get_current_object())
    if fmt == "json":
        click.echo(json.dumps(result))
    elif not result["configured"]:
        click.echo(f"Chưa cấu hình TRACKER_SMTP_URL: {result['queued']} thư đang chờ gửi.")
    else:
        click.echo(f"Đã gửi {result['sent']} thư, lỗi {result['failed']}, còn chờ {result['queued']}.")


COMMANDS = [sweep_command, scheduler_command, send_mail_command]
