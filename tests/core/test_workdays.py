"""Vietnamese working days: weekends, Tết 2025 (25/01–02/02 off), Giỗ Tổ, admin overrides."""

from datetime import date

import pytest

from tracker.core.calendar import load_calendar
from tracker.core.workdays import Calendar, statutory_names

CAL = Calendar()


@pytest.mark.parametrize("day", [date(2025, 1, d) for d in range(25, 32)] + [date(2025, 2, 1), date(2025, 2, 2)])
def test_tet_2025_is_off(day):
    assert not CAL.is_working_day(day)


@pytest.mark.parametrize(("day", "working"), [
    (date(2025, 1, 24), True),   # Friday before Tết
    (date(2025, 2, 3), True),    # first day back
    (date(2025, 4, 7), False),   # Giỗ Tổ Hùng Vương (10/3 lunar)
    (date(2025, 4, 30), False), (date(2025, 5, 1), False), (date(2025, 5, 2), False),
    (date(2025, 9, 1), False), (date(2025, 9, 2), False),
    (date(2025, 1, 1), False), (date(2025, 3, 8), False),  # a Saturday
])
def test_statutory_days(day, working):
    assert CAL.is_working_day(day) is working


def test_counting_across_tet():
    # Friday 24/01/2025 + 1 working day jumps the whole Tết break to Monday 03/02/2025.
    assert CAL.add_working_days(date(2025, 1, 24), 1) == date(2025, 2, 3)
    assert CAL.add_working_days(date(2025, 2, 3), -1) == date(2025, 1, 24)
    assert CAL.working_days_between(date(2025, 1, 20), date(2025, 2, 7)) == 9
    assert CAL.add_working_days(date(2025, 1, 22), 3) == date(2025, 2, 3)


def test_overrides_make_up_saturday_and_extra_day_off():
    cal = Calendar.of(days_off=[date(2025, 2, 3)], working_days=[date(2025, 4, 26)])
    assert cal.is_working_day(date(2025, 4, 26))  # make-up Saturday
    assert not cal.is_working_day(date(2025, 2, 3))
    assert cal.add_working_days(date(2025, 1, 24), 1) == date(2025, 2, 4)


def test_statutory_names_are_vietnamese():
    names = statutory_names(2025)
    assert names[date(2025, 4, 7)] == "Ngày Giỗ Tổ Hùng Vương"
    assert "Tết" in names[date(2025, 1, 29)]


def test_load_calendar_reads_admin_rows(session):
    from tracker.core.models import CalendarDay

    session.add_all([CalendarDay(day=date(2025, 4, 26), working=True, note="Làm bù"),
                     CalendarDay(day=date(2025, 12, 31), working=False, note="Nghỉ thêm")])
    session.flush()
    cal = load_calendar(session)
    assert cal.is_working_day(date(2025, 4, 26)) and not cal.is_working_day(date(2025, 12, 31))
