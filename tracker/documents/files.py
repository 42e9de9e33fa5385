"""Content-addressed file store outside the web root, with size and type checks."""

from __future__ import annotations

import hashlib
import mimetypes
import os
from dataclasses import dataclass
from pathlib import Path

import filetype

from tracker.core import settings
from tracker.core.errors import DomainError
from tracker.documents.models import Attachment


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


def _safe_name(filename: str) -> str:
    name = os.path.basename((filename or "").replace("\\", "/")).strip()
    return name[:200] or "tep"


# What the bytes must be for each extension (names from `filetype`). Office files are zip archives
# (a writer may store the parts in an order `filetype` reads as plain zip); old Word/Excel files are
# OLE compound files. Text has no signature: it must decode as UTF-8 and hold no NUL byte.
CONTENT_KINDS = {
    "pdf": {"pdf"}, "png": {"png"}, "jpg": {"jpg"}, "jpeg": {"jpg"},
    "docx": {"docx", "zip"}, "xlsx": {"xlsx", "zip"}, "odt": {"odt", "zip"}, "ods": {"ods", "zip"},
    "zip": {"zip", "docx", "xlsx", "pptx", "odt", "ods", "odp", "epub"},
    "doc": {"doc", "ole"}, "xls": {"xls", "ole"},
}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Never accepted whatever the name says (for extensions a province adds without a rule above).
EXECUTABLE_KINDS = {"exe", "elf", "macho", "dex", "msi", "sh", "deb", "rpm", "cab", "crx", "swf", "class", "wasm"}


def _content_kind(data: bytes) -> str | None:
    kind = filetype.guess_extension(data[:8192])
    if kind is None and data.startswith(OLE_MAGIC):
        return "ole"
    return kind


def _is_text(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in data


def content_matches(ext: str, data: bytes) -> bool:
    """True when the bytes are what the extension claims (a renamed .exe is not a .pdf)."""
    kind = _content_kind(data)
    if ext == "txt":
        return kind is None and _is_text(data)
    if ext in CONTENT_KINDS:
        return kind in CONTENT_KINDS[ext]
    return kind not in EXECUTABLE_KINDS


def check_upload(upload: Upload) -> str:
    name = _safe_name(upload.filename)
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in settings.current.upload_extensions:
        allowed = ", ".join(settings.current.upload_extensions)
        raise DomainError(f"Tệp “{name}” không được chấp nhận. Chỉ nhận các loại: {allowed}.")
    if len(upload.data) > settings.current.upload_max_bytes:
        mb = settings.current.upload_max_bytes // (1024 * 1024)
        raise DomainError(f"Tệp “{name}” quá lớn (tối đa {mb} MB).")
    if not upload.data:
        raise DomainError(f"Tệp “{name}” rỗng.")
    if not content_matches(ext, upload.data):
        raise DomainError(f"Tệp “{name}” không đúng định dạng .{ext} (nội dung tệp là loại khác).")
    return name


def path_for(sha256: str) -> Path:
    return Path(settings.current.upload_dir) / sha256[:2] / sha256


def store(upload: Upload, *, uploaded_by=None, **owner) -> Attachment:
    """Write the bytes once under their hash; the Attachment row is added by the caller's session."""
    name = check_upload(upload)
    digest = hashlib.sha256(upload.data).hexdigest()
    target = path_for(digest)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".part")
        tmp.write_bytes(upload.data)
        tmp.replace(target)
    mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return Attachment(
        sha256=digest,
        filename=name,
        size=len(upload.data),
        mime=mime,
        uploaded_by_id=getattr(uploaded_by, "id", None),
        **owner,
    )
