"""/health, /ready and /metrics: no login, so a load balancer and Prometheus can ask.

/metrics answers only a bearer token (TRACKER_METRICS_TOKEN) or an allowed address (TRACKER_METRICS_ALLOW);
with neither configured it answers nobody.
"""

from __future__ import annotations

import hmac
import ipaddress

from flask import Blueprint, Response, abort, current_app, jsonify, request

from tracker.core import clock
from tracker.extensions import csrf, db
from tracker.ops import metrics, readiness, requests

bp = Blueprint("ops", __name__)
csrf.exempt(bp)
bp.record_once(lambda state: requests.init_app(state.app))


@bp.route("/health")
def health():
    """Liveness: the process answers (no database call, so a slow database does not restart workers)."""
    return jsonify(status="ok")


@bp.route("/ready")
def ready():
    ok, checks = readiness.check(db.session, clock.now(), current_app.config["READY_SWEEP_MAX_HOURS"])
    db.session.rollback()
    return jsonify(status="ok" if ok else "unavailable", checks=checks), 200 if ok else 503


def _allowed() -> bool:
    token = current_app.config.get("METRICS_TOKEN") or ""
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    networks = current_app.config.get("METRICS_ALLOW") or ()
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    return any(address in network for network in networks)


@bp.route("/metrics")
def prometheus():
    if not _allowed():
        abort(403)
    body = metrics.render(db.session, clock.today(), clock.now())
    db.session.rollback()
    return Response(body, content_type=metrics.CONTENT_TYPE)
