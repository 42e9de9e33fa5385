"""Expansion of the abbreviations Vietnamese directives use for agency names."""

from __future__ import annotations

import re
from functools import lru_cache

# (pattern, replacement); applied in order, case-sensitive unless the pattern says otherwise.
_RULES: list[tuple[str, str]] = [
    (r"(?i)\b[uU][ỷỶ]\s*ban nhân dân\b|\bỦy ban nhân dân\b|\bUỷ ban nhân dân\b", "UBND"),
    (r"(?i)\bhội đồng nhân dân\b", "HĐND"),
    (r"\bUBND\s+TP\.?\s*", "UBND thành phố "),
    (r"\bTP\.\s*(?=[A-ZĐÀ-Ỹ])", "thành phố "),
    (r"\bTP\b\.?", "thành phố"),
    (r"\bTX\.?\s+(?=[A-ZĐ])", "thị xã "),
    (r"\bVH\s*[,-]\s*TT\s*&\s*DL\b|\bVHTTDL\b|\bVH,\s*TT\s*và\s*DL\b", "Văn hóa, Thể thao và Du lịch"),
    (
        r"\bNông nghiệp và PTNT\b|\bNN\s*&\s*PTNT\b|\bNNPTNT\b|\bNN\s*và\s*PTNT\b",
        "Nông nghiệp và Phát triển nông thôn",
    ),
    (r"\bPTNT\b", "Phát triển nông thôn"),
    (r"\bNN\s*&\s*MT\b|\bNNMT\b", "Nông nghiệp và Môi trường"),
    (r"\bTN\s*&\s*MT\b|\bTNMT\b|\bTN\s*và\s*MT\b", "Tài nguyên và Môi trường"),
    (r"\bGD\s*&\s*ĐT\b|\bGDĐT\b|\bGD\s*và\s*ĐT\b", "Giáo dục và Đào tạo"),
    (r"\bKH\s*&\s*ĐT\b|\bKHĐT\b|\bKH\s*và\s*ĐT\b|\bKế hoạch\s*-\s*Đầu tư\b", "Kế hoạch và Đầu tư"),
    (r"\bTT\s*&\s*TT\b|\bTT\s*và\s*TT\b", "Thông tin và Truyền thông"),
    (r"\bSTTTT\b", "Sở Thông tin và Truyền thông"),
    (r"\bKH\s*&\s*CN\b|\bKHCN\b|\bKH\s*và\s*CN\b", "Khoa học và Công nghệ"),
    (
        r"\bLĐ\s*-?\s*TB\s*&\s*XH\b|\bLĐTBXH\b|\bLao động,\s*Thương binh và Xã hội\b",
        "Lao động - Thương binh và Xã hội",
    ),
    (r"\bGTVT\b|\bGiao thông\s*-\s*[Vv]ận tải\b", "Giao thông vận tải"),
    (r"\bBan QLDA\b", "Ban Quản lý dự án"),
    (r"\bBQL\b", "Ban Quản lý"),
    (r"\bBan ATGT\b", "Ban An toàn giao thông"),
    (r"\bATGT\b", "an toàn giao thông"),
    (r"\bBCH\s+Quân sự\b|\bBộ CHQS\b", "Bộ Chỉ huy Quân sự"),
    (r"\bBĐBP\b", "Bộ đội Biên phòng"),
    (r"\bBHXH\b", "Bảo hiểm xã hội"),
    (r"\bUBMTTQ(?:VN)?\b", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
    (r"\bMTTQ\s*VN\b", "Mặt trận Tổ quốc Việt Nam"),
    (r"\bMTTQ\b", "Mặt trận Tổ quốc"),
    (r"\bBCĐ\b", "Ban Chỉ đạo"),
    (r"\bTTXVN\b", "Thông tấn xã Việt Nam"),
    (r"\bNHNN\b", "Ngân hàng Nhà nước"),
    (r"\bVP\s+UBND\b|\bVPUBND\b", "Văn phòng UBND"),
    (r"\bVPCP\b", "Văn phòng Chính phủ"),
    (r"\bCTUBND\b", "Chủ tịch UBND"),
]
_COMPILED = [(re.compile(p), r) for p, r in _RULES]


@lru_cache(maxsize=8192)
def expand(text: str) -> str:
    """Spell out agency abbreviations so names compare and split reliably (cached: an item's text is
    expanded once for its owner, again per clause and for its co-agencies)."""
    for pattern, repl in _COMPILED:
        text = pattern.sub(repl, text)
    return text
