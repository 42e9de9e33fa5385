"""Outgoing webhooks through an outbox.

The journal is the source of events: `enqueue` turns journal rows after each subscription's cursor into
delivery rows (one transaction), and `attempt` posts one delivery, signed, and logs the try. The
scheduler process runs both (`jobs.run`); nothing is sent from a web request.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlparse

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.core import journal
from tracker.core.errors import DomainError, PermissionDenied
from tracker.core.models import JournalEntry
from tracker.tasks.models import Task
from tracker.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription

EVENTS = {
    "task.created": "Giao nhiệm vụ mới",
    "task.status_changed": "Nhiệm vụ đổi trạng thái",
    "task.overdue": "Nhiệm vụ chuyển sang quá hạn",
    "extension.decided": "Quyết định đề nghị gia hạn",
    "report.confirmed": "Xác nhận báo cáo hoàn thành",
    "report.returned": "Trả lại báo cáo hoàn thành",
}
PING = "ping"
MAX_ATTEMPTS = 6
BACKOFF = timedelta(minutes=1)  # 1, 4, 16, 64, 256 minutes between tries
TIMEOUT_SECONDS = 10


def events_of(entry) -> list[str]:
    """The webhook events one journal row stands for (a confirmation is also a status change)."""
    found = []
    if entry.action in ("create", "create_occurrence"):
        found.append("task.created")
    elif (entry.after or {}).get("status") not in (None, (entry.before or {}).get("status")):
        found.append("task.status_changed")
    found += {"became_overdue": ["task.overdue"], "extension_approved": ["extension.decided"],
              "extension_refused": ["extension.decided"], "confirm": ["report.confirmed"],
              "return": ["report.returned"]}.get(entry.action, [])
    return found


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """What a receiver recomputes: HMAC-SHA256 over "<timestamp>.<body>" with the shared secret."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def _require_admin(actor) -> None:
    if actor is None or actor.role != "admin":
        raise PermissionDenied()


def _check_url(url: str) -> str:
    url = (url or "").strip()
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or len(url) > 500:
        raise DomainError("Địa chỉ nhận phải là URL http:// hoặc https:// (tối đa 500 ký tự).")
    return url


def create_subscription(session: Session, actor, as_of: date, name: str, url: str, events: list[str]):
    """The secret is generated here and shown to the admin once; history before today is not replayed."""
    _require_admin(actor)
    name = (name or "").strip()[:200]
    if not name:
        raise DomainError("Vui lòng nhập tên.")
    if not events or not set(events) <= set(EVENTS):
        raise DomainError("Vui lòng chọn ít nhất một sự kiện hợp lệ.")
    cursor = session.scalar(select(func.max(JournalEntry.id))) or 0
    sub = WebhookSubscription(name=name, url=_check_url(url), secret="whsec_" + secrets.token_urlsafe(32),
                              events=list(events), journal_cursor=cursor, created_by_id=actor.id)
    session.add(sub)
    session.flush()
    journal.record(session, entity="webhook", entity_id=sub.id, action="create", actor=actor, on=as_of,
                   after={"name": name, "url": sub.url, "events": sub.events})
    return sub


def set_active(session: Session, actor, as_of: date, sub: WebhookSubscription, active: bool) -> None:
    _require_admin(actor)
    if sub.active != active:
        journal.record(session, entity="webhook", entity_id=sub.id, action="activate" if active else "deactivate",
                       actor=actor, on=as_of, before={"active": sub.active}, after={"active": active})
        sub.active = active
        if active:  # do not flood the receiver with what happened while it was off
            sub.journal_cursor = session.scalar(select(func.max(JournalEntry.id))) or 0


