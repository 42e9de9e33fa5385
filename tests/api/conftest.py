from datetime import date

import pytest

from tracker.api import tokens


@pytest.fixture
def api(client, world, session, app, monkeypatch):
    """call(method, path, username[, scope]) with a token of that user; settled sync, no rate limit."""
    monkeypatch.setitem(app.config, "API_CHANGES_SETTLE_SECONDS", 0)
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "100000 per minute")
    users = {u.username: u for u in (world.admin, world.office, world.leader, world.officer_a, world.officer_b)}
    keys = {}
    for name, user in users.items():
        for scope in ("read", "write"):
            keys[name, scope] = tokens.create_token(session, user, f"{name}-{scope}", date(2024, 10, 1), scope=scope)
    session.commit()

    def call(method, path, user, scope="write", headers=None, **kw):
        headers = {"Authorization": f"Bearer {keys[user, scope]}", **(headers or {})}
        return client.open(f"/api/v1{path}", method=method, headers=headers, **kw)

    call.keys = keys
    return call
