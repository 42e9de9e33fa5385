"""An export as of a date shows each task's result as it stood then, from the agency that led it then:
never a later lead agency's report, never a report the office returned."""

from __future__ import annotations

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine

from tests.conftest import login
from tracker.tasks import services

A_TEXT, B_TEXT = "Báo cáo riêng của Sở Tài chính", "Kết quả nội bộ của Sở Xây dựng"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2024, 11, 5, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False):
        yield


@pytest.fixture
def moved(world, make_document, session):
    """A's report (10/10) is returned (11/10); the task moves to B (20/10), B reports (25/10), confirmed."""
    doc = make_document(world.office, [{"content": "Rà soát hạ tầng số", "lead_agency_ids": [world.a.id],
                                        "due_on": date(2024, 12, 31)}], as_of=date(2024, 10, 1))
    task = doc.tasks[0]
    services.report_completion(session, world.officer_a, date(2024, 10, 10), task, A_TEXT, "5/BC-STC",
                               date(2024, 10, 10))
    services.return_report(session, world.office, date(2024, 10, 11), task, "Thiếu số liệu")
    services.reassign(session, world.office, date(2024, 10, 20), task, world.b)
    services.report_completion(session, world.officer_b, date(2024, 10, 25), task, B_TEXT, "9/BC-SXD",
                               date(2024, 10, 25))
    services.confirm(session, world.office, date(2024, 10, 26), task)
    session.commit()
    world.moved = task
    return world


def _xlsx_text(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return "\n".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row
                     if c.value is not None)


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _export(client, fmt: str, as_of: str) -> str:
    response = client.get(f"/reports/export.{fmt}", query_string={"as_of": as_of})
    assert response.status_code == 200
    return (_xlsx_text if fmt == "xlsx" else _docx_text)(response.data)


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_former_lead_sees_neither_the_new_leads_text_nor_its_returned_report(client, moved, fmt):
    login(client, "stc")
    text = _export(client, fmt, "15/10/2024")
    assert "Rà soát hạ tầng số" in text  # A led it on 15/10: the task is in A's export
    assert B_TEXT not in text and "9/BC-SXD" not in text  # B's later report is not A's to see
    assert A_TEXT not in text and "5/BC-STC" not in text  # returned on 11/10: not a result


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_a_report_shows_while_it_stands_and_the_accepted_one_later(client, moved, fmt):
    login(client, "stc")
    assert A_TEXT in _export(client, fmt, "10/10/2024")  # reported, not yet returned
    login(client, "vanphong")
    later = _export(client, fmt, "01/11/2024")
    assert B_TEXT in later and A_TEXT not in later
    before_b = _export(client, fmt, "22/10/2024")
    assert B_TEXT not in before_b and A_TEXT not in before_b
