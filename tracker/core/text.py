"""Vietnamese text folding for diacritic-insensitive search and name matching."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """'Sở Tài chính' -> 'so tai chinh'."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", stripped).strip().lower()


def format_date(value: date | datetime | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def parse_vn_date(text: str | None) -> date | None:
    """dd/mm/yyyy (also with - or .) or ISO; raises ValueError with a Vietnamese message."""
    text = (text or "").strip()
    if not text:
        return None
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"Ngày không hợp lệ: “{text}” (định dạng dd/mm/yyyy).")
