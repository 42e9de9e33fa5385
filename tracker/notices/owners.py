"""Who must act: lead agencies (chủ trì) and co-agencies (phối hợp) of one directive item."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tracker.notices.abbreviations import expand
from tracker.notices.names import is_vague, split_names

_CONNECTOR = re.compile(
    r"^(?:[“\"'*(\s]+|(?:Theo đó|Cụ thể|Đồng thời|Bên cạnh đó|Ngoài ra|Trong đó|Mặt khác|Riêng|Vì vậy|Do đó|"
    r"Trước mắt|Sau đó|Tiếp theo|Trên cơ sở đó|Mặt khác|"
    r"Thứ (?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)|"
    # a fronted time adverbial before the subject: "trong thời gian từ đầu tháng 1 tới ngày 15/3, Công an ..."
    r"(?:[Tt]rong thời gian|[Tt]ừ nay|[Tt]ừ ngày|[Tt]ừ đầu|[Tt]rong dịp)[^,;:.]{0,80},)\s*,?\s*)+",
    re.I,
)
_TOPIC = re.compile(r"^Về\s[^:;.]{1,100}:\s*")
_TRIGGER = re.compile(
    r"(?<![\wÀ-ỹ])(?<!Ngoại )(?<!ngoại )(?<!được )(?:giao nhiệm vụ cho|giao cho|giao(?!\s+thông)|yêu cầu|đề nghị)(?![\wÀ-ỹ])\s*:?\s*",
    re.I,
)
_LEADER = re.compile(
    r"(?:Thủ tướng|Chủ tịch|UBND tỉnh|UBND thành phố|Chính phủ|đồng chí|Lãnh đạo|Phó Chủ tịch|Hội nghị|Bộ trưởng|"
    r"Ban Thường vụ|Thường trực|Văn phòng Chính phủ|Bí thư|Ông\s+[A-ZĐ]|Bà\s+(?!Rịa)[A-ZĐ]|"
    # the document speaking for its issuer: "Công văn yêu cầu ...", "Chỉ thị đề nghị ..."
    r"(?-i:Công văn|Công điện|Chỉ thị|Văn bản|Kết luận|Thông báo|Quyết định|Kế hoạch))"
)
_SUBORDINATE = re.compile(
    r"^(?:Về|Đối với|Riêng|Trường hợp|Để|Nhằm|Trên cơ sở|Căn cứ|Sau khi|Thống nhất|Cơ bản thống nhất|Đồng ý|"
    r"Chấp thuận|Trước mắt|Về lâu dài)\b[^;.]{0,400}[,:]$"
)
_BAD_AFTER_SUBJECT = re.compile(
    r"^(?:đã|đang|vừa|rất|là|không|chưa|thông báo|có ý kiến|có văn bản|có công văn|cho biết|nhận được|đạt|"
    r"đánh giá cao|biểu dương|ghi nhận|hoan nghênh|nhất trí|kết luận|nhận thấy|đồng ý|"
    r"được(?! giao)|sẽ|trân trọng|về|của|trong|tại|với|từ|khi|trên|để|theo(?! dõi)|như|cho|qua|vào|sau|trước)\b"
)
_CO = re.compile(
    r"(?<![\wÀ-ỹ])(?:phối hợp|phối kết hợp|làm việc)(?:\s+chặt chẽ)?(?:\s+(?:với|cùng))?\s+", re.I
)
_RESPONSIBLE = re.compile(
    r"(?:phát huy|nâng cao|đề cao|tăng cường)\s+(?:hơn nữa\s+)?(?:vai trò|trách nhiệm)\s+của\s+", re.I
)
# "Phó Thủ tướng cũng lưu ý các địa phương ...", "Chủ tịch UBND tỉnh chỉ đạo các sở ...": a leader's verb
# that hands the item to the names after it (only with the leader written before it)
_LEADER_TRIGGER = re.compile(
    r"^(?:(?:Phó\s+)?Thủ tướng(?:\s+Chính phủ)?|(?:Phó\s+)?Chủ tịch UBND\s+(?:tỉnh|thành phố)|UBND\s+(?:tỉnh|thành phố))"
    r"(?:\s+[A-ZĐ][\wÀ-ỹ]*){0,4}\s*,?\s+(?:cũng\s+|còn\s+)?(?:lưu ý|nhắc nhở|chỉ đạo)\s+"
)
# "chỉ đạo các hãng hàng không phối hợp với ngành y tế": the directed units' partner is not a co-agency
_DIRECTS = re.compile(r"(?<![\wÀ-ỹ])(?:chỉ đạo|hướng dẫn)\s+(?!thực hiện|triển khai|và|,)")
# "X theo chức năng, nhiệm vụ được giao, ...": an adverbial between the subject and its verb
_ADVERBIAL = re.compile(
    r"^\s*,?\s*(?:theo|trong phạm vi|căn cứ(?: vào)?|thuộc)\s+(?:chức năng|thẩm quyền|nhiệm vụ|lĩnh vực)"
    r"(?:\s*,\s*(?:nhiệm vụ|quyền hạn|thẩm quyền|lĩnh vực)){0,2}(?:\s+(?:được giao|của mình|quản lý))?\s*,?\s*",
    re.I,
)
# "Công an tỉnh là cơ quan thường trực, có trách nhiệm ...": the standing body owns the item
_STANDING = re.compile(
    r"^là\s+(?:cơ quan|đơn vị)\s+(?:thường trực|đầu mối|chủ trì|chuyên môn|tham mưu)", re.I
)
_ISSUERS = re.compile(r"^(?:UBND tỉnh|Chủ tịch UBND tỉnh|Thủ tướng|Chính phủ|Văn phòng UBND tỉnh thông báo)$")
CLAUSE_SPLIT = re.compile(
    r"(?<=[.!?])\s+(?=[“\"'(]?[A-ZĐÀ-Ỹ])|(?<=…)\s*|(?<=;)\s+(?=(?i:giao|yêu cầu|đề nghị)\s)|(?<=:)\s*(?=[“\"])"
)


@dataclass
class Owner:
    """Lead and co-agencies found in an item, and how the lead was found (for confidence)."""

    lead: list[str] = field(default_factory=list)
    co: list[str] = field(default_factory=list)
    vague: list[str] = field(default_factory=list)
    lead_vague: list[str] = field(default_factory=list)
    how: str = ""


def clauses(text: str) -> list[str]:
    """Sentences, '…' clauses and '; giao ...' clauses: places where a new assignment can start."""
    return [c.strip() for c in CLAUSE_SPLIT.split(text) if c and c.strip()]


_HONORIFIC = re.compile(
    r"^[Đđ]ồng chí\s+(?=(?:Giám đốc|Chủ tịch|Thủ trưởng|Trưởng|Chánh|Cục trưởng|Bộ trưởng|Chỉ huy trưởng|Tổng Giám đốc)\b)"
)


# "Các đơn vị liên quan: Công an tỉnh, Sở GTVT, ... tập trung ...": a generic label before the real list
_LABEL = re.compile(r"^(?:Các|Những)\s+(?:cơ quan|đơn vị|địa phương)[^:;.]{0,40}:\s*(?=[A-ZĐ])")


def _strip_lead_in(clause: str) -> str:
    """Drop 'Theo đó,', quotes, a 'Về ...:' topic, a generic label and 'Đồng chí' before a role so the clause
    starts at its subject."""
    clause = _CONNECTOR.sub("", clause.strip())
    return _LABEL.sub("", _HONORIFIC.sub("", _CONNECTOR.sub("", _TOPIC.sub("", clause))))


def _by_trigger(clause: str) -> list[str]:
    """'Giao X ...', 'Yêu cầu X ...', 'Thủ tướng giao X ...' -> X (the first trigger whose speaker is the
    issuer or that follows a fronted subordinate clause)."""
    for m in _TRIGGER.finditer(clause):
        before = clause[: m.start()].strip()
        if before and not (
            (_LEADER.search(before) and len(before) < 160) or _SUBORDINATE.match(before)
            or _LEADER_THEN_SUBJECT.search(before)
        ):
            continue
        names, _ = split_names(clause[m.end() :])
        return [n for n in names if not _ISSUERS.match(n)]
    return []


# "Để chấn chỉnh ..., Chủ tịch UBND tỉnh yêu cầu ...": the leader right before the verb speaks, however long
# the purpose clause in front of it
_LEADER_THEN_SUBJECT = re.compile(
    r",\s*(?:(?:Phó\s+)?Chủ tịch UBND(?: tỉnh| thành phố)?|UBND tỉnh|Văn phòng UBND tỉnh|Thủ tướng(?: Chính phủ)?)"
    r"(?:\s+[A-ZĐ][\wÀ-ỹ]*){0,4}$"
)


def _by_subject(clause: str) -> list[str]:
    """'Sở X chủ trì ...', 'Các sở, ban, ngành khẩn trương ...' -> the subject list."""
    names, stopper = split_names(clause)
    if not names or not stopper.strip() or stopper.strip() in {".", "(", "“", "”", '"', "…", "?", "!"}:
        return []
    rest = clause[clause.find(stopper) :] if stopper in clause else ""
    rest = _ADVERBIAL.sub("", rest, count=1) or rest
    if _STANDING.match(rest):
        return names
    if _BAD_AFTER_SUBJECT.match(rest) or any(_ISSUERS.match(n) for n in names):
        return []
    return names


def _by_leader_verb(clause: str) -> list[str]:
    """'Phó Thủ tướng cũng lưu ý các địa phương ...' -> the names after the leader's verb."""
    m = _LEADER_TRIGGER.match(clause)
    if not m:
        return []
    names, _ = split_names(clause[m.end() :])
    return [n for n in names if not _ISSUERS.match(n)]


