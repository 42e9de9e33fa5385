"""The roll-up as a workbook: real numbers, totals written as values (no formulas), text as text, frozen headers."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
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


def _cell(ws, value, font=None, alignment=None, border=None, number_format=None):
    """A streamed cell. Text is always a string cell: openpyxl would store "=..." as a live formula, so an
    agency's report text could run in the reader's Excel (formula injection)."""
    cell = WriteOnlyCell(ws, value)
    if isinstance(value, str):
        cell.data_type = "s"
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    if border is not None:
        cell.border = border
    if number_format is not None:
        cell.number_format = number_format
    return cell


def _row(ws, values, **style) -> list:
    return [_cell(ws, v, **style) for v in values]


def _widths(ws, widths) -> None:
    for index, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(index)].width = width


def _summary(ws, report: queries.Report) -> None:
    head = list(exports.SUMMARY_HEAD)
    head[1] = queries.GROUPS[report.by]
    _widths(ws, (6, 40, 10, 9, 10, 9, 9, 10, 9, 11, 12, 13, 14))
    ws.freeze_panes = "C6"
    for first, last in (("A4", "A5"), ("B4", "B5"), ("C4", "C5"), ("D4", "F4"), ("G4", "I4"), ("J4", "J5"),
                        ("K4", "K5"), ("L4", "L5"), ("M4", "M5")):
        ws.merged_cells.add(f"{first}:{last}")
    ws.append([_cell(ws, exports.title(report), font=Font(name="Times New Roman", bold=True, size=14))])
    ws.append([_cell(ws, exports.period_text(report), font=PLAIN)])
    ws.append([])
    ws.append(_row(ws, head, font=BOLD, alignment=CENTER, border=BOX))
    ws.append(_row(ws, exports.SUMMARY_SUB, font=BOLD, alignment=CENTER, border=BOX))
    for n, row in enumerate(report.rows, 1):
        ws.append(_row(ws, exports.summary_values(n, row), border=BOX))
    ws.append(_row(ws, exports.summary_values(None, report.totals), font=BOLD, border=BOX))


def _detail(ws, report: queries.Report, details: list[dict]) -> None:
    _widths(ws, (6, 60, 24, 28, 28, 12, 50, 26))
    ws.freeze_panes = "A3"
    ws.append(_row(ws, exports.DETAIL_HEAD, font=BOLD, alignment=CENTER))
    ws.append(_row(ws, [f"({i})" for i in range(1, len(exports.DETAIL_HEAD) + 1)]))
    for n, item in enumerate(details, 1):
        values = exports.detail_values(n, item, report.as_of)
        ws.append([_cell(ws, v, number_format=DATE_FORMAT) if i == 5 else _cell(ws, v) if isinstance(v, str) else v
                   for i, v in enumerate(values)])


def build(report: queries.Report, details: list[dict], meta: exports.Meta) -> bytes:
    """Streamed (openpyxl write-only): a 10,000-row appendix is written row by row, never held as cells."""
    wb = Workbook(write_only=True)
    _summary(wb.create_sheet("Tổng hợp"), report)
    _detail(wb.create_sheet("Phụ lục chi tiết"), report, details)
    wb.properties.title = f"{exports.title(report)} ({format_date(report.as_of)})"
    wb.properties.creator = meta.issuer_parent
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
