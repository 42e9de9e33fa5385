"""The .xlsx and .docx exports read back with openpyxl and python-docx."""

from datetime import date, datetime
from io import BytesIO

import pytest
from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.shared import Mm
from openpyxl import load_workbook

from tracker.reports import exports, queries

AS_OF = date(2024, 12, 1)


@pytest.fixture
def report(story, session):
    return queries.rollup(session, AS_OF, "agency")


def test_xlsx_values_headers_frozen(report, session, app):
    wb = load_workbook(BytesIO(exports.render(session, report, "xlsx", app.config)))
    ws = wb["Tổng hợp"]
    assert ws.freeze_panes == "C6"
    assert ws["A4"].value == "STT" and ws["B4"].value == "Cơ quan" and ws["D4"].value == "Đã hoàn thành"
    assert [ws.cell(5, c).value for c in range(4, 10)] == ["Tổng", "Đúng hạn", "Quá hạn", "Tổng", "Trong hạn",
                                                          "Quá hạn"]
    rows = list(ws.iter_rows(min_row=6, values_only=True))
    assert [r[1] for r in rows] == ["Sở Tài chính", "Sở Xây dựng", "UBND phường Ba Đình", "Tổng cộng"]
    assert rows[0][:10] == (1, "Sở Tài chính", 6, 2, 1, 1, 4, 1, 3, 0)
    assert rows[0][10] == 40.0
    totals = rows[-1]
    for col in range(2, 10):
        assert isinstance(totals[col], int) and totals[col] == sum(r[col] for r in rows[:-1])
    assert not any(isinstance(c.value, str) and c.value.startswith("=") for row in ws.iter_rows() for c in row)
    detail = wb["Phụ lục chi tiết"]
    assert detail.freeze_panes == "A3"
    assert [c.value for c in detail[1]] == list(exports.DETAIL_HEAD)
    assert detail["A2"].value == "(1)"
    assert detail.max_row == 2 + report.totals.total
    dated = [r for r in detail.iter_rows(min_row=3) if r[5].value is not None]
    assert isinstance(dated[0][5].value, datetime) and dated[0][5].number_format == "DD/MM/YYYY"
    first = next(r for r in detail.iter_rows(min_row=3, values_only=True) if r[1] == "T0 chưa làm")
    assert first[3] == "Sở Tài chính" and first[7] == "Chưa hoàn thành, quá hạn 47 ngày"
    extended = next(r for r in detail.iter_rows(min_row=3, values_only=True) if r[1] == "T3 gia hạn sớm")
    assert extended[4] == "Sở Tài chính" and extended[5] == datetime(2024, 11, 15)
    assert extended[6] == "Xong" and extended[7] == "Hoàn thành đúng hạn"


def test_docx_layout(report, session, app):
    doc = WordDocument(BytesIO(exports.render(session, report, "docx", app.config)))
    body, appendix = doc.sections
    assert body.orientation == WD_ORIENT.PORTRAIT and appendix.orientation == WD_ORIENT.LANDSCAPE
    assert round(body.page_width.mm) == 210 and round(body.page_height.mm) == 297
    assert round(appendix.page_width.mm) == 297
    assert abs(body.left_margin - Mm(30)) < Mm(1) and abs(body.right_margin - Mm(15)) < Mm(1)
    assert 20 <= round(body.top_margin.mm) <= 25
    normal = doc.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size.pt in (13, 14)
    # Page numbers from page 2: a different (empty) first-page header and a PAGE field in the header.
    assert body.different_first_page_header_footer
    assert "PAGE" in body.header._element.xml and "PAGE" not in body.first_page_header._element.xml.replace(
        "w:type", "")
    head = doc.tables[0]
    assert "ỦY BAN NHÂN DÂN" in head.cell(0, 0).text
    right = head.cell(0, 1).paragraphs
    assert right[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and right[1].text == "Độc lập - Tự do - Hạnh phúc"
    assert right[-1].runs[0].italic and "ngày 01 tháng 12 năm 2024" in right[-1].text
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BÁO CÁO" in text and "PHỤ LỤC" in text and "Đã hoàn thành: 5 nhiệm vụ" in text
    signature = doc.tables[1]
    assert signature.cell(0, 0).paragraphs[0].text == "Nơi nhận:"
    assert "CHỦ TỊCH" in signature.cell(0, 1).text
    summary, detail = doc.tables[2], doc.tables[3]
    assert [c.text for c in detail.rows[0].cells] == list(exports.DETAIL_HEAD)
    assert all(r.bold for c in detail.rows[0].cells for p in c.paragraphs for r in p.runs)
    assert [c.text for c in detail.rows[1].cells][:3] == ["(1)", "(2)", "(3)"]
    assert len(detail.rows) == 2 + report.totals.total
    assert summary.rows[-1].cells[1].text == "Tổng cộng" and summary.rows[-1].cells[2].text == "12"
    assert any("15/10/2024" in c.text for r in detail.rows for c in r.cells)


@pytest.mark.parametrize("text", ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "=HYPERLINK(\"http://x\",\"y\")"])
def test_xlsx_user_text_is_never_a_formula(story, session, app, text):
    """An agency's own text beginning with = + - @ comes back as a string cell, not a live formula."""
    from tracker.tasks import services

    task = story.tasks[9]
    task.content = text
    services.report_completion(session, story.officer_a, date(2024, 11, 1), task, text, result_doc_number=text)
    session.commit()
    report = queries.rollup(session, AS_OF, "agency")
    wb = load_workbook(BytesIO(exports.render(session, report, "xlsx", app.config)))
    cells = [c for row in wb["Phụ lục chi tiết"].iter_rows(min_row=3) for c in row if c.value is not None
             and str(c.value).startswith(text[:3])]
    assert cells and all(c.data_type == "s" and c.value.startswith(text[:3]) for c in cells)
    assert not any(c.data_type == "f" for ws in wb for row in ws.iter_rows() for c in row)


def test_xlsx_is_written_in_write_only_mode(report, session, app, monkeypatch):
    """Streaming rows (openpyxl write-only) keeps a 10,000-row appendix under a second."""
    import openpyxl

    from tracker.reports import xlsx

    modes = []
    real = openpyxl.Workbook

    def spy(*args, **kw):
        modes.append(kw.get("write_only", False))
        return real(*args, **kw)

    monkeypatch.setattr(xlsx, "Workbook", spy)
    exports.render(session, report, "xlsx", app.config)
    assert modes == [True]
