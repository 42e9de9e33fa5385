"""Settings from the environment (TRACKER_*), validated once at start, with DOMAIN.md's defaults.

A bad value raises `ConfigError` naming the variable; `wsgi.py` and the `tracker` command turn it into
one line on stderr and a non-zero exit instead of a traceback.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET = "dev-only-not-secret"
MIN_SECRET_BYTES = 32
ENVIRONMENTS = ("development", "production", "testing")
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off", "")


class ConfigError(RuntimeError):
    """A setting that cannot be used; the message starts with the variable's name."""

    def __init__(self, name: str, problem: str):
        super().__init__(f"{name}: {problem}")
        self.name = name


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return value.strip() if value is not None else None


def _str(name: str, default: str) -> str:
    value = _raw(name)
    return default if value in (None, "") else value


def _int(name: str, default: int, low: int | None = None, high: int | None = None) -> int:
    raw = _raw(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(name, f"must be a whole number (got {raw!r})") from None
    if (low is not None and value < low) or (high is not None and value > high):
        raise ConfigError(name, f"must be between {low} and {high} (got {value})")
    return value


def _bool(name: str, default: bool) -> bool:
    raw = _raw(name)
    if raw is None:
        return default
    if raw.lower() in _TRUE:
        return True
    if raw.lower() in _FALSE:
        return False
    raise ConfigError(name, f"must be true or false (got {raw!r})")


def _choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = _str(name, default)
    if value not in choices:
        raise ConfigError(name, f"must be one of {', '.join(choices)} (got {value!r})")
    return value


def _database_url(name: str, default: str) -> str:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    value = _str(name, default)
    try:
        url = make_url(value)
    except ArgumentError:
        raise ConfigError(name, f"is not a database URL (got {value!r})") from None
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise ConfigError(name, "must be a sqlite:/// or postgresql+psycopg:// URL")
    return value


def _url(name: str, default: str, schemes: tuple[str, ...]) -> str:
    value = _str(name, default)
    if value and not value.startswith(tuple(f"{s}://" for s in schemes)):
        raise ConfigError(name, f"must start with {' or '.join(s + '://' for s in schemes)} (got {value!r})")
    return value


def _timezone(name: str, default: str) -> str:
    value = _str(name, default)
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(name, f"is not a known time zone (got {value!r})") from None
    return value


def _networks(name: str) -> tuple:
    """Comma-separated addresses or CIDR blocks (e.g. 127.0.0.1,10.0.0.0/8)."""
    result = []
    for part in filter(None, (p.strip() for p in (_raw(name) or "").split(","))):
        try:
            result.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise ConfigError(name, f"{part!r} is not an address or network") from None
    return tuple(result)


def _identity_defaults() -> dict:
    """Env defaults for the province's identity (TRACKER_REPORT_ISSUER, TRACKER_PLACE, ...)."""
    from tracker.core.identity import ENV_VARS

    return {key: _raw(var) or "" for key, var in ENV_VARS.items()}


def instance_dir() -> Path:
    """instance/ of the checkout, or of the working directory for an installed wheel."""
    return ROOT / "instance" if (ROOT / "pyproject.toml").is_file() else Path.cwd() / "instance"


def from_env() -> dict:
    instance = instance_dir()
    env = _choice("TRACKER_ENV", "development", ENVIRONMENTS)
    return {
        "ENV_NAME": env,
        "SECRET_KEY": _str("TRACKER_SECRET_KEY", DEV_SECRET),
        "SQLALCHEMY_DATABASE_URI": _database_url("TRACKER_DATABASE_URL", f"sqlite:///{instance / 'tracker.db'}"),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "TIMEZONE": _timezone("TRACKER_TIMEZONE", "Asia/Ho_Chi_Minh"),
        "UPLOAD_DIR": _str("TRACKER_UPLOAD_DIR", str(instance / "uploads")),
        "SMTP_URL": _url("TRACKER_SMTP_URL", "", ("smtp", "smtps")),
        "MAIL_FROM": _str("TRACKER_MAIL_FROM", "theodoi@localhost"),
        "MAIL_BATCH": _int("TRACKER_MAIL_BATCH", 3000, 1),  # messages per send-mail run (every 5 minutes)
        "BASE_URL": _url("TRACKER_BASE_URL", "http://127.0.0.1:5000", ("http", "https")),
        # Security baseline.
        "MAX_CONTENT_LENGTH": _int("TRACKER_UPLOAD_MAX_BYTES", 20 * 1024 * 1024, 1024),
        "UPLOAD_EXTENSIONS": ("pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "txt", "png", "jpg", "jpeg", "zip"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env == "production",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "LOGIN_MAX_FAILURES": _int("TRACKER_LOGIN_MAX_FAILURES", 5, 1),
        "LOGIN_LOCK_MINUTES": _int("TRACKER_LOGIN_LOCK_MINUTES", 15, 1),
        "LOGIN_MAX_FAILURES_PER_ADDRESS": _int("TRACKER_LOGIN_MAX_FAILURES_PER_ADDRESS", 30, 1),
        "PAGE_SIZE": 50,
        # Operations: logs, metrics, readiness.
        "LOG_FORMAT": _choice("TRACKER_LOG_FORMAT", "json" if env == "production" else "text", ("json", "text")),
        "PROXY_COUNT": _int("TRACKER_PROXY_COUNT", 0, 0, 5),
        "METRICS_TOKEN": _str("TRACKER_METRICS_TOKEN", ""),
        "METRICS_ALLOW": _networks("TRACKER_METRICS_ALLOW"),
        "READY_SWEEP_MAX_HOURS": _int("TRACKER_READY_SWEEP_MAX_HOURS", 26, 1),
        "PROVINCE": _identity_defaults(),
        # Province settings (DOMAIN.md "(setting)").
        "DUE_SOON_WORKING_DAYS": _int("TRACKER_DUE_SOON_WORKING_DAYS", 3, 0, 30),
        "REMIND_BEFORE_WORKING_DAYS": _int("TRACKER_REMIND_BEFORE_WORKING_DAYS", 3, 0, 30),
        "OVERDUE_REMIND_EVERY_WORKING_DAYS": _int("TRACKER_OVERDUE_REMIND_EVERY", 3, 1, 60),
        "ESCALATE_HEAD_AFTER_WORKING_DAYS": _int("TRACKER_ESCALATE_HEAD_AFTER", 5, 1, 365),
        "ESCALATE_LEADER_AFTER_WORKING_DAYS": _int("TRACKER_ESCALATE_LEADER_AFTER", 10, 1, 365),
        "LATE_EXTENSION_ERASES_LATENESS": _bool("TRACKER_LATE_EXTENSION_ERASES_LATENESS", False),
        "OFFICE_DECIDES_EXTENSIONS": _bool("TRACKER_OFFICE_DECIDES_EXTENSIONS", True),
        "SWEEP_HOUR": _int("TRACKER_SWEEP_HOUR", 7, 0, 23),
        "DIGEST_WEEKDAY": _int("TRACKER_DIGEST_WEEKDAY", 0, 0, 6),
        "REPORT_PERIOD_START_DAY": _int("TRACKER_REPORT_PERIOD_START_DAY", 15, 1, 28),
    }


def check_production(config: dict) -> None:
    """Refuse to run production with a guessable or short secret (sessions are signed with it)."""
    if config.get("ENV_NAME") != "production":
        return
    secret = config.get("SECRET_KEY") or ""
    if secret == DEV_SECRET or len(secret.encode() if isinstance(secret, str) else secret) < MIN_SECRET_BYTES:
        raise ConfigError("TRACKER_SECRET_KEY", f"must be a random value of at least {MIN_SECRET_BYTES} bytes "
                          "when TRACKER_ENV=production (e.g. python3 -c 'import secrets; print(secrets.token_hex(32))')")


def migrations_dir() -> Path:
    """The Alembic scripts: beside the package in a checkout, inside it in an installed wheel."""
    checkout = ROOT / "migrations"
    return checkout if (checkout / "env.py").is_file() else Path(__file__).resolve().parent / "_migrations"


def templates_dir() -> Path:
    checkout = ROOT / "templates"
    return checkout if (checkout / "base.html").is_file() else Path(__file__).resolve().parent / "_templates"
