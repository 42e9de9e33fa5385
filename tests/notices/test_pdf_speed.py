"""A 30-page text PDF is read quickly (PDFium text layer) with running headers and page numbers removed."""

import io
import time
from pathlib import Path

from tracker.notices.extract import extract_text

# seven agencies over 48 lines a page: page edges differ from page to page, as real body text does
AGENCIES = [
    "Sở Y tế",
    "Sở Xây dựng",
    "Công an tỉnh",
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Công Thương",
    "Báo Nghệ An",
]
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _long_pdf(pages: int) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVu", str(FONT)))
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    n = 0
    for page in range(1, pages + 1):
        pdf.setFont("DejaVu", 9)
        pdf.drawString(60, 810, "UBND TỈNH NGHỆ AN - CHỈ THỊ SỐ 12/CT-UBND")
        pdf.setFont("DejaVu", 11)
        for row in range(48):
            n += 1
            who = AGENCIES[n % len(AGENCIES)]
            pdf.drawString(
                60, 780 - row * 15, f"{n}. {who} chủ trì, phối hợp với Sở Tài chính rà soát, báo cáo."
            )
        pdf.drawString(290, 30, f"Trang {page}")
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def test_thirty_page_pdf_is_read_fast_and_clean():
    data = _long_pdf(30)
    start = time.perf_counter()
    text = extract_text(data, "ct.pdf")
    elapsed = time.perf_counter() - start
    lines = [x for x in text.splitlines() if x.strip()]
    assert len(lines) == 30 * 48
    assert lines[0].startswith("1. Sở Xây dựng") and lines[-1].startswith("1440. ")
    assert not any("CHỈ THỊ SỐ" in x or x.startswith("Trang ") for x in lines)
    assert elapsed < 2.0, elapsed
