"""Outline, refs and header fields."""

from tracker.notices.header import parse_header
from tracker.notices.segment import clean_lines, paragraphs, segment

TEXT = """Số: 156/TB-UBND
Lạng Sơn, ngày 27 tháng 9 năm 2024
THÔNG BÁO
Kết luận của đồng chí Nguyễn Văn A, Chủ tịch UBND tỉnh tại cuộc họp về chuyển đổi số
I. KẾT QUẢ ĐẠT ĐƯỢC
Công tác chuyển đổi số được triển khai¹.
¹ Đã cung cấp 1.543 dịch vụ công trực tuyến.
II. NHIỆM VỤ
1. Giao Sở Tài chính
- Tham mưu bố trí kinh phí, báo cáo UBND tỉnh trước ngày 15/10/2024.
- Hướng dẫn các đơn vị thanh quyết toán kinh phí
của các dự án.
a) Rà soát danh mục
+ Dự án cấp tỉnh
2. Một là, nội dung
Nơi nhận:
- Như trên;
TM. ỦY BAN NHÂN DÂN
"""


def test_refs_follow_numbering_paths():
    items = segment(TEXT)
    refs = [(it.kind, it.ref) for it in items if it.kind != "para"]
    assert ("roman", "II") in refs and ("num", "II.1") in refs
    assert ("dash", "II.1.1") in refs and ("dash", "II.1.2") in refs
    assert ("alpha", "II.1.a") in refs and ("plus", "II.1.a.1") in refs


def test_footnotes_page_breaks_and_recipients_removed():
    lines = clean_lines(TEXT)
    assert not any(line.startswith("¹") or "Nơi nhận" in line or "Như trên" in line for line in lines)
    assert "triển khai." in " ".join(lines)
    pars = paragraphs(lines)
    assert "- Hướng dẫn các đơn vị thanh quyết toán kinh phí của các dự án." in pars


def test_page_break_inside_sentence_is_joined():
    pars = paragraphs(["1. Cấp chữ ký số cho cán bộ, công chức, viên", "", "chức các cơ quan, đơn vị."])
    assert pars == ["1. Cấp chữ ký số cho cán bộ, công chức, viên chức các cơ quan, đơn vị."]


def test_header_fields():
    head = parse_header(TEXT)
    doc = head["doc"]
    assert doc["number"] == "156/TB-UBND" and doc["type"] == "thong_bao_ket_luan"
    assert doc["issued"] == "2024-09-27" and doc["issuer"] == "UBND tỉnh Lạng Sơn"
    assert doc["directed_by"].startswith("Nguyễn Văn A, Chủ tịch UBND tỉnh")
    assert doc["title"].startswith("Kết luận của đồng chí")


def test_blank_number_and_day():
    head = parse_header(
        "Số: /TB-UBND\nLạng Sơn, ngày tháng 10 năm 2024\nTHÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh"
    )
    assert head["doc"]["number"] is None and head["doc"]["symbol"] == "TB-UBND"
    assert head["doc"]["issued"] is None and head["year"] == 2024


def test_types_and_summary_line():
    cv = parse_header("Số: 12/UBND-KT\nV/v cập nhật quy hoạch\nQuảng Trị, ngày 21 tháng 6 năm 2024\n")
    assert cv["doc"]["type"] == "cong_van" and cv["doc"]["title"] == "V/v cập nhật quy hoạch"
    assert parse_header("CHỈ THỊ\nVề phòng chống thiên tai")["doc"]["type"] == "chi_thi"
    assert parse_header("KẾ HOẠCH\nTriển khai Đề án 06")["doc"]["type"] == "ke_hoach"
    assert parse_header("QUYẾT ĐỊNH\nVề việc ban hành")["doc"]["type"] == "quyet_dinh"
    assert parse_header("Một bài báo không có tiêu đề văn bản")["doc"]["type"] == "other"
