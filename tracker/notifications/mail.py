"""The mail outbox: rows are written in the deciding transaction, sent only after it commits.

`send_pending(config, session)` delivers committed, unsent rows over one SMTP connection, at most
MAIL_BATCH a run. A failure keeps the row (attempts, last_error) and puts off its next attempt,
doubling the wait each time, so a mail server that is down never loses a reminder. Each row is marked
"sending" (and given its Message-ID) in a commit before the SMTP call: after a crash the row shows the
send that may have happened, and its resend carries the same Message-ID and is logged. When SMTP_URL
is empty (tests, a fresh install) nothing is sent and rows stay queued until a server is configured.
"""

from __future__ import annotations

import contextlib
import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from html import escape
from urllib.parse import parse_qs, unquote, urlparse

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from tracker.core import clock
from tracker.notifications.models import OutboundMail

log = logging.getLogger(__name__)

# Per run (every MAIL_EVERY_MINUTES = 5): 12 runs an hour send 36,000, more than the 28,565 mails one
# sweep of a million tasks queues.
BATCH = 3000
SENDING_STALE = timedelta(minutes=15)  # a "sending" mark this old was left by a crash, not a live sender
BACKOFF_FIRST, BACKOFF_MAX = timedelta(minutes=1), timedelta(hours=6)


def backoff(attempts: int) -> timedelta:
    """The wait after the attempts-th failure: 1, 2, 4 ... minutes, at most 6 hours."""
    return min(BACKOFF_FIRST * 2 ** min(max(attempts - 1, 0), 16), BACKOFF_MAX)


@dataclass
class MailSettings:
    """Bound once from app.config when the notifications blueprint registers (plain values)."""

    base_url: str = "http://127.0.0.1:5000"
    mail_from: str = "theodoi@localhost"


current = MailSettings()


def configure(config) -> None:
    current.base_url = (config.get("BASE_URL") or current.base_url).rstrip("/")
    current.mail_from = config.get("MAIL_FROM") or current.mail_from


def task_url(task_id: int) -> str:
    return f"{current.base_url}/tasks/{task_id}"


def queue(session: Session, user, subject: str, text: str, *, kind: str, task_id: int | None = None,
          link: str | None = None) -> OutboundMail | None:
    """Add one message to the outbox (plain text + HTML); nothing leaves before the commit."""
    if not user.email:
        return None
    body = text + (f"\n\nXem chi tiết: {link}" if link else "")
    html = "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in text.split("\n\n"))
    if link:
        html += f'<p><a href="{escape(link)}">Xem chi tiết</a></p>'
    mail = OutboundMail(to_addr=user.email, subject=subject[:255], text_body=body, html_body=html, kind=kind,
                        user_id=user.id, task_id=task_id, created_at=clock.now())
    session.add(mail)
    session.info["outbox_pending"] = True
    return mail


@dataclass(frozen=True)
class SmtpTarget:
    host: str
    port: int
    ssl: bool = False
    starttls: bool = False
    username: str | None = None
    password: str | None = None


