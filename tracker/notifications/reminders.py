"""When a reminder is due (DOMAIN.md "Reminders"): pure, working-day aware rules, no Flask, no DB.

Each rule answers "is a reminder of this kind due on day D?". The sweep asks it for every day since
the last sweep (the catch-up window) and sends at most one reminder per task and kind, dated with
the latest day it was due: a scheduler that was down for a week sends one overdue reminder, not five.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from tracker.core.workdays import Calendar

DUE_SOON = "due_soon"
DUE_TODAY = "due_today"
OVERDUE = "overdue"
ESCALATE_HEAD = "escalation_head"
ESCALATE_LEADER = "escalation_leader"
DIGEST_LEADER = "digest_leader"
DIGEST_AGENCY = "digest_agency"

TASK_KINDS = (DUE_SOON, DUE_TODAY, OVERDUE, ESCALATE_HEAD, ESCALATE_LEADER)

# Labels shown on the e-mail settings page (kind -> Vietnamese).
KIND_LABELS = {
    "task_assigned": "Nhiệm vụ mới được giao",
    "completion_reported": "Cơ quan báo cáo hoàn thành",
    "completion_confirmed": "Văn phòng xác nhận hoàn thành",
    "completion_returned": "Báo cáo hoàn thành bị trả lại",
    "extension_requested": "Đề nghị gia hạn",
    "extension_decided": "Quyết định gia hạn",
    "task_declined": "Cơ quan đề nghị giao lại",
    DUE_SOON: "Nhắc sắp đến hạn",
    DUE_TODAY: "Nhắc đến hạn hôm nay",
    OVERDUE: "Nhắc quá hạn",
    ESCALATE_HEAD: "Báo cáo thủ trưởng cơ quan (quá hạn lâu)",
    ESCALATE_LEADER: "Báo cáo lãnh đạo phụ trách (quá hạn lâu)",
    DIGEST_LEADER: "Tổng hợp hằng tuần nhiệm vụ quá hạn (lãnh đạo)",
    DIGEST_AGENCY: "Tổng hợp hằng tuần nhiệm vụ của cơ quan",
    "manual": "Văn phòng đôn đốc trực tiếp",
}


@dataclass(frozen=True)
class Rules:
    """The province's reminder settings (app.config names in comments)."""

    before: int = 3  # REMIND_BEFORE_WORKING_DAYS
    overdue_every: int = 3  # OVERDUE_REMIND_EVERY_WORKING_DAYS
    escalate_head: int = 5  # ESCALATE_HEAD_AFTER_WORKING_DAYS
    escalate_leader: int = 10  # ESCALATE_LEADER_AFTER_WORKING_DAYS
    digest_weekday: int = 0  # DIGEST_WEEKDAY (Monday)

    @classmethod
    def from_config(cls, config) -> Rules:
        return cls(
            before=int(config.get("REMIND_BEFORE_WORKING_DAYS", 3)),
            overdue_every=max(1, int(config.get("OVERDUE_REMIND_EVERY_WORKING_DAYS", 3))),
            escalate_head=int(config.get("ESCALATE_HEAD_AFTER_WORKING_DAYS", 5)),
            escalate_leader=int(config.get("ESCALATE_LEADER_AFTER_WORKING_DAYS", 10)),
            digest_weekday=int(config.get("DIGEST_WEEKDAY", 0)),
        )


def last_working_day_on_or_before(cal: Calendar, day: date) -> date:
    while not cal.is_working_day(day):
        day -= timedelta(days=1)
    return day


def due_on_day(kind: str, due_on: date, day: date, cal: Calendar, rules: Rules) -> bool:
    """Is a reminder of `kind` for a task due on `due_on` due on `day`?"""
    if kind == DUE_SOON:
        return rules.before > 0 and day == cal.add_working_days(due_on, -rules.before)
    if kind == DUE_TODAY:
        # A deadline on a holiday is announced on the last working day before it.
        return day == last_working_day_on_or_before(cal, due_on)
    if day <= due_on or not cal.is_working_day(day):
        return False
    late = cal.working_days_between(due_on, day)  # 1 on the first working day after the deadline
    if kind == OVERDUE:
        return (late - 1) % rules.overdue_every == 0
    if kind == ESCALATE_HEAD:
        return late == rules.escalate_head
    if kind == ESCALATE_LEADER:
        return late == rules.escalate_leader
    raise ValueError(kind)


def window(last_swept: date | None, day: date, max_days: int = 31) -> list[date]:
    """The days a sweep for `day` answers for: those after the last sweep, at most `max_days`.

    The very first sweep answers for its own day only (no flood of history on installation).
    """
    if last_swept is None:
        return [day]
    start = day - timedelta(days=max_days - 1)
    if last_swept >= start:
        start = last_swept + timedelta(days=1)
    if start > day:
        start = day
    return [start + timedelta(days=i) for i in range((day - start).days + 1)]


def latest_due_day(kind: str, due_on: date, days: Iterable[date], cal: Calendar, rules: Rules) -> date | None:
    """The latest day in the window on which `kind` was due (the reminder's date), or None."""
    hits = [d for d in days if due_on_day(kind, due_on, d, cal, rules)]
    return max(hits) if hits else None


def task_reminders(due_on: date, days: list[date], cal: Calendar, rules: Rules) -> dict[str, date]:
    """kind -> for_date for every reminder a task owes in the window (at most one per kind)."""
    found = {}
    for kind in TASK_KINDS:
        hit = latest_due_day(kind, due_on, days, cal, rules)
        if hit is not None:
            found[kind] = hit
    # "Due soon" and "due today" are moot once the same window already says overdue.
    if OVERDUE in found or ESCALATE_HEAD in found or ESCALATE_LEADER in found:
        found.pop(DUE_SOON, None)
        found.pop(DUE_TODAY, None)
    if DUE_TODAY in found:
        found.pop(DUE_SOON, None)
    return found


def digest_day(days: list[date], rules: Rules) -> date | None:
    """The weekly digest's date if the window contains the digest weekday."""
    hits = [d for d in days if d.weekday() == rules.digest_weekday]
    return max(hits) if hits else None
