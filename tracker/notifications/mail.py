"""The mail outbox: rows are written in the deciding transaction, sent only after it commits.

`send_pending(config, session)` delivers committed, unsent rows. A failure keeps the row (attempts,
last_error) for the next run, so a mail server that is down never loses a reminder. When SMTP_URL
is empty (tests, a fresh install) nothing is sent and rows stay queued until a server is configured.
"""

from __future__ import annotations

import contextlib
import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from html import escape
from urllib.parse import parse_qs, unquote, urlparse

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.core import clock
from tracker.notifications.models import OutboundMail

log = logging.getLogger(__name__)

BATCH = 200


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
    msg["Message-ID"] = make_msgid(idstring=f"outbox{mail.id}")
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


def _next_unsent(session: Session, after_id: int) -> OutboundMail | None:
    """One unsent row, locked (PostgreSQL) so two senders never deliver the same message."""
    query = (select(OutboundMail).where(OutboundMail.sent_at.is_(None), OutboundMail.id > after_id)
             .order_by(OutboundMail.id).limit(1).with_for_update(skip_locked=True))
    return session.scalars(query).first()


def _queued(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(OutboundMail).where(OutboundMail.sent_at.is_(None)))


def send_pending(config, session: Session, limit: int = BATCH, timeout: float = 10) -> dict:
    """Deliver unsent mail one row at a time (send, mark, commit). Call it only after committing."""
    target = parse_smtp_url(config.get("SMTP_URL", ""))
    if target is None:
        return {"sent": 0, "failed": 0, "queued": _queued(session), "configured": False}
    mail_from = config.get("MAIL_FROM") or current.mail_from
    sent = failed = 0
    smtp, last_id = None, 0
    while sent + failed < limit:
        mail = _next_unsent(session, last_id)
        if mail is None:
            break
        last_id = mail.id
        mail.attempts += 1
        try:
            smtp = smtp or _connect(target, timeout)
            smtp.send_message(build_message(mail, mail_from))
            mail.sent_at = clock.now()
            mail.last_error = None
            sent += 1
        except (OSError, smtplib.SMTPException) as exc:
            mail.last_error = f"{type(exc).__name__}: {exc}"[:1000]
            failed += 1
            log.warning("mail %s to %s not sent: %s", mail.id, mail.to_addr, exc)
            if smtp is None:  # the server is unreachable: leave the rest for the next run
                session.commit()
                break
            smtp = None
        session.commit()
    _quit(smtp)
    return {"sent": sent, "failed": failed, "queued": _queued(session), "configured": True}


def _quit(smtp) -> None:
    if smtp is not None:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            smtp.quit()
