"""Reminder schedule rules as tables: working-day aware, catch-up windows, Tết in the middle."""

from datetime import date

import pytest

from tracker.core.workdays import Calendar
from tracker.notifications import reminders as r

CAL = Calendar()
RULES = r.Rules()  # 3 before, every 3, head after 5, leader after 10


@pytest.mark.parametrize(("kind", "due", "day", "expected"), [
    (r.DUE_SOON, date(2024, 10, 15), date(2024, 10, 10), True),   # Tue due: Thu before (3 working days)
    (r.DUE_SOON, date(2024, 10, 15), date(2024, 10, 11), False),
    (r.DUE_TODAY, date(2024, 10, 15), date(2024, 10, 15), True),
    (r.DUE_TODAY, date(2024, 10, 19), date(2024, 10, 18), True),  # due on a Saturday: told on Friday
    (r.OVERDUE, date(2024, 10, 15), date(2024, 10, 16), True),
    (r.OVERDUE, date(2024, 10, 15), date(2024, 10, 17), False),
    (r.OVERDUE, date(2024, 10, 15), date(2024, 10, 21), True),    # 4th working day late (weekend skipped)
    (r.OVERDUE, date(2024, 10, 15), date(2024, 10, 19), False),   # never on a Saturday
    (r.ESCALATE_HEAD, date(2024, 10, 15), date(2024, 10, 22), True),
    (r.ESCALATE_LEADER, date(2024, 10, 15), date(2024, 10, 29), True),
    (r.ESCALATE_LEADER, date(2024, 10, 15), date(2024, 10, 30), False),
    # Around Tết 2025: due Fri 24/01; first overdue working day is Mon 03/02.
    (r.OVERDUE, date(2025, 1, 24), date(2025, 1, 27), False),
    (r.OVERDUE, date(2025, 1, 24), date(2025, 2, 3), True),
    (r.OVERDUE, date(2025, 1, 24), date(2025, 2, 6), True),
    (r.ESCALATE_HEAD, date(2025, 1, 24), date(2025, 2, 7), True),
    (r.DUE_SOON, date(2025, 2, 5), date(2025, 1, 24), True),     # 3 working days before 05/02 is 24/01
])
def test_due_on_day(kind, due, day, expected):
    assert r.due_on_day(kind, due, day, CAL, RULES) is expected


def test_window_first_run_only_today_and_catch_up_bounded():
    assert r.window(None, date(2024, 10, 16)) == [date(2024, 10, 16)]
    assert r.window(date(2024, 10, 14), date(2024, 10, 16)) == [date(2024, 10, 15), date(2024, 10, 16)]
    assert r.window(date(2024, 10, 16), date(2024, 10, 16)) == [date(2024, 10, 16)]
    assert len(r.window(date(2023, 1, 1), date(2024, 10, 16))) == 31


def test_catch_up_gives_one_reminder_per_kind():
    days = r.window(date(2024, 10, 14), date(2024, 10, 30))
    assert r.task_reminders(date(2024, 10, 15), days, CAL, RULES) == {
        r.OVERDUE: date(2024, 10, 29), r.ESCALATE_HEAD: date(2024, 10, 22), r.ESCALATE_LEADER: date(2024, 10, 29)}


def test_due_today_supersedes_due_soon_in_one_window():
    days = r.window(date(2024, 10, 9), date(2024, 10, 15))
    assert r.task_reminders(date(2024, 10, 15), days, CAL, RULES) == {r.DUE_TODAY: date(2024, 10, 15)}


def test_settings_change_the_schedule():
    rules = r.Rules.from_config({"REMIND_BEFORE_WORKING_DAYS": 1, "OVERDUE_REMIND_EVERY_WORKING_DAYS": 1})
    assert r.due_on_day(r.DUE_SOON, date(2024, 10, 15), date(2024, 10, 14), CAL, rules)
    assert r.due_on_day(r.OVERDUE, date(2024, 10, 15), date(2024, 10, 17), CAL, rules)


def test_digest_day():
    assert r.digest_day(r.window(date(2024, 10, 18), date(2024, 10, 22)), RULES) == date(2024, 10, 21)
    assert r.digest_day([date(2024, 10, 22)], RULES) is None
