"""Whole notices: the two seed notices against their gold, and notices written in other styles."""

import json
import re
import unicodedata
from pathlib import Path

import pytest

from tracker.notices import parse_file, parse_text

DATA = Path(__file__).parent / "data"


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text or "")
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").replace("đ", "d").replace("Đ", "D")
    return " ".join(text.lower().split())


def _opening(text: str, n: int = 8) -> list[str]:
    return re.findall(r"\w+", _fold(text))[:n]


def _find(tasks: list[dict], start: str) -> dict:
    words = _opening(start)

    def score(task: dict) -> float:
        got = set(re.findall(r"\w+", _fold(task["content"]))[:14])
        return sum(w in got for w in words) / len(words)

    best = max(tasks, key=score)
    assert score(best) >= 0.8, f"no task starting {start!r}"
    return best


def _names(names) -> set[str]:
    return {_fold(n) for n in names if "lien quan" not in _fold(n)}


@pytest.mark.parametrize("stem", ["001_thanhhoa-tb-ket-luan-cqdt-2020", "002_langson-tb-ket-luan-cds-2024"])
def test_seed_notices_match_gold(stem):
    gold = json.loads((DATA / f"{stem}.gold.json").read_text(encoding="utf-8"))
    result = parse_file(DATA / f"{stem}.txt")
    assert len(result["tasks"]) == len(gold["tasks"])
    for g in gold["tasks"]:
        task = _find(result["tasks"], g["content_start"])
        assert task["ref"] == g["ref"]
        assert _names(task["lead"]) == _names(g["lead"]), g["ref"]
        assert _names(task["co"]) == _names(g["co"]), g["ref"]
        assert task["due"] == g["due"] and task["recurring"] == g["recurring"], g["ref"]
        assert 0 <= task["confidence"] <= 1
    assert result["doc"]["type"] == gold["doc"]["type"]


def test_cong_van_de_nghi_cac_so():
    result = parse_file(DATA / "cv_de_nghi_cac_so.txt")
    doc, tasks = result["doc"], result["tasks"]
    assert doc["number"] == "1234/UBND-KGVX" and doc["type"] == "cong_van" and doc["issued"] == "2025-03-12"
    assert doc["title"] == "V/v triển khai nhiệm vụ chuyển đổi số năm 2025"
    assert [t["ref"] for t in tasks] == [
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
    ]  # 7 (businesses) and the closing are not tasks
    assert tasks[0]["lead"] == ["Các sở, ban, ngành", "UBND các huyện, thành phố"]
    assert tasks[0]["co"] == [] and tasks[0]["due"] == "2025-03-30"
    assert tasks[1]["lead"] == ["Sở Khoa học và Công nghệ"]
    assert tasks[1]["co"] == ["Sở Tài chính", "Văn phòng UBND tỉnh"] and tasks[1]["due"] == "2025-03-26"
    assert tasks[2]["due"] == "2025-04-30"
    assert tasks[3]["lead"] == ["Sở Tài chính", "Sở Xây dựng", "Sở Y tế"]
    assert tasks[3]["recurring"] and tasks[3]["due"] is None
    assert tasks[3]["period"] == {"freq": "MONTHLY", "bymonthday": 20}
    assert tasks[4]["lead"] == ["Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh"] and tasks[4]["recurring"]
    assert tasks[5]["lead"] == ["Trung tâm Phục vụ hành chính công trực thuộc Văn phòng UBND tỉnh"]
    assert tasks[5]["due"] == "2025-05-15"


def test_ke_hoach_with_task_table():
    result = parse_file(DATA / "kh_bang_nhiem_vu.txt")
    tasks = result["tasks"]
    assert result["doc"]["type"] == "ke_hoach"
    assert [t["ref"] for t in tasks] == ["II.1", "II.2", "II.3", "II.4", "III.1", "III.2"]
    assert tasks[0]["content"] == "Rà soát, làm sạch dữ liệu dân cư trên địa bàn tỉnh"
    assert tasks[0]["lead"] == ["Công an tỉnh"] and tasks[0]["co"] == ["UBND các huyện, thành phố"]
    assert tasks[0]["due"] == "2024-07-31"
    assert tasks[1]["lead"] == ["Sở Thông tin và Truyền thông"] and tasks[1]["due"] == "2024-09-30"
    assert tasks[1]["co"] == ["Sở Tài chính", "Ngân hàng Nhà nước chi nhánh tỉnh Bắc Giang"]
    assert tasks[2]["recurring"] and tasks[2]["due"] is None
    assert tasks[3]["period"] == {"freq": "MONTHLY", "bymonthday": 25}
    assert tasks[4]["lead"] == ["Công an tỉnh"] and tasks[4]["due"] == "2024-12-15"
    assert tasks[5]["due"] == "2024-06-30"  # "trước 30/6" takes the plan's year


def test_chi_thi_mot_la():
    result = parse_file(DATA / "ct_mot_la.txt")
    tasks = result["tasks"]
    assert result["doc"]["type"] == "chi_thi" and result["doc"]["number"] == "08/CT-UBND"
    assert [t["ref"] for t in tasks] == ["1", "2", "3", "4", "5"]  # the closing exhortation is not a task
    assert (
        tasks[0]["lead"] == ["Các sở, ban, ngành", "UBND các huyện, thị xã, thành phố"]
        and tasks[0]["recurring"]
    )
    assert tasks[1]["lead"] == ["Sở Nông nghiệp và Phát triển nông thôn"]
    assert tasks[1]["co"] == ["Sở Tài chính", "Bộ Chỉ huy Quân sự tỉnh"] and tasks[1]["due"] == "2024-06-30"
    assert tasks[2]["lead"] == ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"] and not tasks[2]["recurring"]
    assert tasks[3]["due"] == "2024-06-30"
    assert tasks[4]["lead"] == ["Văn phòng UBND tỉnh"] and tasks[4]["period"]["freq"] == "QUARTERLY"


