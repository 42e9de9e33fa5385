"""Settings are validated at start: a bad value names its variable in one line, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tracker import create_app
from tracker.config import ConfigError, from_env

ROOT = Path(__file__).resolve().parents[2]
TRACKER = Path(sys.executable).with_name("tracker")
GOOD_SECRET = "x" * 32


@pytest.mark.parametrize(("name", "value"), [
    ("TRACKER_SWEEP_HOUR", "seven"), ("TRACKER_SWEEP_HOUR", "24"), ("TRACKER_ENV", "prod"),
    ("TRACKER_DATABASE_URL", "mysql://x/y"), ("TRACKER_DATABASE_URL", "not a url"),
    ("TRACKER_TIMEZONE", "Mars/Olympus"), ("TRACKER_SMTP_URL", "mail.example.org"),
    ("TRACKER_LATE_EXTENSION_ERASES_LATENESS", "maybe"), ("TRACKER_METRICS_ALLOW", "10.0.0.300"),
    ("TRACKER_UPLOAD_MAX_BYTES", "20MB"),
])
def test_bad_value_names_the_variable(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as info:
        from_env()
    assert info.value.name == name
    assert str(info.value).startswith(f"{name}: ")


def test_good_values_are_typed(monkeypatch):
    monkeypatch.setenv("TRACKER_SWEEP_HOUR", " 6 ")
    monkeypatch.setenv("TRACKER_OFFICE_DECIDES_EXTENSIONS", "no")
    monkeypatch.setenv("TRACKER_METRICS_ALLOW", "127.0.0.1, 10.0.0.0/8")
    config = from_env()
    assert config["SWEEP_HOUR"] == 6 and config["OFFICE_DECIDES_EXTENSIONS"] is False
    assert [str(n) for n in config["METRICS_ALLOW"]] == ["127.0.0.1/32", "10.0.0.0/8"]


@pytest.mark.parametrize("secret", [None, "dev-only-not-secret", "short-but-random", "x" * 31])
def test_production_refuses_a_short_secret(monkeypatch, secret):
    monkeypatch.setenv("TRACKER_ENV", "production")
    if secret is None:
        monkeypatch.delenv("TRACKER_SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("TRACKER_SECRET_KEY", secret)
    with pytest.raises(ConfigError, match="TRACKER_SECRET_KEY"):
        create_app()


def test_production_accepts_a_long_secret(monkeypatch, tmp_path):
    monkeypatch.setenv("TRACKER_ENV", "production")
    monkeypatch.setenv("TRACKER_SECRET_KEY", GOOD_SECRET)
    monkeypatch.setenv("TRACKER_DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    assert create_app().config["SESSION_COOKIE_SECURE"] is True


def _run(args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    return subprocess.run(args, env={**clean, **env}, capture_output=True, text=True, timeout=60, cwd=ROOT)


def test_cli_prints_one_line_and_exits_1():
    done = _run([str(TRACKER), "sweep", "--dry-run"], TRACKER_SWEEP_HOUR="abc")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "tracker: configuration error: TRACKER_SWEEP_HOUR: must be a whole number (got 'abc')"]


def test_cli_in_production_without_a_key_is_one_line():
    done = _run([str(TRACKER), "db", "current"], TRACKER_ENV="production")
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "TRACKER_SECRET_KEY" in lines[0] and "Traceback" not in done.stderr


def test_wsgi_import_prints_one_line_and_exits_3():
    """gunicorn imports wsgi.py in each worker; exit status 3 makes the arbiter stop, not respawn."""
    done = _run([sys.executable, "-c", "import wsgi"], TRACKER_TIMEZONE="Nowhere/Else")
    assert done.returncode == 3
    assert done.stderr.strip().splitlines() == [
        "tracker: configuration error: TRACKER_TIMEZONE: is not a known time zone (got 'Nowhere/Else')"]
