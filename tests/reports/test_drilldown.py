"""Every number of a report links to a task list of exactly that many tasks, also as of a past date."""

import re
from datetime import date

import pytest

from tests.conftest import login
from tracker.reports import params, queries

AS_OF = date(2024, 10, 25)
COLUMNS = {"total": {}, "done": {"tc": "done"}, "done_on_time": {"tc": "done_on_time"},
           "done_late": {"tc": "done_late"}, "open_within": {"tc": "open_within"},
           "open_overdue": {"tc": "open_overdue"}, "undated": {"tc": "undated"}, "not_done": {"tc": "not_done"}}


def _listed(client, args: dict) -> int:
    html = client.get("/tasks", query_string=args).get_data(as_text=True)
    return int(re.search(r"(\d+) nhiệm vụ", html).group(1))


@pytest.mark.parametrize("extra", [{}, {"field": "Kinh tế"}, {"period": "custom", "from": "2024-09-01", "to": "2024-10-01"}])
def test_each_number_matches_the_list_behind_it(client, story, session, extra):
    login(client, "vanphong")
    p = params.parse({"as_of": AS_OF.isoformat(), **extra}, AS_OF)
    report = queries.rollup(session, p.as_of, p.by, p.filters)
    assert report.rows, "the story must give rows"
    for row in [*report.rows, report.totals]:
        for column, link in COLUMNS.items():
            args = params.task_args(p, **link)
            if row is not report.totals:
                args["agency"] = row.key
            assert _listed(client, args) == getattr(row, column), (row.name, column, extra)
