"""The report query string: presets, free dates, validation (pure, no app)."""

from datetime import date

import pytest

from tracker.reports import params

TODAY = date(2024, 12, 1)


@pytest.mark.parametrize(("args", "start", "end", "label"), [
    ({}, None, TODAY, ""),
    ({"period": "month", "year": "2024", "number": "10"}, date(2024, 9, 15), date(2024, 10, 14), "Tháng 10/2024"),
    ({"period": "quarter", "year": "2024", "number": "4"}, date(2024, 9, 15), TODAY, "Quý IV/2024"),
    ({"period": "half", "year": "2024", "number": "1"}, date(2023, 12, 15), date(2024, 6, 14), "6 tháng đầu năm 2024"),
    ({"period": "year"}, date(2023, 12, 15), TODAY, "Năm 2024"),  # 01/12 is still in year 2024
    ({"period": "custom", "from": "01/10/2024", "to": "2024-10-31"}, date(2024, 10, 1), date(2024, 10, 31),
     "Tùy chọn"),
])
def test_periods(args, start, end, label):
    p = params.parse(args, TODAY)
    assert (p.filters.date_from, p.filters.date_to, p.label) == (start, end, label)


def test_as_of_and_filters():
    p = params.parse({"as_of": "15/10/2024", "by": "leader", "leader": "3", "key": "1", "source": "government",
                      "view": "two", "field": " Kinh tế "}, TODAY)
    assert p.as_of == date(2024, 10, 15) and p.by == "leader" and p.two_buckets
    f = p.filters
    assert (f.leader_id, f.key_only, f.source, f.field, f.date_to) == (3, True, "government", "Kinh tế", p.as_of)
    assert params.query_args(p)["as_of"] == "2024-10-15"
    assert params.task_args(p, tc="open_overdue") == {"as_of": "2024-10-15", "field": "Kinh tế", "leader": 3,
                                                       "key": "1", "source": "government", "tc": "open_overdue"}


@pytest.mark.parametrize("args", [
    {"as_of": "31/02/2024"}, {"by": "week"}, {"period": "decade"}, {"leader": "abc"},
    {"period": "custom", "from": "2024-12-01", "to": "2024-11-01"}, {"period": "month", "number": "13"},
])
def test_bad_input(args):
    with pytest.raises(ValueError):
        params.parse(args, TODAY)
