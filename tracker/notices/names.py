"""Recognising agency names and name lists inside Vietnamese directive sentences."""

from __future__ import annotations

import re
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

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
UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_GEO = r"(?:đồng bằng|bằng|sông|núi|biển|ven biển|trung du|duyên hải|miền núi|cao)"
_UNIT = (
    r"(?:tổ chức chính trị\s*-\s*xã hội|huyện ủy|thành ủy|thị ủy|quận ủy|đảng ủy|cấp ủy|tổ chức đảng|đảng bộ|cơ quan thông tấn|cơ quan báo chí|báo chí|sở|ban ngành|ban|ngành|bộ|cơ quan ngang bộ|cơ quan|đơn vị|địa phương|huyện|thị xã|thành phố|tỉnh|xã|"
    r"phường|quận|thị trấn|đặc khu|doanh nghiệp|tổ chức|hội|đoàn thể|phòng|trường|lực lượng|chủ đầu tư|nhà đầu tư)"
)
_QUAL = (
    r"(?:có liên quan|liên quan|trực thuộc(?: Trung ương| tỉnh| Sở| UBND tỉnh)?|chức năng(?: của tỉnh| có liên quan)?|"
    r"cấp tỉnh|cấp huyện|cấp xã|thuộc tỉnh|trên địa bàn(?: tỉnh)?|của tỉnh|trong tỉnh|nhà nước|các cấp|"
    r"thành viên(?: Ban Chỉ đạo(?: tỉnh)?)?|Trung ương|tỉnh|ven biển|miền núi|biên giới|vùng cao|trọng điểm|"
    # place ranges and relative clauses that delimit a group: "từ Quảng Ninh đến Thanh Hóa",
    # "có dự án đi qua"
    rf"(?-i:từ\s+[{UPPER}][\wÀ-ỹ]*(?:\s+[{UPPER}][\wÀ-ỹ]*){{0,3}}\s+đến\s+[{UPPER}][\wÀ-ỹ]*(?:\s+[{UPPER}][\wÀ-ỹ]*){{0,3}})|"
    r"có\s+(?:dự án|tuyến|công trình|đường|cao tốc|quốc lộ|đê|sông|rừng|biển|cửa khẩu)[^,;.:()]{0,40}?"
    r"(?:đi qua|chạy qua)|thuộc Chính phủ|"
    # a named region: "vùng Đồng bằng sông Cửu Long", "khu vực Tây Nguyên"
    rf"(?-i:(?:vùng|khu vực|miền)(?:\s+(?:[{UPPER}][\wÀ-ỹ]*|{_GEO}))*\s+[{UPPER}][\wÀ-ỹ]*))"
)
GROUP = re.compile(
    # "UBND huyện, thị xã, thành phố": a list of unit kinds with no proper name is the group of them all
    r"(?:UBND|Ủy ban nhân dân)\s+(?:huyện|quận|thị xã|thành phố|xã|phường|thị trấn)"
    r"(?:\s*,\s*(?:huyện|quận|thị xã|thành phố|xã|phường|thị trấn)|\s+và\s+(?:huyện|quận|thị xã|thành phố|xã|phường|thị trấn))+"
    r"(?![\wÀ-ỹ])(?-i:(?!\s+[A-ZĐ]))|"
    rf"(?:(?:Người đứng đầu|Thủ trưởng|Lãnh đạo)\s+)?(?:(?:UBND|Ủy ban|Chủ tịch UBND)\s+)?(?:các|tất cả các|mọi)\s+{_UNIT}"
    rf"(?:(?:\s*,\s*|\s+và\s+|\s*,\s*và\s+)(?!các\s){_UNIT}(?![\wÀ-ỹ]))*(?:\s*,?\s+{_QUAL})*(?![\wÀ-ỹ])",
    re.I,
)
HEAD = re.compile(
    r"^(?:Sở|Bộ|UBND|HĐND|Ủy ban|Ban|Văn phòng|Công an|Thanh tra|Trung tâm|Đài|Báo(?! cáo)|Cục|Chi cục|Tổng cục|"
    r"Kho bạc|Bảo hiểm|Ngân hàng|Liên đoàn|Liên minh|Hiệp hội|Hội(?! nghị)|Tỉnh đoàn|Đoàn|Viện|Học viện|Trường|Bệnh viện|"
    r"Phòng|Cơ quan|Công ty|Tổng công ty|Tập đoàn|Điện lực|Bưu điện|Hải quan|Quân khu|Bộ Tư lệnh|Bộ Chỉ huy|"
    r"Tòa án|Mặt trận|Người đứng đầu|Cảnh sát|Tỉnh ủy|Thành ủy|Huyện ủy|Chi nhánh|Quỹ|Cảng vụ|Vườn quốc gia|"
    r"Ban Quản lý|Đảng ủy|Thông tấn xã|Tỉnh [Đđ]oàn|Thành [Đđ]oàn|Huyện [Đđ]oàn|Viện [Kk]iểm sát|Kiểm toán|Hội đồng|"
    r"Tổ công tác|Ban Chỉ huy|Tổng Liên đoàn|Đảng đoàn|Ban cán sự|Ban Tuyên giáo|Ban Tổ chức|Ban Dân vận|"
    r"Ban Nội chính|Ủy ban Kiểm tra)(?![\wÀ-ỹ])"
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
    r"(?P<pre2>UBND\s+(?:các\s+)?(?:huyện|xã|phường|thị xã|thành phố|tỉnh))\s*:\s*|"
    # "UBND các huyện Mường Tè, Sìn Hồ": the shared prefix without a colon, before proper names
    rf"(?P<pre3>UBND\s+các\s+(?:huyện|xã|phường|thị xã|thành phố|tỉnh|quận))\s+(?=[{UPPER}])"
)
_STOPS = (
    "chủ trì|phối hợp|phối kết hợp|khẩn trương|tham mưu|chỉ đạo|căn cứ|nghiên cứu|rà soát|triển khai|thực hiện|"
    "tổ chức|xây dựng|báo cáo|cung cấp|kiểm tra|hướng dẫn|đôn đốc|tiếp tục|tăng cường|bố trí|phải|cần|sớm|"
    "chịu trách nhiệm|có trách nhiệm|(?<![Cc]hương )trình|giải quyết|xem xét|hoàn thành|bảo đảm|đảm bảo|lập|ban hành|chuẩn bị|"
    "xử lý|giám sát|làm rõ|làm việc|tiếp thu|theo dõi|quan tâm|chủ động|khắc phục|cũng|được|có|để|theo|nhằm|"
    "đề xuất|thống nhất|tập trung|đẩy mạnh|đẩy nhanh|quyết liệt|nghiêm túc|kịp thời|tích cực|rút kinh nghiệm|"
    "thẩm định|phê duyệt|bổ sung|hoàn thiện|cập nhật|thông báo|gửi|tuyên truyền|vận động|duy trì|nâng cao|"
    "phát huy|tổng hợp|đánh giá|ưu tiên|quản lý|sắp xếp|điều chỉnh|tiếp nhận|công bố|phổ biến|kết nối|ứng dụng|"
    "trong|tại|về|với|khi|trên|từ|của|đối với|đã|đang|vừa|sẽ|rất|là|không|chưa|nhanh chóng|ngay|giúp|"
    "lãnh đạo|giao(?! thông)|yêu cầu|đề nghị|thường xuyên|kiểm soát|phân công|tạo|áp dụng|sửa đổi|bàn giao|hỗ trợ|"
    "mở|tiến hành|làm|trực tiếp|cho|như|nếu|thì|sau|trước|bằng|qua|vào|nắm|phát hiện|ngăn chặn|thu hồi|"
    "cử|đăng|rà|tham gia|tiếp|tuần tra|tổng kết|sơ kết|kiện toàn|số hóa|tăng|giảm|hạn chế|dừng|phấn đấu|thẩm tra|kiểm điểm|chỉ định|phân bổ|"
    "nâng cấp|sửa chữa|lắp đặt|vận hành|khảo sát|kiểm kê|thu thập|xác minh|điều tra|lựa chọn|chấn chỉnh|hoàn tất|"
    "hoàn chỉnh|thanh toán|giải ngân|soạn thảo|biên soạn|phát hành|tập huấn|đào tạo|bồi dưỡng|huy động|xác định|"
    "trả lời|giải trình|công khai|niêm yết|thiết kế|thi công|nghiệm thu|quyết toán|lấy ý kiến|mua sắm|bảo trì|"
    "chăm lo|nâng|di dời|giải phóng|thu hút|cải thiện|cắt giảm|đơn giản hóa|trang bị|tháo gỡ|vướng mắc"
)
STOP = re.compile(rf"(?<![\wÀ-ỹ])(?:{_STOPS})(?![\wÀ-ỹ])")
_FIELD_KEYS = {f.lower() for f in FIELDS}
def _field_pattern(f: str) -> str:
    """A field as written in a name: any case after its capitalised first letter ('Sở Xây dựng'), any dash;
    a lower-case 'xây dựng kế hoạch' is a verb phrase, not a field."""
    body = re.escape(f[1:]).replace(r"\ ", r"\s+").replace(r"\-", "[-–]")
    return f"(?-i:{re.escape(f[0])})(?i:{body})"


