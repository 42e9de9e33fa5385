"""`tracker send-webhooks`: the scheduler's webhook job, run once by hand."""

from __future__ import annotations

import json

import click
from flask import current_app

from tracker.webhooks import jobs


@click.command("send-webhooks")
def send_webhooks_command():
    """Tạo và gửi các webhook đến hạn (bộ lập lịch chạy việc này mỗi phút)."""
    click.echo(json.dumps(jobs.run(current_app._get_current_object()), ensure_ascii=False))


COMMANDS = [send_webhooks_command]
