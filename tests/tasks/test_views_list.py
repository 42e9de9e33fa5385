"""Task list: visibility, filters in SQL (diacritic-insensitive search, time class), paging."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.conftest import login
from tracker.tasks import services


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2024, 10, 5, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False):
        yield


@pytest.fixture
def tasks(world, make_agency, make_document, session):
    """Besides world's task (Sở Tài chính, due 15/10): an overdue one, a due-soon one, an undated one."""
    c = make_agency("Sở Y tế", order=3)
    make_document(world.office, [
        {"content": "Báo cáo Sở Tài chính về tiến độ giải ngân", "ref": "1", "lead_agency_ids": [world.b.id],
         "due_on": date(2024, 9, 30)},
        {"content": "Kiểm tra an toàn thực phẩm", "ref": "2", "lead_agency_ids": [c.id], "due_on": date(2024, 10, 8)},
        {"content": "Thường xuyên theo dõi dịch bệnh", "ref": "3", "lead_agency_ids": [c.id]},
    ], as_of=date(2024, 9, 1), number="99/TB-UBND")
    world.c = c
    return world


def titles(page: str) -> list[str]:
    return [t for t in ("chuyển đổi số", "giải ngân", "an toàn thực phẩm", "dịch bệnh") if t in page]


def test_agency_sees_only_its_lead_or_co_tasks(client, tasks):
    login(client, "stc")
    assert titles(client.get("/tasks").get_data(as_text=True)) == ["chuyển đổi số"]
    login(client, "sxd")  # lead of "giải ngân", co of world's task
    assert sorted(titles(client.get("/tasks").get_data(as_text=True))) == ["chuyển đổi số", "giải ngân"]


def test_staff_see_all_and_overdue_comes_first(client, tasks):
    login(client, "lanhdao")
    page = client.get("/tasks").get_data(as_text=True)
    assert titles(page) == ["chuyển đổi số", "giải ngân", "an toàn thực phẩm", "dịch bệnh"]
    assert page.index("giải ngân") < page.index("an toàn thực phẩm") < page.index("chuyển đổi số") < page.index(
        "dịch bệnh")


def test_search_ignores_diacritics(client, tasks):
    login(client, "vanphong")
    page = client.get("/tasks?q=so tai chinh").get_data(as_text=True)
    assert titles(page) == ["giải ngân"]
    assert titles(client.get("/tasks?q=CHUYỂN ĐỔI").get_data(as_text=True)) == ["chuyển đổi số"]
    assert titles(client.get("/tasks?q=100%").get_data(as_text=True)) == []


@pytest.mark.parametrize(("tc", "expected"), [
    ("open_overdue", ["giải ngân"]),
    ("due_soon", ["an toàn thực phẩm"]),
    ("open_within", ["chuyển đổi số", "an toàn thực phẩm"]),
    ("undated", ["dịch bệnh"]),
    ("done_on_time", []),
])
def test_time_class_filter(client, tasks, tc, expected):
    login(client, "vanphong")
    assert sorted(titles(client.get(f"/tasks?tc={tc}").get_data(as_text=True))) == sorted(expected)


def test_done_on_time_filter_and_status_filter(client, tasks, session):
    services.report_completion(session, tasks.officer_a, date(2024, 10, 3), tasks.task, "Xong")
    services.confirm(session, tasks.office, date(2024, 10, 4), tasks.task)
    session.commit()
    login(client, "vanphong")
    assert titles(client.get("/tasks?tc=done_on_time").get_data(as_text=True)) == ["chuyển đổi số"]
    assert titles(client.get("/tasks?status=done").get_data(as_text=True)) == ["chuyển đổi số"]
    assert "chuyển đổi số" not in client.get("/tasks?status=new").get_data(as_text=True)


def test_agency_due_range_and_document_filters(client, tasks):
    login(client, "vanphong")
    assert titles(client.get(f"/tasks?agency={tasks.c.id}").get_data(as_text=True)) == [
        "an toàn thực phẩm", "dịch bệnh"]
    assert titles(client.get("/tasks?due_from=01/10/2024&due_to=10/10/2024").get_data(as_text=True)) == [
        "an toàn thực phẩm"]
    assert titles(client.get(f"/tasks?document={tasks.doc.id}").get_data(as_text=True)) == ["chuyển đổi số"]
    bad = client.get("/tasks?due_from=31/02/2024")
    assert bad.status_code == 200 and "Ngày không hợp lệ" in bad.get_data(as_text=True)


def test_paging_has_sau_and_truoc_links(client, tasks, app, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_SIZE", 3)
    login(client, "vanphong")
    first = client.get("/tasks?q=").get_data(as_text=True)
    assert len(titles(first)) == 3 and ">Sau</a>" in first and ">Trước</a>" not in first
    import re

    link = re.search(r'href="([^"]+)" rel="next">Sau</a>', first).group(1).replace("&amp;", "&")
    second = client.get(link).get_data(as_text=True)
    assert titles(second) == ["dịch bệnh"] and ">Trước</a>" in second and ">Sau</a>" not in second
    filtered = client.get(f"/tasks?agency={tasks.c.id}").get_data(as_text=True)
    assert ">Sau</a>" not in filtered


def test_list_query_count_does_not_grow_with_rows(client, tasks, make_document, app):
    """No N+1: the page costs the same number of statements for 4 tasks as for 24."""
    from sqlalchemy import event

    from tracker.extensions import db

    login(client, "vanphong")
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    def measure() -> int:
        client.get("/tasks")  # warm-up: the user row, expired by the commits, is loaded once
        statements.clear()
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert client.get("/tasks").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(statements)

    few = measure()
    agencies = [tasks.a.id, tasks.b.id, tasks.c.id]
    make_document(tasks.office, [{"content": f"Nhiệm vụ {i}", "lead_agency_ids": [agencies[i % 3]],
                                  "co_agency_ids": [agencies[(i + 1) % 3]], "due_on": date(2024, 11, i + 1)}
                                 for i in range(20)])
    assert measure() == few