def _by_responsibility(clause: str) -> list[str]:
    """'nâng cao trách nhiệm của Ban Chỉ đạo X' names the body expected to act."""
    m = _RESPONSIBLE.search(clause)
    if not m or m.start() > 80:
        return []
    names, _ = split_names(clause[m.end() :])
    return names[:1]


def lead_of_clause(clause: str, first: bool) -> tuple[list[str], str]:
    """Lead agencies named by one clause and the rule that found them."""
    text = _strip_lead_in(expand(clause))
    found = _by_trigger(text) or _by_leader_verb(text)
    if found:
        return found, "trigger"
    if first or not _TRIGGER.search(text):
        found = _by_subject(text)
        if found:
            return found, "subject"
    if first:
        found = _by_responsibility(text)
        if found:
            return found, "responsibility"
    return [], ""


def co_agencies(text: str) -> list[str]:
    """Agencies after 'phối hợp với' / 'làm việc với' anywhere in the item."""
    text = expand(text)
    out: list[str] = []
    for m in _CO.finditer(text):
        scope = re.split(r"[.;:]", text[: m.start()])[-1]
        directs = list(_DIRECTS.finditer(scope))
        if directs and "chủ trì" not in scope[directs[-1].end() :]:
            continue
        names, _ = split_names(text[m.end() :], permissive=True)
        out.extend(n for n in names if n not in out)
    return out


