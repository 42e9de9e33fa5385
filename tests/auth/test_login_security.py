"""Login hardening: only same-site relative redirects after login."""

from __future__ import annotations

import pytest

from tests.conftest import csrf_token


@pytest.mark.parametrize("target", [
    "/%09/evil.example/x", "/\t/evil.example", "/\\evil.example", "\\\\evil.example", "//evil.example",
    "https://evil.example/", " //evil.example", "/\r\n/evil.example", "javascript:alert(1)",
    "///evil.example",
])
def test_login_never_redirects_off_site(client, world, target):
    token = csrf_token(client, "/login")
    response = client.post("/login", query_string={"next": target},
                           data={"username": "vanphong", "password": "matkhau123", "csrf_token": token})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert "evil" not in location and "javascript" not in location


def test_login_keeps_a_same_site_next(client, world):
    token = csrf_token(client, "/login")
    response = client.post("/login", query_string={"next": "/documents?q=a&page=2"},
                           data={"username": "vanphong", "password": "matkhau123", "csrf_token": token})
    assert response.headers["Location"] == "/documents?q=a&page=2"


def test_login_keeps_an_encoded_search(client, world):
    token = csrf_token(client, "/login")
    target = "/tasks?q=S%E1%BB%9F%20T%C3%A0i&page=2"
    response = client.post("/login", query_string={"next": target},
                           data={"username": "vanphong", "password": "matkhau123", "csrf_token": token})
    assert response.headers["Location"] == target
