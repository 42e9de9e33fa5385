"""`tracker seed-demo [--once]`: idempotent, and every state and time class is there."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import click
import time_machine
from sqlalchemy import func, select

from tracker.agencies.commands import COMMANDS
from tracker.auth.models import User
from tracker.core.models import JournalEntry
from tracker.tasks.deadlines import TimeClass
from tracker.tasks.models import ExtensionRequest, Task
from tracker.tasks.status import Status

cli = click.Group(commands=COMMANDS)  # only this package's commands (others may be mid-edit)


def test_seed_demo_once_is_idempotent_and_complete(app, session):
    runner = app.test_cli_runner()
    with time_machine.travel(datetime(2025, 11, 20, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False):
        first = runner.invoke(cli, ["seed-demo", "--once", "--format", "json"])
        assert first.exit_code == 0, first.output + repr(first.exception)
        summary = json.loads(first.stdout)
        tasks = session.scalar(select(func.count()).select_from(Task))
        second = runner.invoke(cli, ["seed-demo", "--once"])
    assert second.exit_code == 0 and "bỏ qua" in second.stdout
    assert session.scalar(select(func.count()).select_from(Task)) == tasks == summary["tasks"]
    assert set(summary["status"]) == {s.value for s in Status}
    assert set(summary["time_class"]) >= {c.value for c in TimeClass}
    assert summary["documents"] == 6
    usernames = set(session.scalars(select(User.username)))
    assert usernames == {"admin", "vanphong", "chutich", "phochutich", "sotaichinh", "soxaydung", "sokhcn"}
    assert all(u.check_password("matkhau123") for u in session.scalars(select(User)))
    states = set(session.scalars(select(ExtensionRequest.state)))
    assert {"pending", "approved"} <= states
    assert session.scalar(
        select(func.count()).select_from(JournalEntry).where(JournalEntry.action == "confirm")
    )
    # the real notice's Sở TT&TT tasks go to its successor, the name as written is kept
    moved = session.scalars(select(Task).where(Task.lead_text == "Sở Thông tin và Truyền thông")).all()
    assert moved and {t.lead_agency.name for t in moved} == {"Sở Khoa học và Công nghệ"}
