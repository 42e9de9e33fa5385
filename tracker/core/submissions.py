"""One-time submission tokens: every state-changing form carries one; the view takes it in the same
transaction as the change, so a repeat of the same form (back and resubmit, double click) writes nothing.

A refused submission (bad input, conflict) rolls back with its token, so the corrected form can be sent.
"""

from __future__ import annotations

import re
import uuid

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tracker.core.errors import DomainError, Repeated
from tracker.core.models import FormSubmission

FIELD = "submission"
_TOKEN = re.compile(r"[0-9a-f]{32}")


def new_token() -> str:
    return uuid.uuid4().hex


def claim(session: Session, token: str | None, user_id: int | None) -> FormSubmission | None:
    """Take `token` for this transaction; Repeated if another submission (even one in flight) took it.
    No token (API, scripts, older pages): no check."""
    if not token:
        return None
    if not _TOKEN.fullmatch(token):
        raise DomainError("Mã biểu mẫu không hợp lệ, vui lòng tải lại trang.")
    earlier = session.get(FormSubmission, token)
    if earlier is not None:
        raise Repeated(earlier.url)
    row = FormSubmission(token=token, user_id=user_id)
    session.add(row)
    try:  # a double click in flight: the second waits here on the key, then finds it taken
        session.flush()
    except IntegrityError as exc:  # the caller rolls back, as for any refusal
        raise Repeated() from exc
    return row


def taken(session: Session, token: str | None) -> FormSubmission | None:
    """The earlier submission of `token`, if any (its `url` is where it led)."""
    return session.get(FormSubmission, token) if token and _TOKEN.fullmatch(token) else None