_FIELD_RE = [(f, re.compile(_field_pattern(f))) for f in sorted(FIELDS, key=len, reverse=True)]
# one pass over the zone instead of one per field; longest fields first, as the list above
_FIELDS_ANY = re.compile("|".join(f"(?:{p.pattern})" for _, p in _FIELD_RE))
_HEAD_COMPOSITE = re.compile(
    r"Ban\s+[Qq]uản lý\s+(?:các\s+)?(?:dự án|khu kinh tế|khu công nghiệp)[^,;.:()]{0,80}?"
    r"(?:tỉnh|thành phố|huyện)(?:\s+[A-ZĐ][\wÀ-ỹ]*)*(?![\wÀ-ỹ])|"
    # "Ban Chỉ đạo xây dựng nông thôn mới cấp huyện": a steering board's name runs over its lower-case
    # subject up to the level or locality that closes it (never across a verb that cannot be in a name)
    r"(?:Ban\s+[Cc]hỉ đạo|Ban\s+[Đđ]iều hành|Văn phòng\s+[Đđ]iều phối|Tổ\s+công tác|Hội đồng)"
    r"(?:\s+(?!(?:chủ trì|phối hợp|chỉ đạo|khẩn trương|tham mưu|báo cáo|theo dõi|đôn đốc|hướng dẫn|tổng hợp|giúp)"
    r"(?![\wÀ-ỹ]))[\wÀ-ỹ-]+){1,8}?\s+(?:cấp tỉnh|cấp huyện|cấp xã|các cấp|tỉnh|Trung ương|quốc gia)"
    r"(?:\s+tỉnh)?(?:\s+[A-ZĐ][\wÀ-ỹ]*)*(?![\wÀ-ỹ])|"
    r"Ban\s+[Qq]uản lý|Ban\s+[Cc]hỉ đạo|Ban\s+[Tt]hường vụ|Văn phòng\s+[Đđ]iều phối"
)
_CUT = re.compile(r"[.:(“”\"…?!]|\s-\s|\s–\s")
VAGUE = re.compile(r"liên quan", re.I)


