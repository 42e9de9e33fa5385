"""Vietnamese working-day calendar: weekends, Labour-Code holidays, admin-entered swaps."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _statutory(year: int) -> frozenset[date]:
    # The `holidays` package knows Tết and Giỗ Tổ (lunar) and weekend compensation days.
    return frozenset(holidays.country_holidays("VN", years=year).keys())


@dataclass(frozen=True)
class Calendar:
    """Statutory holidays plus the yearly overrides an admin keeps in the database."""

    extra_days_off: frozenset[date] = field(default_factory=frozenset)
    extra_working_days: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def of(cls, days_off: Iterable[date] = (), working_days: Iterable[date] = ()) -> Calendar:
        return cls(frozenset(days_off), frozenset(working_days))

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_working_days:
            return True
        if day in self.extra_days_off or day in _statutory(day.year):
            return False
        return day.weekday() < 5

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start` (n may be negative); n=0 gives `start` itself."""
        step = 1 if n >= 0 else -1
        day, left = start, abs(n)
        while left:
            day += timedelta(days=step)
            if self.is_working_day(day):
                left -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(1 for i in range(1, (end - start).days + 1) if self.is_working_day(start + timedelta(days=i)))


DEFAULT_CALENDAR = Calendar()


def statutory_names(year: int) -> dict[date, str]:
    """The statutory holidays of `year` with their Vietnamese names (for the admin calendar page)."""
    return dict(holidays.country_holidays("VN", years=year, language="vi"))
