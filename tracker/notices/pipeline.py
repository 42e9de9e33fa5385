"""The parse pipeline: extract -> header -> segment -> classify -> owners -> deadlines -> task list."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.core.text import fold
from tracker.notices.deadlines import Deadline, find_deadline
from tracker.notices.extract import DEFAULT_MAX_BYTES, NoticeError, extract
from tracker.notices.header import parse_header, unrun_header
from tracker.notices.names import is_group, is_vague, using_gazetteer
from tracker.notices.owners import Owner, clauses, directed_units, find_owner, has_lead, lead_of_clause
from tracker.notices.segment import Item, is_table_row, segment
from tracker.notices.tables import row_task, table_tasks

STRUCTURAL = {"roman", "num", "article", "ordinal", "alpha"}
_NO_TASK_SECTION = re.compile(
    r"\b(?:ket qua|kho khan|han che|tinh hinh|danh gia|nguyen nhan|ton tai|thuc trang|boi canh|muc dich)\b"
)
_TASK_SECTION = re.compile(
    r"\b(?:nhiem vu|giai phap|phuong huong|to chuc thuc hien|kien nghi|de xuat|chi dao|phan cong)\b"
)
_BOILERPLATE = re.compile(
    r"chịu trách nhiệm thi hành|thông báo (?:để|cho|đến) .{0,160}(?:biết|thực hiện)|trân trọng|"
    r"có hiệu lực(?: thi hành)? kể từ|^(?:Điều\s+\d+\.?\s*)?Ban\s*hành kèm theo",
    re.I,
)


@dataclass
class Candidate:
    """A piece of text that may be one task, with what it inherits from an owner heading."""

    ref: str | None
    text: str
    inherited: Owner | None = None
    inherited_due: Deadline | None = None
    numbered: bool = True
    trailing: bool = False
    table: dict | None = None


def _is_heading(item: Item) -> bool:
    """Lead-in ending with ':', an all-caps title, or a short unfinished line above marked sub-items."""
    text = item.text.strip()
    if text.endswith(":") or text == text.upper():
        return True
    marked = any(c.kind not in ("para", "intro") for c in item.children)
    return marked and len(text.split()) <= 12 and not text.endswith((".", ";"))


_TITLE_WORDS = 16  # a section title is short; a longer lead-in ending with ':' only cites a topic


def _lead_in(item: Item, current):
    """Owner discourse: 'UBND tỉnh yêu cầu các sở, ngành ... các nội dung sau:' followed by numbered items at
    the same level hands its owner to each item that names none; a new lead-in or heading replaces it."""
    text = item.text.rstrip()
    if text.endswith(":") and not item.children:
        owner = find_owner(text)
        return (owner, item.parent) if owner.lead or owner.lead_vague else None
    if item.children and _is_heading(item):
        return None
    return current


def _assigns(item: Item) -> bool:
    """A paragraph before the numbered items that itself assigns work ('... giao Công an tỉnh chỉ đạo ...')
    is a task, not preamble; a lead-in ending with ':' only introduces the items."""
    if item.kind not in ("para", "intro") or item.text.rstrip().endswith(":"):
        return False
    return find_owner(item.text).how == "trigger"


def _in_skipped_section(item: Item) -> bool:
    """Under 'KẾT QUẢ ĐẠT ĐƯỢC', 'KHÓ KHĂN, HẠN CHẾ' and similar: assessments, not tasks."""
    for node in [item, *item.ancestors()]:
        if node.children and _is_heading(node) and len(node.text.split()) <= _TITLE_WORDS:
            key = fold(node.text)
            if _NO_TASK_SECTION.search(key) and not _TASK_SECTION.search(key):
                return True
    return False


def _inherited(item: Item) -> tuple[Owner | None, Deadline | None]:
    """Owner (and deadline) given by the nearest heading that names one."""
    for node in item.ancestors():
        owner = getattr(node, "owner", None)
        if owner is not None:
            return owner, getattr(node, "deadline", None)
    return None, None


# "... phải chịu trách nhiệm trước Chủ tịch UBND tỉnh nếu để xảy ra ...": accountability, not another task
_ACCOUNTABLE = re.compile(
    r"chịu trách nhiệm trước\s+(?:Chủ tịch|UBND|Ủy ban|Thủ tướng|Tỉnh ủy|Ban|pháp luật|cấp trên|Chính phủ)", re.I
)


def _accountability_only(text: str) -> bool:
    """Every sentence of the text is an accountability clause."""
    parts = clauses(text)
    return bool(parts) and all(_ACCOUNTABLE.search(p) for p in parts)


# "Căn cứ nội dung này, Chủ tịch UBND tỉnh yêu cầu Giám đốc Sở X triển khai thực hiện.": a closing sentence
# whose only action is to carry out what was just said restates the assignment before it
_RESTATES = re.compile(r"(?<![\wÀ-ỹ])(?:triển khai|tổ chức)?\s*thực hiện\s*[./;!]*\s*$")


def _running(text: str) -> list[str]:
    """Unnumbered running text split where a clause opens a new assignment."""
    groups: list[list[str]] = []
    for clause in clauses(text):
        restates = bool(groups) and (
            (bool(_RESTATES.search(clause)) and len(clause.split()) <= 25) or _accountability_only(clause)
        )
        if not groups or (has_lead(clause) and not restates):
            groups.append([clause.strip()])
        else:
            groups[-1].append(clause.strip())
    return [" ".join(g) for g in groups]


_BUSINESSES = re.compile(
    r"^(?:các\s+|mọi\s+)?(?:doanh nghiệp|hiệp hội|nhà đầu tư|tổ chức,\s*cá nhân|người dân)(?![\wÀ-ỹ])", re.I
)
_PARTNER_VERB = re.compile(r"^(?:phối hợp|phối kết hợp|cùng|tham gia|hỗ trợ)(?![\wÀ-ỹ])")


def _split_owners(text: str) -> list[str]:
    """'Bộ Tài chính bảo đảm kinh phí; Bộ Công Thương chỉ đạo ...': one item, two owners, two tasks.

    A ';' clause starts a new task only when it names its own specific agencies as subject (not a group,
    not a vague mention, not partners joining in) and the item before it already has an owner.
    """
    parts = [p.strip() for p in re.split(r";\s+", text) if p.strip()]
    if len(parts) < 2:
        return [text]
    groups: list[list[str]] = [[parts[0]]]
    current = find_owner(parts[0]).lead
    for part in parts[1:]:
        lead, how = lead_of_clause(part, first=True)
        own = [n for n in lead if not is_group(n) and not is_vague(n)]
        after = _after_names(part, lead)
        if (
            current
            and how == "subject"
            and own
            and own == lead
            and set(own) != set(current)
            and not _PARTNER_VERB.match(after)
        ):
            groups.append([part])
            current = own
        else:
            groups[-1].append(part)
    return [text] if len(groups) == 1 else ["; ".join(g) for g in groups]


def _after_names(clause: str, names: list[str]) -> str:
    """The words after the last listed name of a clause ('' when not found)."""
    if not names:
        return ""
    last = names[-1].split()[-1]
    idx = clause.find(last)
    return clause[idx + len(last) :].strip(" ,") if idx >= 0 else ""


def candidates(items: list[Item], ctx: dict) -> list[Candidate]:
    """Items that might be tasks, after dropping preamble, assessment sections and boilerplate."""
    first = next((it.index for it in items if it.kind in STRUCTURAL), None)
    last = max((it.index for it in items if it.kind in STRUCTURAL | {"dash", "plus"}), default=-1)
    out: list[Candidate] = []
    rows: list[str] = []
    table_parent = None
    lead_in: tuple[Owner, Item | None] | None = None
    for it in items:
        if is_table_row(it.text):
            table_parent = table_parent if rows else it.parent
            rows.append(it.text)
            continue
        out.extend(_flush_table(rows, table_parent, ctx))
        lead_in = _lead_in(it, lead_in)
        if (
            (first is not None and it.index < first and not _assigns(it))
            or _in_skipped_section(it)
            or _BOILERPLATE.search(it.text)
        ):
            continue
        if getattr(it, "field_of", None) is not None:
            continue  # a '- Cơ quan chủ trì: ...' line already read into its item
        fields = _field_lines(it)
        if fields:
            task = _fields_task(it, fields, ctx)
            if task:
                out.append(Candidate(task["ref"], task["content"], table=task))
            continue
        if it.children and _is_heading(it):
            owner = find_owner(it.text)
            if owner.lead or owner.lead_vague:
                it.owner = owner
                it.deadline = find_deadline(it.text, ctx["issued"], ctx["year"])
            continue
        owner, due = _inherited(it)
        if owner is None and lead_in is not None and it.kind not in ("para", "intro") and it.parent is lead_in[1]:
            owner = lead_in[0]
        if it.kind in ("para", "intro") and owner is None:
            trailing = first is not None and it.index > last
            out.extend(Candidate(None, part, numbered=False, trailing=trailing) for part in _running(it.text))
        else:
            ref = it.ref if it.kind not in ("para", "intro") else None
            for part in _split_owners(it.text):
                out.append(Candidate(ref, part, owner, due, numbered=ref is not None))
    out.extend(_flush_table(rows, table_parent, ctx))
    return out


_FIELD = re.compile(
    r"^(?P<key>(?:Cơ quan|Đơn vị|Bộ phận)\s+(?:chủ trì|thực hiện|phối hợp|đầu mối)|Chủ trì|Phối hợp|Thời gian(?:\s+(?:thực hiện|hoàn thành))?|"
    r"Thời hạn(?:\s+hoàn thành)?|Tiến độ|Sản phẩm|Kinh phí|Kết quả)\s*(?:thực hiện)?\s*:\s*(?P<value>.*)$",
    re.I,
)


def _field_role(key: str) -> str | None:
    """Folded field name -> 'lead', 'co' or 'due' (None for product, budget ...)."""
    if "phoi hop" in key:
        return "co"
    if re.match(r"thoi gian|thoi han|tien do", key):
        return "due"
    if re.search(r"chu tri|thuc hien|dau moi", key):
        return "lead"
    return None


def _field_lines(item: Item) -> dict[str, str]:
    """'- Cơ quan chủ trì: Sở Y tế.' / '- Cơ quan phối hợp: ...' / '- Thời gian thực hiện: Quý III/2024' under a
    plan's item: the item is one task described field by field (a table written as bullets)."""
    fields: dict[str, str] = {}
    lines = []
    for child in item.children:
        m = _FIELD.match(child.text) if child.kind in ("dash", "plus", "para") else None
        if not m:
            continue
        lines.append(child)
        role = _field_role(fold(m["key"]))
        if role and role not in fields:
            fields[role] = m["value"].strip().rstrip(".;")
    if "lead" not in fields:
        return {}
    for child in lines:
        child.field_of = item
    return fields