def find_owner(text: str, subject_anywhere: bool = False) -> Owner:
    """Lead from the first clause that names one; co-agencies from the whole item."""
    owner = Owner()
    for i, clause in enumerate(clauses(text)):
        lead, how = lead_of_clause(clause, first=(i == 0 or subject_anywhere))
        if lead:
            owner.lead, owner.how = lead, how
            break
    co = [c for c in co_agencies(text) if c not in owner.lead]
    owner.vague = [n for n in owner.lead + co if is_vague(n)]
    owner.lead_vague = [n for n in owner.lead if is_vague(n)]
    owner.lead = [n for n in owner.lead if not is_vague(n)]
    owner.co = [n for n in co if not is_vague(n)]
    return owner


_DIRECTED = re.compile(r"^(?:[Cc]hỉ đạo|[Đđ]ôn đốc)\s+")


def directed_units(text: str) -> list[str]:
    """'Thứ ba, chỉ đạo Văn phòng Ban ATGT tỉnh khẩn trương ...' with no subject and no enclosing owner: the
    issuer directs the units named after the verb, who own the item."""
    first = clauses(text)[0] if text.strip() else ""
    m = _DIRECTED.match(_strip_lead_in(expand(first)))
    if not m:
        return []
    names, _ = split_names(_strip_lead_in(expand(first))[m.end() :])
    return [n for n in names if not is_vague(n) and not _ISSUERS.match(n)]


def has_lead(clause: str) -> bool:
    """True when the clause opens a new assignment (used to split running text)."""
    return bool(lead_of_clause(clause, first=True)[0])
