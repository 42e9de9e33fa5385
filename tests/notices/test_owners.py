"""Lead and co-agencies from real directive phrasing."""

import pytest

from tracker.notices.abbreviations import expand
from tracker.notices.names import is_group, split_names
from tracker.notices.owners import clauses, find_owner


@pytest.mark.parametrize(
    ("text", "lead", "co"),
    [
        (
            "Giao Sở Nội vụ chủ trì, phối hợp với Sở Thông tin và Truyền thông bổ sung tiêu chí",
            ["Sở Nội vụ"],
            ["Sở Thông tin và Truyền thông"],
        ),
        (
            "Sở Thông tin và Truyền thông chủ trì, phối hợp với các cơ quan liên quan:",
            ["Sở Thông tin và Truyền thông"],
            [],
        ),
        (
            "Các sở, ban, ngành, UBND các huyện, thành phố khẩn trương rà soát, đánh giá",
            ["Các sở, ban, ngành", "UBND các huyện, thành phố"],
            [],
        ),
        (
            "Về chỉ đạo điều hành: Người đứng đầu các cơ quan, đơn vị, địa phương có vai trò đặc biệt quan trọng",
            ["Người đứng đầu các cơ quan, đơn vị, địa phương"],
            [],
        ),
        (
            "Theo đó, yêu cầu Bộ GTVT chỉ đạo các cơ quan, đơn vị trực thuộc có phương án tăng cường",
            ["Bộ Giao thông vận tải"],
            [],
        ),
        (
            "Bên cạnh đó, “UBND các tỉnh, TP trực thuộc Trung ương chỉ đạo Ban An toàn giao thông",
            ["UBND các tỉnh, thành phố trực thuộc Trung ương"],
            [],
        ),
        (
            "Cụ thể, Thủ tướng Chính phủ giao Bộ Kế hoạch và Đầu tư chủ trì, phối hợp với các bộ, ngành, địa phương "
            "khẩn trương chuẩn bị",
            ["Bộ Kế hoạch và Đầu tư"],
            ["Các bộ, ngành, địa phương"],
        ),
        (
            "giao cho UBND TP Thái Nguyên phối hợp với các cơ quan chức năng của tỉnh làm rõ",
            ["UBND thành phố Thái Nguyên"],
            ["Các cơ quan chức năng của tỉnh"],
        ),
        (
            "Giao cho Sở Kế hoạch - Đầu tư phối hợp với UBND huyện Võ Nhai để cung cấp thông tin",
            ["Sở Kế hoạch và Đầu tư"],
            ["UBND huyện Võ Nhai"],
        ),
        (
            "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh vận động nhân dân",
            ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"],
            [],
        ),
        (
            "Yêu cầu Giám đốc các Sở: Tài chính, Xây dựng, Y tế báo cáo tình hình giải ngân",
            ["Sở Tài chính", "Sở Xây dựng", "Sở Y tế"],
            [],
        ),
        ("Giao Giám đốc: Sở Tài chính, Sở Xây dựng rà soát kinh phí", ["Sở Tài chính", "Sở Xây dựng"], []),
        (
            "Trung tâm Phục vụ hành chính công trực thuộc Văn phòng UBND tỉnh nâng cấp Cổng dịch vụ công",
            ["Trung tâm Phục vụ hành chính công trực thuộc Văn phòng UBND tỉnh"],
            [],
        ),
        ("Giao Trung tâm Tin học tỉnh nâng cấp hệ thống quản lý văn bản", ["Trung tâm Tin học tỉnh"], []),
        (
            "Giao Văn phòng Ban An toàn giao thông tỉnh chủ trì, phối hợp với Công an tỉnh, Sở Giao thông vận tải, "
            "Sở Y tế và các đơn vị liên quan xây dựng kế hoạch",
            ["Văn phòng Ban An toàn giao thông tỉnh"],
            ["Công an tỉnh", "Sở Giao thông vận tải", "Sở Y tế"],
        ),
        (
            "Đào tạo, tập huấn về ứng dụng CNTT; phối hợp với Văn phòng UBND tỉnh chuẩn bị lực lượng",
            [],
            ["Văn phòng UBND tỉnh"],
        ),
        ("Phối hợp với cơ quan báo chí tổ chức thông tin, tuyên truyền", [], ["Cơ quan báo chí"]),
        (
            "Về kiến nghị của UBND huyện Lộc Bình: Giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng xem xét",
            ["Sở Tài chính"],
            ["Sở Xây dựng"],
        ),
        ("Thống nhất chủ trương đầu tư dự án, giao Sở Xây dựng thẩm định hồ sơ", ["Sở Xây dựng"], []),
        ("Sở Tài chính: bố trí kinh phí thực hiện", ["Sở Tài chính"], []),
        (
            "Các Sở, ngành: Tài chính, Xây dựng, Công an tỉnh rà soát",
            ["Sở Tài chính", "Sở Xây dựng", "Công an tỉnh"],
            [],
        ),
    ],
)
def test_owner_phrases(text, lead, co):
    owner = find_owner(text)
    assert owner.lead == lead
    assert owner.co == co


