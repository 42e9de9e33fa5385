"""One test per generalisation rule, each on real directive phrasing."""

import pytest

from tracker.notices import parse_text
from tracker.notices.abbreviations import expand
from tracker.notices.names import split_names
from tracker.notices.owners import find_owner


@pytest.mark.parametrize(
    ("text", "lead", "co"),
    [
        # "và" inside one name: the right-hand part is no agency on its own
        (
            "Chi cục Chăn nuôi và Thú y tỉnh thành lập các chốt kiểm dịch động vật tạm thời",
            ["Chi cục Chăn nuôi và Thú y tỉnh"],
            [],
        ),
        # a province name closes an agency name; an unlisted verb after it is not part of the name
        (
            "Báo Hà Tĩnh, Đài Phát thanh và Truyền hình Hà Tĩnh dành thời lượng phản ánh các mô hình hay",
            ["Báo Hà Tĩnh", "Đài Phát thanh và Truyền hình Hà Tĩnh"],
            [],
        ),
        # groups with a hyphenated unit and a list of units
        (
            "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội vận động đoàn viên",
            ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Các tổ chức chính trị - xã hội"],
            [],
        ),
        (
            "Đài Truyền hình Việt Nam, Thông tấn xã Việt Nam và các cơ quan thông tấn, báo chí tăng thời lượng đưa tin",
            ["Đài Truyền hình Việt Nam", "Thông tấn xã Việt Nam", "Các cơ quan thông tấn, báo chí"],
            [],
        ),
        # a place range or a relative clause delimits a group
        (
            "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố từ Quảng Ninh đến Thanh Hóa chỉ đạo sơ tán dân",
            ["UBND các tỉnh, thành phố từ Quảng Ninh đến Thanh Hóa"],
            [],
        ),
        (
            "Phó Thủ tướng giao UBND các tỉnh có dự án đi qua đẩy nhanh công tác giải phóng mặt bằng",
            ["UBND các tỉnh có dự án đi qua"],
            [],
        ),
        # youth union and other heads of the directory
        (
            "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh, Tỉnh Đoàn phối hợp với Ban An toàn giao thông tỉnh tuyên truyền",
            ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Tỉnh Đoàn"],
            ["Ban An toàn giao thông tỉnh"],
        ),
        # a steering board's name runs over its lower-case subject up to the level that closes it
        (
            "Ban Chỉ đạo xây dựng nông thôn mới cấp huyện chỉ đạo các xã rà soát, đánh giá thực trạng các tiêu chí",
            ["Ban Chỉ đạo xây dựng nông thôn mới cấp huyện"],
            [],
        ),
        # "theo chức năng, nhiệm vụ được giao" between subject and verb
        (
            "Bộ Lao động - Thương binh và Xã hội, Bộ Xây dựng theo chức năng, nhiệm vụ được giao kịp thời tháo gỡ vướng mắc",
            ["Bộ Lao động - Thương binh và Xã hội", "Bộ Xây dựng"],
            [],
        ),
        (
            "Văn phòng Chính phủ theo chức năng, nhiệm vụ được giao theo dõi, đôn đốc các bộ, cơ quan",
            ["Văn phòng Chính phủ"],
            [],
        ),
        # the standing body of a plan
        (
            "Công an tỉnh là cơ quan thường trực, có trách nhiệm theo dõi, đôn đốc các cơ quan, đơn vị",
            ["Công an tỉnh"],
            [],
        ),
        # MTTQ spelled out
        (
            "Đề nghị Ủy ban MTTQ Việt Nam tỉnh, các tổ chức chính trị - xã hội tỉnh tiếp tục đẩy mạnh Cuộc vận động",
            ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Các tổ chức chính trị - xã hội tỉnh"],
            [],
        ),
    ],
)
def test_owner_rules(text, lead, co):
    owner = find_owner(text)
    assert owner.lead == lead
    assert owner.co == co


def test_place_name_with_capital_d_is_kept_whole():
    names, _ = split_names(expand("Ngân hàng Nhà nước chi nhánh tỉnh Bình Định; Sở Y tế"), permissive=True)
    assert names == ["Ngân hàng Nhà nước chi nhánh tỉnh Bình Định", "Sở Y tế"]


def test_responsibility_needs_an_action_on_it():
    """'Xác định rõ ... trách nhiệm của các cơ quan' describes the plan, it assigns nothing."""
    assert not find_owner("Xác định rõ nội dung công việc và trách nhiệm của các cơ quan, đơn vị.").lead_vague
    assert find_owner(
        "Tiếp tục phát huy vai trò, nâng cao trách nhiệm của Ban Chỉ đạo chuyển đổi số các cấp"
    ).lead


def test_purpose_section_of_a_plan_gives_no_tasks():
    text = (
        "I. MỤC ĐÍCH, YÊU CẦU\n"
        "1. Các cơ quan, đơn vị xác định rõ trách nhiệm trong tổ chức thực hiện.\n"
        "II. NHIỆM VỤ\n"
        "1. Sở Tài chính tham mưu bố trí kinh phí.\n"
    )
    assert [t["ref"] for t in parse_text(text)["tasks"]] == ["II.1"]