# "đơn vị, địa phương liên quan" without "các": one vague mention, not "Đơn vị" + "Địa phương"
_VAGUE_LIST = re.compile(
    r"(?<![\wÀ-ỹ])(?:cơ quan|đơn vị|địa phương|ngành|tổ chức)(?:\s*,\s*(?:cơ quan|đơn vị|địa phương|ngành|tổ chức))*"
    r"\s+(?:có\s+)?liên quan(?![\wÀ-ỹ])"
)
_GAZETTEER: ContextVar[re.Pattern | None] = ContextVar("gazetteer", default=None)


def gazetteer_pattern(names: Iterable[str]) -> re.Pattern | None:
    """Names of the agency directory (and aliases) as one pattern, longest first: a listed name is kept
    whole however many verbs it contains ('Ban Quản lý dự án đầu tư xây dựng các công trình giao thông')."""
    forms = set()
    for name in names:
        name = " ".join((name or "").split())
        forms |= {name, re.sub(r"\s+tỉnh(?:\s+[A-ZĐ][\wÀ-ỹ]*)*$", "", name)}  # written without 'tỉnh' too
    multi = sorted((n for n in forms if len(n.split()) >= 2), key=len, reverse=True)
    if not multi:
        return None
    body = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in multi)
    return re.compile(rf"(?<![\wÀ-ỹ])(?:{body})(?![\wÀ-ỹ])", re.I)


