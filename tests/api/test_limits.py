"""Limits: requests per token, request body size, page size."""

import time_machine


def test_rate_limit_is_per_token(api, app, monkeypatch):
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "3 per minute")
    with time_machine.travel("2031-01-01 09:00:00", tick=False):
        codes = [api("GET", "/agencies", "stc").status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        limited = api("GET", "/agencies", "stc")
        assert limited.content_type == "application/problem+json" and limited.json["type"].endswith("rate-limited")
        assert "Retry-After" in limited.headers
        assert api("GET", "/agencies", "sxd").status_code == 200  # another token has its own budget


def test_body_size_limit(api, app, world, monkeypatch):
    monkeypatch.setitem(app.config, "API_MAX_BODY_BYTES", 1000)
    response = api("POST", f"/tasks/{world.task.id}/progress", "stc", json={"text": "x" * 2000})
    assert response.status_code == 413 and response.json["type"].endswith("payload-too-large")


def test_limit_is_at_most_200(api):
    assert api("GET", "/tasks?limit=200", "vanphong").status_code == 200
    response = api("GET", "/tasks?limit=201", "vanphong")
    assert response.status_code == 422 and response.json["errors"][0]["field"] == "limit"
