"""Schemathesis over the generated /api/v1/openapi.json: no 5xx, every status, content type and body as
documented. Bounded examples per operation so the run stays short; runs on SQLite and PostgreSQL."""

from datetime import date

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from tracker.api import tokens

CHECKS = [checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
          checks.response_schema_conformance]


@pytest.fixture
def api_schema(app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def office_token(world, session, app, monkeypatch):
    """An office token (the role that may call every route) over the small world, without rate limiting."""
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "100000 per minute")
    monkeypatch.setitem(app.config, "API_CHANGES_SETTLE_SECONDS", 0)
    token = tokens.create_token(session, world.office, "fuzz", date(2024, 10, 1))
    session.commit()
    return token


@schema.parametrize()
@settings(max_examples=10, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_never_fails_and_matches_its_description(case, office_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {office_token}"}, checks=CHECKS)
