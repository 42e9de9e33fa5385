"""Recognising agency names and name lists inside Vietnamese directive sentences."""

from __future__ import annotations

import re

FIELDS = [
    "Văn hóa, Thể thao và Du lịch",
    "Lao động - Thương binh và Xã hội",
    "Nông nghiệp và Phát triển nông thôn",
    "Thông tin và Truyền thông",
    "Kế hoạch và Đầu tư",
    "Tài nguyên và Môi trường",
    "Nông nghiệp và Môi trường",
    "Giáo dục và Đào tạo",
    "Khoa học và Công nghệ",
    "Dân tộc và Tôn giáo",
    "Phát thanh và Truyền hình",
    "Văn hóa và Thông tin",
    "Văn hóa và Thể thao",
    "Giao thông vận tải",
    "Xây dựng",
    "Tài chính",
    "Nội vụ",
    "Tư pháp",
    "Công Thương",
    "Y tế",
    "Ngoại vụ",
    "Ngoại giao",
    "Quốc phòng",
    "Công an",
    "Du lịch",
]
_UNIT = (
    r"(?:sở|ban ngành|ban|ngành|bộ|cơ quan ngang bộ|cơ quan|đơn vị|địa phương|huyện|thị xã|thành phố|tỉnh|xã|"
    r"phường|thị trấn|đặc khu|doanh nghiệp|tổ chức|hội|đoàn thể|phòng|trường|lực lượng|chủ đầu tư|nhà đầu tư)"
)
_QUAL = (
    r"(?:có liên quan|liên quan|trực thuộc(?: Trung ương| tỉnh| Sở| UBND tỉnh)?|chức năng(?: của tỉnh| có liên quan)?|"
    r"cấp tỉnh|cấp huyện|cấp xã|thuộc tỉnh|trên địa bàn(?: tỉnh)?|của tỉnh|trong tỉnh|nhà nước|các cấp|"
    r"thành viên(?: Ban Chỉ đạo(?: tỉnh)?)?|Trung ương)"
)
GROUP = re.compile(
    rf"(?:(?:Người đứng đầu|Thủ trưởng|Lãnh đạo)\s+)?(?:(?:UBND|Ủy ban|Chủ tịch UBND)\s+)?(?:các|tất cả các|mọi)\s+{_UNIT}"
    rf"(?:(?:\s*,\s*|\s+và\s+|\s*,\s*và\s+)(?!các\s){_UNIT}(?![\wÀ-ỹ]))*(?:\s*,?\s+{_QUAL})*(?![\wÀ-ỹ])",
    re.I,
)
HEAD = re.compile(
    r"^(?:Sở|Bộ|UBND|HĐND|Ủy ban|Ban|Văn phòng|Công an|Thanh tra|Trung tâm|Đài|Báo(?! cáo)|Cục|Chi cục|Tổng cục|"
    r"Kho bạc|Bảo hiểm|Ngân hàng|Liên đoàn|Liên minh|Hội(?! nghị)|Tỉnh đoàn|Đoàn|Viện|Học viện|Trường|Bệnh viện|"
    r"Phòng|Cơ quan|Công ty|Tổng công ty|Tập đoàn|Điện lực|Bưu điện|Hải quan|Quân khu|Bộ Tư lệnh|Bộ Chỉ huy|"
    r"Tòa án|Mặt trận|Người đứng đầu|Cảnh sát|Tỉnh ủy|Thành ủy|Huyện ủy|Chi nhánh|Quỹ|Cảng vụ|Vườn quốc gia|"
    r"Ban Quản lý|Đảng ủy)(?![\wÀ-ỹ])"
)
LOWER_HEAD = re.compile(r"^(?:cơ quan|đơn vị|lực lượng|chính quyền|ngành|địa phương)(?![\wÀ-ỹ])")
_ROLE = re.compile(
    r"^(?:Bộ trưởng|Tổng Giám đốc|Giám đốc|Thủ trưởng|Chủ tịch|Trưởng ban|Chánh Văn phòng|Chánh Thanh tra|Trưởng|"
    r"Cục trưởng|Chỉ huy trưởng|Chủ nhiệm)"
    r"\s*:?\s+(?=(?:các\s+)?(?:Sở|sở|UBND|Ban|Văn phòng|Công an|Thanh tra|Trung tâm|Bộ|Cục|Đài|Báo|Kho bạc))"
)
_ROLE_LIST = re.compile(
    r"^(?:Giám đốc|Thủ trưởng|Chủ tịch|Người đứng đầu)(?:\s+các\s+đơn vị)?\s*:\s*"
    r"|^(?:Giám đốc|Thủ trưởng|Chủ tịch|Bộ trưởng)\s+(?=các\s+(?:[Ss]ở|[Bb]ộ)\s*:)"
)
_PREFIX = re.compile(
    r"(?P<pre>(?:[Cc]ác\s+)?(?:Sở|sở|Bộ|bộ|Ban|ban))(?:\s*,\s*(?:ban\s*,\s*)?(?:ngành|cơ quan))?\s*:\s*|"
    r"(?P<pre2>UBND\s+(?:các\s+)?(?:huyện|xã|phường|thị xã|thành phố|tỉnh))\s*:\s*"
)
_STOPS = (
    "chủ trì|phối hợp|phối kết hợp|khẩn trương|tham mưu|chỉ đạo|căn cứ|nghiên cứu|rà soát|triển khai|thực hiện|"
    "tổ chức|xây dựng|báo cáo|cung cấp|kiểm tra|hướng dẫn|đôn đốc|tiếp tục|tăng cường|bố trí|phải|cần|sớm|"
    "chịu trách nhiệm|có trách nhiệm|trình|giải quyết|xem xét|hoàn thành|bảo đảm|đảm bảo|lập|ban hành|chuẩn bị|"
    "xử lý|giám sát|làm rõ|làm việc|tiếp thu|theo dõi|quan tâm|chủ động|khắc phục|cũng|được|có|để|theo|nhằm|"
    "đề xuất|thống nhất|tập trung|đẩy mạnh|đẩy nhanh|quyết liệt|nghiêm túc|kịp thời|tích cực|rút kinh nghiệm|"
    "thẩm định|phê duyệt|bổ sung|hoàn thiện|cập nhật|thông báo|gửi|tuyên truyền|vận động|duy trì|nâng cao|"
    "phát huy|tổng hợp|đánh giá|ưu tiên|quản lý|sắp xếp|điều chỉnh|tiếp nhận|công bố|phổ biến|kết nối|ứng dụng|"
    "trong|tại|về|với|khi|trên|từ|của|đối với|đã|đang|vừa|sẽ|rất|là|không|chưa|nhanh chóng|ngay|giúp|"
    "lãnh đạo|giao(?! thông)|yêu cầu|đề nghị|thường xuyên|kiểm soát|phân công|tạo|áp dụng|sửa đổi|bàn giao|hỗ trợ|"
    "mở|tiến hành|làm|trực tiếp|cho|như|nếu|thì|sau|trước|bằng|qua|vào|nắm|phát hiện|ngăn chặn|thu hồi|"
    "cử|đăng|rà|tham gia|tiếp|tuần tra|kiện toàn|số hóa|tăng|giảm|hạn chế|dừng|phấn đấu|thẩm tra|kiểm điểm|chỉ định|phân bổ|"
    "nâng cấp|sửa chữa|lắp đặt|vận hành|khảo sát|kiểm kê|thu thập|xác minh|điều tra|lựa chọn|chấn chỉnh|hoàn tất|"
    "hoàn chỉnh|thanh toán|giải ngân|soạn thảo|biên soạn|phát hành|tập huấn|đào tạo|bồi dưỡng|huy động|xác định|"
    "trả lời|giải trình|công khai|niêm yết|thiết kế|thi công|nghiệm thu|quyết toán|lấy ý kiến|mua sắm|bảo trì|"
    "chăm lo|nâng|di dời|giải phóng|thu hút|cải thiện|cắt giảm|đơn giản hóa|trang bị|tháo gỡ|vướng mắc"
)
STOP = re.compile(rf"(?<![\wÀ-ỹ])(?:{_STOPS})(?![\wÀ-ỹ])")
_FIELD_KEYS = {f.lower() for f in FIELDS}
_FIELD_RE = [
    (f, re.compile(re.escape(f).replace(r"\ ", r"\s+"), re.I)) for f in sorted(FIELDS, key=len, reverse=True)
]
_HEAD_COMPOSITE = re.compile(
    r"Ban\s+[Qq]uản lý\s+(?:các\s+)?(?:dự án|khu kinh tế|khu công nghiệp)[^,;.:()]{0,80}?"
    r"(?:tỉnh|thành phố|huyện)(?:\s+[A-ZĐ][\wÀ-ỹ]*)*(?![\wÀ-ỹ])|"
    r"Ban\s+[Qq]uản lý|Ban\s+[Cc]hỉ đạo|Ban\s+[Tt]hường vụ|Văn phòng\s+[Đđ]iều phối"
)
_CUT = re.compile(r"[.:(“”\"…?!]|\s-\s|\s–\s")
VAGUE = re.compile(r"liên quan", re.I)


