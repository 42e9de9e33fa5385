"""The task list's time-class filter, its paging and its count agree with the Python rule on every date.

The list no longer evaluates the time class of every visible task: each class is a union of disjoint,
index-friendly parts (deadline unchanged since D / changed after D). These tests hold the parts to the rule.
"""

from datetime import timedelta

import pytest

from tests.tasks.test_sql_twin import DATES
from tracker.tasks import queries
from tracker.tasks.deadlines import TimeClass

CLASSES = sorted(queries.TC_FILTERS)


def _expected(story, user_sees, tc, as_of, soon):
    wanted = set(queries.TC_GROUPS.get(tc, [tc]))
    out = []
    for task in story.all_tasks:
        value = task.time_class(as_of, soon)
        if user_sees(task) and value.value in wanted:
            rank = 0 if value is TimeClass.OPEN_OVERDUE else 2 if task.status in ("done", "withdrawn") else 1
            out.append((rank, task.due_on is None, task.due_on or as_of, task.id))
    return [key[-1] for key in sorted(out)]


@pytest.mark.parametrize("as_of", DATES)
def test_every_class_lists_and_counts_as_the_rule(story, session, as_of):
    soon = as_of + timedelta(days=4)
    for tc in CLASSES:
        f = queries.TaskFilters(tc=tc, as_of=as_of)
        expected = _expected(story, lambda t: True, tc, as_of, soon)
        page = queries.task_list(session, story.office, f, as_of, soon, 100)
        assert [t.id for t, _ in page.rows] == expected, (tc, as_of)
        assert page.total == len(expected) == queries.count_tasks(
            session, queries.filtered_tasks(story.office, f, as_of), tc, as_of, soon), (tc, as_of)
        assert all(value in queries.TC_GROUPS.get(tc, [tc]) for _, value in page.rows)


@pytest.mark.parametrize("as_of", [DATES[0], DATES[4], DATES[-1]])
def test_an_agency_sees_its_own_lead_and_co_tasks_by_class(story, session, as_of):
    soon = as_of + timedelta(days=4)
    agency = story.officer_a.agency_id
    for tc in CLASSES:
        f = queries.TaskFilters(tc=tc, as_of=as_of)
        expected = _expected(story, lambda t: t.lead_agency_id == agency or agency in [a.id for a in t.co_agencies],
                             tc, as_of, soon)
        page = queries.task_list(session, story.officer_a, f, as_of, soon, 100)
        assert [t.id for t, _ in page.rows] == expected, (tc, as_of)
        assert page.total == len(expected)


def test_pages_cut_the_same_order(story, session):
    as_of = DATES[4]
    soon = as_of + timedelta(days=4)
    f = queries.TaskFilters(tc="not_counted", as_of=as_of)
    whole = [t.id for t, _ in queries.task_list(session, story.office, f, as_of, soon, 100).rows]
    assert len(whole) >= 3
    seen = []
    for number in range(1, len(whole) + 1):
        f.page = number
        page = queries.task_list(session, story.office, f, as_of, soon, 1)
        seen += [t.id for t, _ in page.rows]
        assert page.has_next == (number < len(whole))
    assert seen == whole


def test_unfiltered_list_keeps_overdue_first_then_open_then_done(story, session):
    as_of = DATES[-1]
    soon = as_of + timedelta(days=4)
    page = queries.task_list(session, story.office, queries.TaskFilters(), as_of, soon, 100)
    ranks = [0 if v == "open_overdue" else 2 if t.status in ("done", "withdrawn") else 1 for t, v in page.rows]
    assert ranks == sorted(ranks) and len(page.rows) == page.total == len(story.all_tasks)


def test_field_filter_with_a_class(story, session):
    as_of = DATES[-1]
    soon = as_of + timedelta(days=4)
    f = queries.TaskFilters(tc="done", as_of=as_of, report={"field": "Kinh tế"})
    expected = _expected(story, lambda t: t.field == "Kinh tế", "done", as_of, soon)
    page = queries.task_list(session, story.office, f, as_of, soon, 100)
    assert [t.id for t, _ in page.rows] == expected and expected


def test_count_for_the_api_finds_the_due_soon_window_itself(story, session):
    """count_tasks without soon_until reads the working calendar, as the list does."""
    as_of = DATES[2]  # 10/10/2024: the story's deadline 15/10 is 3 working days on
    soon = queries.soon_until_for(session, as_of)
    query = queries.filtered_tasks(story.office, queries.TaskFilters(), as_of)
    assert _expected(story, lambda t: True, "due_soon", as_of, soon)
    for tc in ("due_soon", "open_within", "open_overdue"):
        assert queries.count_tasks(session, query, tc, as_of) == len(_expected(story, lambda t: True, tc, as_of, soon))
    assert session.scalar(queries.filtered_tasks(story.office, queries.TaskFilters(), as_of).with_only_columns(
        queries.func.count()).where(queries.time_class_where("due_soon", as_of))) == 0
