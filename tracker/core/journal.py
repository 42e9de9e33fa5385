"""Write journal rows; services call `record` for every change they make."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from tracker.core import clock
from tracker.core.models import JournalEntry


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    return value


def snapshot(obj, fields: tuple[str, ...]) -> dict:
    return {f: _plain(getattr(obj, f)) for f in fields}


def record(
    session: Session,
    *,
    entity: str,
    entity_id: int,
    action: str,
    actor=None,
    on: date,
    task_id: int | None = None,
    before: dict | None = None,
    after: dict | None = None,
    note: str | None = None,
) -> JournalEntry:
    entry = JournalEntry(
        entity=entity,
        entity_id=entity_id,
        task_id=task_id,
        actor_id=getattr(actor, "id", None),
        at=clock.now(),
        on=on,
        action=action,
        before={k: _plain(v) for k, v in before.items()} if before else None,
        after={k: _plain(v) for k, v in after.items()} if after else None,
        note=note,
        via=session.info.get("journal_via"),  # set by the API for the request's writes
    )
    session.add(entry)
    return entry


def changed(before: dict, after: dict) -> tuple[dict, dict]:
    """Keep only the keys whose value changed, so the timeline shows what moved."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}
