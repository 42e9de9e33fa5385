"""Per-request bookkeeping: request id (X-Request-ID), one JSON log line, metrics; proxy headers."""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, g, render_template, request
from werkzeug.exceptions import InternalServerError
from werkzeug.middleware.proxy_fix import ProxyFix

from tracker.ops import logs, metrics

log = logging.getLogger("tracker.request")
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def _request_id() -> str:
    """Keep nginx's id ($request_id) when it sends a sane one, so both logs share it."""
    given = request.headers.get("X-Request-ID", "")
    return given if _VALID_ID.match(given) else uuid.uuid4().hex


def init_app(app: Flask) -> None:
    logs.configure(app.config.get("LOG_FORMAT", "text"))
    hops = int(app.config.get("PROXY_COUNT", 0))
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    @app.before_request
    def _start():
        g.request_id = _request_id()
        g.request_started = time.perf_counter()  # a duration, not a reading of the date

    @app.after_request
    def _finish(response):
        started = g.get("request_started")
        if started is None:
            return response
        seconds = time.perf_counter() - started
        route = request.url_rule.rule if request.url_rule else "unmatched"
        response.headers["X-Request-ID"] = g.request_id
        metrics.observe_request(route, request.method, response.status_code, seconds)
        log.info("request", extra={"fields": {
            "request_id": g.request_id, "method": request.method, "route": route, "path": request.path,
            "status": response.status_code, "duration_ms": round(seconds * 1000, 1), "user_id": _user_id(),
            "remote_addr": request.remote_addr}})
        return response

    @app.errorhandler(InternalServerError)
    def _server_error(error):
        message = "Hệ thống gặp lỗi ngoài ý muốn. Vui lòng thử lại sau hoặc báo bộ phận kỹ thuật kèm mã yêu cầu."
        if request.path.startswith("/api/"):
            return {"error": message, "request_id": g.get("request_id")}, 500
        return render_template("error.html", code=500, message=message), 500

    @app.context_processor
    def _request_id_in_templates():
        return {"request_id": g.get("request_id")}


def _user_id() -> int | None:
    from flask_login import current_user

    try:
        return current_user.id if current_user.is_authenticated else None
    except Exception:  # the user loader itself failed (database down): the log line still goes out
        return None
