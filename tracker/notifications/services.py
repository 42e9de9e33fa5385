"""Telling people: in-app notifications, queued e-mail and the reminder log. Never commits.

Every function writes rows in the caller's transaction; mail leaves only after the caller commits
(`mail.send_pending`). Reminders are logged per task, kind, date, recipient and channel, so the same
reminder is never written twice.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.auth import permissions as perm
from tracker.auth.models import User
from tracker.core import clock, conflicts, journal
from tracker.core.errors import DomainError, PermissionDenied
from tracker.core.text import format_date
from tracker.notifications import mail, reminders
from tracker.notifications.models import Notification, ReminderLog

IN_APP, EMAIL = "in_app", "email"


# ---- recipients -------------------------------------------------------------------------------


def agency_users(session: Session, agency_id: int, heads_only: bool = False) -> list[User]:
    query = select(User).where(User.role == "agency", User.agency_id == agency_id, User.active.is_(True))
    if heads_only:
        query = query.where(User.is_agency_head.is_(True))
    return list(session.scalars(query.order_by(User.id)))


def office_users(session: Session) -> list[User]:
    users = list(session.scalars(select(User).where(User.role == "office", User.active.is_(True)).order_by(User.id)))
    return users or list(session.scalars(select(User).where(User.role == "admin", User.active.is_(True))))


# ---- delivery ---------------------------------------------------------------------------------


def _short(task) -> str:
    text = " ".join((task.content or "").split())
    return text if len(text) <= 160 else text[:157] + "..."


def _due(task) -> str:
    return f" (thời hạn {format_date(task.due_on)})" if task.due_on else ""


def deliver(session: Session, user: User, kind: str, message: str, *, task=None, subject: str | None = None,
            body: str | None = None, url: str | None = None) -> list[str]:
    """One in-app notification, plus an e-mail if the user wants this kind by e-mail; returns channels."""
    task_id = getattr(task, "id", None)
    url = url or (f"/tasks/{task_id}" if task_id else None)
    session.add(Notification(user_id=user.id, task_id=task_id, kind=kind, message=message, url=url, at=clock.now()))
    channels = [IN_APP]
    if user.wants_email(kind):
        link = mail.task_url(task_id) if task_id else (mail.current.base_url + url if url else None)
        if mail.queue(session, user, subject or message, body or message, kind=kind, task_id=task_id, link=link):
            channels.append(EMAIL)
    return channels


def remind(session: Session, user: User, kind: str, for_date: date, message: str, *, task=None,
           subject: str | None = None, body: str | None = None, already: set | None = None) -> int:
    """A logged reminder: skipped if this (task, kind, date, user) was already sent; returns 1 if sent."""
    key = (getattr(task, "id", None), kind, for_date, user.id)
    if already is not None and key in already:
        return 0
    if already is None and _logged(session, *key):
        return 0
    for channel in deliver(session, user, kind, message, task=task, subject=subject, body=body):
        session.add(ReminderLog(task_id=key[0], kind=kind, for_date=for_date, recipient_id=user.id, channel=channel,
                                created_at=clock.now()))
    if already is not None:
        already.add(key)
    return 1


def _logged(session, task_id, kind, for_date, user_id) -> bool:
    query = select(ReminderLog.id).where(ReminderLog.kind == kind, ReminderLog.for_date == for_date,
                                         ReminderLog.recipient_id == user_id)
    query = query.where(ReminderLog.task_id.is_(None) if task_id is None else ReminderLog.task_id == task_id)
    return session.scalar(query.limit(1)) is not None


def logged_keys(session: Session, since: date) -> set:
    """(task_id, kind, for_date, recipient_id) already logged on or after `since` (one query per sweep)."""
    rows = session.execute(select(ReminderLog.task_id, ReminderLog.kind, ReminderLog.for_date,
                                  ReminderLog.recipient_id).where(ReminderLog.for_date >= since))
    return {tuple(r) for r in rows}


# ---- events from the workflow services --------------------------------------------------------

EVENT_TEXT = {
    "task_assigned": ("lead", "Nhiệm vụ mới giao cho cơ quan: {task}{due}"),
    "completion_confirmed": ("lead", "Văn phòng đã xác nhận hoàn thành nhiệm vụ: {task}"),
    "completion_returned": ("lead", "Báo cáo hoàn thành bị trả lại, đề nghị thực hiện lại: {task}. Lý do: {reason}"),
    "extension_decided": ("lead", "Đề nghị gia hạn {decision}: {task}"),
    "completion_reported": ("office", "{agency} báo cáo hoàn thành nhiệm vụ: {task}"),
    "extension_requested": ("office", "{agency} đề nghị gia hạn đến {proposed}: {task}"),
    "task_declined": ("office", "{agency} đề nghị giao lại nhiệm vụ: {task}"),
}


def _decision(extension) -> str:
    if extension is None:
        return "đã được xử lý"
    if extension.state == "approved":
        return f"đã được đồng ý, thời hạn mới {format_date(extension.granted_due_on)}"
    return f"không được đồng ý ({extension.decision_note or 'không nêu lý do'})"


def on_event(session: Session, kind: str, *, task=None, actor=None, as_of: date, **extra) -> None:
    """Tell whoever a workflow event concerns, in-app and by e-mail (sent after the caller commits)."""
    if kind not in EVENT_TEXT or task is None:
        return
    audience, template = EVENT_TEXT[kind]
    extension = extra.get("extension")
    message = template.format(
        task=_short(task), due=_due(task), reason=extra.get("reason") or "", decision=_decision(extension),
        agency=task.lead_agency.name if task.lead_agency else "Cơ quan chủ trì",
        proposed=format_date(getattr(extension, "proposed_due_on", None)),
    )
    users = agency_users(session, task.lead_agency_id) if audience == "lead" else office_users(session)
    if kind == "extension_requested" and task.leader_id and task.leader and task.leader.active:
        users.append(task.leader)
    actor_id = getattr(actor, "id", None)
    subject = f"[Theo dõi nhiệm vụ] {reminders.KIND_LABELS.get(kind, kind)}"
    for user in {u.id: u for u in users if u.id != actor_id}.values():
        deliver(session, user, kind, message, task=task, subject=subject)


# ---- reminders (the sweep and the office's ad-hoc reminder) ------------------------------------

REMINDER_TEXT = {
    reminders.DUE_SOON: "Nhiệm vụ sắp đến hạn{due}: {task}",
    reminders.DUE_TODAY: "Nhiệm vụ đến hạn hôm nay{due}: {task}",
    reminders.OVERDUE: "Nhiệm vụ đã quá hạn {late} ngày{due}, đề nghị khẩn trương hoàn thành: {task}",
    reminders.ESCALATE_HEAD: "Báo cáo thủ trưởng: nhiệm vụ của {agency} quá hạn {late} ngày{due}: {task}",
    reminders.ESCALATE_LEADER: "Báo cáo lãnh đạo phụ trách: nhiệm vụ của {agency} quá hạn {late} ngày{due}: {task}",
    "manual": "Văn phòng UBND đôn đốc nhiệm vụ{due}: {task}",
}


def reminder_recipients(session: Session, task, kind: str, directory: dict | None = None) -> list[User]:
    """Officers of the lead agency; its head, then the leader in charge, on escalation."""
    if kind == reminders.ESCALATE_LEADER:
        return [task.leader] if task.leader is not None and task.leader.active else []
    users = directory.get(task.lead_agency_id, []) if directory is not None else agency_users(
        session, task.lead_agency_id)
    if kind == reminders.ESCALATE_HEAD:
        return [u for u in users if u.is_agency_head]
    return users


def reminder_message(task, kind: str, as_of: date) -> str:
    late = (as_of - task.due_on).days if task.due_on and as_of > task.due_on else 0
    return REMINDER_TEXT[kind].format(task=_short(task), due=_due(task), late=late,
                                      agency=task.lead_agency.name if task.lead_agency else "")


def send_task_reminder(session: Session, task, kind: str, for_date: date, as_of: date,
                       already: set | None = None, directory: dict | None = None) -> int:
    """Remind everyone a (task, kind) concerns; returns how many people were reminded now."""
    message = reminder_message(task, kind, as_of)
    subject = f"[Đôn đốc] {reminders.KIND_LABELS[kind]}: {_short(task)[:80]}"
    return sum(remind(session, user, kind, for_date, message, task=task, subject=subject, already=already)
               for user in reminder_recipients(session, task, kind, directory))


def manual_reminder(session: Session, actor, as_of: date, task, note: str | None = None) -> int:
    """The office chases one task now; once per day per task (the log's unique key)."""
    if not perm.is_office(actor):
        raise PermissionDenied()
    if task.status not in ("new", "in_progress", "returned"):
        raise DomainError("Chỉ đôn đốc được nhiệm vụ đang thực hiện.")
    with session.no_autoflush:  # the unique key is checked once, below, where a loser becomes a conflict
        sent = send_task_reminder(session, task, "manual", as_of, as_of)
    if not sent:
        raise DomainError("Nhiệm vụ đã được đôn đốc hôm nay hoặc cơ quan chưa có tài khoản nhận thông báo.")
    journal.record(session, entity="task", entity_id=task.id, task_id=task.id, action="remind", actor=actor,
                   on=as_of, after={"recipients": sent}, note=(note or "").strip() or None)
    # Two office users at once: the second loses on the reminder log's unique key.
    conflicts.flush(session, REMINDED_MEANWHILE)
    return sent


REMINDED_MEANWHILE = "Nhiệm vụ vừa được người khác đôn đốc: đã có thay đổi, vui lòng tải lại trang."


# ---- reading and marking ----------------------------------------------------------------------


def unread_count(session: Session, user) -> int:
    from sqlalchemy import func

    return session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def mark_read(session: Session, user, notification: Notification) -> None:
    if notification.user_id != user.id:
        raise PermissionDenied()
    if notification.read_at is None:
        notification.read_at = clock.now()
    session.flush()


def mark_all_read(session: Session, user) -> int:
    from sqlalchemy import update

    result = session.execute(update(Notification).where(Notification.user_id == user.id,
                                                        Notification.read_at.is_(None)).values(read_at=clock.now()))
    session.flush()
    return result.rowcount or 0


def set_email_prefs(session: Session, actor, user, prefs: dict[str, bool], as_of: date) -> None:
    if actor.id != user.id:
        raise PermissionDenied()
    before = dict(user.email_prefs or {})
    user.email_prefs = {k: bool(v) for k, v in prefs.items() if k in reminders.KIND_LABELS}
    journal.record(session, entity="user", entity_id=user.id, action="email_prefs", actor=actor, on=as_of,
                   before=before, after=dict(user.email_prefs))
    session.flush()
