"""Content-addressed file store outside the web root, with size and type checks."""

from __future__ import annotations

import hashlib
import mimetypes
import os
from dataclasses import dataclass
from pathlib import Path

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