def _fields_task(item: Item, fields: dict[str, str], ctx: dict) -> dict | None:
    """The task of an item described by field lines, read like a table row."""
    cells = [
        item.text.rstrip(":").strip(),
        fields.get("lead", ""),
        fields.get("co", ""),
        fields.get("due", ""),
    ]
    task = row_task(cells, {"content": 0, "lead": 1, "co": 2, "due": 3}, None, ctx["issued"], ctx["year"])
    if task:
        task["ref"] = item.ref
    return task


def _flush_table(rows: list[str], parent: Item | None, ctx: dict) -> list[Candidate]:
    """Turn the rows collected so far into table candidates, numbered under the section they sit in."""
    found = table_tasks(rows, ctx["issued"], ctx["year"])
    rows.clear()
    heading = next((n for n in ([parent, *parent.ancestors()] if parent else []) if _is_heading(n)), None)
    prefix = heading.ref if heading is not None else None
    for task in found:
        if prefix and task["ref"]:
            task["ref"] = f"{prefix}.{task['ref']}"
    return [Candidate(t["ref"], t["content"], table=t) for t in found]


def _confidence(how: str, lead: list[str], numbered: bool, due: Deadline) -> float:
    """Rough certainty for the review screen: explicit 'Giao X' beats an inferred owner."""
    score = {"trigger": 0.85, "subject": 0.75, "inherited": 0.8, "table": 0.85, "responsibility": 0.5}.get(
        how, 0.4
    )
    if numbered:
        score += 0.05
    if lead and all(is_group(n) for n in lead):
        score -= 0.1
    if due.due_text and due.due is None:
        score -= 0.1
    return round(max(0.1, min(score, 0.99)), 2)


