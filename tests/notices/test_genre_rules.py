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


def test_glued_abbreviation_is_split_before_the_verb():
    text = "Sở Nông nghiệp và PTNTchủ trì, phối hợp với các địa phương hướng dẫn kỹ thuật chăm sóc lúa xuân."
    (task,) = parse_text(text)["tasks"]
    assert task["lead"] == ["Sở Nông nghiệp và Phát triển nông thôn"]


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        ("UBND các quận, huyện, thị xã tổ chức phun nước rửa đường", ["UBND các quận, huyện, thị xã"]),
        (
            "Các Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ tổ chức tuyên truyền",
            ["Các Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ"],
        ),
        (
            "Phó Thủ tướng yêu cầu UBND các tỉnh, thành phố vùng Đồng bằng sông Cửu Long khẩn trương di dời",
            ["UBND các tỉnh, thành phố vùng Đồng bằng sông Cửu Long"],
        ),
    ],
)
def test_group_units_and_regions(text, lead):
    assert find_owner(text).lead == lead


def test_leader_reminder_addresses_the_names_after_it():
    owner = find_owner("Phó Thủ tướng cũng lưu ý các địa phương tăng cường quản lý khai thác cát lòng sông.")
    assert owner.lead == ["Các địa phương"]
    # an item's own bullet 'Chỉ đạo X ...' still belongs to its heading's owner (no leader before it)
    assert find_owner("Chỉ đạo Trung tâm Kiểm soát bệnh tật tỉnh tăng cường giám sát").lead == []


def test_partner_of_directed_units_is_not_a_co_agency():
    owner = find_owner(
        "Bộ Giao thông vận tải chỉ đạo các hãng hàng không, doanh nghiệp vận tải phối hợp với ngành y tế kiểm tra."
    )
    assert owner.lead == ["Bộ Giao thông vận tải"] and owner.co == []
    assert find_owner("Sở Y tế chủ trì, phối hợp với Sở Tài chính rà soát.").co == ["Sở Tài chính"]


def test_month_and_quarter_without_year_take_the_document_year():
    from datetime import date

    from tracker.notices.deadlines import find_deadline

    assert find_deadline("hoàn thành trong tháng 12.", date(2023, 9, 12)).due == date(2023, 12, 31)
    assert find_deadline("trình UBND tỉnh trong quý IV.", date(2023, 9, 12)).due == date(2023, 12, 31)
    assert find_deadline("hoàn thành trong tháng 12.").due is None


def test_one_item_two_owners_gives_two_tasks():
    text = (
        "5. Bộ Tài chính bảo đảm kinh phí cho công tác phòng, chống dịch; Bộ Công Thương chỉ đạo bảo đảm "
        "cung ứng đủ khẩu trang, thuốc và vật tư y tế.\n"
        "6. Sở Y tế chủ trì tổ chức thực hiện; các cơ quan liên quan phối hợp thực hiện.\n"
    )
    tasks = parse_text(text)["tasks"]
    assert [(t["ref"], t["lead"]) for t in tasks] == [
        ("5", ["Bộ Tài chính"]),
        ("5", ["Bộ Công Thương"]),
        ("6", ["Sở Y tế"]),
    ]


def test_news_lead_paragraph_repeating_an_item_is_one_task():
    text = (
        "Phó Thủ tướng Trần Lưu Quang yêu cầu UBND các tỉnh ven biển khẩn trương di dời các hộ dân ra khỏi "
        "khu vực có nguy cơ sạt lở cao, hoàn thành trước ngày 30/9/2023.\n\n"
        "Theo Phó Thủ tướng, tình trạng sạt lở diễn biến phức tạp.\n\n"
        "Phó Thủ tướng yêu cầu UBND các tỉnh ven biển khẩn trương di dời các hộ dân ra khỏi khu vực có nguy cơ "
        "sạt lở cao, hoàn thành trước ngày 30/9/2023; đồng thời rà soát, cắm biển cảnh báo.\n"
    )
    tasks = parse_text(text)["tasks"]
    assert len(tasks) == 1 and "cắm biển" in tasks[0]["content"]


def test_table_cell_group_with_qualifier_and_name_completed_after_va():
    from tracker.notices.tables import table_tasks

    rows = [
        "STT | Nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian thực hiện | Sản phẩm",
        "1 | Phủ sóng di động 4G, 5G đến các thôn, bản | Sở Khoa học và Công nghệ | "
        "Các doanh nghiệp viễn thông; UBND các xã, phường | Quý II/2026 | Báo cáo",
    ]
    (task,) = table_tasks(rows, None, 2026)
    assert task["co"] == ["Các doanh nghiệp viễn thông", "UBND các xã, phường"]
    owner = find_owner(
        "Giám đốc Sở Công Thương phối hợp với Ban Quản lý các Khu chế xuất và công nghiệp Thành phố kiểm tra."
    )
    assert owner.co == ["Ban Quản lý các Khu chế xuất và công nghiệp Thành phố"]
    # a plain group after 'và' stays a separate addressee
    assert find_owner("Sở Y tế và UBND các huyện tổ chức tiêm chủng.").lead == ["Sở Y tế", "UBND các huyện"]


