"""JSON API v1 for other systems (the province's document-management system): token auth, same rules.

This module holds the blueprint, authentication, limits and the error handlers; the routes live in
`routes_tasks`, `routes_documents` and `routes_misc`, imported at the bottom.
"""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, g, render_template, request
from flask_limiter import Limiter
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from tracker.api import tokens
from tracker.api.problems import BY_STATUS, STALE, ApiProblem
from tracker.api.spec import openapi_document
from tracker.core import clock
from tracker.core.errors import DomainError, PermissionDenied, StaleObject
from tracker.extensions import db

bp = Blueprint("api", __name__, url_prefix="/api/v1")
log = logging.getLogger(__name__)
PUBLIC = {"api.openapi", "api.docs", "api.unrouted"}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def _rate_key() -> str:
    """Per token (its digest prefix), so one integrator cannot starve another; per address without one."""
    header = request.headers.get("Authorization", "")
    return "t:" + tokens._digest(header[7:])[:16] if header.startswith("Bearer ") else "a:" + (request.remote_addr or "")


limiter = Limiter(key_func=_rate_key, storage_uri="memory://", default_limits=[], headers_enabled=True)
limiter.limit(lambda: current_app.config.get("API_RATE_LIMIT", "600 per minute"), key_func=_rate_key)(bp)


@bp.record_once
def _setup(state) -> None:
    limiter.init_app(state.app)


ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


@bp.route("/<path:rest>", methods=ALL_METHODS)
def unrouted(rest: str):
    """No route matched (or an id out of range): a problem, never the web UI's HTML page."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    allowed = []
    for method in ("GET", "POST"):
        try:
            endpoint, _ = adapter.match(request.path, method=method)
        except HTTPException:
            continue
        if endpoint != "api.unrouted":
            allowed.append(method)
    if allowed:
        raise ApiProblem("method-not-allowed", DETAILS[405], headers={"Allow": ", ".join(allowed)})
    raise ApiProblem("not-found", DETAILS[404])


@bp.before_request
def _authenticate():
    if request.endpoint in PUBLIC:
        return None
    limit = current_app.config.get("API_MAX_BODY_BYTES", 1024 * 1024)
    if (request.content_length or 0) > limit:
        raise ApiProblem("payload-too-large", f"Nội dung yêu cầu vượt quá {limit // 1024} KB.")
    header = request.headers.get("Authorization", "")
    token = tokens.authenticate(db.session, header[7:] if header.startswith("Bearer ") else None,
                                clock.now(), clock.today())
    if token is None:
        raise ApiProblem("unauthorized", "Thiếu, sai, đã thu hồi hoặc đã hết hạn API token "
                         "(Authorization: Bearer ...).", headers={"WWW-Authenticate": "Bearer"})
    if db.session.dirty:  # the last-use time moved
        db.session.commit()
    if request.method not in SAFE_METHODS and token.scope != "write":
        raise ApiProblem("read-only-token", "Token này chỉ được đọc dữ liệu, không được ghi.")
    g.api_token, g.api_user = token, token.user
    db.session.info["journal_via"] = f"api:{token.name}"
    return None


@bp.teardown_request
def _forget_token(exc=None) -> None:
    db.session.info.pop("journal_via", None)


# ---- errors ----------------------------------------------------------------------------------


def _current_version() -> int | None:
    from tracker.tasks.models import Task

    task_id = (request.view_args or {}).get("task_id")
    task = db.session.get(Task, task_id) if task_id and task_id <= 2**31 - 1 else None
    return task.version if task is not None else None


def conflict() -> ApiProblem:
    db.session.rollback()
    return ApiProblem("conflict", STALE, current_version=_current_version())


@bp.errorhandler(ApiProblem)
def _problem(exc: ApiProblem):
    db.session.rollback()
    return exc.response()


@bp.errorhandler(StaleObject)
@bp.errorhandler(StaleDataError)
def _stale(exc):
    return conflict().response()


@bp.errorhandler(IntegrityError)
def _integrity(exc):
    """A concurrent writer won a unique or state race: the loser is told to reload, not given a 500."""
    log.info("API write lost a race: %s", exc.orig)
    return conflict().response()


@bp.errorhandler(DomainError)
def _domain_error(exc: DomainError):
    db.session.rollback()
    kind = "forbidden" if isinstance(exc, PermissionDenied) else "rule-violated"
    return ApiProblem(kind, exc.message).response()


@bp.errorhandler(DBAPIError)
def _db_error(exc):
    """A value the database refuses (out of range, bad encoding) is the client's error."""
    db.session.rollback()
    log.warning("API request refused by the database: %s", exc.orig)
    return ApiProblem("bad-request", "Giá trị gửi lên không được cơ sở dữ liệu chấp nhận.").response()


DETAILS = {
    400: "Yêu cầu không đọc được (JSON sai cú pháp?).",
    404: "Không tìm thấy (hoặc bạn không có quyền xem).",
    405: "Đường dẫn này không hỗ trợ phương thức đã dùng.",
    413: "Nội dung yêu cầu quá lớn.",
    415: "Nội dung phải là application/json.",
    429: "Quá nhiều yêu cầu; vui lòng thử lại sau.",
}


def _http_problem(exc: HTTPException):
    db.session.rollback()
    code = exc.code or 500
    kind = BY_STATUS.get(code, "bad-request" if code < 500 else "server-error")
    headers = {"Retry-After": exc.retry_after} if getattr(exc, "retry_after", None) else {}
    if code == 405 and exc.valid_methods:
        headers["Allow"] = ", ".join(exc.valid_methods)
    return ApiProblem(kind, DETAILS.get(code, exc.description or ""), headers=headers).response()


bp.register_error_handler(HTTPException, _http_problem)


@bp.errorhandler(Exception)
def _unexpected(exc):
    if isinstance(exc, HTTPException):
        return _http_problem(exc)
    db.session.rollback()
    log.exception("API error")
    return ApiProblem("server-error", "Lỗi hệ thống; đã ghi nhật ký. Vui lòng thử lại sau.").response()


# ---- the description ----------------------------------------------------------------------------


@bp.get("/openapi.json")
def openapi():
    return openapi_document()


@bp.get("/docs")
def docs():
    """A readable page of the spec, rendered on the server from the same document (no CDN, no script)."""
    spec = openapi_document()
    schemas = spec["components"]["schemas"]

    def resolve(schema: dict) -> dict:
        while isinstance(schema, dict) and "$ref" in schema:
            schema = schemas.get(schema["$ref"].rsplit("/", 1)[-1], {})
        return schema or {}

    def options(schema: dict) -> list[dict]:
        schema = resolve(schema)
        return [resolve(o) for o in schema.get("anyOf", schema.get("oneOf", []))] or [schema]

    def type_of(schema: dict) -> str:
        names = []
        for option in options(schema):
            kind = option.get("type", "object" if "properties" in option else "")
            if kind == "array":
                kind = f"array[{type_of(option.get('items', {}))}]"
            names.append(f"{kind} ({option['format']})" if option.get("format") else kind)
        return " | ".join(n for n in names if n) or "any"

    def children(schema: dict) -> list[dict]:
        found = []
        for option in options(schema):
            option = resolve(option.get("items", option)) if option.get("type") == "array" else option
            if option.get("properties"):
                found.append(option)
        return found

    return render_template("api/docs.html", spec=spec, resolve=resolve, type_of=type_of, children=children)


from tracker.api import routes_documents, routes_misc, routes_tasks  # noqa: E402,F401  (routes on `bp`)
