"""Readiness checks: the database answers, its schema is at the migrations' head, the sweep is recent."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache

from alembic.script import ScriptDirectory
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from tracker.config import migrations_dir
from tracker.notifications.models import SweepRun


@cache
def migration_heads() -> frozenset[str]:
    """The head revision(s) shipped with this code (read once per process)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return frozenset(ScriptDirectory.from_config(config).get_heads())


def database_revisions(session: Session) -> frozenset[str]:
    try:
        return frozenset(session.scalars(text("SELECT version_num FROM alembic_version")))
    except Exception:  # no alembic_version table: never migrated
        session.rollback()
        return frozenset()


def _last_sweep(session: Session):
    try:
        return session.execute(select(SweepRun.day, SweepRun.finished_at).where(SweepRun.finished_at.is_not(None))
                               .order_by(SweepRun.finished_at.desc()).limit(1)).first()
    except Exception:  # no schema yet: the migrations check already says why
        session.rollback()
        return None


def check(session: Session, now: datetime, sweep_max_hours: int) -> tuple[bool, dict]:
    """(ready, details) for /ready; every check runs so the answer says all that is wrong."""
    checks: dict[str, dict] = {}
    try:
        session.execute(text("SELECT 1"))
        checks["database"] = {"ok": True}
    except Exception as exc:  # a down database is the answer, not an error of /ready
        session.rollback()
        return False, {"database": {"ok": False, "error": type(exc).__name__}}
    current, heads = database_revisions(session), migration_heads()
    checks["migrations"] = {"ok": current == heads, "database": sorted(current), "code": sorted(heads)}
    last = _last_sweep(session)
    recent = last is not None and now - last.finished_at <= timedelta(hours=sweep_max_hours)
    checks["sweep"] = {"ok": recent, "last_day": last.day.isoformat() if last else None,
                       "last_finished_at": last.finished_at.isoformat() + "Z" if last else None,
                       "max_age_hours": sweep_max_hours}
    return all(c["ok"] for c in checks.values()), checks