def _task(ref, content, lead, co, vague, deadline: Deadline, how: str, numbered: bool) -> dict:
    """The JSON shape of one proposed task."""
    task = {
        "ref": ref,
        "content": content,
        "lead": lead,
        "co": co,
        "due": deadline.due.isoformat() if deadline.due else None,
        "due_text": deadline.due_text,
        "recurring": deadline.recurring,
        "confidence": _confidence(how, lead, numbered, deadline),
    }
    if deadline.period:
        task["period"] = deadline.period
    if deadline.other_due:
        task["other_due"] = deadline.other_due
    if vague:
        task["vague"] = vague
    return task


def classify(cand: Candidate, ctx: dict) -> dict | None:
    """A candidate becomes a task when it names an addressee (own or inherited)."""
    if cand.table is None and _accountability_only(cand.text):
        return None  # "Thủ trưởng các đơn vị chịu trách nhiệm trước Chủ tịch UBND tỉnh nếu ..."
    if cand.table is not None:
        row = cand.table
        return _task(
            row["ref"], row["content"], row["lead"], row["co"], row["vague"], row["deadline"], "table", True
        )
    owner = find_owner(cand.text)
    how, lead, co, vague = owner.how, owner.lead, list(owner.co), list(owner.vague)
    if not (lead or owner.lead_vague) and cand.inherited is not None:
        how, lead = "inherited", list(cand.inherited.lead)
        co += [c for c in cand.inherited.co if c not in co and c not in lead]
        vague += [v for v in cand.inherited.vague if v not in vague]
    if not lead and not owner.lead_vague and how != "inherited":
        lead, how = directed_units(cand.text), "directed"
    if not lead and not owner.lead_vague and how != "inherited":
        return None
    if lead and all(_BUSINESSES.match(n) for n in lead):
        return None  # encouragement to businesses, not an assignment
    if cand.trailing and all(is_group(n) for n in lead):
        return None  # closing exhortation to everyone after the numbered items
    deadline = find_deadline(cand.text, ctx["issued"], ctx["year"])
    if deadline.due is None and not deadline.due_text and cand.inherited_due and cand.inherited_due.due_text:
        deadline = cand.inherited_due
    for warning in deadline.warnings:
        ctx["warnings"].append(f"[{cand.ref or '-'}] {warning}")
    return _task(cand.ref, cand.text, lead, co, vague, deadline, how, cand.numbered)


