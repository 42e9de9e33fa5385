"""Deadline phrases of Vietnamese directives -> ISO dates (pure functions)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

_DMY = r"(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})(?:\s*(?P=sep)\s*(?P<y>\d{4}))?(?![\d/])"
_WORDY = r"(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})(?:\s+năm\s+(?P<y2>\d{4}))?"
_DATE = rf"(?:ngày\s*)?(?:{_DMY}|{_WORDY})"
_HOUR = r"(?:\d{1,2}\s*(?:giờ|h)(?:\s*\d{1,2}(?:\s*phút)?)?\s*,?\s*)?"
_BEFORE = r"(?:(?:hoàn thành|xong)(?:\s+(?:vào|trong))?(?=\s+ngày)|trong(?=\s+ngày\s+\d)|đến hết|trước|chậm nhất(?:\s+là)?(?:\s+vào)?(?:\s+trước)?|không muộn hơn|hạn chót(?:\s+là)?|hạn cuối(?:\s+là)?|thời hạn(?:\s+hoàn thành)?\s*:?)"
_DONE = r"(?:trong|hoàn thành(?:\s+trong)?|xong(?:\s+trong)?|ngay trong|chậm nhất(?:\s+là)?(?:\s+(?:trong|vào))?|đến hết|tới hết)"
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}

RE_BEFORE = re.compile(rf"{_BEFORE}\s+{_HOUR}{_DATE}", re.I)
RE_UNTIL = re.compile(rf"\btừ\b.{{0,80}}?\b(?:tới|đến)\s+{_DATE}", re.I)
RE_FROM_ON = re.compile(rf"\btừ\s+{_DATE}\s+trở đi", re.I)
RE_MONTH = re.compile(rf"{_DONE}\s+tháng\s+(?P<mm>\d{{1,2}})\s*(?:/|-|năm)\s*(?P<yy>\d{{4}})", re.I)
RE_QUARTER = re.compile(rf"{_DONE}\s+quý\s+(?P<q>IV|I{{1,3}}|[1-4])\s*(?:/|-|năm)\s*(?P<yy>\d{{4}})", re.I)
RE_MONTH_NOYEAR = re.compile(
    rf"{_DONE}\s+tháng\s+(?P<mm>\d{{1,2}})(?![\d/-])(?!\.\d)(?!\s*(?:/|-|năm)\s*\d)(?!\s+(?:đầu|cuối|tới|qua))",
    re.I,
)
RE_QUARTER_NOYEAR = re.compile(
    rf"{_DONE}\s+quý\s+(?P<q>IV|I{{1,3}}|[1-4])(?![\wÀ-ỹ/])(?!\s*(?:/|-|năm)\s*\d)", re.I
)
RE_HALF = re.compile(rf"{_DONE}\s+(?:06|6|sáu)\s+tháng\s+(?P<h>đầu|cuối)\s+năm\s*(?P<yy>\d{{4}})", re.I)
RE_YEAR = re.compile(rf"{_DONE}\s+năm\s+(?P<yy>\d{{4}})(?!\s*(?:,|và)\s*giai đoạn)", re.I)
RE_WORKDAYS = re.compile(
    r"trong\s+(?:vòng\s+|thời hạn\s+)?(?P<n>\d{1,3})\s+ngày(?P<wd>\s*(?:\()?làm việc(?:\))?)?\s*,?\s*"
    r"(?:kể\s+)?từ\s+(?:ngày\s+)?(?P<what>ký|nhận|ban hành)",
    re.I,
)
RE_PERIOD = re.compile(
    r"(?:định kỳ\s+)?(?:hằng|hàng|định kỳ)\s+(?P<unit>tháng|quý|năm|tuần|ngày)\b[^.;]{0,80}?"
    r"trước\s+ngày\s+(?P<day>\d{1,2})(?:\s*[/.-]\s*(?P<mon>\d{1,2}))?",
    re.I,
)
RE_PERIOD_AFTER = re.compile(
    r"trước\s+ngày\s+(?P<day>\d{1,2})(?:\s*[/.-]\s*(?P<mon>\d{1,2}))?\s+(?:hằng|hàng)\s+(?P<unit>tháng|quý|năm|tuần)\b",
    re.I,
)
RE_RECURRING = re.compile(r"\b(?:thường xuyên|định kỳ|(?:hằng|hàng)\s+(?:năm|tháng|quý|tuần|ngày))\b", re.I)
RE_CONTINUE = re.compile(r"(?<!về )(?<!việc )(?<!của )\btiếp tục\b", re.I)
RE_TET = re.compile(
    r"(?:trước|chậm nhất(?:\s+là)?(?:\s+trước)?|hoàn thành trước)\s+(?:dịp\s+)?Tết\s+Nguyên\s+[đĐ]án"
    r"(?:\s+(?:năm\s+)?(?P<yy>\d{4}))?",
    re.I,
)
_SCOPE_BEFORE = re.compile(r"(?:đề ra|đặt ra|kế hoạch|chỉ tiêu|mục tiêu)\s*$", re.I)
_FREQ = {"tháng": "MONTHLY", "quý": "QUARTERLY", "năm": "YEARLY", "tuần": "WEEKLY", "ngày": "DAILY"}


@dataclass
class Deadline:
    """The main deadline of an item plus what else was seen, for the review screen."""

    due: date | None = None
    due_text: str | None = None
    recurring: bool = False
    period: dict | None = None
    other_due: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Hit:
    pos: int
    text: str
    due: date | None


def _mk(y: int | None, m: int, d: int) -> date | None:
    """A date, or None when the parts are impossible or the year is unknown."""
    if y is None:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _date_of(match: re.Match, year: int | None) -> date | None:
    """Date from a match of _DATE; a missing year comes from the document."""
    gd = match.groupdict()
    if gd.get("d"):
        d, m, y = int(gd["d"]), int(gd["m"]), gd.get("y")
    else:
        d, m, y = int(gd["d2"]), int(gd["m2"]), gd.get("y2")
    return _mk(int(y) if y else year, m, d)


def month_end(year: int, month: int) -> date:
    """Last day of a month: 'trong tháng 10/2024' -> 31/10/2024."""
    return date(year, month, calendar.monthrange(year, month)[1])


def _hits(text: str, issued: date | None, year: int | None, cal) -> list[_Hit]:
    """Every deadline phrase in the text, in reading order."""
    hits: list[_Hit] = []
    for m in RE_BEFORE.finditer(text):
        hits.append(_Hit(m.start(), m.group(0), _date_of(m, year)))
    for m in RE_UNTIL.finditer(text):
        hits.append(_Hit(m.start(), m.group(0), _date_of(m, year)))
    for m in RE_FROM_ON.finditer(text):
        hits.append(_Hit(m.start(), m.group(0), _date_of(m, year)))
    for m in RE_MONTH.finditer(text):
        if 1 <= int(m["mm"]) <= 12 and not _SCOPE_BEFORE.search(text[: m.start()]):
            hits.append(_Hit(m.start(), m.group(0), month_end(int(m["yy"]), int(m["mm"]))))
    for m in RE_MONTH_NOYEAR.finditer(text):
        if 1 <= int(m["mm"]) <= 12 and not _SCOPE_BEFORE.search(text[: m.start()]):
            hits.append(_Hit(m.start(), m.group(0), month_end(year, int(m["mm"])) if year else None))
    for m in RE_QUARTER_NOYEAR.finditer(text):
        q = _ROMAN[m["q"].upper()]
        hits.append(_Hit(m.start(), m.group(0), month_end(year, q * 3) if year else None))
    for m in RE_QUARTER.finditer(text):
        q = _ROMAN[m["q"].upper()]
        hits.append(_Hit(m.start(), m.group(0), month_end(int(m["yy"]), q * 3)))
    for m in RE_HALF.finditer(text):
        hits.append(_Hit(m.start(), m.group(0), month_end(int(m["yy"]), 6 if m["h"] == "đầu" else 12)))
    for m in RE_YEAR.finditer(text):
        if not _SCOPE_BEFORE.search(text[: m.start()]) and not any(
            h.pos <= m.start() < h.pos + len(h.text) for h in hits
        ):
            hits.append(_Hit(m.start(), m.group(0), date(int(m["yy"]), 12, 31)))
    for m in RE_TET.finditer(text):
        hits.append(_Hit(m.start(), m.group(0), tet_eve(int(m["yy"]) if m["yy"] else None, issued)))
    for m in RE_WORKDAYS.finditer(text):
        hits.append(_Hit(m.start(), m.group(0), _count_days(issued, int(m["n"]), bool(m["wd"]), cal)))
    return _dedupe(sorted(hits, key=lambda h: h.pos))


_REPORTS = re.compile(r"(?<![\wÀ-ỹ])(?:báo cáo|trình|gửi)(?![\wÀ-ỹ])", re.I)


def lunar_new_year(year: int) -> date:
    """Mùng 1 Tết of a Gregorian year, from the `holidays` package's Vietnamese calendar."""
    import holidays

    days = holidays.country_holidays("VN", years=year, language="en_US")
    return next(d for d, name in days.items() if name == "Lunar New Year")


