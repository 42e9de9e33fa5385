"""A sweep of every web route (from the app's URL map) with malformed values, as every role:
NUL bytes, integers beyond 64 bits, wrong types and overlong strings give 4xx, never a 5xx."""

from __future__ import annotations

import re

import pytest
from wtforms.fields.core import UnboundField

from tests.conftest import csrf_token, login

HUGE = str(2**64 + 7)
# One malformed value per request, put into every query parameter, form field and path parameter.
VALUES = {
    "nul": "a\x00b",
    "huge": HUGE,
    "negative_huge": "-" + HUGE,
    "wrong_type": "[]{}abc",
    "bad_date": "31/02/20240",
    "overlong": "Đ" * 1_000,  # beyond every String(n) column; longer only slows the sweep
}
ROLES = ("anonymous", "admin", "office", "leader", "agency")
QUERY_NAMES = ("q", "page", "next", "as_of", "agency", "document", "status", "tc", "due_from", "due_to", "by",
               "period", "year", "number", "from", "to", "leader", "field", "doc_kind", "key", "source", "view",
               "role", "kind", "date")


def _form_field_names() -> set[str]:
    """Every field name declared on any form class of the app (plus the raw names some views read)."""
    from flask_wtf import FlaskForm

    names, todo = set(), list(FlaskForm.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        for klass in cls.__mro__:
            names.update(k for k, v in vars(klass).items() if isinstance(v, UnboundField))
    return names | {"text", "action", "open", "version", "doc-number", "doc-issued_on", "row-0-content"}


def _rules(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint == "static" or rule.rule.startswith("/api/"):
            continue  # the API has its own schema-driven fuzz test
        yield rule


def _paths(rule, ids: dict[str, int], value: str) -> list[str]:
    """The rule with real ids, then with each integer replaced by `value` when it is numeric, and
    string parts replaced by `value`."""
    real = {name: ids.get(name, 1) for name in rule.arguments}
    for name, conv in rule._converters.items():
        if conv.__class__.__name__ != "IntegerConverter":
            real[name] = {"fmt": "xlsx", "action": "progress"}.get(name, "x")
    paths = [_build(rule, real)]
    for name, conv in rule._converters.items():
        bad = dict(real)
        if conv.__class__.__name__ == "IntegerConverter":
            if not value.lstrip("-").isdigit() or value.startswith("-"):
                continue
            bad[name] = value
        else:
            bad[name] = value[:200]
        paths.append(_build(rule, bad))
    return paths


def _build(rule, values: dict) -> str:
    from urllib.parse import quote

    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda m: quote(str(values[m.group(1)]), safe=""), rule.rule)


@pytest.fixture
def sweep_world(world, make_user, session):
    from tracker.tasks import services

    world.victim = make_user("nannhan", "agency", agency=world.b)
    services.add_progress(session, world.officer_a, world.task.assigned_on, world.task, "Đang làm")
    session.commit()
    return world


def _ids(w) -> dict[str, int]:
    return {"task_id": w.task.id, "doc_id": w.doc.id, "user_id": w.victim.id, "agency_id": w.b.id,
            "group_id": 1, "alias_id": 1, "draft_id": 1, "attachment_id": 1, "notification_id": 1}


@pytest.mark.parametrize("value_name", list(VALUES))
@pytest.mark.parametrize("role", ROLES)
def test_no_route_answers_5xx_to_malformed_input(app, client, sweep_world, role, value_name, monkeypatch):
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)  # a 500 page, as in production
    value = VALUES[value_name]
    usernames = {"admin": "admin", "office": "vanphong", "leader": "lanhdao", "agency": "stc"}
    if role != "anonymous":
        assert login(client, usernames[role]).status_code == 302
    token = csrf_token(client, "/login")
    fields = _form_field_names()
    failures = []
    for rule in _rules(app):
        if rule.endpoint == "auth.logout":
            continue  # logging out would end the sweep's session; covered by the auth tests
        for path in _paths(rule, _ids(sweep_world), value):
            query = {name: value[:300] for name in QUERY_NAMES}  # a proxy caps the URL anyway
            if "GET" in rule.methods:
                response = client.get(path, query_string=query)
                # /ready's 503 is its verdict (no sweep has run in this test database), not a failure.
                if response.status_code >= 500 and not (rule.endpoint == "ops.ready" and response.status_code == 503
                                                        and response.is_json):
                    failures.append(f"GET {path} -> {response.status_code}")
            if "POST" in rule.methods:
                data = {name: value for name in fields}
                data["csrf_token"] = token
                response = client.post(path, query_string=query, data=data)
                if response.status_code >= 500:
                    failures.append(f"POST {path} -> {response.status_code}")
    assert failures == []


def test_nul_byte_in_login_username_is_400(client, world):
    token = csrf_token(client, "/login")
    response = client.post("/login", data={"username": "admin\x00", "password": "x", "csrf_token": token})
    assert response.status_code == 400
    assert "không hợp lệ" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/tasks/99999999999999999999", f"/documents/{2**63}", f"/tasks/{2**31}"])
def test_id_beyond_the_column_range_is_400(client, world, path):
    login(client, "vanphong")
    response = client.get(path)
    assert response.status_code == 400
    assert "không hợp lệ" in response.get_data(as_text=True)


@pytest.mark.parametrize("query", [{"page": HUGE}, {"page": "-" + HUGE}])
@pytest.mark.parametrize("path", ["/tasks", "/documents", "/notifications", "/admin/users", "/reports"])
def test_page_beyond_range_is_refused_or_clamped(client, world, path, query):
    login(client, "admin")
    assert client.get(path, query_string=query).status_code in (200, 400)
