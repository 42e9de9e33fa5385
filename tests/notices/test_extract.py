"""Text extraction from real .docx (automatic numbering, tables) and .pdf files, and refusals."""

import io
import unicodedata
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from tracker.notices import NoticeError, extract_text, parse_file
from tracker.notices.pdf_text import SCANNED, strip_furniture

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

ABSTRACT = f"""<w:abstractNum {nsdecls("w")} w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%4)"/></w:lvl>
</w:abstractNum>"""


def _add_numbering(doc: Document) -> None:
    """Two numbering instances of one list definition; the second restarts level 2 at 3."""
    numbering = doc.part.numbering_part.element
    first_num = numbering.find(qn("w:num"))
    absn = parse_xml(ABSTRACT)
    if first_num is not None:
        first_num.addprevious(absn)
    else:
        numbering.append(absn)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="91"><w:abstractNumId w:val="90"/>'
            '<w:lvlOverride w:ilvl="1"><w:startOverride w:val="3"/></w:lvlOverride></w:num>'
        )
    )


def _numbered(doc: Document, text: str, ilvl: int, num_id: int = 90) -> None:
    p = doc.add_paragraph(text)
    p._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def _docx_bytes() -> bytes:
    doc = Document()
    _add_numbering(doc)
    doc.add_paragraph("Số: 215/TB-UBND")
    doc.add_paragraph("Lạng Sơn, ngày 02 tháng 10 năm 2024")
    doc.add_paragraph("THÔNG BÁO")
    doc.add_paragraph("Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về chuyển đổi số")
    _numbered(doc, "KẾT QUẢ ĐẠT ĐƯỢC", 0)
    doc.add_paragraph("Các cơ quan đã tích cực triển khai nhiệm vụ.")
    _numbered(doc, "NHIỆM VỤ THỜI GIAN TỚI", 0)
    _numbered(
        doc,
        "Giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng rà soát kinh phí; báo cáo trước ngày 15/11/2024.",
        1,
    )
    _numbered(doc, "Giao Sở Khoa học và Công nghệ", 1)
    _numbered(doc, "Nâng cấp hệ thống quản lý văn bản, hoàn thành trong tháng 12/2024.", 2)
    _numbered(doc, "Thường xuyên bảo đảm an toàn thông tin.", 2)
    _numbered(doc, "Rà soát danh mục phần mềm", 3)
    _numbered(doc, "Sở Nội vụ tiếp tục theo dõi việc thực hiện.", 1, num_id=91)
    table = doc.add_table(rows=3, cols=5)
    rows = [
        ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"],
        ["1", "Số hóa hồ sơ thủ tục hành chính", "Văn phòng UBND tỉnh", "Sở Tư pháp", "Quý IV/2024"],
        ["2", "Tập huấn kỹ năng số", "Sở Nội vụ", "", "Thường xuyên"],
    ]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_docx_keeps_automatic_numbering_and_tables():
    text = extract_text(_docx_bytes(), "kl.docx")
    lines = [x for x in text.splitlines() if x]
    assert "I. KẾT QUẢ ĐẠT ĐƯỢC" in lines and "II. NHIỆM VỤ THỜI GIAN TỚI" in lines
    assert any(x.startswith("1. Giao Sở Tài chính") for x in lines)
    assert "2. Giao Sở Khoa học và Công nghệ" in lines
    assert "- Nâng cấp hệ thống quản lý văn bản, hoàn thành trong tháng 12/2024." in lines
    assert "a) Rà soát danh mục phần mềm" in lines
    assert "3. Sở Nội vụ tiếp tục theo dõi việc thực hiện." in lines  # startOverride of the second numId
    assert "1 | Số hóa hồ sơ thủ tục hành chính | Văn phòng UBND tỉnh | Sở Tư pháp | Quý IV/2024" in lines


def test_docx_parses_into_tasks():
    result = parse_file(_docx_bytes(), "kl.docx")
    by_ref: dict = {}
    for task in result["tasks"]:
        by_ref.setdefault(task["ref"], task)
    assert result["doc"]["number"] == "215/TB-UBND"
    assert by_ref["II.1"]["lead"] == ["Sở Tài chính"] and by_ref["II.1"]["due"] == "2024-11-15"
    assert (
        by_ref["II.2.1"]["lead"] == ["Sở Khoa học và Công nghệ"] and by_ref["II.2.1"]["due"] == "2024-12-31"
    )
    assert by_ref["II.2.2"]["recurring"]
    assert by_ref["II.3"]["lead"] == ["Sở Nội vụ"]
    table_task = next(t for t in result["tasks"] if t["content"] == "Số hóa hồ sơ thủ tục hành chính")
    assert table_task["lead"] == ["Văn phòng UBND tỉnh"] and table_task["due"] == "2024-12-31"


