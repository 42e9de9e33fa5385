"""Spreadsheet import (.xlsx or .csv) of documents and their tasks, historical states included.

One row per task item; rows sharing `Số ký hiệu` form one document. Headers are matched ignoring case,
diacritics and punctuation; unknown columns are ignored. All-or-nothing: every row is checked first and
every problem is reported as "Dòng N: ..." before anything is written.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.agencies import services as agencies
from tracker.core.errors import DomainError
from tracker.core.text import fold, parse_vn_date
from tracker.documents.models import DOCUMENT_KINDS, Document
from tracker.documents.services import ItemInput, create_document
from tracker.tasks.models import Task
from tracker.tasks.status import Status, from_label

HEADERS = {
    "so ky hieu": "number",
    "ngay ban hanh": "issued_on",
    "loai van ban": "kind",
    "trich yeu": "summary",
    "nguoi chi dao": "directed_by",
    "tt": "ref",
    "noi dung nhiem vu": "content",
    "co quan chu tri": "lead",
    "co quan phoi hop": "co",
    "thoi han": "due_on",
    "trang thai": "status",
    "ngay giao": "assigned_on",
    "ngay bao cao hoan thanh": "reported_on",
    "ngay xac nhan": "confirmed_on",
}
DATE_FIELDS = ("issued_on", "due_on", "assigned_on", "reported_on", "confirmed_on")
KINDS = {fold(label): key for key, label in DOCUMENT_KINDS.items()} | {key: key for key in DOCUMENT_KINDS}
KINDS |= {"khac": "other", "thong bao": "thong_bao_ket_luan"}


class ImportFailed(DomainError):
    """Carries every row error; `errors` is the list, the message joins them."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class Line:
    """One checked row."""

    line: int
    values: dict
    item: ItemInput
    missing: list[str] = field(default_factory=list)  # agency names to create (--create-agencies)
    missing_co: list[str] = field(default_factory=list)


def _key(header) -> str:
    text = re.sub(r"[^a-z0-9 ]", " ", fold(str(header or "")))
    return " ".join(text.split())


# ---- reading -------------------------------------------------------------------------------------