def _protect(zone: str) -> tuple[str, list[str]]:
    """Mask prefix lists, groups, composite heads and known fields so splitting cannot break them."""
    saved: list[str] = []

    def keep(m: re.Match) -> str:
        saved.append(m.group(0))
        return f"\x00{len(saved) - 1}\x00"

    def keep_prefix(m: re.Match) -> str:
        saved.append(m["pre"] or m["pre2"])
        return f"\x02{len(saved) - 1}\x02 "

    zone = _PREFIX.sub(keep_prefix, zone)
    zone = GROUP.sub(keep, zone)
    zone = _HEAD_COMPOSITE.sub(keep, zone)
    for _, pattern in _FIELD_RE:
        zone = pattern.sub(keep, zone)
    return zone, saved


def _unmask(text: str, saved: list[str]) -> str:
    """Put masked phrases back."""
    return re.sub(r"[\x00\x02](\d+)[\x00\x02]", lambda m: saved[int(m.group(1))], text)


def cut_zone(zone: str) -> tuple[str, list[str], str]:
    """Masked zone up to the first verb or punctuation that ends a name list, plus what stopped it."""
    zone = _ROLE_LIST.sub("", re.sub(r"\([^()]*\)", " ", zone).strip())
    masked, saved = _protect(zone)
    end, stopper = len(masked), ""
    for pattern in (STOP, _CUT):
        m = pattern.search(masked)
        if m and m.start() < end:
            end, stopper = m.start(), m.group(0)
    return masked[:end], saved, stopper


