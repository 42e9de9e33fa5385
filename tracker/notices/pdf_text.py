"""PDF text in reading order, without running headers, footers and page numbers."""

from __future__ import annotations

import re
from collections import Counter

SCANNED = "Tệp PDF là bản quét, không có lớp văn bản; vui lòng tải tệp .docx hoặc PDF có văn bản."
_PAGE_NO = re.compile(r"^\s*(?:-\s*)?(?:Trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*-)?\s*$", re.I)
_EDGE = 2


def _key(line: str) -> str:
    """Digits blurred so 'Trang 3' and 'Trang 4' count as the same running line."""
    return re.sub(r"\d+", "#", " ".join(line.split()).lower())


def strip_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Remove lines repeated at the top/bottom of most pages and bare page numbers."""
    edges = Counter()
    for lines in pages:
        edges.update({_key(x) for x in lines[:_EDGE] + lines[-_EDGE:] if x.strip()})
    need = max(2, int(0.6 * len(pages) + 0.5))
    repeated = {k for k, n in edges.items() if n >= need} if len(pages) >= 2 else set()
    out = []
    for lines in pages:
        keep = []
        for i, line in enumerate(lines):
            at_edge = i < _EDGE or i >= len(lines) - _EDGE
            if at_edge and (_PAGE_NO.match(line) or _key(line) in repeated):
                continue
            keep.append(line)
        out.append(keep)
    return out


def _pages_pdfium(stream) -> list[list[str]]:
    """Lines of every page from PDFium's text layer (fast: a 30-page notice in ~0.1 s)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(stream.read())
    try:
        pages = []
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            try:
                text = textpage.get_text_range()
            finally:
                textpage.close()
                page.close()
            text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufffe", "").replace("\x00", "")
            pages.append([line.rstrip() for line in text.split("\n")])
        return pages
    finally:
        pdf.close()


def _pages_pdfplumber(stream) -> list[list[str]]:
    """Lines of every page through pdfminer (slow; used when PDFium cannot read the file)."""
    import pdfplumber

    with pdfplumber.open(stream) as pdf:
        return [(page.extract_text() or "").splitlines() for page in pdf.pages]


def read_pdf(stream, error_cls, progress=None) -> tuple[str, bool]:
    """Text of every page and whether OCR read it: a PDF without a text layer goes to OCR when Tesseract is
    installed, and is refused with a clear message (and how to enable OCR) when not."""
    try:
        pages = _pages_pdfium(stream)
    except Exception:  # noqa: BLE001 - fall back to pdfminer, which tolerates other damage
        stream.seek(0)
        try:
            pages = _pages_pdfplumber(stream)
        except Exception as exc:  # noqa: BLE001 - pdfminer raises many types for broken files
            raise error_cls("Tệp PDF bị hỏng hoặc không đọc được nội dung.") from exc
    ocr_used = False
    if _chars(pages) < 20:
        from tracker.notices import ocr

        if not ocr.available():
            raise error_cls(f"{SCANNED} {ocr.ENABLE}")
        stream.seek(0)
        try:
            pages = ocr.ocr_pdf(stream.read(), progress)
        except ocr.TooManyPages as exc:
            raise error_cls(str(exc)) from exc
        except Exception as exc:  # noqa: BLE001 - a failed render or OCR run is one clear message
            raise error_cls("Không đọc được bản quét bằng OCR; vui lòng tải tệp .docx hoặc PDF có văn bản.") from exc
        if _chars(pages) < 20:
            raise error_cls("Bản quét không có chữ đọc được (OCR không nhận ra nội dung).")
        ocr_used = True
    return "\n".join("\n".join(lines) for lines in strip_furniture(pages)), ocr_used


def _chars(pages: list[list[str]]) -> int:
    return sum(len("".join(p).strip()) for p in pages)
