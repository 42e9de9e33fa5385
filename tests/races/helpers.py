"""Run callables at the same moment in real threads, each with its own database session (PostgreSQL)."""

from __future__ import annotations

import os
import threading

import pytest
from sqlalchemy.orm import Session

ROUNDS = int(os.environ.get("TRACKER_RACE_ROUNDS", "25"))

_needs_pg = pytest.mark.skipif(not os.environ.get("TRACKER_TEST_DATABASE_URL"),
                               reason="concurrency tests need PostgreSQL (TRACKER_TEST_DATABASE_URL)")


def postgres_only(test):
    """SQLite serialises writers, so a race there proves nothing: run on PostgreSQL only."""
    return pytest.mark.postgres(_needs_pg(test))


def race(engine, *bodies) -> list:
    """Call each body(session) in its own thread and session, lined up by a barrier; commit on success.
    Returns per body either "ok" or the exception it raised (after rolling back)."""
    barrier = threading.Barrier(len(bodies))
    results: list = [None] * len(bodies)

    def run(i, body):
        with Session(engine, expire_on_commit=False) as session:
            try:
                prepared = body(session, barrier.wait)
                results[i] = prepared if prepared is not None else "ok"
                session.commit()
            except Exception as exc:  # the loser's exception is the result under test
                session.rollback()
                results[i] = exc

    threads = [threading.Thread(target=run, args=(i, b)) for i, b in enumerate(bodies)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not any(t.is_alive() for t in threads), "a racer hung (deadlock?)"
    return results