@contextmanager
def using_gazetteer(pattern: re.Pattern | None):
    """Parse with the directory's names known (the pure parser gets them from its caller)."""
    token = _GAZETTEER.set(pattern)
    try:
        yield
    finally:
        _GAZETTEER.reset(token)


def _protect(zone: str) -> tuple[str, list[str]]:
    """Mask directory names, prefix lists, groups, composite heads and known fields so splitting cannot
    break them."""
    saved: list[str] = []

    def keep(m: re.Match) -> str:
        saved.append(m.group(0))
        return f"\x00{len(saved) - 1}\x00"

    known = _GAZETTEER.get()
    if known is not None:
        zone = known.sub(keep, zone)

    def keep_prefix(m: re.Match) -> str:
        saved.append(m["pre"] or m["pre2"] or m["pre3"])
        return f"\x02{len(saved) - 1}\x02 "

    zone = _PREFIX.sub(keep_prefix, zone)
    zone = GROUP.sub(keep, zone)
    zone = _VAGUE_LIST.sub(keep, zone)
    zone = _HEAD_COMPOSITE.sub(keep, zone)
    zone = _FIELDS_ANY.sub(keep, zone)
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
        if pattern is STOP:
            while m and _inside_name(masked, m):
                m = pattern.search(masked, _PROVINCE_AT.search(masked, m.end()).end())
        else:
            while m and _dash_in_name(masked, m):
                m = pattern.search(masked, m.end())
        if m and m.start() < end:
            end, stopper = m.start(), m.group(0)
    return masked[:end], saved, stopper


_APPOSITION = re.compile(
    r"(?:Cơ quan|Thường trực|Phó|Trưởng|Chủ tịch|Giám đốc|Ủy viên|Thành viên|Đơn vị|Chủ đầu tư|Đầu mối)(?![\wÀ-ỹ])"
)


def _dash_in_name(masked: str, m: re.Match) -> bool:
    """'Đài Phát thanh - Truyền hình tỉnh': a dash between capitalised words of one name (the part after it
    is no agency and no role of its own, and the part before it started with an agency head)."""
    if m.group(0).strip() not in ("-", "–"):
        return False
    after = masked[m.end() :]
    before = masked[: m.start()].split(",")[-1].split(";")[-1].strip()
    if not after[:1].isupper() or HEAD.match(after) or _APPOSITION.match(after):
        return False
    return bool(HEAD.match(re.sub(r"^(?:các|Các)\s+", "", before)))


_HARD_STOP = re.compile(
    r"(?<![\wÀ-ỹ])(?:chủ trì|phối hợp|chỉ đạo|khẩn trương|tham mưu|báo cáo|giao(?! thông)|yêu cầu)(?![\wÀ-ỹ])"
)


