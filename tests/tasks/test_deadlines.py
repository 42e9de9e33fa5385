"""The time-class rule as a table: every state × date position, and the day boundary at local midnight."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tracker.core import clock
from tracker.tasks.deadlines import (
    DeadlineChange,
    TimeClass,
    bucket_counts,
    completion_rate,
    days_overdue,
    due_as_of,
    is_counted,
    judging_due,
    time_class,
)

TC = TimeClass
DUE = date(2024, 5, 15)
BEFORE, ON, AFTER = date(2024, 5, 10), DUE, date(2024, 5, 16)
SOON = date(2024, 5, 15)  # due-soon horizon used below: tasks due by the 15th are "sắp đến hạn" from the 10th


def tc(as_of, due=DUE, reported=None, confirmed=None, judged=DUE, soon=None):
    return time_class(as_of=as_of, due_on=due, reported_on=reported, confirmed_on=confirmed,
                      judged_due_on=judged if confirmed else None, soon_until=soon)


# (state, reported_on, confirmed_on) — returned/declined/new/in-progress carry no accepted report.
STATES = {
    "new": (None, None),
    "in_progress": (None, None),
    "returned": (None, None),
    "declined": (None, None),
    "reported_on_time": (date(2024, 5, 14), None),
    "reported_late": (date(2024, 5, 20), None),
    "done_on_time": (date(2024, 5, 14), date(2024, 5, 16)),
    "done_on_due_date": (DUE, date(2024, 5, 20)),
    "done_late": (date(2024, 5, 20), date(2024, 5, 21)),
}
AS_OF = {"before": BEFORE, "on_due": ON, "after_due": AFTER, "much_later": date(2024, 6, 30)}
EXPECTED = {
    # state:            before        on_due        after_due        much_later
    "new":              (TC.OPEN_WITHIN, TC.OPEN_WITHIN, TC.OPEN_OVERDUE, TC.OPEN_OVERDUE),
    "in_progress":      (TC.OPEN_WITHIN, TC.OPEN_WITHIN, TC.OPEN_OVERDUE, TC.OPEN_OVERDUE),
    "returned":         (TC.OPEN_WITHIN, TC.OPEN_WITHIN, TC.OPEN_OVERDUE, TC.OPEN_OVERDUE),
    "declined":         (TC.OPEN_WITHIN, TC.OPEN_WITHIN, TC.OPEN_OVERDUE, TC.OPEN_OVERDUE),
    # A report waiting for confirmation is not done: the clock keeps running.
    "reported_on_time": (TC.OPEN_WITHIN, TC.OPEN_WITHIN, TC.OPEN_OVERDUE, TC.OPEN_OVERDUE),
    "reported_late":    (TC.OPEN_WITHIN, TC.OPEN_WITHIN, TC.OPEN_OVERDUE, TC.OPEN_OVERDUE),
    # Confirmed after the deadline but reported before it: on time, once confirmed.
    "done_on_time":     (TC.OPEN_WITHIN, TC.OPEN_WITHIN, TC.DONE_ON_TIME, TC.DONE_ON_TIME),
    "done_on_due_date": (TC.OPEN_WITHIN, TC.OPEN_WITHIN, TC.OPEN_OVERDUE, TC.DONE_ON_TIME),
    "done_late":        (TC.OPEN_WITHIN, TC.OPEN_WITHIN, TC.OPEN_OVERDUE, TC.DONE_LATE),
}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("position", AS_OF)
def test_time_class_table(state, position):
    reported, confirmed = STATES[state]
    expected = EXPECTED[state][list(AS_OF).index(position)]
    assert tc(AS_OF[position], reported=reported, confirmed=confirmed) == expected


@pytest.mark.parametrize(("as_of", "expected"), [
    (date(2024, 5, 9), TC.OPEN_WITHIN),
    (date(2024, 5, 10), TC.DUE_SOON),
    (DUE, TC.DUE_SOON),
    (AFTER, TC.OPEN_OVERDUE),
])
def test_due_soon_is_a_part_of_within_deadline(as_of, expected):
    soon = SOON if as_of >= date(2024, 5, 10) else date(2024, 5, 14)
    result = tc(as_of, soon=soon)
    assert result == expected
    if result is TC.DUE_SOON:
        assert result.bucket is TC.OPEN_WITHIN


@pytest.mark.parametrize("as_of", [BEFORE, AFTER, date(2030, 1, 1)])
def test_undated_is_never_overdue_and_done_once_confirmed(as_of):
    assert tc(as_of, due=None) == TC.UNDATED
    assert time_class(as_of=as_of, due_on=None, reported_on=BEFORE, confirmed_on=BEFORE, judged_due_on=None) \
        == TC.DONE_ON_TIME


def test_extension_history_gives_the_deadline_in_force_on_each_date():
    history = [DeadlineChange(date(2024, 1, 1), DUE), DeadlineChange(date(2024, 5, 10), date(2024, 6, 30))]
    assert due_as_of(history, date(2024, 5, 9)) == DUE
    assert due_as_of(history, date(2024, 5, 10)) == date(2024, 6, 30)
    assert judging_due(history, date(2024, 6, 1), late_grant_counts=False) == date(2024, 6, 30)
    assert judging_due(history, date(2024, 5, 9), late_grant_counts=False) == DUE


def test_extension_granted_after_the_deadline_does_not_erase_lateness_by_default():
    history = [DeadlineChange(date(2024, 1, 1), DUE), DeadlineChange(date(2024, 5, 20), date(2024, 6, 30), True)]
    assert judging_due(history, date(2024, 6, 1), late_grant_counts=False) == DUE
    assert judging_due(history, date(2024, 6, 1), late_grant_counts=True) == date(2024, 6, 30)
    # While open, the granted deadline is the one in force: not overdue any more.
    assert tc(date(2024, 6, 1), due=due_as_of(history, date(2024, 6, 1))) == TC.OPEN_WITHIN


@pytest.mark.parametrize(("assigned", "withdrawn", "series", "counted"), [
    (date(2024, 5, 1), None, False, True),
    (date(2024, 5, 11), None, False, False),  # assigned after the as-of date
    (date(2024, 5, 1), date(2024, 5, 10), False, False),  # withdrawn on the as-of date
    (date(2024, 5, 1), date(2024, 5, 11), False, True),  # withdrawn later: still counted as of the 10th
    (date(2024, 5, 1), None, True, False),  # a periodic series counts through its occurrences
])
def test_counted(assigned, withdrawn, series, counted):
    assert is_counted(as_of=BEFORE, assigned_on=assigned, withdrawn_on=withdrawn, is_series=series) is counted


def test_buckets_add_up_and_rate_is_done_over_due():
    values = [TC.DONE_ON_TIME] * 14 + [TC.DONE_LATE] * 2 + [TC.OPEN_WITHIN] * 5 + [TC.DUE_SOON] + [TC.OPEN_OVERDUE] * 3 + [TC.UNDATED]
    counts = bucket_counts(v.value for v in values)
    assert counts == {"done_on_time": 14, "done_late": 2, "open_within": 6, "open_overdue": 3, "undated": 1}
    assert sum(counts.values()) == len(values)
    assert completion_rate(2501, 222) == 91.8  # Government Office 2016: 2,501 / 2,723
    assert completion_rate(0, 0) is None
    assert days_overdue(DUE, date(2024, 5, 25)) == 10 and days_overdue(DUE, BEFORE) == 0


VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(("moment", "expected"), [
    (datetime(2024, 5, 15, 23, 59, 59, tzinfo=VN), TC.OPEN_WITHIN),  # last second of the due date, local
    (datetime(2024, 5, 16, 0, 0, 1, tzinfo=VN), TC.OPEN_OVERDUE),  # still the 15th in UTC (17:00)
])
def test_day_boundary_is_local_midnight(moment, expected):
    with time_machine.travel(moment, tick=False):
        assert tc(clock.today()) == expected