def tet_eve(year: int | None, issued: date | None) -> date | None:
    """'trước Tết Nguyên đán' -> the last day before Tết (giao thừa): of the year written, else the first Tết
    after the document date; unknown without either."""
    if year is None:
        if issued is None:
            return None
        year = issued.year if lunar_new_year(issued.year) > issued else issued.year + 1
    return lunar_new_year(year) - timedelta(days=1)


def _main_hit(text: str, hits: list[_Hit]) -> _Hit:
    """With several deadlines, the one of the report/submission that closes the item; else the first."""
    if len(hits) == 1:
        return hits[0]
    reported = []
    for h in hits:
        clause = re.split(r"[.;,]\s", text[: h.pos])[-1]
        if _REPORTS.search(clause):
            reported.append(h)
    return reported[-1] if reported else hits[0]


def _count_days(issued: date | None, n: int, working: bool, cal) -> date | None:
    """'trong 10 ngày làm việc kể từ ngày ký' counted from the document date."""
    if issued is None:
        return None
    if working:
        if cal is None:
            from tracker.core.workdays import DEFAULT_CALENDAR

            cal = DEFAULT_CALENDAR
        return cal.add_working_days(issued, n)
    return issued + timedelta(days=n)


def _dedupe(hits: list[_Hit]) -> list[_Hit]:
    """Drop hits nested inside an earlier, longer hit."""
    out: list[_Hit] = []
    for h in hits:
        if out and h.pos < out[-1].pos + len(out[-1].text):
            continue
        out.append(h)
    return out


