"""Reporting periods: pure table tests (Nghị định 09/2019 presets, start day 15)."""

from datetime import date

import pytest

from tracker.reports import periods


@pytest.mark.parametrize(("kind", "year", "number", "start", "end"), [
    ("month", 2024, 10, date(2024, 9, 15), date(2024, 10, 14)),
    ("month", 2024, 1, date(2023, 12, 15), date(2024, 1, 14)),
    ("month", 2024, 12, date(2024, 11, 15), date(2024, 12, 14)),
    ("quarter", 2024, 4, date(2024, 9, 15), date(2024, 12, 14)),
    ("quarter", 2024, 1, date(2023, 12, 15), date(2024, 3, 14)),
    ("half", 2024, 1, date(2023, 12, 15), date(2024, 6, 14)),
    ("half", 2024, 2, date(2024, 6, 15), date(2024, 12, 14)),
    ("year", 2024, 1, date(2023, 12, 15), date(2024, 12, 14)),
])
def test_presets(kind, year, number, start, end):
    period = periods.preset(kind, year, number)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(("kind", "number", "start", "end"), [
    ("month", 2, date(2024, 2, 1), date(2024, 2, 29)),
    ("quarter", 2, date(2024, 4, 1), date(2024, 6, 30)),
    ("year", 1, date(2024, 1, 1), date(2024, 12, 31)),
])
def test_calendar_periods_when_start_day_is_1(kind, number, start, end):
    period = periods.preset(kind, 2024, number, start_day=1)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(("day", "kind", "label", "start"), [
    (date(2024, 10, 14), "month", "Tháng 10/2024", date(2024, 9, 15)),
    (date(2024, 10, 15), "month", "Tháng 11/2024", date(2024, 10, 15)),
    (date(2024, 12, 20), "year", "Năm 2025", date(2024, 12, 15)),
    (date(2024, 12, 20), "quarter", "Quý I/2025", date(2024, 12, 15)),
    (date(2024, 6, 14), "half", "6 tháng đầu năm 2024", date(2023, 12, 15)),
])
def test_containing(day, kind, label, start):
    period = periods.containing(kind, day)
    assert (period.label, period.start) == (label, start)
    assert period.start <= day <= period.end


def test_bad_preset():
    with pytest.raises(ValueError):
        periods.preset("week", 2024, 1)
    with pytest.raises(ValueError):
        periods.preset("quarter", 2024, 5)


def test_month_label_matches_month_of():
    y, m = periods.month_of(date(2024, 9, 20))
    assert periods.month_label(y * 12 + m - 1) == "Tháng 10/2024"
