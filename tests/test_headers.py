"""Security headers on every response, and templates that need no inline script (so the CSP can
forbid it)."""

from __future__ import annotations

import re

import pytest

from tests.conftest import login
from tracker.config import ROOT


def _assert_headers(response):
    h = response.headers
    csp = h.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    script = re.search(r"script-src ([^;]*)", csp).group(1)
    assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script
    assert h.get("X-Frame-Options") == "DENY"
    assert h.get("X-Content-Type-Options") == "nosniff"
    assert h.get("Referrer-Policy") in ("same-origin", "strict-origin-when-cross-origin", "no-referrer")


@pytest.mark.parametrize("path", ["/login", "/tasks", "/tasks/999999", "/static/app.css", "/api/v1/openapi.json",
                                  "/documents?page=" + "9" * 30, "/reports/export.exe", "/"])
def test_every_kind_of_response_carries_the_security_headers(client, world, path):
    login(client, "vanphong")
    _assert_headers(client.get(path))


def test_anonymous_redirect_and_error_pages_carry_them_too(client, world):
    _assert_headers(client.get("/tasks"))  # 302 to the login page
    _assert_headers(client.post("/logout"))  # CSRF failure page


def test_https_deployments_add_hsts(client, app, world, monkeypatch):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    monkeypatch.setitem(app.config, "SESSION_COOKIE_SECURE", True)  # production serves HTTPS only
    assert "max-age=" in client.get("/login").headers.get("Strict-Transport-Security", "")


INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)


def test_templates_have_no_inline_script_or_event_handler():
    offenders = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if INLINE_HANDLER.search(text) or INLINE_SCRIPT.search(text) or "javascript:" in text:
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