def _inside_name(masked: str, m: re.Match) -> bool:
    """'Công ty Thoát nước và xử lý nước thải Đà Nẵng': a listed verb right after 'và' is part of a name
    when the phrase runs on, without punctuation or an assigning verb, to a province name."""
    if not masked[: m.start()].endswith(" và "):
        return False
    place = _PROVINCE_AT.search(masked, m.end(), m.end() + 60)
    if not place:
        return False
    between = masked[m.start() : place.start()]
    return not re.search(r"[,;.:()\x00\x02]", between) and not _HARD_STOP.search(between)


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
PROVINCES = (
    "An Giang|Bà Rịa - Vũng Tàu|Bạc Liêu|Bắc Giang|Bắc Kạn|Bắc Ninh|Bến Tre|Bình Dương|Bình Định|Bình Phước|"
    "Bình Thuận|Cà Mau|Cao Bằng|Cần Thơ|Đà Nẵng|Đắk Lắk|Đắk Nông|Điện Biên|Đồng Nai|Đồng Tháp|Gia Lai|Hà Giang|"
    "Hà Nam|Hà Nội|Hà Tĩnh|Hải Dương|Hải Phòng|Hậu Giang|Hòa Bình|Hoà Bình|Hưng Yên|Khánh Hòa|Khánh Hoà|Kiên Giang|"
    "Kon Tum|Lai Châu|Lâm Đồng|Lạng Sơn|Lào Cai|Long An|Nam Định|Nghệ An|Ninh Bình|Ninh Thuận|Phú Thọ|Phú Yên|"
    "Quảng Bình|Quảng Nam|Quảng Ngãi|Quảng Ninh|Quảng Trị|Sóc Trăng|Sơn La|Tây Ninh|Thái Bình|Thái Nguyên|"
    "Thanh Hóa|Thanh Hoá|Thừa Thiên Huế|Thừa Thiên - Huế|Huế|Tiền Giang|Hồ Chí Minh|Trà Vinh|Tuyên Quang|Vĩnh Long|"
    "Vĩnh Phúc|Yên Bái|Việt Nam"
)
_LOCALITY = re.compile(r"(?:tỉnh|huyện|quận|xã|phường)$")
_PROVINCE_AT = re.compile(rf"(?:{PROVINCES})(?![\wÀ-ỹ])")
# lower-case words that may still follow a place name inside an agency name
_AFTER_PLACE = re.compile(
    r"^(?:tỉnh|thành phố|huyện|thị xã|cấp|chi nhánh|khu vực|trực thuộc|tại|thuộc)(?![\wÀ-ỹ])"
)