def read_table(path: Path) -> list[tuple[int, dict]]:
    """(spreadsheet line number, {field: raw value}) for each non-empty data row."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        rows = _xlsx_rows(path)
    elif suffix == ".csv":
        rows = _csv_rows(path)
    else:
        raise DomainError("Chỉ nhận tệp .xlsx hoặc .csv.")
    header_at = next((i for i, r in enumerate(rows) if any(_cell(c) for c in r)), None)
    if header_at is None:
        raise DomainError("Tệp không có dữ liệu.")
    fields = [HEADERS.get(_key(h)) for h in rows[header_at]]
    needed = {"number", "content", "lead"} - set(fields)
    if needed:
        names = {v: k for k, v in HEADERS.items()}
        raise DomainError("Tệp thiếu cột: " + ", ".join(sorted(names[n] for n in needed)) + ".")
    out = []
    for index, row in enumerate(rows[header_at + 1 :], header_at + 2):
        values = {f: row[i] for i, f in enumerate(fields) if f and i < len(row)}
        if any(_cell(v) for v in values.values()):
            out.append((index, values))
    return out


def _xlsx_rows(path: Path) -> list[list]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a bad file
        raise DomainError(f"Không đọc được tệp Excel: {exc}") from exc
    try:
        return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


def _csv_rows(path: Path) -> list[list]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DomainError("Tệp CSV phải mã hóa UTF-8.") from exc
    first = text.splitlines()[0] if text else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# ---- checking ------------------------------------------------------------------------------------


def _date(value, label: str, problems: list[str]) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return parse_vn_date(_cell(value))
    except ValueError:
        problems.append(f"{label} “{_cell(value)}” không hợp lệ (dd/mm/yyyy)")
        return None


def _agencies(session: Session, text: str, create: bool, problems: list[str], role: str):
    """Agency ids, group ids and the names to create; unknown names are problems unless `create`."""
    ids, groups, missing = [], [], []
    for name in [p.strip() for p in text.split(";") if p.strip()]:
        agency = agencies.resolve(session, name)
        group = None if agency else agencies.resolve_group(session, name)
        if agency is not None:
            ids.append(agency.id)
        elif group is not None:
            groups.append(group)
        elif create:
            missing.append(name)
        else:
            problems.append(f"không tìm thấy {role} “{name}”")
    return ids, groups, missing


_LABELS = {
    "issued_on": "ngày ban hành",
    "due_on": "thời hạn",
    "assigned_on": "ngày giao",
    "reported_on": "ngày báo cáo hoàn thành",
    "confirmed_on": "ngày xác nhận",
}


def check_row(session: Session, line: int, raw: dict, create: bool) -> tuple[Line | None, list[str]]:
    problems: list[str] = []
    v = {k: _cell(raw.get(k)) for k in HEADERS.values()}
    for name in DATE_FIELDS:
        v[name] = _date(raw.get(name), _LABELS[name], problems)
    if not v["number"]:
        problems.append("thiếu số ký hiệu văn bản")
    kind = KINDS.get(fold(v["kind"])) if v["kind"] else "other"
    if kind is None:
        problems.append(f"loại văn bản “{v['kind']}” không hợp lệ")
    v["kind"] = kind
    status = from_label(v["status"]) if v["status"] else Status.NEW
    if status is None:
        problems.append(f"trạng thái “{v['status']}” không hợp lệ")
    if not v["content"]:
        problems.append("thiếu nội dung nhiệm vụ")
    if not v["lead"]:
        problems.append("thiếu cơ quan chủ trì")
    lead_ids, lead_groups, missing = _agencies(session, v["lead"], create, problems, "cơ quan chủ trì")
    co_ids, co_groups, missing_co = _agencies(session, v["co"], create, problems, "cơ quan phối hợp")
    co_ids += [a.id for g in co_groups for a in g.members if a.active and a.id not in co_ids]
    if status in (Status.REPORTED, Status.DONE) and not v["reported_on"]:
        problems.append("nhiệm vụ đã báo cáo/hoàn thành cần ngày báo cáo hoàn thành")
    if status == Status.DONE and not v["confirmed_on"]:
        problems.append("nhiệm vụ đã hoàn thành cần ngày xác nhận")
    if v["reported_on"] and v["confirmed_on"] and v["confirmed_on"] < v["reported_on"]:
        problems.append("ngày xác nhận trước ngày báo cáo")
    if problems:
        return None, problems
    item = ItemInput(
        content=v["content"],
        lead_agency_ids=lead_ids,
        lead_group_ids=[g.id for g in lead_groups],
        co_agency_ids=co_ids,
        ref=v["ref"] or None,
        due_on=v["due_on"],
        lead_text=v["lead"],
        co_text=v["co"] or None,
        status=status.value,
        assigned_on=v["assigned_on"],
        reported_on=v["reported_on"],
        confirmed_on=v["confirmed_on"],
    )
    return Line(line, v, item, missing, missing_co), []


def check(session: Session, rows: list[tuple[int, dict]], create: bool) -> list[Line]:
    lines, errors = [], []
    for line, raw in rows:
        checked, problems = check_row(session, line, raw, create)
        errors += [f"Dòng {line}: {p}" for p in problems]
        if checked:
            lines.append(checked)
    errors += _existing_numbers(session, lines)
    if errors:
        raise ImportFailed(errors)
    if not lines:
        raise DomainError("Tệp không có dòng nhiệm vụ nào.")
    return lines


def _existing_numbers(session: Session, lines: list[Line]) -> list[str]:
    numbers = {line.values["number"] for line in lines}
    taken = (
        set(session.scalars(select(Document.number).where(Document.number.in_(numbers))))
        if numbers
        else set()
    )
    first = {}
    for line in lines:
        first.setdefault(line.values["number"], line.line)
    return [f"Dòng {first[n]}: văn bản “{n}” đã có trong hệ thống" for n in sorted(taken)]


# ---- writing -------------------------------------------------------------------------------------


def _create_missing(session: Session, as_of: date, line: Line) -> None:
    for names, target in (
        (line.missing, line.item.lead_agency_ids),
        (line.missing_co, line.item.co_agency_ids),
    ):
        for name in names:
            agency = agencies.resolve(session, name) or agencies.create_agency(
                session, None, as_of, name=name, kind="khac", order=900
            )
            target.append(agency.id)


def _doc_data(lines: list[Line]) -> dict:
    def first(key):
        return next((ln.values[key] for ln in lines if ln.values[key]), None)

    return {
        "number": lines[0].values["number"],
        "kind": first("kind") or "other",
        "issued_on": first("issued_on"),
        "summary": first("summary") or "",
        "directed_by": first("directed_by"),
    }


def import_file(session: Session, actor, as_of: date, path: Path, create_agencies: bool = False) -> dict:
    """Check everything, then write; returns {"documents": n, "tasks": n}. The caller commits or rolls back."""
    lines = check(session, read_table(path), create_agencies)
    by_number: dict[str, list[Line]] = {}
    for line in lines:
        by_number.setdefault(line.values["number"], []).append(line)
    before = session.scalar(select(func.count()).select_from(Task))
    for doc_lines in by_number.values():
        for line in doc_lines:
            _create_missing(session, as_of, line)
        create_document(session, actor, as_of, _doc_data(doc_lines), [ln.item for ln in doc_lines])
    after = session.scalar(select(func.count()).select_from(Task))
    return {"documents": len(by_number), "tasks": after - before}
