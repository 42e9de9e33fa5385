"""Hostile input at the web boundary: NUL bytes and out-of-range ids answer 400 before any view runs,
and a value the database refuses (a number beyond the column, a NUL it cannot store) is a 400 too,
never a 500. The API has its own error format and is left to its blueprint."""

from __future__ import annotations

from flask import Flask, request
from sqlalchemy.exc import DataError

from tracker.extensions import db

# Primary keys are 32-bit INTEGER columns on PostgreSQL; SQLite stores up to 64 bits, so the
# narrower range is the one every database accepts.
MAX_ID = 2**31 - 1
MAX_PAGE = 100_000  # beyond any list's last page; keeps OFFSET far from overflowing
BAD_TEXT = "Dữ liệu gửi lên không hợp lệ (chứa ký tự điều khiển)."
BAD_ID = "Mã số trong địa chỉ không hợp lệ."
BAD_VALUE = "Giá trị gửi lên không hợp lệ (số quá lớn hoặc sai kiểu)."


class BadInput(Exception):
    """Raised (or mapped to) for input the app refuses as a whole; answered with a 400 page."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def has_nul(values) -> bool:
    return any("\x00" in v for v in values if isinstance(v, str))


def int_arg(args, name: str, default: int | None = None, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """A query parameter as an int within [minimum, maximum]; a non-number gives the default and an
    out-of-range number is clamped, so paging links can never overflow a column or an OFFSET."""
    try:
        value = int(args.get(name, ""))
    except (TypeError, ValueError):
        return default
    return min(max(value, minimum), maximum)


def _check_request() -> None:
    if request.path.startswith("/api/"):
        return
    args, form = request.args, request.form
    texts = [*args.keys(), *form.keys(), *(v for _, v in args.items(multi=True)),
             *(v for _, v in form.items(multi=True)), *(f.filename or "" for f in request.files.values()),
             *(v for v in (request.view_args or {}).values() if isinstance(v, str))]
    if has_nul(texts):
        raise BadInput(BAD_TEXT)
    if any(isinstance(v, int) and not 0 <= v <= MAX_ID for v in (request.view_args or {}).values()):
        raise BadInput(BAD_ID)


def init_app(app: Flask, render_error) -> None:
    """`render_error(code, message)` is the app's error page (HTML, or JSON under /api/)."""
    app.before_request(_check_request)
    if app.config.get("TRUSTED_PROXIES"):  # behind nginx: the client address comes from X-Forwarded-For
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    def _bad_input(exc: BadInput):
        return render_error(400, exc.message)

    def _refused_by_database(exc: Exception):
        db.session.rollback()
        return render_error(400, BAD_VALUE)

    app.register_error_handler(BadInput, _bad_input)
    # SQLite raises OverflowError for an int beyond 64 bits; PostgreSQL a DataError for one beyond the
    # column or for a NUL in text (only reachable where a check above was missed).
    app.register_error_handler(OverflowError, _refused_by_database)
    app.register_error_handler(DataError, _refused_by_database)

