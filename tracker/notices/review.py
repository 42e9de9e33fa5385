"""The review table of a parsed notice: rows the officer edits, and their conversion to ItemInputs.

Pure functions over plain dicts (the draft payload); agency choices are tokens "a:<id>" / "g:<id>".
"""

from __future__ import annotations

from datetime import date

from tracker.core.errors import DomainError
from tracker.core.text import format_date, parse_vn_date
from tracker.documents.services import ItemInput

RRULE_BY_FREQ = {
    "MONTHLY": "FREQ=MONTHLY",
    "QUARTERLY": "FREQ=MONTHLY;INTERVAL=3",
    "YEARLY": "FREQ=YEARLY",
    "WEEKLY": "FREQ=WEEKLY",
}


def period_rrule(period: dict | None) -> str | None:
    """{"freq": "MONTHLY", "bymonthday": 20} -> "FREQ=MONTHLY;BYMONTHDAY=20"."""
    if not period or period.get("freq") not in RRULE_BY_FREQ:
        return None
    rule = RRULE_BY_FREQ[period["freq"]]
    if period.get("bymonthday"):
        rule += f";BYMONTHDAY={int(period['bymonthday'])}"
    return rule


def new_row(task: dict, resolve) -> dict:
    """A parsed task -> an editable row; `resolve(names)` gives (tokens, unresolved names)."""
    lead_tokens, lead_missing = resolve(task.get("lead") or [])
    co_tokens, co_missing = resolve(task.get("co") or [])
    due = task.get("due")
    return {
        "ref": task.get("ref") or "",
        "content": task.get("content") or "",
        "lead_names": task.get("lead") or [],
        "co_names": task.get("co") or [],
        "lead": lead_tokens,
        "co": co_tokens,
        "unresolved": sorted(set(lead_missing + co_missing)),
        "due": format_date(date.fromisoformat(due)) if due else "",
        "due_text": task.get("due_text") or "",
        "recurring": bool(task.get("recurring")),
        "rrule": period_rrule(task.get("period")),
        "confidence": task.get("confidence", 1.0),
    }


def hidden_list(value: str) -> list[str]:
    """A hidden list field back into its items: browsers submit its line breaks as CRLF, so split on any."""
    return [x.strip() for x in value.splitlines() if x.strip()]


def rows_from_form(form) -> list[dict]:
    """Read rows-<n>-<field> inputs (a MultiDict) back into rows, keeping what is not editable."""
    count = int(form.get("row_count", 0) or 0)
    rows = []
    for n in range(count):
        p = f"rows-{n}-"
        rows.append(
            {
                "ref": form.get(p + "ref", "").strip(),
                "content": form.get(p + "content", "").strip(),
                "lead": form.getlist(p + "lead"),
                "co": form.getlist(p + "co"),
                "lead_names": hidden_list(form.get(p + "lead_names", "")),
                "co_names": hidden_list(form.get(p + "co_names", "")),
                "unresolved": hidden_list(form.get(p + "unresolved", "")),
                "due": form.get(p + "due", "").strip(),
                "due_text": form.get(p + "due_text", ""),
                "recurring": form.get(p + "recurring") == "on",
                "rrule": form.get(p + "rrule") or None,
                "confidence": float(form.get(p + "confidence") or 1.0),
                "delete": form.get(p + "delete") == "on",
                "merge": form.get(p + "merge") == "on",
            }
        )
    return rows


def apply_edits(rows: list[dict], split_at: int | None = None) -> list[dict]:
    """Drop deleted rows, merge rows marked "gộp với dòng trên" into the row above, split one row in two."""
    result: list[dict] = []
    for row in rows:
        if row.pop("delete", False):
            continue
        if row.pop("merge", False) and result:
            above = result[-1]
            above["content"] = f"{above['content']}\n{row['content']}".strip()
            above["lead"] = list(dict.fromkeys(above["lead"] + row["lead"]))
            above["co"] = list(dict.fromkeys(above["co"] + row["co"]))
            above["due"] = above["due"] or row["due"]
            continue
        result.append(row)
    if split_at is not None and 0 <= split_at < len(result):
        copy = dict(result[split_at], content="", ref=(result[split_at]["ref"] or "") + "*")
        result.insert(split_at + 1, copy)
    return result


SKIP = "skip"  # the officer leaves an agency outside the directory out of the task


def apply_mappings(rows: list[dict], mappings: dict[str, str]) -> list[dict]:
    """Give every row that names an unresolved agency the agency the officer picked for it (or drop the name
    when the officer chose to skip it)."""
    for row in rows:
        still = []
        for name in row.get("unresolved", []):
            token = mappings.get(name)
            if not token:
                still.append(name)
                continue
            if token == SKIP:
                continue
            target = "lead" if name in row.get("lead_names", []) else "co"
            if token not in row[target]:
                row[target].append(token)
        row["unresolved"] = still
    return rows


def task_count(rows: list[dict], group_members: dict[int, set[int]]) -> int:
    """Tasks the rows will make when saved: one per lead agency, a group fanned out to its active members."""
    total = 0
    for row in rows:
        ids = set(_ids(row.get("lead", []), "a:"))
        for group_id in _ids(row.get("lead", []), "g:"):
            ids |= group_members.get(group_id, set())
        total += len(ids)
    return total


def early_deadlines(rows: list[dict], issued_on: str | None) -> set[int]:
    """Indexes of rows whose deadline is earlier than the document's issue date (a typo, or a date kept as
    written): flagged on the review screen before saving."""
    try:
        issued = parse_vn_date(issued_on)
    except ValueError:
        return set()
    out = set()
    for n, row in enumerate(rows):
        try:
            due = parse_vn_date(row.get("due"))
        except ValueError:
            continue
        if issued and due and due < issued:
            out.add(n)
    return out


def _ids(tokens: list[str], prefix: str) -> list[int]:
    return [int(t[2:]) for t in tokens if t.startswith(prefix) and t[2:].isdigit()]


def to_items(rows: list[dict], field: str | None = None, is_key: bool = False) -> list[ItemInput]:
    """Rows -> ItemInputs, with every problem reported by row number (nothing is saved on error); the
    notice's field and key flag reach every task (the leader comes through the document)."""
    items, errors = [], []
    for n, row in enumerate(rows, 1):
        label = f"Dòng {n}{' (mục ' + row['ref'] + ')' if row.get('ref') else ''}"
        if not row["content"]:
            errors.append(f"{label}: thiếu nội dung nhiệm vụ.")
        if not row["lead"]:
            errors.append(f"{label}: chưa chọn cơ quan chủ trì.")
        if row.get("unresolved"):
            errors.append(f"{label}: chưa xác định cơ quan “{'”, “'.join(row['unresolved'])}”.")
        try:
            due = parse_vn_date(row["due"])
        except ValueError as exc:
            errors.append(f"{label}: {exc}")
            continue
        items.append(
            ItemInput(
                content=row["content"],
                ref=row["ref"] or None,
                due_on=due,
                due_text=row.get("due_text") or None,
                lead_agency_ids=_ids(row["lead"], "a:"),
                lead_group_ids=_ids(row["lead"], "g:"),
                co_agency_ids=_ids(row["co"], "a:"),
                lead_text="; ".join(row.get("lead_names", [])) or None,
                co_text="; ".join(row.get("co_names", [])) or None,
                periodic_rrule=row.get("rrule") if row.get("recurring") and not due else None,
                field=field,
                is_key=is_key,
            )
        )
    if errors:
        raise DomainError("Chưa thể lưu: " + " ".join(errors))
    return items
