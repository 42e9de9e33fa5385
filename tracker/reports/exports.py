"""What the .xlsx and .docx exports share: titles, column headings, the detail rows' text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from tracker.core import identity
from tracker.core.models import JournalEntry
from tracker.core.text import format_date
from tracker.reports import queries
from tracker.tasks import assignments
from tracker.tasks.deadlines import TimeClass
from tracker.tasks.models import ProgressUpdate, Task
from tracker.tasks.status import Status
from tracker.tasks.status import label as status_label

SUMMARY_HEAD = ("STT", None, "Tổng số", "Đã hoàn thành", None, None, "Chưa hoàn thành", None, None,
                "Không thời hạn", "Tỷ lệ hoàn thành (%)", "Tỷ lệ hoàn thành quá hạn (%)", "Ghi chú")
SUMMARY_SUB = (None, None, None, "Tổng", "Đúng hạn", "Quá hạn", "Tổng", "Trong hạn", "Quá hạn", None, None, None,
               None)
DETAIL_HEAD = ("TT", "Nội dung nhiệm vụ", "Văn bản giao", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn",
               "Kết quả, tiến độ thực hiện", "Ghi chú")


@dataclass
class Meta:
    """Who issues the report and where: the province's identity (core/identity.py) as the exports use it."""

    issuer_parent: str = "ỦY BAN NHÂN DÂN"
    issuer: str = "TỈNH"
    place: str = ""
    signer_title: str = "CHỦ TỊCH"
    signer_name: str = ""
    number: str = "Số:        /BC-UBND"

    @classmethod
    def from_identity(cls, who: identity.Identity) -> Meta:
        return cls(issuer_parent=who.report_parent, issuer=who.report_issuer, place=who.place,
                   signer_title=who.report_signer_title, signer_name=who.report_signer_name,
                   number=who.number_line(who.report_symbol))

    @classmethod
    def load(cls, session: Session, config) -> Meta:
        return cls.from_identity(identity.load(session, config.get("PROVINCE")))


def summary_values(n, row: queries.Row) -> list:
    """One line of the summary table as plain numbers (a rate is None when nothing is due)."""
    return [n, row.name, row.total, row.done, row.done_on_time, row.done_late, row.open, row.open_within,
            row.open_overdue, row.undated, row.completion_rate, row.late_share, ""]


def title(report: queries.Report) -> str:
    return f"Tình hình thực hiện nhiệm vụ do UBND tỉnh giao tính đến ngày {format_date(report.as_of)}"


def period_text(report: queries.Report) -> str:
    f = report.filters
    if f.date_from:
        return f"Nhiệm vụ giao từ ngày {format_date(f.date_from)} đến ngày {format_date(f.date_to or report.as_of)}"
    return f"Nhiệm vụ giao đến ngày {format_date(f.date_to or report.as_of)}"


def figures_text(row: queries.Row) -> list[str]:
    """The summary figures as sentences for the body of the report."""
    rate = "—" if row.completion_rate is None else f"{row.completion_rate:.1f}".replace(".", ",")
    return [
        f"Tổng số nhiệm vụ: {row.total:,}".replace(",", "."),
        f"Đã hoàn thành: {row.done} nhiệm vụ (đúng hạn {row.done_on_time}, quá hạn {row.done_late}).",
        f"Chưa hoàn thành: {row.open} nhiệm vụ (trong hạn {row.open_within}, quá hạn {row.open_overdue}).",
        f"Nhiệm vụ không thời hạn, thường xuyên: {row.undated}.",
        f"Tỷ lệ hoàn thành (đã hoàn thành / đến hạn): {rate}%.",
    ]


def note(tc: TimeClass, due: date | None, as_of: date) -> str:
    if tc is TimeClass.OPEN_OVERDUE and due:
        return f"{tc.label} {(as_of - due).days} ngày"
    return tc.label


def detail_values(n: int, item: dict, as_of: date) -> list:
    """One appendix line: dates stay dates (xlsx formats them, docx prints dd/mm/yyyy)."""
    result = item["result_text"] or status_label(item["status"])
    if item["result_doc_number"]:
        result += f" (Văn bản số {item['result_doc_number']}"
        result += f" ngày {format_date(item['result_doc_date'])})" if item["result_doc_date"] else ")"
    doc_text = item["doc_number"] + (f" ngày {format_date(item['doc_issued_on'])}" if item["doc_issued_on"] else "")
    return [n, item["content"], doc_text, item["lead"], ", ".join(item["co"]), item["due"], result,
            note(item["tc"], item["due"], as_of)]


DONE = (TimeClass.DONE_ON_TIME, TimeClass.DONE_LATE)


def _standing_updates(session: Session, ids: list[int], as_of: date) -> dict[int, dict]:
    """Per task, the latest report (or else progress update) as it stood on `as_of`: written by the
    agency that led the task that day, on or before it, and not returned or reassigned away since."""
    u, j = ProgressUpdate, JournalEntry
    lead_then = assignments.column_as_of_sql(Task, queries.PAST, as_of, "lead_agency_id")
    undone = (select(j.id).where(j.task_id == u.task_id, j.action.in_(("return", "reassign")), j.on <= as_of,
                                 or_(j.on > u.on, and_(j.on == u.on, j.at >= u.at))).exists())
    found: dict[int, dict] = {}
    for start in range(0, len(ids), 2000):
        rows = session.execute(
            select(u.task_id, u.kind, u.text, u.result_doc_number, u.result_doc_date)
            .join(Task, Task.id == u.task_id)
            .where(u.task_id.in_(ids[start:start + 2000]), u.kind.in_(("completion", "progress")),
                   u.on <= as_of, u.agency_id == lead_then, ~undone)
            .order_by(u.task_id, u.on, u.at, u.id))
        for r in rows:  # later rows win; a report outranks a progress note
            if r.kind == "completion" or found.get(r.task_id, {}).get("kind") != "completion":
                found[r.task_id] = dict(r._mapping)
    return found


def as_of_results(session: Session, details: list[dict], as_of: date) -> None:
    """Replace the task's current result and status by what stood on `as_of`, so an export as of a past
    date never shows a later lead agency's text, nor a report the office returned."""
    standing = _standing_updates(session, [d["id"] for d in details], as_of)
    for item in details:
        update = standing.get(item["id"])
        report = update if update and update["kind"] == "completion" else None
        item["result_text"] = update["text"] if update else None
        item["result_doc_number"] = report["result_doc_number"] if report else None
        item["result_doc_date"] = report["result_doc_date"] if report else None
        item["status"] = (Status.DONE if item["tc"] in DONE else Status.REPORTED if report
                          else Status.IN_PROGRESS if update else Status.NEW).value


def render(session: Session, report: queries.Report, fmt: str, config) -> bytes:
    from tracker.reports import docx, xlsx

    details = queries.detail_rows(session, report.as_of, report.filters)
    as_of_results(session, details, report.as_of)
    builder = {"xlsx": xlsx.build, "docx": docx.build}[fmt]
    return builder(report, details, Meta.load(session, config))
