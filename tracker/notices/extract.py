"""Plain text out of .txt, .docx and .pdf uploads, with clear Vietnamese errors."""

from __future__ import annotations

import io
import os
import unicodedata
from dataclasses import dataclass

from tracker.notices import docx_text, pdf_text

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class NoticeError(Exception):
    """A file the parser cannot read; the message is Vietnamese and shown to the user as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _read(source, max_bytes: int) -> bytes:
    """Bytes of a path or a bytes object, refusing oversized input."""
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
    else:
        try:
            size = os.path.getsize(source)
        except OSError as exc:
            raise NoticeError(f"Không mở được tệp: {os.path.basename(str(source))}.") from exc
        if size > max_bytes:
            raise NoticeError(_too_big(max_bytes))
        with open(source, "rb") as fh:
            data = fh.read()
    if len(data) > max_bytes:
        raise NoticeError(_too_big(max_bytes))
    return data


def _too_big(max_bytes: int) -> str:
    return f"Tệp quá lớn (giới hạn {max_bytes / 1024 / 1024:g} MB)."


def decode_text(data: bytes) -> str:
    """Decode a text file: BOMs, UTF-16 without BOM, UTF-8, then Windows-1258."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    elif data[:200].count(b"\x00") > len(data[:200]) // 4 and data:
        text = data.decode("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be", errors="replace")
    else:
        if b"\x00" in data:
            raise NoticeError("Tệp văn bản bị hỏng hoặc không phải tệp văn bản.")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1258", errors="replace")
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class Extracted:
    """The text of a file and whether OCR produced it (the review screen asks for a careful check)."""

    text: str
    ocr: bool = False


def extract_text(source, filename: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Text of a notice file (path or bytes); raises NoticeError for unreadable files."""
    return extract(source, filename, max_bytes).text


def extract(
    source, filename: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES, progress=None
) -> Extracted:
    """Text of a notice file and whether OCR read it (`progress(page, pages)` during OCR); raises NoticeError
    for unreadable files."""
    ocr = False
    name = (filename or (source if isinstance(source, str | os.PathLike) else "") or "").__str__().lower()
    data = _read(source, max_bytes)
    if not data.strip():
        raise NoticeError("Tệp rỗng, không có nội dung.")
    if name.endswith(".docx") or (data[:2] == b"PK" and not name.endswith(".pdf")):
        text = docx_text.read_docx(io.BytesIO(data), NoticeError)
    elif name.endswith(".pdf") or data[:5] == b"%PDF-":
        text, ocr = pdf_text.read_pdf(io.BytesIO(data), NoticeError, progress)
    elif name.endswith(".doc") or data[:4] == b"\xd0\xcf\x11\xe0":
        raise NoticeError(
            "Định dạng .doc (Word 97-2003) chưa được hỗ trợ; vui lòng lưu thành .docx hoặc PDF."
        )
    else:
        text = decode_text(data)
    return Extracted(unicodedata.normalize("NFC", text), ocr)
