"""The roll-up as a workbook: real numbers, totals written as values (no formulas), frozen headers."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from tracker.core.text import format_date
from tracker.reports import exports, queries

DATE_FORMAT = "DD/MM/YYYY"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(name="Times New Roman", bold=True)
PLAIN = Font(name="Times New Roman")
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _summary(ws, report: queries.Report) -> None:
    ws.title = "Tổng hợp"
    ws["A1"] = exports.title(report)
    ws["A1"].font = Font(name="Times New Roman", bold=True, size=14)
    ws["A2"] = exports.period_text(report)
    ws["A2"].font = PLAIN
    head = list(exports.SUMMARY_HEAD)
    head[1] = queries.GROUPS[report.by]
    ws.append([])
    ws.append(head)
    ws.append(list(exports.SUMMARY_SUB))
    for first, last in (("A4", "A5"), ("B4", "B5"), ("C4", "C5"), ("D4", "F4"), ("G4", "I4"), ("J4", "J5"),
                        ("K4", "K5"), ("L4", "L5"), ("M4", "M5")):
        ws.merge_cells(f"{first}:{last}")
    for row in ws.iter_rows(min_row=4, max_row=5, max_col=len(head)):
        for cell in row:
            cell.font, cell.alignment, cell.border = BOLD, CENTER, BOX
    for n, row in enumerate(report.rows, 1):
        ws.append(exports.summary_values(n, row))
    ws.append(exports.summary_values(None, report.totals))
    for cell in ws[ws.max_row]:
        cell.font = BOLD
    for row in ws.iter_rows(min_row=6, max_row=ws.max_row, max_col=len(head)):
        for cell in row:
            cell.border = BOX
    for index, width in enumerate((6, 40, 10, 9, 10, 9, 9, 10, 9, 11, 12, 13, 14), 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "C6"


def _detail(ws, report: queries.Report, details: list[dict]) -> None:
    ws.append(list(exports.DETAIL_HEAD))
    ws.append([f"({i})" for i in range(1, len(exports.DETAIL_HEAD) + 1)])
    for cell in ws[1]:
        cell.font, cell.alignment = BOLD, CENTER
    for n, item in enumerate(details, 1):
        ws.append(exports.detail_values(n, item, report.as_of))
    for (cell,) in ws.iter_rows(min_row=3, min_col=6, max_col=6):
        cell.number_format = DATE_FORMAT
    for index, width in enumerate((6, 60, 24, 28, 28, 12, 50, 26), 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A3"


def build(report: queries.Report, details: list[dict], meta: exports.Meta) -> bytes:
    wb = Workbook()
    _summary(wb.active, report)
    _detail(wb.create_sheet("Phụ lục chi tiết"), report, details)
    wb.properties.title = f"{exports.title(report)} ({format_date(report.as_of)})"
    wb.properties.creator = meta.issuer_parent
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
