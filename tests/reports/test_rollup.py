"""Roll-ups: SQL counts agree with the Python rule, add up, and are reproducible as of a past date."""

from datetime import date, timedelta

import pytest

from tracker.reports import queries
from tracker.tasks import services
from tracker.tasks.deadlines import TimeClass, bucket_counts

DATES = [date(2024, 9, 30), date(2024, 10, 1), date(2024, 10, 10), date(2024, 10, 15), date(2024, 10, 16),
         date(2024, 10, 21), date(2024, 11, 6), date(2024, 11, 20), date(2024, 12, 1), date(2025, 1, 1)]


def python_counts(tasks, as_of, agency_id=None):
    return bucket_counts(t.time_class(as_of).value for t in tasks
                         if agency_id is None or t.lead_agency_id == agency_id)


@pytest.mark.parametrize("as_of", DATES)
def test_rollup_agrees_with_python_rule(story, session, as_of):
    report = queries.rollup(session, as_of, "agency")
    for agency in (story.a, story.b, story.c):
        row = next((r for r in report.rows if r.key == agency.id), None)
        expected = python_counts(story.all_tasks, as_of, agency.id)
        got = {k: getattr(row, k) for k in expected} if row else dict.fromkeys(expected, 0)
        assert got == expected, (agency.name, as_of)


@pytest.mark.parametrize("as_of", DATES)
def test_both_shapes_of_the_rollup_count_alike(story, session, as_of):
    """The parallel shape (PostgreSQL's) and the nested-loop shape (SQLite's) run on either database."""
    soon = as_of + timedelta(days=4)
    counts = [sorted(session.execute(queries.rollup_statement(as_of, by, queries.Filters(), soon, parallel=p)).all(),
                     key=str)
              for by in ("agency", "month") for p in (False, True)]
    assert counts[0] == counts[1] and counts[2] == counts[3]
    assert sum(row.total for row in counts[0]) == sum(python_counts(story.all_tasks, as_of).values())


@pytest.mark.parametrize("as_of", DATES)
@pytest.mark.parametrize("by", list(queries.GROUPS))
def test_totals_are_sum_of_rows_and_buckets_add_up(story, session, as_of, by):
    report = queries.rollup(session, as_of, by)
    for key in queries.COUNTS:
        assert getattr(report.totals, key) == sum(getattr(r, key) for r in report.rows)
    for row in [*report.rows, report.totals]:
        assert row.done_on_time + row.done_late + row.open_within + row.open_overdue + row.undated == row.total
        assert row.done + row.not_done == row.total
    assert report.totals.total == sum(python_counts(story.all_tasks, as_of).values())


def test_known_figures_on_first_of_december(story, session):
    report = queries.rollup(session, date(2024, 12, 1), "agency")
    a, b, c = (next(r for r in report.rows if r.key == x.id) for x in (story.a, story.b, story.c))
    assert [r.name for r in report.rows] == ["Sở Tài chính", "Sở Xây dựng", "UBND phường Ba Đình"]
    # A: world task + T0 overdue, T1 on time, T2 late, T9 overdue, T11 within (due 01/12); series not counted.
    assert (a.total, a.done_on_time, a.done_late, a.open_within, a.open_overdue, a.undated) == (6, 1, 1, 1, 3, 0)
    assert (b.total, b.done_on_time, b.done_late, b.undated) == (4, 2, 1, 1)
    assert (c.total, c.open_overdue, c.undated) == (2, 1, 1)
    assert a.completion_rate == 40.0 and a.late_share == 50.0
    t = report.totals
    assert (t.total, t.done, t.open_overdue) == (12, 5, 4)
    assert t.completion_rate == round(100 * 5 / 9, 1)


def test_group_names(story, session):
    as_of = date(2024, 12, 1)
    by_doc = queries.rollup(session, as_of, "document")
    assert [r.name.split(" – ")[0] for r in by_doc.rows] == ["156/TB-UBND", "88/CV-VPCP"] or \
        "88/CV-VPCP" in by_doc.rows[-1].name
    by_leader = {r.name: r.total for r in queries.rollup(session, as_of, "leader").rows}
    assert by_leader["Phó Chủ tịch Hai"] == 2
    by_field = {r.name: r.total for r in queries.rollup(session, as_of, "field").rows}
    assert by_field == {"Kinh tế": 3, queries.NO_FIELD: 9}
    by_month = {r.name: r.total for r in queries.rollup(session, as_of, "month").rows}
    # 01/10 belongs to reporting month 10 (15/09-14/10); 05/11 to month 11 (15/10-14/11).
    assert by_month == {"Tháng 10/2024": 10, "Tháng 11/2024": 2}


