"""Document header: number, type, issue date, issuer, directing leader, summary line."""

from __future__ import annotations

import re
from datetime import date

from tracker.core.text import fold

_TYPES = [
    ("thong bao", "thong_bao_ket_luan"),
    ("cong van", "cong_van"),
    ("chi thi", "chi_thi"),
    ("ke hoach", "ke_hoach"),
    ("quyet dinh", "quyet_dinh"),
    ("cong dien", "other"),
    ("chuong trinh", "other"),
]
_SYMBOL_TYPES = {
    "TB": "thong_bao_ket_luan",
    "CT": "chi_thi",
    "KH": "ke_hoach",
    "QĐ": "quyet_dinh",
    "CĐ": "other",
}
RE_NUMBER = re.compile(r"\bSố\s*:\s*(?P<no>\d*)\s*/\s*(?P<sym>[A-ZĐ0-9][A-ZĐ0-9./-]*)")
RE_CITED_NO = re.compile(
    r"(?:\(Theo|nhận được)\s+(?P<kind>Thông báo|Công văn|Chỉ thị|Kế hoạch|Quyết định|Công điện)\s+số\s+"
    r"(?P<no>\d+/[A-ZĐ][A-ZĐa-z0-9-]*)"
    r"(?:\s*,?\s*ngày\s+(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4}))?"
)
RE_PLACE_DATE = re.compile(
    r"^\s*(?P<place>[A-ZĐÀ-Ỹ][^,\n]{1,40}),\s*ngày\s*(?P<d>\d{0,2})\s*tháng\s*(?P<m>\d{0,2})\s*năm\s*(?P<y>\d{4})",
    re.M,
)
RE_CRAWL = re.compile(r"^\s*date\s+(?P<y>\d{4})-(?P<m>\d{2})\s*")
RE_DATED = re.compile(r"\b[Nn]gày\s+(?P<d>\d{1,2})[./](?P<m>\d{1,2})(?:[./](?P<y>\d{4}))?\b")
RE_DIRECTED = re.compile(
    r"^Kết luận của\s+(?:đồng chí\s+)?(?P<who>[^\n]{3,160}?)(?:\s+tại\s|\s+về\s|$)", re.M
)
RE_ISSUER = re.compile(
    r"^\s*(?:UBND|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN)\s+(?P<lvl>TỈNH|THÀNH PHỐ|HUYỆN)\s+(?P<name>[^\n]+)$", re.M
)
RE_SIGN_ROLE = re.compile(
    r"^\**\s*(?:TM\.|KT\.|TL\.|Q\.)?\s*(?:CHỦ TỊCH|PHÓ CHỦ TỊCH|CHÁNH VĂN PHÒNG|PHÓ CHÁNH VĂN PHÒNG|GIÁM ĐỐC|THỦ TƯỚNG)",
    re.M,
)


def _safe_date(y, m, d) -> date | None:
    """A date from text parts, None when a part is blank or impossible."""
    try:
        return date(int(y), int(m), int(d))
    except (TypeError, ValueError):
        return None


def _doc_type(lines: list[str], symbol: str | None) -> str:
    """The type line (THÔNG BÁO, CÔNG VĂN...) wins over the symbol code."""
    for line in lines[:15]:
        stripped = line.strip().strip("*").strip()
        if stripped and stripped == stripped.upper() and len(stripped) < 40:
            folded = fold(stripped)
            for key, kind in _TYPES:
                if folded.startswith(key):
                    return kind
    if symbol:
        code = symbol.split("-")[0]
        if code in _SYMBOL_TYPES:
            return _SYMBOL_TYPES[code]
        if code.startswith("UBND") or code.startswith("VPCP"):
            return "cong_van"
    return "other"


def _title(lines: list[str]) -> str | None:
    """'V/v ...' line, else the line after the type line."""
    for line in lines[:20]:
        if re.match(r"^\s*V/v\b", line, re.I):
            return line.strip()
    for i, line in enumerate(lines[:15]):
        stripped = line.strip().strip("*").strip()
        if stripped and stripped == stripped.upper() and any(fold(stripped).startswith(k) for k, _ in _TYPES):
            rest = [x.strip() for x in lines[i + 1 : i + 4] if x.strip()]
            return rest[0] if rest else None
    return None