def _period(text: str) -> dict | None:
    """'hằng tháng, trước ngày 20' -> {'freq': 'MONTHLY', 'bymonthday': 20}."""
    m = RE_PERIOD.search(text) or RE_PERIOD_AFTER.search(text)
    if not m:
        return None
    period = {"freq": _FREQ[m["unit"].lower()], "bymonthday": int(m["day"])}
    if m["mon"]:
        period["bymonth"] = int(m["mon"])
    return period


RE_BARE_PERIOD = re.compile(r"(?:hằng|hàng)\s+(?P<unit>tháng|quý|năm|tuần)\b", re.I)
RE_WEEKDAY = re.compile(r"trước\s+(?:ngày\s+)?thứ\s+(?P<d>hai|ba|tư|năm|sáu|bảy)", re.I)
_WEEKDAYS = {"hai": "MO", "ba": "TU", "tư": "WE", "năm": "TH", "sáu": "FR", "bảy": "SA"}


def _bare_period(text: str) -> dict | None:
    """'báo cáo hằng tuần trước thứ Sáu' -> {'freq': 'WEEKLY', 'byday': 'FR'}; no day given -> freq only."""
    m = RE_BARE_PERIOD.search(text)
    if not m:
        return None
    period: dict = {"freq": _FREQ[m["unit"].lower()]}
    day = RE_WEEKDAY.search(text)
    if day and period["freq"] == "WEEKLY":
        period["byday"] = _WEEKDAYS[day["d"].lower()]
    return period


def is_recurring(text: str) -> bool:
    """An explicit marker of continuity or period (thường xuyên, tiếp tục, định kỳ, hằng năm...)."""
    return bool(RE_RECURRING.search(text) or RE_CONTINUE.search(text))


def find_deadline(text: str, issued: date | None = None, year: int | None = None, cal=None) -> Deadline:
    """Main deadline of one directive item; periodic and ongoing items get recurring=True."""
    year = year or (issued.year if issued else None)
    result = Deadline()
    period = _period(text)
    if period:
        m = RE_PERIOD.search(text) or RE_PERIOD_AFTER.search(text)
        result.recurring, result.period, result.due_text = True, period, m.group(0).strip()
        return result
    hits = _hits(text, issued, year, cal)
    if hits:
        main = _main_hit(text, hits)
        result.due, result.due_text = main.due, main.text.strip()
        result.other_due = [h.text.strip() for h in hits if h is not main]
        if main.due is None:
            result.warnings.append(f"Không xác định được năm của thời hạn “{result.due_text}”.")
        elif issued and main.due < issued:
            result.warnings.append(f"Thời hạn “{result.due_text}” sớm hơn ngày ban hành văn bản.")
    result.recurring = result.due is None and not hits and is_recurring(text)
    if result.recurring:
        result.period = _bare_period(text)
    return result


def parse_due_cell(text: str, issued: date | None = None, year: int | None = None, cal=None) -> Deadline:
    """A table's 'Thời hạn' cell: bare '30/11/2024', 'Tháng 12/2024', 'Quý IV/2024', 'Năm 2025', 'Thường xuyên'."""
    cell = " ".join(text.split())
    if not cell:
        return Deadline()
    found = find_deadline(cell, issued, year, cal)
    if found.due or found.period or found.due_text or not re.match(r"(?i)(\d|tháng|quý|năm|6 tháng)", cell):
        return found
    prefix = "trước ngày " if cell[0].isdigit() and not re.match(r"\d+ tháng", cell) else "trong "
    found = find_deadline(prefix + cell, issued, year, cal)
    found.due_text = cell if found.due_text else None
    return found
