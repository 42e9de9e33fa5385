"""Task tables of plans (Kế hoạch): 'STT | Nội dung | Chủ trì | Phối hợp | Thời hạn' rows."""

from __future__ import annotations

import re

from tracker.core.text import fold
from tracker.notices.abbreviations import expand
from tracker.notices.deadlines import parse_due_cell
from tracker.notices.names import is_vague, split_names

_COLUMNS = [
    ("no", r"^(?:stt|tt|so tt)$"),
    ("co", r"phoi hop"),
    ("lead", r"chu tri|thuc hien|dau moi|co quan|don vi|trach nhiem"),
    ("due", r"thoi gian|thoi han|tien do|han hoan thanh"),
    ("content", r"noi dung|nhiem vu|cong viec|giai phap|hoat dong"),
]


def header_columns(cells: list[str]) -> dict[str, int] | None:
    """Column roles of a header row, or None when the row is not a task-table header."""
    roles: dict[str, int] = {}
    for i, cell in enumerate(cells):
        key = fold(cell)
        for role, pattern in _COLUMNS:
            if role not in roles and re.search(pattern, key):
                roles[role] = i
                break
    return roles if {"content", "lead"} <= roles.keys() else None


def row_task(cells: list[str], cols: dict[str, int], group: str | None, issued, year) -> dict | None:
    """One table row as a task dict; group rows ('I | NHIỆM VỤ CHUNG') return None."""

    def cell(role: str) -> str:
        i = cols.get(role)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    content, lead_text = cell("content"), cell("lead")
    if not content or not lead_text:
        return None
    lead, _ = split_names(expand(lead_text), permissive=True, cell=True)
    co, _ = split_names(expand(cell("co")), permissive=True, cell=True)
    deadline = parse_due_cell(cell("due"), issued, year)
    number = cell("no")
    ref = f"{group}.{number}" if group and number else (number or None)
    return {
        "ref": ref,
        "content": content,
        "lead": [n for n in lead if not is_vague(n)],
        "co": [n for n in co if not is_vague(n) and n not in lead],
        "vague": [n for n in lead + co if is_vague(n)],
        "deadline": deadline,
        "how": "table",
    }


def table_tasks(rows: list[str], issued, year) -> list[dict]:
    """Tasks from consecutive table rows; rows before a recognised header are ignored."""
    cols = None
    group = None
    out = []
    for row in rows:
        cells = [c.strip() for c in row.split(" | ")]
        found = header_columns(cells)
        if found:
            cols = found
            continue
        if cols is None or all(re.fullmatch(r"\(?\d+\)?", c) for c in cells if c):
            continue
        number = cells[cols["no"]].strip() if "no" in cols and cols["no"] < len(cells) else ""
        if re.fullmatch(r"[IVX]+|[A-Z]", number):
            group = number
            continue
        task = row_task(cells, cols, group, issued, year)
        if task:
            out.append(task)
    return out
