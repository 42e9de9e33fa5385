"""Scanned PDFs (issue 9): an image-only PDF made from a real notice's text parses to the same tasks.

Tolerance: the same number of tasks; every task's opening words found again (the scorer's 0.6 word match);
at least 80 % of the tasks with the same lead agencies and the same deadline.
"""

from __future__ import annotations

import io
import re
import textwrap
import time
from pathlib import Path

import pytest

from tracker.notices import ocr
from tracker.notices.extract import NoticeError
from tracker.notices.pipeline import parse_file, parse_text

REAL = Path(__file__).parent / "data" / "heldout" / "batch1" / "207_baoquangnam-cv3143-qua-tai-2020.txt"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _scan(text: str) -> bytes:
    """Render text on A4 page images (150 dpi, DejaVu Sans) and save them as an image-only PDF."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(FONT), 24)
    lines = [w for para in text.splitlines() for w in (textwrap.wrap(para, 82) or [""])]
    pages, per_page = [], 48
    for start in range(0, len(lines), per_page):
        page = Image.new("L", (1240, 1754), 255)
        draw = ImageDraw.Draw(page)
        for i, line in enumerate(lines[start : start + per_page]):
            draw.text((110, 120 + i * 32), line, font=font, fill=0)
        pages.append(page)
    buf = io.BytesIO()
    pages[0].save(buf, format="PDF", save_all=True, append_images=pages[1:], resolution=150)
    return buf.getvalue()


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


@pytest.mark.skipif(not ocr.available() or not FONT.exists(), reason="tesseract-ocr-vie or DejaVu font missing")
def test_an_image_only_pdf_of_a_real_notice_parses_to_the_same_tasks(tmp_path):
    text = REAL.read_text(encoding="utf-8")
    path = tmp_path / "scan.pdf"
    path.write_bytes(_scan(text))
    started = time.monotonic()
    scanned = parse_file(str(path), "scan.pdf")
    assert time.monotonic() - started < 20
    typed = parse_text(text)
    assert scanned["ocr"] is True and scanned["warnings"][0] == ocr.NOTE
    assert len(scanned["tasks"]) == len(typed["tasks"]) >= 3
    same_lead = same_due = 0
    for want, got in zip(typed["tasks"], scanned["tasks"], strict=True):
        opening = _words(want["content"])[:10]
        found = set(_words(got["content"])[:60])
        assert sum(w in found for w in opening) >= 0.6 * len(opening), (want["content"], got["content"])
        same_lead += want["lead"] == got["lead"]
        same_due += want["due"] == got["due"]
    assert same_lead >= 0.8 * len(typed["tasks"]) and same_due >= 0.8 * len(typed["tasks"])


def test_without_ocr_a_scan_is_refused_with_how_to_enable_it(monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    with pytest.raises(NoticeError) as err:
        parse_file(_scan("Giao Sở Tài chính chủ trì.") if FONT.exists() else b"", "scan.pdf")
    assert "bản quét" in err.value.message and "tesseract-ocr-vie" in err.value.message


@pytest.mark.skipif(not ocr.available() or not FONT.exists(), reason="tesseract-ocr-vie or DejaVu font missing")
def test_the_review_screen_marks_ocr_text(client, world):
    from tests.conftest import csrf_token, login

    login(client, "vanphong")
    data = {"csrf_token": csrf_token(client, "/notices/new"),
            "file": (io.BytesIO(_scan("Giao Sở Tài chính chủ trì rà soát kinh phí; báo cáo trước ngày 15/11/2024.")),
                     "scan.pdf")}
    response = client.post("/notices/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "đọc bằng OCR – kiểm tra kỹ" in page and "Sở Tài chính" in page


@pytest.mark.skipif(not ocr.available() or not FONT.exists(), reason="tesseract-ocr-vie or DejaVu font missing")
def test_parse_command_reads_a_scan_and_says_ocr_was_used(tmp_path):
    import json

    from click.testing import CliRunner

    from tracker.notices.commands import parse_command

    path = tmp_path / "scan.pdf"
    path.write_bytes(_scan("Giao Sở Y tế chủ trì kiểm tra an toàn thực phẩm trước ngày 20/12/2024."))
    result = CliRunner().invoke(parse_command, [str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["ocr"] is True and out["warnings"][0] == ocr.NOTE and out["tasks"][0]["lead"] == ["Sở Y tế"]
    assert "OCR: đã đọc trang 1/1" in result.stderr


@pytest.mark.skipif(not ocr.available() or not FONT.exists(), reason="tesseract-ocr-vie or DejaVu font missing")
def test_a_scan_longer_than_the_page_budget_is_refused(monkeypatch):
    monkeypatch.setattr(ocr, "MAX_PAGES", 1)
    with pytest.raises(NoticeError, match="quá dài để đọc bằng OCR"):
        parse_file(_scan("Giao Sở Y tế kiểm tra.\n" * 120), "scan.pdf")