def _is_upper_word(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def _trim_after_place(piece: str) -> str:
    """A name ends after its locality: 'Trung tâm Tin học tỉnh nâng cấp ...' -> 'Trung tâm Tin học tỉnh',
    'Đài Phát thanh và Truyền hình Hà Tĩnh dành thời lượng ...' -> '... Hà Tĩnh'."""
    if GROUP.fullmatch(piece) or piece.lower().startswith("các"):
        return piece
    m = _DEPARTMENT.match(piece)
    if m:
        return m["name"]
    if " Trung ương " in f"{piece} ":
        head, _, tail = piece.partition(" Trung ương")
        if tail.strip() and tail.split()[0][:1].islower():
            return head + " Trung ương"
    words = piece.split()
    for i in range(1, len(words)):
        if not (_LOCALITY.match(words[i]) or f"{words[i - 1]} {words[i]}" in ("thành phố", "thị trấn")):
            continue
        if words[i] == "xã" and i + 1 < len(words) and words[i + 1] == "hội":
            continue  # "Bảo hiểm xã hội", "Ngân hàng Chính sách xã hội": not a commune
        j = i + 1
        while j < len(words) and _is_upper_word(words[j]):
            j += 1
        rest = " ".join(words[j:])
        if rest and rest[:1].islower() and not _AFTER_PLACE.match(rest):
            return " ".join(words[:j])
    for pm in _PROVINCE_AT.finditer(piece):
        rest = piece[pm.end() :].strip()
        if pm.start() > 0 and rest and rest[:1].islower() and not _AFTER_PLACE.match(rest):
            return piece[: pm.end()]
    return piece


_ANY_ROLE = re.compile(
    r"(?i)^(?:thủ trưởng|lãnh đạo|tổng giám đốc|giám đốc|chủ tịch|trưởng ban|cục trưởng|"
    r"chỉ huy trưởng|bộ trưởng|chủ nhiệm)\s+"
)


def strip_role(piece: str) -> str:
    """'Thủ trưởng các sở, ban, ngành', 'chủ tịch UBND các huyện', 'Giám đốc Đài ...': the body, not the person."""
    m = _ANY_ROLE.match(piece)
    if m:
        rest = piece[m.end() :]
        if HEAD.match(rest) or GROUP.match(rest) or re.match(r"(?i)các\s", rest):
            return rest
    return piece


def _valid(piece: str, permissive: bool, cell: bool = False) -> bool:
    """An agency-looking phrase: known head, group, or (for co-agencies and table cells) a generic
    lower-case unit or a group with a trailing qualifier ('Các doanh nghiệp viễn thông')."""
    if HEAD.match(piece) or GROUP.fullmatch(piece):
        return True
    if cell and GROUP.match(piece) and len(piece.split()) <= 8:
        return True
    return permissive and bool(LOWER_HEAD.match(piece)) and len(piece.split()) <= 8


_ENDS_PLACE = re.compile(r"(?:tỉnh|huyện|thành phố|Thành phố|Trung ương|[A-ZĐ][\wÀ-ỹ]*)$")


def _joins_name(left: str, right: str) -> bool:
    """'Chi cục Chăn nuôi' + 'Thú y tỉnh', 'Ban Quản lý các Khu chế xuất' + 'công nghiệp Thành phố':
    the right part of a 'và' is no agency on its own but completes the left name (it starts with a
    capital, or ends with a place), and the left name is not already closed by its own place."""
    if _LOCALITY.search(left) or re.search(r"(?:thành phố|Thành phố|Trung ương)$", left):
        return False
    return _is_upper_word(right) or bool(_ENDS_PLACE.search(right))


def split_names(zone: str, permissive: bool = False, cell: bool = False) -> tuple[list[str], str]:
    """Agency names listed at the start of zone (shared prefixes expanded) and the word that ended the list."""
    masked, saved, stopper = cut_zone(zone)
    names: list[str] = []
    for segment in masked.split(";"):
        prefix = None
        parts = re.split(r"(,|\s+và\s+|\s+cùng\s+|\s+hoặc\s+)", segment)
        for k in range(0, len(parts), 2):
            piece, sep = parts[k].strip(), parts[k - 1].strip() if k else ""
            m = re.match(r"\x02(\d+)\x02\s*", piece)
            if m:
                prefix, piece = saved[int(m.group(1))], piece[m.end() :].strip()
            piece = " ".join(_unmask(piece, saved).split()).strip(" ,;-“”\"'*")
            if not piece:
                continue
            full = strip_role(_ROLE.sub("", piece))
            piece = _trim_after_place(full)
            group = GROUP.match(piece)
            if not cell and group and group.end() < len(piece) and piece[group.end() :].strip()[:1].islower():
                # "các bộ, ngành, địa phương tổng kết ...": a complete group ends before the verb phrase
                piece = group.group(0)
            cut_word = full[len(piece) :].split()[:1] if full.startswith(piece) and full != piece else []
            is_field = piece.lower() in _FIELD_KEYS
            if prefix and (is_field or not HEAD.match(piece)) and not piece.lower().startswith("các"):
                piece = _prefixed(prefix, piece)
            if not _valid(piece, permissive, cell):
                if sep == "và" and names and not prefix and _joins_name(names[-1], piece):
                    # "Chi cục Chăn nuôi và Thú y tỉnh": the conjunction is inside one name
                    names[-1] = _trim_after_place(f"{names[-1]} và {piece}")
                    continue
                return names, stopper
            names.append(piece[0].upper() + piece[1:])
            if cut_word:  # the name ended at its locality: what follows is the verb phrase
                return names, cut_word[0]
    return names, stopper


def is_group(name: str) -> bool:
    """'Các sở, ban, ngành', 'UBND các huyện, thành phố': addressed as a group, fanned out later."""
    return bool(GROUP.fullmatch(name)) or bool(re.match(r"(?i)^(?:UBND\s+)?(?:các|tất cả)\s", name))


def is_vague(name: str) -> bool:
    """'các cơ quan liên quan' names nobody in particular."""
    return bool(VAGUE.search(name))