def _opening(text: str, n: int) -> list[str]:
    return re.findall(r"\w+", fold(text))[:n]


def _drop_repeats(tasks: list[dict], free: list[bool]) -> list[dict]:
    """A news lead paragraph that repeats a later item (same owner, same opening) is one task, not two.

    Only free-standing paragraphs (no numbering, own addressee) can be such a lead; `free` marks them.
    """
    if not any(free):
        return tasks
    openings = [set(_opening(t["content"], 40)) for t in tasks]
    out = []
    for i, task in enumerate(tasks):
        words = _opening(task["content"], 25) if free[i] else []
        repeated = bool(words) and any(
            tasks[j]["lead"] == task["lead"] and sum(w in openings[j] for w in words) >= 0.8 * len(words)
            for j in range(i + 1, len(tasks))
        )
        if not repeated:
            out.append(task)
    return out


_NEWS_LEAD = re.compile(
    r"(?:vừa|đã)\s+(?:ban hành|ký|có|gửi)\s+(?:văn bản|công văn|chỉ thị|công điện|thông báo|kế hoạch)|"
    r"^Ngày\s+\d{1,2}[/.]\d{1,2}(?:[/.]\d{4})?\s*,[^.;]{0,80}ban hành",
    re.I,
)


def _drop_summary_leads(tasks: list[dict], free: list[bool]) -> list[dict]:
    """A news lead ('UBND tỉnh vừa ban hành chỉ thị yêu cầu các sở, các huyện ...') whose owners all own later
    tasks only announces them: the later tasks are the assignments."""
    out = []
    for i, task in enumerate(tasks):
        lead = {fold(n) for n in task["lead"]}
        later = [{fold(n) for n in t["lead"]} for t in tasks[i + 1 :] if t["lead"]]
        if free[i] and _NEWS_LEAD.search(task["content"]) and later and all(s <= lead for s in later):
            continue
        out.append(task)
    return out