def test_newspaper_running_text_gives_one_task_per_assignment():
    text = (
        "Theo đó, yêu cầu Bộ GTVT chỉ đạo các cơ quan, đơn vị trực thuộc có phương án tăng cường năng lực vận tải. "
        "Yêu cầu Bộ Công an chỉ đạo xây dựng kế hoạch tuần tra, xử lý vi phạm trật tự an toàn giao thông…\n\n"
        "Thủ tướng phân công Phó Thủ tướng trực tiếp chỉ đạo tiến độ."
    )
    tasks = parse_text(text)["tasks"]
    assert [t["lead"] for t in tasks] == [["Bộ Giao thông vận tải"], ["Bộ Công an"]]
    assert all(t["ref"] is None for t in tasks)


def test_parse_is_fast_on_a_long_notice():
    import time

    body = (DATA / "001_thanhhoa-tb-ket-luan-cqdt-2020.txt").read_text(encoding="utf-8")
    text = body * 12  # about 30 pages
    start = time.perf_counter()
    parse_text(text)
    assert time.perf_counter() - start < 1.0


def test_thu_nhat_items_sub_letters_and_role_prefixes():
    text = (
        "Thủ tướng Chính phủ đã ký Công điện về phòng cháy, chữa cháy.\n"
        "Thứ nhất, Bộ trưởng Bộ Công an chỉ đạo lực lượng Cảnh sát phòng cháy tổng kiểm tra các cơ sở kinh doanh\n"
        "karaoke, vũ trường, hoàn thành trước ngày 30/4/2024.\n"
        "Thứ hai, Bộ trưởng các Bộ: Công an, Xây dựng rà soát quy chuẩn.\n"
        "Thứ ba, Chủ tịch UBND các tỉnh, thành phố trực thuộc Trung ương chỉ đạo xử lý nghiêm các vi phạm.\n"
        "Trước đó, Bộ Công an đã tổ chức hội nghị trực tuyến toàn quốc.\n"
    )
    tasks = parse_text(text)["tasks"]
    assert [t["ref"] for t in tasks] == ["1", "2", "3"]
    assert tasks[0]["lead"] == ["Bộ Công an"] and tasks[0]["due"] == "2024-04-30"
    assert "karaoke" in tasks[0]["content"]
    assert tasks[1]["lead"] == ["Bộ Công an", "Bộ Xây dựng"]
    assert tasks[2]["lead"] == ["UBND các tỉnh, thành phố trực thuộc Trung ương"]


def test_sub_letters_under_topic_heading_and_project_boards():
    text = (
        "1. Về công tác giải phóng mặt bằng\n"
        "a) UBND huyện Thạch An, UBND huyện Hòa An khẩn trương bàn giao mặt bằng trước ngày 30/6/2023.\n"
        "b) Sở Tài nguyên và Môi trường hướng dẫn xác định giá đất, hoàn thành trong tháng 6/2023.\n"
        "2. Đề nghị Ban QLDA đầu tư xây dựng công trình giao thông tỉnh đôn đốc nhà thầu; định kỳ hằng tháng "
        "báo cáo UBND tỉnh trước ngày 25.\n"
        "3. Các nhà thầu thi công tập trung nhân lực, máy móc, đẩy nhanh tiến độ.\n"
    )
    tasks = parse_text(text)["tasks"]
    assert [t["ref"] for t in tasks] == ["1.a", "1.b", "2"]
    assert tasks[0]["lead"] == ["UBND huyện Thạch An", "UBND huyện Hòa An"]
    assert tasks[2]["lead"] == ["Ban Quản lý dự án đầu tư xây dựng công trình giao thông tỉnh"]
    assert tasks[2]["period"] == {"freq": "MONTHLY", "bymonthday": 25}


def test_wrapped_lines_and_lists_of_groups():
    text = (
        "1. Thời gian qua, các chủ đầu tư đã có nhiều cố gắng; tỷ lệ giải ngân đến ngày 31/7/2024\n"
        "mới đạt 35% kế hoạch.\n"
        "2. Nhiệm vụ trong thời gian tới:\n"
        "2.1. Các sở, ban, ngành, UBND các huyện, thành phố, thị xã và các chủ đầu tư:\n"
        "- Tập trung chỉ đạo quyết liệt, phấn đấu giải ngân 100% kế hoạch vốn năm 2024 trước ngày\n"
        "31/01/2025.\n"
        "2.2. Giao Sở Tài chính thẩm tra quyết toán dự án hoàn thành kịp thời.\n"
    )
    tasks = parse_text(text)["tasks"]
    assert [t["ref"] for t in tasks] == ["2.1.1", "2.2"]
    assert tasks[0]["lead"] == ["Các sở, ban, ngành", "UBND các huyện, thành phố, thị xã", "Các chủ đầu tư"]
    assert tasks[0]["due"] == "2025-01-31"
    assert tasks[1]["lead"] == ["Sở Tài chính"]
