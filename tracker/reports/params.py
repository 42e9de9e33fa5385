"""Reading the report and dashboard query string (GET forms, no state change, so no CSRF)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from tracker.core.text import parse_vn_date
from tracker.reports import periods, queries

PERIOD_CHOICES = {"all": "Toàn bộ đến ngày tính", "month": "Tháng", "quarter": "Quý", "half": "6 tháng",
                  "year": "Năm", "custom": "Từ ngày – đến ngày"}


@dataclass
class ReportParams:
    as_of: date
    by: str = "agency"
    period: str = "all"
    year: int = 0
    number: int = 1
    label: str = ""
    two_buckets: bool = False
    page: int = 1
    filters: queries.Filters = field(default_factory=queries.Filters)


def _int(value, default: int | None = None) -> int | None:
    try:
        return int(value) if value not in (None, "") else default
    except ValueError as exc:
        raise ValueError(f"Giá trị không hợp lệ: “{value}”.") from exc


def _date(args, name: str, what: str) -> date | None:
    try:
        return parse_vn_date(args.get(name))
    except ValueError as exc:
        raise ValueError(f"{what}: {exc}") from exc


def parse(args, today: date, start_day: int = 15) -> ReportParams:
    """Query args -> ReportParams; raises ValueError with a Vietnamese message for bad input."""
    as_of = _date(args, "as_of", "Ngày tính số liệu") or today
    p = ReportParams(as_of=as_of, by=args.get("by") or "agency", period=args.get("period") or "all",
                     two_buckets=args.get("view") == "two", page=max(_int(args.get("page"), 1), 1))
    if p.by not in queries.GROUPS:
        raise ValueError("Cách nhóm số liệu không hợp lệ.")
    if p.period not in PERIOD_CHOICES:
        raise ValueError("Kỳ báo cáo không hợp lệ.")
    f = p.filters
    if p.period == "custom":
        f.date_from = _date(args, "from", "Từ ngày")
        f.date_to = _date(args, "to", "Đến ngày")
        p.label = "Tùy chọn"
    elif p.period != "all":
        current = periods.containing(p.period, as_of, start_day)
        p.year = _int(args.get("year"), current.end.year)
        p.number = _int(args.get("number"), _number_of(p.period, as_of, start_day))
        chosen = periods.preset(p.period, p.year, p.number, start_day)
        f.date_from, f.date_to, p.label = chosen.start, chosen.end, chosen.label
    f.date_to = min(f.date_to or as_of, as_of)
    if f.date_from and f.date_from > f.date_to:
        raise ValueError("Ngày bắt đầu kỳ báo cáo phải trước ngày tính số liệu.")
    f.field = (args.get("field") or "").strip() or None
    f.leader_id = _int(args.get("leader"))
    f.doc_kind = args.get("doc_kind") or None
    f.key_only = args.get("key") in ("1", "on", "true")
    f.source = args.get("source") or None
    return p


def _number_of(kind: str, day: date, start_day: int) -> int:
    _, month = periods.month_of(day, start_day)
    return {"month": month, "quarter": (month - 1) // 3 + 1, "half": (month - 1) // 6 + 1, "year": 1}[kind]


def query_args(p: ReportParams, **override) -> dict:
    """The params back as query args (for export links and paging)."""
    f = p.filters
    args = {"as_of": p.as_of.isoformat(), "by": p.by, "period": p.period, "field": f.field, "leader": f.leader_id,
            "doc_kind": f.doc_kind, "key": "1" if f.key_only else None, "source": f.source,
            "view": "two" if p.two_buckets else None}
    if p.period == "custom":
        args.update({"from": f.date_from.isoformat() if f.date_from else None, "to": f.date_to.isoformat()})
    elif p.period != "all":
        args.update({"year": p.year, "number": p.number})
    args.update(override)
    return {k: v for k, v in args.items() if v not in (None, "")}


def task_args(p: ReportParams, **extra) -> dict:
    """Filters for a link to the task list (/tasks) that shows the tasks behind a number."""
    f = p.filters
    args = {"as_of": p.as_of.isoformat(), "field": f.field, "leader": f.leader_id, "doc_kind": f.doc_kind,
            "key": "1" if f.key_only else None, "source": f.source, "agency": f.agency_id,
            "assigned_from": f.date_from.isoformat() if f.date_from else None,
            "assigned_to": f.date_to.isoformat() if f.date_to and f.date_to < p.as_of else None}
    args.update(extra)
    return {k: v for k, v in args.items() if v not in (None, "")}