def test_corrupt_docx_gives_clear_message():
    with pytest.raises(NoticeError) as err:
        extract_text(b"PK\x03\x04 broken zip", "hong.docx")
    assert "bị hỏng" in err.value.message


def _pdf_bytes(pages: list[list[str]]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVu", str(FONT)))
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    for number, lines in enumerate(pages, 1):
        pdf.setFont("DejaVu", 10)
        pdf.drawString(60, 810, "UBND TỈNH LẠNG SƠN - THÔNG BÁO KẾT LUẬN")
        y = 770
        for line in lines:
            pdf.drawString(60, y, line)
            y -= 16
        pdf.drawString(290, 30, str(number))
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


@pytest.mark.skipif(not FONT.exists(), reason="DejaVuSans.ttf not installed: no font with Vietnamese glyphs")
def test_pdf_reading_order_without_headers_and_page_numbers():
    pages = [
        [
            "Số: 88/TB-UBND",
            "Lạng Sơn, ngày 02 tháng 10 năm 2024",
            "THÔNG BÁO",
            "Kết luận của Chủ tịch UBND tỉnh",
            "1. Giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng rà soát kinh phí,",
        ],
        ["báo cáo UBND tỉnh trước ngày 15/11/2024.", "2. Sở Y tế tiếp tục theo dõi dịch bệnh."],
        ["3. Giao Công an tỉnh bảo đảm an ninh trật tự, hoàn thành trong tháng 12/2024."],
    ]
    data = _pdf_bytes(pages)
    text = extract_text(data, "kl.pdf")
    assert "THÔNG BÁO KẾT LUẬN" not in text and "\n2\n" not in f"\n{text}\n"
    result = parse_file(data, "kl.pdf")
    tasks = result["tasks"]
    assert [t["ref"] for t in tasks] == ["1", "2", "3"]
    assert tasks[0]["due"] == "2024-11-15" and tasks[0]["co"] == ["Sở Xây dựng"]
    assert tasks[1]["recurring"] and tasks[2]["due"] == "2024-12-31"


def test_scanned_pdf_gives_clear_message():
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("RGB", (200, 280), "white")
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    pdf.drawImage(ImageReader(image), 50, 300, width=400, height=500)
    pdf.showPage()
    pdf.save()
    with pytest.raises(NoticeError) as err:
        extract_text(buf.getvalue(), "scan.pdf")
    # a blank scan: refused with the scan message (and how to enable OCR), or, with OCR, "no readable text"
    assert err.value.message.startswith(SCANNED) or "không có chữ đọc được" in err.value.message


def test_corrupt_pdf_and_oversized_and_empty_files():
    with pytest.raises(NoticeError, match="PDF bị hỏng"):
        extract_text(b"%PDF-1.4 not really a pdf", "x.pdf")
    with pytest.raises(NoticeError, match="quá lớn"):
        extract_text(b"a" * 200, "x.txt", max_bytes=100)
    with pytest.raises(NoticeError, match="rỗng"):
        extract_text(b"   ", "x.txt")
    with pytest.raises(NoticeError, match=r"\.doc"):
        extract_text(b"\xd0\xcf\x11\xe0" + b"\x00" * 20, "old.doc")


def test_oversized_path_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2048)
    with pytest.raises(NoticeError, match="quá lớn"):
        parse_file(str(path), "big.txt", max_bytes=1024)


def _cp1258(text: str) -> bytes:
    """Windows-1258 spells tones as combining marks after a precomposed base letter."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = b""
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out += (base + "".join(c for c in parts if c in tones)).encode("cp1258")
    return out


def test_text_encodings():
    text = "1. Giao Sở Tài chính rà soát kinh phí, hoàn thành trước ngày 15/11/2024."
    assert extract_text(text.encode("utf-16"), "a.txt") == text
    assert extract_text(_cp1258(text), "a.txt") == text
    assert extract_text(("\ufeff" + text).encode("utf-8"), "a.txt") == text


def test_strip_furniture_keeps_body_lines():
    pages = [["Header", "Body one", "- 1 -"], ["Header", "Body two", "- 2 -"], ["Header", "Body three", "3"]]
    assert strip_furniture(pages) == [["Body one"], ["Body two"], ["Body three"]]
