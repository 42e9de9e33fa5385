"""Safe retries: every POST commits once, together with its Idempotency-Key and the response it gave."""

from __future__ import annotations

import hashlib
import re
from functools import wraps

from flask import Response, current_app, g, request
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from tracker.api.models import IdempotencyKey
from tracker.api.problems import ApiProblem
from tracker.extensions import db

KEY = re.compile(r"^[\x21-\x7e]{1,200}$")


def _request_hash() -> str:
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.path.encode(), request.get_data()):
        digest.update(part + b"\0")
    return digest.hexdigest()


def _replay(key: str, request_hash: str) -> Response | None:
    row = db.session.scalar(select(IdempotencyKey).where(IdempotencyKey.token_id == g.api_token.id,
                                                         IdempotencyKey.key == key))
    if row is None:
        return None
    if row.request_hash != request_hash:
        raise ApiProblem("idempotency-key-reused", "Idempotency-Key này đã được dùng cho một yêu cầu có nội dung "
                         "khác; hãy dùng khóa mới cho yêu cầu mới.")
    return Response(row.response_body, row.status_code, mimetype="application/json",
                    headers={"Idempotent-Replayed": "true"})


def write(view):
    """Run a write view, then commit its changes and its key in one transaction.

    The same key and body replay the first response and create nothing; another body is a 409.
    Two concurrent requests with one key: the unique key makes the second commit fail, and it replays."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        key = request.headers.get("Idempotency-Key")
        request_hash = _request_hash() if key is not None else ""
        if key is not None:
            if not KEY.match(key):
                raise ApiProblem("bad-request", "Idempotency-Key phải gồm 1–200 ký tự ASCII in được.")
            replay = _replay(key, request_hash)
            if replay is not None:
                return replay
        response = current_app.make_response(view(*args, **kwargs))
        if key is not None and response.status_code < 300:
            db.session.add(IdempotencyKey(token_id=g.api_token.id, key=key, request_hash=request_hash,
                                          status_code=response.status_code,
                                          response_body=response.get_data(as_text=True)))
        try:
            db.session.commit()
        except (IntegrityError, StaleDataError):
            db.session.rollback()
            replay = _replay(key, request_hash) if key is not None else None
            if replay is not None:
                return replay
            raise
        return response

    return wrapper
