"""The shipped deploy/ files: the env example passes validation, the backup script keeps what it says."""

from __future__ import annotations

import os
import subprocess
from datetime import date, timedelta
from pathlib import Path

from tracker.config import from_env

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def _env_example() -> dict:
    values = {}
    for line in (DEPLOY / "tracker.env.example").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value
    return values


def test_env_example_is_valid(monkeypatch):
    for key, value in _env_example().items():
        monkeypatch.setenv(key, value)
    config = from_env()
    assert config["ENV_NAME"] == "production" and config["PROXY_COUNT"] == 1
    assert config["PROVINCE"]["report_issuer"] == "TỈNH QUẢNG TRỊ" and config["PROVINCE"]["place"] == "Quảng Trị"


def test_backup_script_keeps_recent_days_and_one_copy_per_month(tmp_path):
    fake = tmp_path / "tracker"
    fake.write_text('#!/bin/sh\nmkdir -p "$2"\n')
    fake.chmod(0o755)
    root = tmp_path / "backups"
    today = date.today()
    days = [today - timedelta(days=n) for n in (1, 5, 20, 40, 41, 70, 400)]
    for day in days:
        (root / f"{day.isoformat()}T0130").mkdir(parents=True)
    env = {**os.environ, "TRACKER_BIN": str(fake), "TRACKER_BACKUP_DIR": str(root),
           "TRACKER_BACKUP_KEEP_DAYS": "14", "TRACKER_BACKUP_KEEP_MONTHS": "12"}
    subprocess.run(["sh", str(DEPLOY / "backup.sh")], env=env, check=True, timeout=60, capture_output=True)
    kept = {p.name[:10] for p in root.iterdir()}
    assert today.isoformat() in kept  # tonight's backup
    for day in days:
        recent = (today - day).days <= 14
        first_of_its_month = min(d for d in days + [today] if d.strftime("%Y-%m") == day.strftime("%Y-%m")) == day
        within_a_year = (today - day).days < 330
        assert (day.isoformat() in kept) == (recent or (first_of_its_month and within_a_year)), day