# Work budget: the longest real notices are ~100,000 characters and ~500 items (parsed in ~0.2 s); a text
# far beyond that is a mistake (a whole gazette pasted) and would hold a web worker for minutes.
MAX_CHARS = 500_000
MAX_ITEMS = 3_000


def parse_text(text: str, gazetteer: re.Pattern | None = None) -> dict:
    """Parse a notice's text into document fields, proposed tasks and warnings (writes nothing); `gazetteer`
    (from `names.gazetteer_pattern`) keeps the directory's agency names whole."""
    with using_gazetteer(gazetteer):
        return _parse_text(text)


def _parse_text(text: str) -> dict:
    if len(text) > MAX_CHARS:
        raise NoticeError(
            f"Văn bản quá dài để đọc tự động ({len(text):,} ký tự, giới hạn {MAX_CHARS:,}). "
            "Vui lòng tách thành các văn bản nhỏ hơn hoặc nhập nhiệm vụ thủ công.".replace(",", ".")
        )
    text = unrun_header(text)
    head = parse_header(text)
    ctx = {"issued": head["issued"], "year": head["year"], "warnings": []}
    items = segment(text)
    if len(items) > MAX_ITEMS:
        raise NoticeError(
            f"Văn bản có quá nhiều mục ({len(items):,}, giới hạn {MAX_ITEMS:,}) để đọc tự động. "
            "Vui lòng tách thành các văn bản nhỏ hơn.".replace(",", ".")
        )
    pairs = [(c, t) for c in candidates(items, ctx) for t in [classify(c, ctx)] if t]
    free = [c.ref is None and c.inherited is None and c.table is None for c, _ in pairs]
    tasks = _drop_repeats([t for _, t in pairs], free)
    kept = {id(t) for t in tasks}
    tasks = _drop_summary_leads(tasks, [f for f, (_, t) in zip(free, pairs, strict=True) if id(t) in kept])
    if not tasks:
        ctx["warnings"].append("Không tìm thấy nhiệm vụ nào có cơ quan được giao.")
    if head["issued"] is None:
        ctx["warnings"].append("Không xác định được ngày ban hành văn bản.")
    return {"doc": head["doc"], "tasks": tasks, "warnings": ctx["warnings"]}


def parse_file(
    source, filename: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES, progress=None
) -> dict:
    """Parse an uploaded notice (path or bytes + filename); raises NoticeError for unreadable files."""
    found = extract(source, filename, max_bytes, progress)
    return with_ocr_note(parse_text(found.text), found.ocr)


def with_ocr_note(result: dict, ocr: bool) -> dict:
    """Mark a result read by OCR: a warning first, and `ocr: true` for the review screen."""
    if ocr:
        from tracker.notices.ocr import NOTE

        result["warnings"].insert(0, NOTE)
        result["ocr"] = True
    return result
