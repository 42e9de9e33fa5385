"""The report as a Word document laid out per Nghị định 30/2020 (DOMAIN.md "Exports").

Portrait A4 body (header block, figures, Nơi nhận / signature), then a landscape appendix (Phụ lục)
with the summary table and the detail of each task. Page numbers are centred at the top from page 2.
"""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from tracker.core.text import format_date
from tracker.reports import exports, queries

FONT = "Times New Roman"


def _base_style(doc) -> None:
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(3)


def _page(section, landscape: bool) -> None:
    """A4 with the decree's margins: top/bottom 20 mm, left 30 mm, right 15 mm."""
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)


def _page_number_header(section) -> None:
    """Centred PAGE field in the header; the first page of the document has an empty header."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _para(container, text: str = "", bold=False, italic=False, size=None, align=None):
    paragraph = container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    return paragraph


def _cell_text(cell, lines, bold=False, italic=False, size=13, align=WD_ALIGN_PARAGRAPH.CENTER):
    for i, (text, line_bold, line_italic) in enumerate(lines):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run(text)
        run.bold, run.italic, run.font.size = bold or line_bold, italic or line_italic, Pt(size)


def _heading_block(doc, report: queries.Report, meta: exports.Meta) -> None:
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(65), Mm(100)
    _cell_text(left, [(meta.issuer_parent, False, False), (meta.issuer, True, False), ("", False, False),
                      (meta.number, False, False)])
    place = f"{meta.place}, " if meta.place else ""
    d = report.as_of
    _cell_text(right, [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False),
                       ("Độc lập - Tự do - Hạnh phúc", True, False), ("", False, False),
                       (f"{place}ngày {d.day:02d} tháng {d.month:02d} năm {d.year}", False, True)])


def _signature_block(doc, meta: exports.Meta) -> None:
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    _cell_text(left, [("Nơi nhận:", True, True), ("- Như trên;", False, False), ("- Lưu: VT.", False, False)],
               size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    _cell_text(right, [("TM. " + meta.issuer_parent, True, False), (meta.signer_title, True, False),
                       ("", False, False), ("", False, False), ("", False, False), (meta.signer_name, True, False)],
               size=14)


def _grid(doc, head: list[str], rows, widths_mm, sub: list | None = None):
    """A bordered table: bold header row(s), then a row numbering the columns, then the data."""
    table = doc.add_table(rows=0, cols=len(head))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header_rows = [head] + ([sub] if sub else [])
    for values in header_rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            _cell_text(cell, [(value or "", True, False)], size=12)
    numbering = table.add_row().cells
    for i, cell in enumerate(numbering, 1):
        _cell_text(cell, [(f"({i})", False, True)], size=12)
    for row in table.rows[: len(header_rows)]:
        _repeat_header(row)
    for values in rows:
        cells = table.add_row().cells
        for i, (cell, value) in enumerate(zip(cells, values, strict=True)):
            align = WD_ALIGN_PARAGRAPH.LEFT if isinstance(value, str) and i > 0 else WD_ALIGN_PARAGRAPH.CENTER
            _cell_text(cell, [(_text(value), False, False)], size=12, align=align)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
    return table


def _repeat_header(row) -> None:
    props = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    props.append(element)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    if hasattr(value, "strftime"):
        return format_date(value)
    return str(value)


def _appendix(doc, report: queries.Report, details: list[dict]) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(section, landscape=True)
    section.different_first_page_header_footer = False
    _para(doc, "PHỤ LỤC", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, f"{exports.title(report)}", italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=13)
    _para(doc, f"I. Tổng hợp theo {queries.GROUPS[report.by].lower()}", bold=True, size=13)
    head = [h or "" for h in exports.SUMMARY_HEAD]
    head[1] = queries.GROUPS[report.by]
    rows = [exports.summary_values(n, r) for n, r in enumerate(report.rows, 1)]
    rows.append(exports.summary_values("", report.totals))
    _grid(doc, head, rows, (10, 52, 14, 14, 14, 14, 14, 14, 14, 16, 20, 20, 26), sub=list(exports.SUMMARY_SUB))
    _para(doc, "II. Chi tiết nhiệm vụ", bold=True, size=13)
    lines = (exports.detail_values(n, item, report.as_of) for n, item in enumerate(details, 1))
    _grid(doc, list(exports.DETAIL_HEAD), lines, (10, 70, 28, 30, 30, 20, 40, 24))


def build(report: queries.Report, details: list[dict], meta: exports.Meta) -> bytes:
    doc = Document()
    _base_style(doc)
    first = doc.sections[0]
    _page(first, landscape=False)
    _page_number_header(first)
    _heading_block(doc, report, meta)
    _para(doc)
    _para(doc, "BÁO CÁO", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, exports.title(report), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, "")
    _para(doc, exports.period_text(report) + ", kết quả thực hiện như sau:")
    for line in exports.figures_text(report.totals):
        _para(doc, "- " + line)
    _para(doc, "Chi tiết tại Phụ lục kèm theo.")
    _para(doc)
    _signature_block(doc, meta)
    _appendix(doc, report, details)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
