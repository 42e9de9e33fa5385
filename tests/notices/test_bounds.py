"""Bounded work (issue 9): oversized pastes, huge item counts and zip-bomb .docx files get a clear message."""

import io
import zipfile

import pytest

from tests.conftest import csrf_token, login
from tracker.notices.extract import NoticeError, extract_text
from tracker.notices.pipeline import MAX_CHARS, MAX_ITEMS, parse_text


def test_a_text_longer_than_the_budget_is_refused_with_a_clear_message():
    with pytest.raises(NoticeError, match="quá dài"):
        parse_text("Giao Sở Tài chính chủ trì rà soát kinh phí. " * (MAX_CHARS // 40 + 10))


def test_too_many_items_are_refused_before_they_are_classified():
    text = "\n".join(f"{n}. Sở Y tế kiểm tra cơ sở {n}." for n in range(1, MAX_ITEMS + 50))
    assert len(text) < MAX_CHARS
    with pytest.raises(NoticeError, match="quá nhiều mục"):
        parse_text(text)


def test_a_docx_whose_xml_would_expand_past_the_limit_is_refused_before_parsing():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document>" + " " * (60 * 1024 * 1024) + "</w:document>")
    data = buf.getvalue()
    assert len(data) < 1024 * 1024
    with pytest.raises(NoticeError, match="giải nén"):
        extract_text(data, "bom.docx")


def test_a_huge_paste_on_the_form_says_too_long_and_keeps_the_text(client, world):
    login(client, "vanphong")
    text = "Giao Sở Tài chính chủ trì rà soát kinh phí chuyển đổi số. " * 21000  # ~1.2 MB
    assert len(text.encode()) > 1_200_000
    response = client.post("/notices/new", data={"csrf_token": csrf_token(client, "/notices/new"), "text": text},
                           content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "quá dài" in page
    assert "Giao Sở Tài chính chủ trì rà soát kinh phí chuyển đổi số." in page