def _prefixed(prefix: str, piece: str) -> str:
    """'các Sở' + 'Y tế' -> 'Sở Y tế'; 'UBND các huyện' + 'Đakrông' -> 'UBND huyện Đakrông'."""
    prefix = re.sub(r"(?i)\bcác\s+", "", prefix)
    return f"{prefix[0].upper()}{prefix[1:]} {piece}"


_DEPARTMENT = re.compile(
    r"^(?P<name>(?:Sở|Bộ)\s+(?:"
    + "|".join(re.escape(f) for f in sorted(FIELDS, key=len, reverse=True))
    + r")(?:\s+(?:tỉnh|thành phố)(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ-]*)*)?)(?![\wÀ-ỹ])",
    re.I,
)
_PLACE_END = re.compile(
    r"^(?P<name>.*?(?:(?<![\wÀ-ỹ])(?:tỉnh|huyện|thành phố|thị xã|quận|xã|phường|thị trấn)"
    r"(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ-]*)*|Trung ương))\s+[a-zđà-ỹ].*$"
)


def _trim_after_place(piece: str) -> str:
    """'Trung tâm Tin học tỉnh nâng cấp ...' -> 'Trung tâm Tin học tỉnh': a name ends after its locality."""
    if GROUP.fullmatch(piece) or piece.lower().startswith("các"):
        return piece
    m = _DEPARTMENT.match(piece)
    if m:
        return m["name"]
    m = _PLACE_END.match(piece)
    return m["name"] if m else piece


def _valid(piece: str, permissive: bool) -> bool:
    """An agency-looking phrase: known head, group, or (for co-agencies) a generic lower-case unit."""
    if HEAD.match(piece) or GROUP.fullmatch(piece):
        return True
    return permissive and bool(LOWER_HEAD.match(piece)) and len(piece.split()) <= 8


def split_names(zone: str, permissive: bool = False) -> tuple[list[str], str]:
    """Agency names listed at the start of zone (shared prefixes expanded) and the word that ended the list."""
    masked, saved, stopper = cut_zone(zone)
    names: list[str] = []
    for segment in masked.split(";"):
        prefix = None
        for raw in re.split(r",|\s+và\s+|\s+cùng\s+|\s+hoặc\s+", segment):
            piece = raw.strip()
            m = re.match(r"\x02(\d+)\x02\s*", piece)
            if m:
                prefix, piece = saved[int(m.group(1))], piece[m.end() :].strip()
            piece = " ".join(_unmask(piece, saved).split()).strip(" ,;-“”\"'*")
            if not piece:
                continue
            piece = _trim_after_place(_ROLE.sub("", piece))
            is_field = piece.lower() in _FIELD_KEYS
            if prefix and (is_field or not HEAD.match(piece)) and not piece.lower().startswith("các"):
                piece = _prefixed(prefix, piece)
            if not _valid(piece, permissive):
                return names, stopper
            names.append(piece[0].upper() + piece[1:])
    return names, stopper


def is_group(name: str) -> bool:
    """'Các sở, ban, ngành', 'UBND các huyện, thành phố': addressed as a group, fanned out later."""
    return bool(GROUP.fullmatch(name)) or bool(re.match(r"(?i)^(?:UBND\s+)?(?:các|tất cả)\s", name))


def is_vague(name: str) -> bool:
    """'các cơ quan liên quan' names nobody in particular."""
    return bool(VAGUE.search(name))