def test_filters(story, session):
    as_of = date(2024, 12, 1)
    gov = queries.rollup(session, as_of, "agency", queries.Filters(source="government")).totals
    assert (gov.total, gov.open_within, gov.undated) == (2, 1, 1)
    key = queries.rollup(session, as_of, "agency", queries.Filters(key_only=True)).totals
    assert (key.total, key.open_overdue) == (1, 1)
    kind = queries.rollup(session, as_of, "agency", queries.Filters(doc_kind="cong_van")).totals
    assert kind.total == 2
    own = queries.rollup(session, as_of, "agency", queries.Filters(agency_id=story.c.id))
    assert [r.key for r in own.rows] == [story.c.id]
    period = queries.Filters(date_from=date(2024, 10, 15), date_to=date(2024, 11, 14))
    assert queries.rollup(session, as_of, "agency", period).totals.total == 2


def test_as_of_is_reproducible_after_later_changes(story, session):
    """Counts as of D stay what they were on D while the tasks keep changing afterwards."""
    d = date(2024, 10, 16)
    before = {by: queries.rollup(session, d, by).as_json() for by in queries.GROUPS}
    t, w = story.tasks, story
    services.report_completion(session, w.officer_a, date(2024, 12, 2), t[0], "Muộn")
    services.confirm(session, w.office, date(2024, 12, 3), t[0])
    ext = services.request_extension(session, w.officer_a, date(2024, 11, 1), t[9], date(2025, 1, 31), "Thêm")
    services.decide_extension(session, w.leader, date(2024, 11, 2), ext, True)
    services.withdraw(session, w.leader, date(2024, 12, 5), t[8], "Đã lồng ghép")
    services.confirm(session, w.office, date(2024, 12, 6), t[7])
    services.edit_task(session, w.office, date(2024, 12, 7), t[11], {"due_on": date(2024, 10, 1)})
    session.commit()
    after = {by: queries.rollup(session, d, by).as_json() for by in queries.GROUPS}
    assert after == before
    # ... while a later date sees the changes.
    late = queries.rollup(session, date(2024, 12, 10), "agency").totals
    assert late.total == 11 and late.done_late >= 3


def test_due_soon_is_part_of_open_within(story, session):
    as_of = date(2024, 11, 18)
    report = queries.rollup(session, as_of, "agency", soon_until=as_of + timedelta(days=3))
    a = next(r for r in report.rows if r.key == story.a.id)
    assert a.due_soon == 1  # T9, due 20/11
    assert a.open_within >= a.due_soon


def test_overdue_page_sorted_by_days(story, session):
    as_of = date(2024, 12, 1)
    items = queries.overdue_page(session, as_of, queries.Filters())
    assert [i["task"].content for i in items][-1] == "T9 trọng tâm"
    assert items[0]["days"] == 47 and items[-1]["days"] == 11
    assert all(i["task"].time_class(as_of) is TimeClass.OPEN_OVERDUE for i in items)
    assert len(items) == queries.rollup(session, as_of).totals.open_overdue


def test_monthly_trend(story, session):
    trend = queries.monthly_trend(session, date(2024, 12, 1), queries.Filters(), months=3)
    assert [m["label"] for m in trend] == ["Tháng 10/2024", "Tháng 11/2024", "Tháng 12/2024"]
    assert [m["assigned"] for m in trend] == [10, 2, 0]
    # Done in reporting month 11 (15/10-14/11): T1, T3 on time; T2 (19/10), T4 late.
    assert (trend[1]["done_on_time"], trend[1]["done_late"]) == (2, 2)


@pytest.mark.parametrize("as_of", DATES)
def test_overdue_list_matches_rule_at_every_date(story, session, as_of):
    """Covers never-confirmed, confirmed-after-D and re-dated-after-D tasks (the three SQL parts)."""
    items = queries.overdue_page(session, as_of, queries.Filters(), per_page=100)
    expected = {t.id for t in story.all_tasks if t.time_class(as_of) is TimeClass.OPEN_OVERDUE}
    assert {i["task"].id for i in items} == expected
    days = [i["days"] for i in items]
    assert days == sorted(days, reverse=True) and all(d > 0 for d in days)


def test_overdue_paging(story, session):
    as_of = date(2024, 10, 16)
    first = queries.overdue_page(session, as_of, queries.Filters(), page=1, per_page=4)
    second = queries.overdue_page(session, as_of, queries.Filters(), page=2, per_page=4)
    assert len(first) == 4 and len(second) == 2
    assert not {i["task"].id for i in first} & {i["task"].id for i in second}