def parse_smtp_url(url: str) -> SmtpTarget | None:
    """smtp://[user:pass@]host:port[?starttls=1] or smtps://...; '' means not configured."""
    if not url:
        return None
    parts = urlparse(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError(f"TRACKER_SMTP_URL không hợp lệ: {url!r} (dạng smtp://host:port)")
    ssl = parts.scheme == "smtps"
    query = parse_qs(parts.query)
    return SmtpTarget(host=parts.hostname, port=parts.port or (465 if ssl else 25), ssl=ssl,
                      starttls=query.get("starttls", ["0"])[0] in ("1", "true", "yes"),
                      username=unquote(parts.username) if parts.username else None,
                      password=unquote(parts.password) if parts.password else None)


def build_message(mail: OutboundMail, mail_from: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = mail_from
    msg["To"] = mail.to_addr
    msg["Subject"] = mail.subject
    msg["Message-ID"] = mail.message_id or make_msgid(idstring=f"outbox{mail.id}", domain=_domain(mail_from))
    msg.set_content(mail.text_body)
    if mail.html_body:
        msg.add_alternative(f"<!doctype html><html><body>{mail.html_body}</body></html>", subtype="html")
    return msg


def _connect(target: SmtpTarget, timeout: float) -> smtplib.SMTP:
    cls = smtplib.SMTP_SSL if target.ssl else smtplib.SMTP
    smtp = cls(target.host, target.port, timeout=timeout)
    if target.starttls:
        smtp.starttls()
    if target.username:
        smtp.login(target.username, target.password or "")
    return smtp


def _domain(mail_from: str) -> str:
    """The sender's domain for Message-IDs (make_msgid would otherwise ask DNS for the host name)."""
    return mail_from.rsplit("@", 1)[-1].strip(">") or "localhost"


def _next_unsent(session: Session, after_id: int, now: datetime) -> OutboundMail | None:
    """One unsent row that is due and not being sent by someone else, locked (PostgreSQL) while it is
    marked, so two senders never take the same message."""
    query = (select(OutboundMail)
             .where(OutboundMail.sent_at.is_(None), OutboundMail.id > after_id,
                    or_(OutboundMail.next_attempt_at.is_(None), OutboundMail.next_attempt_at <= now),
                    or_(OutboundMail.sending_at.is_(None), OutboundMail.sending_at <= now - SENDING_STALE))
             .order_by(OutboundMail.id).limit(1).with_for_update(skip_locked=True))
    return session.scalars(query).first()


def _queued(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(OutboundMail).where(OutboundMail.sent_at.is_(None)))


def _claim(session: Session, mail: OutboundMail, mail_from: str) -> None:
    """Mark the row as being sent, with its Message-ID, and commit: this must be on disk before SMTP."""
    if mail.sending_at is not None:
        log.warning("mail %s to %s: a send begun at %s was interrupted and may have been delivered; "
                    "resending with the same Message-ID %s", mail.id, mail.to_addr, mail.sending_at, mail.message_id)
    mail.message_id = mail.message_id or make_msgid(idstring=f"outbox{mail.id}", domain=_domain(mail_from))
    mail.sending_at = clock.now()
    mail.attempts += 1
    session.commit()


def send_pending(config, session: Session, limit: int | None = None, timeout: float = 10) -> dict:
    """Deliver due, unsent mail over one connection, at most `limit` (MAIL_BATCH) messages; call it only
    after committing. An unreachable server ends the run; the next run tries again."""
    target = parse_smtp_url(config.get("SMTP_URL", ""))
    if target is None:
        return {"sent": 0, "failed": 0, "queued": _queued(session), "configured": False}
    limit = limit or int(config.get("MAIL_BATCH") or BATCH)
    mail_from = config.get("MAIL_FROM") or current.mail_from
    sent = failed = 0
    smtp, last_id = None, 0
    while sent + failed < limit:
        mail = _next_unsent(session, last_id, clock.now())
        if mail is None:
            break
        last_id = mail.id
        _claim(session, mail, mail_from)
        try:
            smtp = smtp or _connect(target, timeout)
            smtp.send_message(build_message(mail, mail_from))
            mail.sent_at, mail.last_error, mail.next_attempt_at = clock.now(), None, None
            sent += 1
        except (OSError, smtplib.SMTPException) as exc:
            mail.last_error = f"{type(exc).__name__}: {exc}"[:1000]
            failed += 1
            log.warning("mail %s to %s not sent (attempt %s): %s", mail.id, mail.to_addr, mail.attempts, exc)
            if smtp is None:  # the server is unreachable: leave the rest for the next run (5 minutes on)
                mail.sending_at = None
                session.commit()
                break
            mail.next_attempt_at = clock.now() + backoff(mail.attempts)  # this message was refused: wait longer
            _quit(smtp)
            smtp = None
        mail.sending_at = None
        session.commit()
    _quit(smtp)
    return {"sent": sent, "failed": failed, "queued": _queued(session), "configured": True}


def _quit(smtp) -> None:
    if smtp is not None:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            smtp.quit()
