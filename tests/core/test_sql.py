"""`rare` steers SQLite's planner and changes no result."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from tracker.core.sql import rare
from tracker.tasks.models import Task


def _sql(statement, dialect) -> str:
    return str(statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


def test_rendered_per_dialect():
    statement = select(Task.id).where(rare(Task.confirmed_on > date(2026, 1, 1)), Task.id > 0)
    assert "likelihood(tasks.confirmed_on > '2026-01-01', 0.001) AND" in _sql(statement, sqlite.dialect())
    assert "WHERE (tasks.confirmed_on > '2026-01-01') AND" in _sql(statement, postgresql.dialect())


def test_same_rows_with_and_without_the_hint(story, session):
    day = date(2024, 10, 16)
    plain = session.scalars(select(Task.id).where(Task.confirmed_on > day).order_by(Task.id)).all()
    hinted = session.scalars(select(Task.id).where(rare(Task.confirmed_on > day)).order_by(Task.id)).all()
    assert plain and hinted == plain