def test_until_the_end_of_a_month_is_the_deadline():
    from tracker.notices.deadlines import find_deadline

    found = find_deadline("tiếp tục cho học sinh nghỉ học đến hết tháng 3/2020; tổ chức dạy học trực tuyến.")
    assert str(found.due) == "2020-03-31" and not found.recurring


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        # party bodies of a Tỉnh ủy conclusion
        (
            "Đảng đoàn Hội đồng nhân dân tỉnh lãnh đạo Hội đồng nhân dân tỉnh ban hành chính sách hỗ trợ",
            ["Đảng đoàn HĐND tỉnh"],
        ),
        ("Các huyện ủy, thành ủy lãnh đạo, chỉ đạo thực hiện tốt nhiệm vụ", ["Các huyện ủy, thành ủy"]),
        # a verb right after 'và' inside a company name that runs on to its city
        (
            "Chủ tịch UBND thành phố cũng giao Công ty Thoát nước và xử lý nước thải Đà Nẵng nạo vét các tuyến cống",
            ["Công ty Thoát nước và xử lý nước thải Đà Nẵng"],
        ),
        # a person named before the trigger verb is the leader speaking
        (
            "Ông Chinh yêu cầu Sở Xây dựng chủ trì, phối hợp với Sở Giao thông vận tải rà soát hệ thống thoát nước",
            ["Sở Xây dựng"],
        ),
    ],
)
def test_party_bodies_company_names_and_speakers(text, lead):
    assert find_owner(text).lead == lead


def test_the_issuer_praising_is_no_task():
    assert not find_owner("Ban Thường vụ Tỉnh ủy đánh giá cao kết quả phát triển du lịch thời gian qua.").lead
    # and a verb after 'và' that does not run on to a place still ends the list
    assert split_names("Sở Y tế và xử lý chất thải y tế theo quy định.")[0] == ["Sở Y tế"]


def test_plan_item_described_by_field_lines_is_one_task():
    text = (
        "II. NỘI DUNG HOẠT ĐỘNG\n"
        "1. Thanh tra, kiểm tra liên ngành về an toàn thực phẩm\n"
        "- Cơ quan chủ trì: Sở Y tế.\n"
        "- Cơ quan phối hợp: Công an tỉnh, Cục Quản lý thị trường tỉnh.\n"
        "- Thời gian thực hiện: Quý III/2024.\n"
        "2. Truyền thông về an toàn thực phẩm\n"
        "- Đơn vị thực hiện: Báo Thái Bình, Đài Phát thanh và Truyền hình Thái Bình.\n"
        "- Thời gian: thường xuyên.\n"
    )
    tasks = parse_text(text)["tasks"]
    assert [(t["ref"], t["content"]) for t in tasks] == [
        ("II.1", "Thanh tra, kiểm tra liên ngành về an toàn thực phẩm"),
        ("II.2", "Truyền thông về an toàn thực phẩm"),
    ]
    assert tasks[0]["lead"] == ["Sở Y tế"] and tasks[0]["due"] == "2024-09-30"
    assert tasks[0]["co"] == ["Công an tỉnh", "Cục Quản lý thị trường tỉnh"]
    assert tasks[1]["lead"] == ["Báo Thái Bình", "Đài Phát thanh và Truyền hình Thái Bình"]
    assert tasks[1]["recurring"]


def test_group_ends_before_its_verb_and_businesses_are_not_assigned():
    owner = find_owner(
        "Giao Bộ Tài nguyên và Môi trường chủ trì, phối hợp với các bộ, ngành, địa phương tổng kết 5 năm thi hành Luật"
    )
    assert owner.co == ["Các bộ, ngành, địa phương"]
    assert (
        parse_text("5. Đề nghị các doanh nghiệp trên địa bàn tỉnh sử dụng nước tiết kiệm.\n")["tasks"] == []
    )


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        (
            "UBND các huyện Mường Tè, Sìn Hồ, Nậm Nhùn rà soát, bố trí đất sản xuất cho hộ nghèo",
            ["UBND huyện Mường Tè", "UBND huyện Sìn Hồ", "UBND huyện Nậm Nhùn"],
        ),
        (
            "Đồng chí Giám đốc Sở Nông nghiệp và Phát triển nông thôn chỉ đạo xây dựng các mô hình sinh kế",
            ["Sở Nông nghiệp và Phát triển nông thôn"],
        ),
        (
            "Ngân hàng Chính sách xã hội chi nhánh tỉnh Lai Châu bảo đảm đủ nguồn vốn cho vay hộ nghèo",
            ["Ngân hàng Chính sách xã hội chi nhánh tỉnh Lai Châu"],
        ),
        ("Bảo hiểm xã hội tỉnh chủ trì, phối hợp với Sở Y tế kiểm tra", ["Bảo hiểm xã hội tỉnh"]),
    ],
)
def test_prefix_without_colon_honorific_and_xa_hoi(text, lead):
    assert find_owner(text).lead == lead
