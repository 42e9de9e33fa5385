"""Issue 10 items 1 and 2 on PostgreSQL: exactly one decision on an extension request wins, and a task
never has two pending requests, whatever two users do at the same moment."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tracker.core.errors import StaleObject
from tracker.core.models import JournalEntry
from tracker.tasks import services
from tracker.tasks.models import ExtensionRequest, Task

from .helpers import ROUNDS, postgres_only, race

D = date(2024, 10, 10)


def _pending(session, world) -> ExtensionRequest:
    task = session.get(Task, world.task.id)
    ext = services.request_extension(session, world.officer_a, D, task, task.due_on + timedelta(days=10), "Chờ ý kiến")
    session.commit()
    return ext


def _decider(user_id, ext_id, approve):
    def body(session, wait):
        from tracker.auth.models import User

        user, ext = session.get(User, user_id), session.get(ExtensionRequest, ext_id)
        version = ext.task.version
        wait()
        services.decide_extension(session, user, D, ext, approve, note=None if approve else "Không đủ căn cứ",
                                  version=version)
    return body


@postgres_only
def test_approve_and_refuse_at_once_one_wins(world, db, session, monkeypatch):
    from tracker.core import settings

    monkeypatch.setattr(settings.current, "office_decides_extensions", True)
    for n in range(ROUNDS):
        ext = _pending(session, world)
        due_before = ext.task.due_on
        results = race(db.engine, _decider(world.leader.id, ext.id, True), _decider(world.office.id, ext.id, False))
        assert sorted(r == "ok" for r in results) == [False, True], results
        loser = next(r for r in results if r != "ok")
        assert isinstance(loser, StaleObject), repr(loser)
        assert "vui lòng tải lại" in loser.message
        session.expire_all()
        ext, task = session.get(ExtensionRequest, ext.id), session.get(Task, world.task.id)
        assert ext.state in ("approved", "refused")
        assert task.due_on == (ext.proposed_due_on if ext.state == "approved" else due_before)
        decisions = session.scalar(select(func.count(JournalEntry.id)).where(
            JournalEntry.task_id == task.id, JournalEntry.action.in_(("extension_approved", "extension_refused"))))
        assert decisions == n + 1  # one journaled decision per request


def _requester(user_id, task_id, days):
    def body(session, wait):
        from tracker.auth.models import User

        user, task = session.get(User, user_id), session.get(Task, task_id)
        version = task.version
        wait()
        services.request_extension(session, user, D, task, task.due_on + timedelta(days=days), "Xin thêm thời gian",
                                   version=version)
    return body


@pytest.fixture
def second_officer(world, make_user, session):
    user = make_user("stc2", "agency", agency=world.a)
    session.commit()
    return user


@postgres_only
def test_two_requests_at_once_leave_one_pending(world, db, session, second_officer):
    for n in range(ROUNDS):
        results = race(db.engine, _requester(world.officer_a.id, world.task.id, 5),
                       _requester(second_officer.id, world.task.id, 7))
        assert sorted(r == "ok" for r in results) == [False, True], results
        loser = next(r for r in results if r != "ok")
        assert isinstance(loser, StaleObject), repr(loser)
        session.expire_all()
        pending = session.scalars(select(ExtensionRequest).where(
            ExtensionRequest.task_id == world.task.id, ExtensionRequest.state == "pending")).all()
        assert len(pending) == 1
        ext = pending[0]
        services.decide_extension(session, world.leader, D, ext, False, note=f"Vòng {n}")
        session.commit()


def test_the_database_refuses_a_second_pending_request(world, session):
    """Not only Python: a row written past the service still cannot make two pending requests."""
    from sqlalchemy.exc import IntegrityError

    _pending(session, world)
    session.add(ExtensionRequest(task_id=world.task.id, requested_on=D, proposed_due_on=D + timedelta(days=40),
                                 reason="Ghi thẳng vào bảng"))
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()
