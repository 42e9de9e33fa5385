"""Uploads are judged by their content (magic bytes), not by the name's extension."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.conftest import csrf_token, login
from tracker.core.errors import DomainError
from tracker.documents.files import Upload, check_upload
from tracker.tasks.models import ProgressUpdate

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 200
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 120
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600


def _docx() -> bytes:
    import docx

    out = io.BytesIO()
    docx.Document().save(out)
    return out.getvalue()


def _xlsx() -> bytes:
    import openpyxl

    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    return out.getvalue()


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("bien-ban.txt", "Biên bản")
    return out.getvalue()


@pytest.mark.parametrize(("name", "data"), [
    ("bao-cao.pdf", PDF), ("bao-cao.docx", _docx()), ("so-lieu.xlsx", _xlsx()), ("anh.png", PNG),
    ("anh.jpg", JPG), ("anh.JPEG", JPG), ("cu.doc", OLE), ("cu.xls", OLE), ("ho-so.zip", _zip()),
    ("ghi-chu.txt", "Báo cáo tiến độ, đã xong 80%.".encode()),
])
def test_real_files_are_accepted(app, name, data):
    assert check_upload(Upload(name, data)) == name


@pytest.mark.parametrize(("name", "data"), [
    ("bao-cao.pdf", EXE), ("bao-cao.docx", EXE), ("anh.png", ELF), ("ghi-chu.txt", EXE), ("so-lieu.xlsx", PDF),
    ("anh.jpg", PNG), ("bao-cao.pdf", _docx()), ("cu.doc", _zip()), ("ho-so.zip", EXE), ("bao-cao.pdf", b"hello"),
])
def test_content_that_does_not_match_the_extension_is_refused(app, name, data):
    with pytest.raises(DomainError, match="không đúng định dạng"):
        check_upload(Upload(name, data))


def test_an_exe_renamed_pdf_is_refused_through_the_task_page(client, world, session):
    login(client, "stc")
    response = client.post(f"/tasks/{world.task.id}/progress", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(client, f"/tasks/{world.task.id}"), "text": "Gửi kèm tệp",
        "version": world.task.version, "files": (io.BytesIO(EXE), "bao-cao.pdf")})
    assert response.status_code == 400
    assert "không đúng định dạng" in response.get_data(as_text=True)
    assert session.query(ProgressUpdate).count() == 0
