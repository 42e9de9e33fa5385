"""OCR for scanned PDFs: pages rendered with PDFium, read by Tesseract's Vietnamese model.

Used only when the `tesseract` program and its `vie` language are installed (Debian: tesseract-ocr,
tesseract-ocr-vie); otherwise the caller refuses the scan with a line on how to enable OCR. Pages are read
two at a time (one Tesseract thread each), so a 5-page scan takes a few seconds on two cores.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

ENABLE = "Để đọc bản quét, quản trị viên cài Tesseract OCR tiếng Việt: apt-get install tesseract-ocr tesseract-ocr-vie."
NOTE = "Văn bản được đọc bằng OCR từ bản quét – kiểm tra kỹ nội dung, cơ quan và thời hạn."
DPI = 200
MAX_PAGES = 40
PAGE_TIMEOUT = 60


class TooManyPages(Exception):
    """A scan longer than OCR's page budget."""


@lru_cache(maxsize=1)
def available() -> bool:
    """True when tesseract runs and knows Vietnamese."""
    exe = shutil.which("tesseract")
    if not exe:
        return False
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return "vie" in out.split()


def _read_page(png: str) -> str:
    """One page image -> text (Tesseract, Vietnamese, automatic page segmentation, one thread)."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    proc = subprocess.run(
        ["tesseract", png, "stdout", "-l", "vie", "--psm", "4"],
        capture_output=True, text=True, timeout=PAGE_TIMEOUT, env=env,
    )
    return proc.stdout if proc.returncode == 0 else ""


def ocr_pdf(data: bytes, progress: Callable[[int, int], None] | None = None) -> list[list[str]]:
    """Lines of every page of an image-only PDF; `progress(done, total)` after each page."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        if len(pdf) > MAX_PAGES:
            raise TooManyPages(
                f"Bản quét quá dài để đọc bằng OCR ({len(pdf)} trang, giới hạn {MAX_PAGES} trang); "
                "vui lòng tải tệp .docx hoặc PDF có văn bản."
            )
        total = len(pdf)
        with tempfile.TemporaryDirectory(prefix="tracker-ocr-") as tmp:
            paths = []
            for i in range(total):
                page = pdf[i]
                try:
                    image = page.render(scale=DPI / 72, grayscale=True).to_pil()
                finally:
                    page.close()
                path = os.path.join(tmp, f"p{i:03d}.png")
                image.save(path)
                paths.append(path)
            texts: list[str] = [""] * total
            with ThreadPoolExecutor(max_workers=2) as pool:
                for done, (i, text) in enumerate(
                    zip(range(total), pool.map(_read_page, paths), strict=True), 1
                ):
                    texts[i] = text
                    if progress:
                        progress(done, total)
    finally:
        pdf.close()
    return [_reflow(t.splitlines()) for t in texts]


def _reflow(lines: list[str]) -> list[str]:
    """Tesseract leaves blank lines between text blocks even inside a sentence; keep a blank line only
    after a line that ends a sentence, so a paragraph is not cut in two."""
    out: list[str] = []
    for line in (x.rstrip() for x in lines):
        if not line and (not out or not out[-1] or not re.search(r"[.;:!?…”\")]$", out[-1])):
            continue
        out.append(line)
    return out
