#!/usr/bin/env python3
"""Timing of the notice parser on a ~30-page notice: plain text, a generated .docx and a generated .pdf.

    .venv/bin/python scripts/bench_parse.py            # median of 5 runs each
    .venv/bin/python scripts/bench_parse.py --runs 9 --pages 60

The long notice is built from the genre notices in tests/notices/data/genre: their numbered task sections
are repeated (with varied agencies and dates) under roman sections until the text reaches the page count
(~50 lines a page). The .docx gets one paragraph per line and a real Word table for table rows; the
.pdf is drawn with reportlab in DejaVuSans with a running header and page numbers, so the PDF reader's
header/footer removal is exercised too.
"""

from __future__ import annotations

import argparse
import io
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.notices import parse_file, parse_text  # noqa: E402

GENRE = ROOT / "tests" / "notices" / "data" / "genre"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LINES_PER_PAGE = 50
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
_SWAPS = [
    ("Sở Tài chính", "Sở Xây dựng"),
    ("Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh"),
    ("Sở Y tế", "Sở Giáo dục và Đào tạo"),
    ("Sở Giao thông vận tải", "Sở Công Thương"),
]


def _body_lines(text: str) -> list[str]:
    """Numbered and bulleted lines of a notice (its task sections), without header and signature."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if re.match(r"^(?:Nơi nhận|TM\.|KT\.|TL\.)", line):
            break
        if re.match(r"^(?:\d+(?:\.\d+)*\.|[a-d]\)|-)\s", line):
            out.append(line)
    return out


def build_notice(pages: int) -> str:
    """A Thông báo kết luận of about `pages` pages made of the genre notices' items."""
    sources = [_body_lines(p.read_text(encoding="utf-8")) for p in sorted(GENRE.glob("*.txt"))]
    sources = [s for s in sources if s]
    head = [
        "ỦY BAN NHÂN DÂN",
        "TỈNH THANH HÓA",
        "Số: 999/TB-UBND",
        "Thanh Hóa, ngày 15 tháng 3 năm 2025",
        "THÔNG BÁO",
        "Kết luận của Chủ tịch UBND tỉnh tại hội nghị giao ban các sở, ngành quý I năm 2025",
        "",
        "Sau khi nghe báo cáo và ý kiến của các đại biểu, Chủ tịch UBND tỉnh kết luận như sau:",
        "",
    ]
    lines = list(head)
    section, variant = 0, 0
    while len(lines) < pages * LINES_PER_PAGE:
        for block in sources:
            if len(lines) >= pages * LINES_PER_PAGE:
                break
            roman = _ROMAN[section % len(_ROMAN)] + ("I" * (section // len(_ROMAN)) if section >= 10 else "")
            lines += [f"{roman}. NHIỆM VỤ NHÓM {section + 1}", ""]
            a, b = _SWAPS[variant % len(_SWAPS)]
            day = 1 + variant % 28
            for line in block:
                line = line.replace(a, b)
                line = re.sub(r"trước ngày \d{1,2}/", f"trước ngày {day}/", line)
                lines += [line, ""]
            section += 1
            variant += 1
    lines += [
        "UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.",
        "Nơi nhận:",
        "- Như trên;",
        "- Lưu: VT.",
    ]
    return "\n".join(lines)


def make_docx(text: str) -> bytes:
    """The notice as a Word file: one paragraph per non-empty line."""
    import docx

    document = docx.Document()
    for line in text.splitlines():
        if line.strip():
            document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def make_pdf(text: str) -> tuple[bytes, int]:
    """The notice as a text PDF (A4, DejaVuSans 11pt, wrapped, no blank lines) with a running header and
    page numbers."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVuSans", FONT))
    width, height = A4
    margin, size, leading = 60, 11, 14.5
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    page = 1

    def furniture():
        c.setFont("DejaVuSans", 9)
        c.drawString(margin, height - 35, "UBND tỉnh Thanh Hóa - Thông báo kết luận số 999/TB-UBND")
        c.drawCentredString(width / 2, 25, f"Trang {page}")
        c.setFont("DejaVuSans", size)

    furniture()
    y = height - 70
    max_w = width - 2 * margin
    for raw in (x for x in text.splitlines() if x.strip()):
        words, line = raw.split(), ""
        chunks = []
        for w in words:
            trial = f"{line} {w}".strip()
            if pdfmetrics.stringWidth(trial, "DejaVuSans", size) > max_w and line:
                chunks.append(line)
                line = w
            else:
                line = trial
        chunks.append(line)
        for chunk in chunks:
            if y < 50:
                c.showPage()
                page += 1
                furniture()
                y = height - 70
            if chunk:
                c.drawString(margin, y, chunk)
            y -= leading
    c.save()
    return buf.getvalue(), page


def median_time(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=30)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    text = build_notice(args.pages)
    n_lines = len(text.splitlines())
    t_text, result = median_time(lambda: parse_text(text), args.runs)
    print(f"text: {n_lines} lines, {len(text):,} chars, {len(result['tasks'])} tasks")
    print(f"  parse_text            median {t_text * 1000:8.1f} ms")

    docx_bytes = make_docx(text)
    t_docx, result = median_time(lambda: parse_file(docx_bytes, "bench.docx"), args.runs)
    print(f"docx: {len(docx_bytes):,} bytes, {len(result['tasks'])} tasks")
    print(f"  parse_file(.docx)     median {t_docx * 1000:8.1f} ms")

    pdf_bytes, pages = make_pdf(text)
    t_pdf, result = median_time(lambda: parse_file(pdf_bytes, "bench.pdf"), args.runs)
    print(f"pdf: {pages} pages, {len(pdf_bytes):,} bytes, {len(result['tasks'])} tasks")
    print(f"  parse_file(.pdf)      median {t_pdf * 1000:8.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