@pytest.mark.parametrize(
    "text",
    [
        "Biểu dương, đánh giá cao Sở Thông tin và Truyền thông - Cơ quan Thường trực của Ban Chỉ đạo",
        "Khuyến khích các doanh nghiệp giới thiệu cho tỉnh triển khai các phần mềm",
        "Phấn đấu đạt tỷ lệ 20% người dân và doanh nghiệp tham gia hệ thống",
        "Từ ngày 01/8/2020 trở đi, 100% các sở, ban, ngành cấp tỉnh ứng dụng phòng họp không giấy tờ.",
        "Thủ tướng phân công Phó Thủ tướng Vương Đình Huệ trực tiếp chỉ đạo tiến độ",
        "Báo CCB Việt Nam rất hoan nghênh sự quan tâm và phối hợp của đồng chí Chủ tịch UBND tỉnh.",
        "Hội Truyền thông số Việt Nam đã bình chọn 02 giải pháp của tỉnh",
        "UBND tỉnh thông báo để các cơ quan, đơn vị liên quan biết, thực hiện./.",
        "Yêu cầu cải cách thủ tục hành chính đang là nhiệm vụ đặc biệt quan trọng",
    ],
)
def test_no_owner(text):
    assert find_owner(text).lead == []


def test_report_recipient_and_directed_unit_are_not_co():
    owner = find_owner(
        "Các cơ quan, đơn vị phải xây dựng kế hoạch; gửi về Sở Thông tin và Truyền thông để theo dõi"
    )
    assert owner.co == []
    assert find_owner("Yêu cầu Bộ Công an chỉ đạo Công an tỉnh Vĩnh Phúc xác minh").co == []


def test_shared_prefix_lists_and_abbreviations():
    text = expand(
        "Các sở: Giao thông vận tải, Y tế, GD&ĐT, VH,TT&DL, Thông tin và Truyền thông; Công an tỉnh; "
        "UBND các huyện, thị xã, thành phố; Đài Phát thanh và Truyền hình tỉnh và Báo Thanh Hóa căn cứ"
    )
    names, stopper = split_names(text)
    assert names == [
        "Sở Giao thông vận tải",
        "Sở Y tế",
        "Sở Giáo dục và Đào tạo",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Sở Thông tin và Truyền thông",
        "Công an tỉnh",
        "UBND các huyện, thị xã, thành phố",
        "Đài Phát thanh và Truyền hình tỉnh",
        "Báo Thanh Hóa",
    ]
    assert stopper == "căn cứ"
    names, _ = split_names("UBND các huyện: Đakrông, Hải Lăng và Ban Quản lý khu kinh tế tỉnh nghiên cứu")
    assert names == ["UBND huyện Đakrông", "UBND huyện Hải Lăng", "Ban Quản lý khu kinh tế tỉnh"]
    assert is_group("UBND các huyện, thị xã, thành phố") and not is_group("Sở Y tế")


def test_running_text_splits_at_new_assignments_only():
    text = (
        "“Giao cho Sở Kế hoạch - Đầu tư phối hợp với UBND huyện Võ Nhai để làm rõ… gói thầu số 7… "
        "giao cho Sở NNPTNT chủ trì, phối hợp với Sở TNMT… làm rõ; báo cáo trước ngày 30-8-2011; "
        "giao cho UBND TP Thái Nguyên làm rõ"
    )
    parts = clauses(text)
    assert any(p.startswith("giao cho Sở NNPTNT") for p in parts)
    assert "báo cáo trước ngày 30-8-2011;" in " ".join(parts)