def _payload(event: str, now: datetime, entry=None, task: Task | None = None) -> str:
    data = {"event": event, "occurred_at": (entry.at if entry else now).isoformat() + "Z"}
    if entry is not None:
        data.update(journal_id=entry.id, action=entry.action, before=entry.before, after=entry.after)
    if task is not None:
        data["task"] = {"id": task.id, "document_id": task.document_id, "content": task.content,
                        "status": task.status, "lead_agency_id": task.lead_agency_id,
                        "due": task.due_on.isoformat() if task.due_on else None, "version": task.version,
                        "url": f"/api/v1/tasks/{task.id}"}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def send_test(session: Session, actor, sub: WebhookSubscription, now: datetime) -> WebhookDelivery:
    _require_admin(actor)
    delivery = WebhookDelivery(subscription_id=sub.id, event=PING, payload=_payload(PING, now), next_attempt_at=now)
    session.add(delivery)
    session.flush()
    return delivery


def enqueue(session: Session, now: datetime, batch: int = 500) -> int:
    """Journal rows after each active subscription's cursor → delivery rows; the cursor moves in the
    same transaction, so a row is turned into deliveries exactly once."""
    created = 0
    subs = session.scalars(select(WebhookSubscription).where(WebhookSubscription.active.is_(True))
                           .with_for_update(skip_locked=True)).all()
    for sub in subs:
        entries = session.scalars(select(JournalEntry).where(JournalEntry.id > sub.journal_cursor,
                                                             JournalEntry.task_id.is_not(None))
                                  .order_by(JournalEntry.id).limit(batch)).all()
        for entry in entries:
            for event in events_of(entry):
                if event in sub.events:
                    task = session.get(Task, entry.task_id)
                    session.add(WebhookDelivery(subscription_id=sub.id, event=event, journal_id=entry.id,
                                                payload=_payload(event, now, entry, task), next_attempt_at=now))
                    created += 1
        if entries:
            sub.journal_cursor = entries[-1].id
    session.flush()
    return created


def due(session: Session, now: datetime, limit: int = 100) -> list[WebhookDelivery]:
    """Pending deliveries whose time has come; rows another scheduler holds are skipped."""
    return list(session.scalars(select(WebhookDelivery).where(WebhookDelivery.state == "pending",
                                                              WebhookDelivery.next_attempt_at <= now)
                                .order_by(WebhookDelivery.id).limit(limit).with_for_update(skip_locked=True)))


def http_post(url: str, body: bytes, headers: dict) -> tuple[int | None, str | None]:
    """POST and return (status, error); never raises for the receiver's failures."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 (admin-set URL)
            return response.status, None
    except urllib.error.HTTPError as exc:
        return exc.code, None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return None, str(getattr(exc, "reason", exc))[:500]


def attempt(session: Session, delivery: WebhookDelivery, now: datetime,
            post: Callable[[str, bytes, dict], tuple[int | None, str | None]] = http_post,
            max_attempts: int = MAX_ATTEMPTS) -> bool:
    """One signed try, logged; 2xx marks it sent, anything else schedules the next try or gives up."""
    sub = delivery.subscription
    body = delivery.payload.encode()
    timestamp = int(now.replace(tzinfo=UTC).timestamp())  # `now` is naive UTC, as stored
    headers = {"Content-Type": "application/json", "User-Agent": "theo-doi-nhiem-vu-webhook/1",
               "X-Tracker-Event": delivery.event, "X-Tracker-Delivery": str(delivery.id),
               "X-Tracker-Timestamp": str(timestamp), "X-Tracker-Signature": sign(sub.secret, timestamp, body)}
    started = time.monotonic()
    status, error = post(sub.url, body, headers)
    ok = status is not None and 200 <= status < 300
    session.add(WebhookAttempt(delivery_id=delivery.id, at=now, status_code=status,
                               error=error if not ok else None, duration_ms=int((time.monotonic() - started) * 1000)))
    delivery.attempts += 1
    delivery.last_status, delivery.last_error = status, error
    if ok:
        delivery.state, delivery.sent_at = "sent", now
    elif delivery.attempts >= max_attempts:
        delivery.state = "failed"
    else:
        delivery.next_attempt_at = now + BACKOFF * 4 ** (delivery.attempts - 1)
    session.flush()
    return ok
