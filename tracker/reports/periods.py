"""Reporting periods (Nghị định 09/2019, DOMAIN.md "Counting"): pure date arithmetic, no Flask.

With the default start day 15, the reporting month of October runs 15/09–14/10; a start day of 1 gives
calendar months. Quarters, half-years and years are runs of reporting months.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

KINDS = {"month": "Tháng", "quarter": "Quý", "half": "6 tháng", "year": "Năm"}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str


def _clamp(start_day: int) -> int:
    # Day 29-31 does not exist in every month; the regulation's day is 15 anyway.
    return max(1, min(int(start_day), 28))


def _month_start(year: int, month: int, start_day: int) -> date:
    start_day = _clamp(start_day)
    if start_day == 1:
        return date(year, month, 1)
    year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return date(year, month, start_day)


def _span(year: int, first_month: int, last_month: int, start_day: int) -> tuple[date, date]:
    """From the start of reporting month `first_month` to the end of `last_month` (both of `year`)."""
    start = _month_start(year, first_month, start_day)
    next_year, next_month = (year + 1, 1) if last_month == 12 else (year, last_month + 1)
    return start, _month_start(next_year, next_month, start_day) - timedelta(days=1)


def month(year: int, number: int, start_day: int = 15) -> Period:
    return Period(*_span(year, number, number, start_day), f"Tháng {number}/{year}")


def quarter(year: int, number: int, start_day: int = 15) -> Period:
    return Period(*_span(year, 3 * number - 2, 3 * number, start_day), f"Quý {ROMAN[number]}/{year}")


def half(year: int, number: int, start_day: int = 15) -> Period:
    label = f"6 tháng đầu năm {year}" if number == 1 else f"6 tháng cuối năm {year}"
    return Period(*_span(year, 6 * number - 5, 6 * number, start_day), label)


def year(number: int, start_day: int = 15) -> Period:
    return Period(*_span(number, 1, 12, start_day), f"Năm {number}")


def month_of(day: date, start_day: int = 15) -> tuple[int, int]:
    """The (year, month) of the reporting month containing `day`."""
    y, m = day.year, day.month
    if _clamp(start_day) > 1 and day.day >= _clamp(start_day):
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return y, m


def preset(kind: str, year_number: int, number: int = 1, start_day: int = 15) -> Period:
    """A named preset; raises ValueError (Vietnamese message) for an unknown kind or number."""
    limits = {"month": 12, "quarter": 4, "half": 2, "year": 1}
    if kind not in limits:
        raise ValueError(f"Kỳ báo cáo không hợp lệ: {kind}.")
    if kind != "year" and not 1 <= number <= limits[kind]:
        raise ValueError(f"Số {KINDS[kind].lower()} không hợp lệ: {number}.")
    if kind == "year":
        return year(year_number, start_day)
    return {"month": month, "quarter": quarter, "half": half}[kind](year_number, number, start_day)


def containing(kind: str, day: date, start_day: int = 15) -> Period:
    """The period of `kind` that contains `day` (the default of the report form)."""
    y, m = month_of(day, start_day)
    number = {"month": m, "quarter": (m - 1) // 3 + 1, "half": (m - 1) // 6 + 1, "year": 1}[kind]
    return preset(kind, y, number, start_day)


def month_label(index: int) -> str:
    """Label of a month index (year * 12 + month - 1), the key the SQL month grouping produces."""
    return f"Tháng {index % 12 + 1}/{index // 12}"