def _signer(lines: list[str]) -> str | None:
    """The name under the signature block (last short non-empty line after a role line)."""
    text = "\n".join(lines)
    roles = list(RE_SIGN_ROLE.finditer(text))
    if not roles:
        return None
    tail = [x.strip().strip("*") for x in text[roles[-1].end() :].splitlines() if x.strip()]
    names = [x for x in tail if 1 < len(x.split()) <= 5 and x != x.upper()]
    return names[-1] if names else None


_RUN_ON = [
    r"\s+(CỘNG\s+HÒA\s+XÃ\s+HỘI)",
    r"\s+(Độc\s+lập\s*[-–])",
    r"\s+(Số\s*:\s*\d)",
    r"\s+((?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*\s){0,3}[A-ZĐÀ-Ỹ][\wÀ-ỹ]*,\s*ngày\s+\d{1,2}\s+tháng)",
    r"\s+(V/v\s)",
    r"\s+(Kính\s+gửi\s*:)",
]


def unrun_header(text: str) -> str:
    """Portal copies run the header into the body on one line ('UBND TỈNH X CỘNG HÒA ... Số: ... Kính gửi: ...
    Giao Sở ...'): put its parts back on lines of their own, and the body after the addressee line."""
    first, sep, rest = text.lstrip().partition("\n")
    if len(first) < 120 or not re.search(r"CỘNG\s+HÒA\s+XÃ\s+HỘI|Kính\s+gửi\s*:", first):
        return text
    for pattern in _RUN_ON:
        first = re.sub(pattern, r"\n\1", first, count=1)
    first = re.sub(r"(Kính\s+gửi\s*:[^\n]*?[.;])\s+(?=[A-ZĐÀ-Ỹ])", r"\1\n", first, count=1)
    return first + sep + rest


def parse_header(text: str) -> dict:
    """Header fields plus the year context used to complete year-less dates."""
    lines = text.splitlines()
    number = symbol = None
    issued = None
    year = month = None
    m = RE_NUMBER.search(text)
    if m:
        symbol = m["sym"].rstrip(".")
        number = f"{m['no']}/{symbol}" if m["no"] else None
    place_date = RE_PLACE_DATE.search(text)
    if place_date:
        year = int(place_date["y"])
        month = int(place_date["m"]) if place_date["m"] else None
        issued = _safe_date(place_date["y"], place_date["m"], place_date["d"])
    cited = RE_CITED_NO.search(text)
    kind = _doc_type(lines, symbol)
    if cited and not m:
        number, symbol = cited["no"], cited["no"].split("/", 1)[1]
        kind = kind if kind != "other" else _doc_type([cited["kind"].upper()], symbol)
        if cited["y"] and issued is None:
            issued = _safe_date(cited["y"], cited["m"], cited["d"])
            year = issued.year if issued else year
    crawl = RE_CRAWL.match(text)
    if year is None and crawl:
        year = int(crawl["y"])
        dated = RE_DATED.search(text[:400])
        if dated and issued is None:
            issued = _safe_date(dated["y"] or year, dated["m"], dated["d"])
    issuer = None
    im = RE_ISSUER.search(text)
    if im:
        issuer = f"UBND {im['lvl'].lower()} {im['name'].strip().title()}"
    elif place_date and symbol and "UBND" in symbol:
        issuer = f"UBND tỉnh {place_date['place'].strip()}"
    directed = RE_DIRECTED.search(text)
    doc = {
        "number": number,
        "symbol": symbol,
        "type": kind,
        "issued": issued.isoformat() if issued else None,
        "issuer": issuer,
        "directed_by": directed["who"].strip(" ,") if directed else None,
        "title": _title(lines),
        "signer": _signer(lines),
    }
    return {"doc": doc, "issued": issued, "year": year or (issued.year if issued else None), "month": month}
