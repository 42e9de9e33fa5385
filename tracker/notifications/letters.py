"""Công văn đôn đốc: the office's chase letter to one agency (.docx, Nghị định 30/2020 layout).

A4 portrait, margins 20/20/30/15 mm, Times New Roman 13–14; two-column header block; a table of the
agency's overdue and due-soon tasks; "Nơi nhận" bottom left and the signature block bottom right.
"""

from __future__ import annotations

import io
from datetime import date

from docx import Document as Docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.core import identity
from tracker.core.calendar import load_calendar
from tracker.core.text import fold, format_date
from tracker.notifications.reminders import Rules
from tracker.tasks import deadlines
from tracker.tasks.deadlines import TimeClass
from tracker.tasks.models import Task, TaskDeadline
from tracker.tasks.status import WORKING

FONT = "Times New Roman"


def chase_tasks(session: Session, agency_id: int, as_of: date, config) -> tuple[list[Task], list[Task]]:
    """(overdue, due soon) tasks the agency leads and still has to do, as of `as_of`."""
    rules = Rules.from_config(config)
    soon_until = load_calendar(session).add_working_days(as_of, rules.before)
    tc = deadlines.time_class_sql(Task, TaskDeadline.__table__, as_of, soon_until)
    query = (select(Task, tc.label("tc"))
             .where(Task.lead_agency_id == agency_id, deadlines.is_counted_sql(Task, as_of),
                    Task.status.in_([s.value for s in WORKING]),
                    tc.in_([TimeClass.OPEN_OVERDUE.value, TimeClass.DUE_SOON.value]))
             .options(selectinload(Task.document)).order_by(Task.due_on, Task.id))
    rows = session.execute(query).all()
    return ([t for t, c in rows if c == TimeClass.OPEN_OVERDUE.value],
            [t for t, c in rows if c == TimeClass.DUE_SOON.value])


def filename(agency, as_of: date) -> str:
    slug = "-".join(fold(agency.short_name or agency.name).split())[:40]
    return f"cong-van-don-doc-{slug}-{as_of.isoformat()}.docx"


def _para(container, text="", bold=False, italic=False, size=14, align=None, space_after=0):
    p = container.add_paragraph()
    run = p.add_run(text)
    run.bold, run.italic, run.font.size, run.font.name = bold, italic, Pt(size), FONT
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(space_after)
    return p


def _setup(doc) -> None:
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)


def _header(doc, meta: dict, as_of: date) -> None:
    """Issuing body and number on the left; national motto and place/date in italics on the right."""
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Mm(65), Mm(100)
    center = WD_ALIGN_PARAGRAPH.CENTER
    left.paragraphs[0].text = ""
    _para(left, meta["parent"].upper(), size=13, align=center)
    _para(left, meta["office"].upper(), bold=True, size=13, align=center)
    _para(left, meta["number"], size=13, align=center)
    _para(left, "V/v đôn đốc thực hiện nhiệm vụ", size=12, align=center)
    _para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=13, align=center)
    _para(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=14, align=center)
    _para(right, f"{meta['place'] or '........'}, ngày {as_of.day:02d} tháng {as_of.month:02d} năm {as_of.year}",
          italic=True, size=14, align=center)


def _task_table(doc, rows: list[Task], as_of: date) -> None:
    head = ["TT", "Nội dung nhiệm vụ", "Văn bản giao", "Thời hạn", "Ghi chú"]
    table = doc.add_table(rows=1, cols=len(head))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        cell.paragraphs[0].text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold, run.font.size = True, Pt(13)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for n, task in enumerate(rows, 1):
        late = (as_of - task.due_on).days if task.due_on and as_of > task.due_on else 0
        note = f"Quá hạn {late} ngày" if late else "Sắp đến hạn"
        doc_ref = f"{task.document.number} ngày {format_date(task.document.issued_on)}" if task.document else ""
        for cell, text in zip(table.add_row().cells, [str(n), task.content, doc_ref, format_date(task.due_on), note],
                              strict=True):
            cell.paragraphs[0].text = ""
            cell.paragraphs[0].add_run(text).font.size = Pt(13)
    for row in table.rows:
        for cell, width in zip(row.cells, (10, 75, 35, 22, 23), strict=True):
            cell.width = Mm(width)


def _closing(doc, meta: dict, agency) -> None:
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].text = ""
    p = _para(left, "Nơi nhận:", bold=True, italic=True, size=12)
    p.paragraph_format.space_before = Pt(12)
    for line in (f"- Như trên ({agency.name});", "- Lãnh đạo UBND tỉnh (để b/c);", "- Lưu: VT, TH."):
        _para(left, line, size=11)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _para(right, meta["signer_title"].upper(), bold=True, size=14, align=center).paragraph_format.space_before = Pt(12)
    for _ in range(4):
        _para(right, "", size=14)
    _para(right, meta["signer"], bold=True, size=14, align=center)


def _meta(who: identity.Identity) -> dict:
    return {"parent": who.office_parent, "office": who.office_name, "office_full": who.office_full_name,
            "number": who.number_line(who.letter_symbol), "place": who.place,
            "signer_title": who.letter_signer_title, "signer": who.letter_signer_name}


def build(agency, overdue: list[Task], soon: list[Task], as_of: date, who: identity.Identity) -> bytes:
    meta = _meta(who)
    doc = Docx()
    _setup(doc)
    _header(doc, meta, as_of)
    _para(doc, f"Kính gửi: {agency.name}.", size=14, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    intro = (f"Theo dõi của {meta['office_full']}, đến ngày {format_date(as_of)} {agency.name} còn {len(overdue)} nhiệm vụ "
             f"đã quá hạn và {len(soon)} nhiệm vụ sắp đến hạn chưa hoàn thành (danh sách kèm theo). "
             f"{meta['office_full']} đề nghị {agency.name} khẩn trương chỉ đạo thực hiện, báo cáo kết quả "
             "trên hệ thống theo dõi nhiệm vụ; trường hợp cần điều chỉnh thời hạn, đề nghị có văn bản nêu rõ lý do.")
    p = _para(doc, intro, size=14, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=6)
    p.paragraph_format.first_line_indent = Mm(10)
    if overdue:
        _para(doc, "I. Nhiệm vụ đã quá hạn", bold=True, size=14, space_after=3)
        _task_table(doc, overdue, as_of)
    if soon:
        _para(doc, "II. Nhiệm vụ sắp đến hạn" if overdue else "I. Nhiệm vụ sắp đến hạn", bold=True, size=14,
              space_after=3)
        _task_table(doc, soon, as_of)
    if not overdue and not soon:
        _para(doc, "Hiện không có nhiệm vụ quá hạn hoặc sắp đến hạn.", italic=True, size=14)
    _closing(doc, meta, agency)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def chase_letter(session: Session, agency, as_of: date, config) -> io.BytesIO:
    overdue, soon = chase_tasks(session, agency.id, as_of, config)
    who = identity.load(session, config.get("PROVINCE"))
    return io.BytesIO(build(agency, overdue, soon, as_of, who))
