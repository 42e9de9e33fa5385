"""Settings from the environment (TRACKER_*), with DOMAIN.md's defaults for province settings."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET = "dev-only-not-secret"


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in ("1", "true", "yes", "on")


def from_env() -> dict:
    instance = ROOT / "instance"
    env = os.environ.get("TRACKER_ENV", "development")
    return {
        "ENV_NAME": env,
        "SECRET_KEY": os.environ.get("TRACKER_SECRET_KEY", DEV_SECRET),
        "SQLALCHEMY_DATABASE_URI": os.environ.get(
            "TRACKER_DATABASE_URL", f"sqlite:///{instance / 'tracker.db'}"
        ),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "TIMEZONE": os.environ.get("TRACKER_TIMEZONE", "Asia/Ho_Chi_Minh"),
        "UPLOAD_DIR": os.environ.get("TRACKER_UPLOAD_DIR", str(instance / "uploads")),
        "SMTP_URL": os.environ.get("TRACKER_SMTP_URL", ""),
        "MAIL_FROM": os.environ.get("TRACKER_MAIL_FROM", "theodoi@localhost"),
        "BASE_URL": os.environ.get("TRACKER_BASE_URL", "http://127.0.0.1:5000"),
        # Security baseline.
        "MAX_CONTENT_LENGTH": _int("TRACKER_UPLOAD_MAX_BYTES", 20 * 1024 * 1024),
        "UPLOAD_EXTENSIONS": ("pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "txt", "png", "jpg", "jpeg", "zip"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env == "production",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "LOGIN_MAX_FAILURES": _int("TRACKER_LOGIN_MAX_FAILURES", 5),
        "LOGIN_LOCK_MINUTES": _int("TRACKER_LOGIN_LOCK_MINUTES", 15),
        "LOGIN_MAX_FAILURES_PER_ADDRESS": _int("TRACKER_LOGIN_MAX_FAILURES_PER_ADDRESS", 30),
        "TRUSTED_PROXIES": _int("TRACKER_TRUSTED_PROXIES", 0),  # proxies setting X-Forwarded-For
        "PAGE_SIZE": 50,
        # Province settings (DOMAIN.md "(setting)").
        "DUE_SOON_WORKING_DAYS": _int("TRACKER_DUE_SOON_WORKING_DAYS", 3),
        "REMIND_BEFORE_WORKING_DAYS": _int("TRACKER_REMIND_BEFORE_WORKING_DAYS", 3),
        "OVERDUE_REMIND_EVERY_WORKING_DAYS": _int("TRACKER_OVERDUE_REMIND_EVERY", 3),
        "ESCALATE_HEAD_AFTER_WORKING_DAYS": _int("TRACKER_ESCALATE_HEAD_AFTER", 5),
        "ESCALATE_LEADER_AFTER_WORKING_DAYS": _int("TRACKER_ESCALATE_LEADER_AFTER", 10),
        "LATE_EXTENSION_ERASES_LATENESS": _bool("TRACKER_LATE_EXTENSION_ERASES_LATENESS", False),
        "OFFICE_DECIDES_EXTENSIONS": _bool("TRACKER_OFFICE_DECIDES_EXTENSIONS", True),
        "SWEEP_HOUR": _int("TRACKER_SWEEP_HOUR", 7),
        "DIGEST_WEEKDAY": _int("TRACKER_DIGEST_WEEKDAY", 0),
        "REPORT_PERIOD_START_DAY": _int("TRACKER_REPORT_PERIOD_START_DAY", 15),
    }


def check_production(config: dict) -> None:
    """Refuse to run production with a guessable secret."""
    if config.get("ENV_NAME") == "production" and config.get("SECRET_KEY") in (None, "", DEV_SECRET):
        raise RuntimeError("TRACKER_SECRET_KEY must be set to a random value when TRACKER_ENV=production.")
