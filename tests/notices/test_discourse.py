"""Owner discourse and name grammar rules (issue 9), on invented notices in the styles seen on real ones."""

from tracker.notices.names import strip_role
from tracker.notices.pipeline import parse_text


def _tasks(text):
    return parse_text(text)["tasks"]


def test_numbered_items_inherit_the_owner_of_the_lead_in_before_them():
    tasks = _tasks(
        "Ngày 9/11/2024, UBND tỉnh ban hành văn bản yêu cầu các sở, ban, ngành, UBND các huyện thực hiện:\n"
        "1. Khẩn trương kiểm tra hồ đập trước ngày 20/11/2024.\n"
        "2. Theo dõi chặt chẽ diễn biến mưa lũ.\n"
    )
    assert [t["ref"] for t in tasks] == ["1", "2"]
    assert all(t["lead"] == ["Các sở, ban, ngành", "UBND các huyện"] for t in tasks)
    assert tasks[0]["due"] == "2024-11-20"


def test_a_paragraph_that_assigns_before_the_numbered_items_is_a_task_not_preamble():
    tasks = _tasks(
        "Ngoài ra, Chủ tịch UBND tỉnh giao Giám đốc Công an tỉnh tăng cường tuần tra.\n"
        "Thứ hai, các nội dung khác:\n"
        "1. Sở Y tế kiểm tra an toàn thực phẩm.\n"
    )
    assert [t["lead"] for t in tasks] == [["Công an tỉnh"], ["Sở Y tế"]]


def test_the_document_speaks_for_its_issuer():
    tasks = _tasks("Công văn yêu cầu chủ tịch UBND các huyện, thị xã kiểm tra biển báo tải trọng cầu.")
    assert [t["lead"] for t in tasks] == [["UBND các huyện, thị xã"]]


def test_a_generic_label_before_the_real_list_and_a_fronted_time_phrase():
    tasks = _tasks(
        "Các đơn vị liên quan: Công an tỉnh, Hiệp hội Vận tải ô tô tỉnh tập trung tuyên truyền.\n\n"
        "Theo đó, trong thời gian từ đầu tháng 1/2013 tới ngày 15/3/2013, Công an tỉnh bố trí lực lượng kiểm soát.\n"
    )
    assert tasks[0]["lead"] == ["Công an tỉnh", "Hiệp hội Vận tải ô tô tỉnh"]
    assert tasks[1]["lead"] == ["Công an tỉnh"] and tasks[1]["due"] == "2013-03-15"


def test_an_item_that_directs_a_unit_with_no_other_owner_belongs_to_that_unit():
    tasks = _tasks("Thứ ba, chỉ đạo Văn phòng Ban An toàn giao thông tỉnh công khai số điện thoại đường dây nóng.")
    assert [t["lead"] for t in tasks] == [["Văn phòng Ban An toàn giao thông tỉnh"]]


def test_field_names_with_giao_are_not_the_verb_giao():
    tasks = _tasks(
        "THỦ TƯỚNG CHÍNH PHỦ điện:\n- Bộ trưởng các Bộ: Y tế, Ngoại giao, Giao thông vận tải;\n"
        "Thủ tướng yêu cầu:\n1. Bộ Y tế theo dõi tình hình dịch.\n"
    )
    assert [t["lead"] for t in tasks] == [["Bộ Y tế"]]


def test_a_long_lead_in_citing_a_situation_is_not_an_assessment_section():
    tasks = _tasks(
        "Thực hiện Công văn số 11/VPCP ngày 17/10/2017 về tình hình ô nhiễm môi trường, Phó Chủ tịch UBND tỉnh "
        "có ý kiến như sau:\n"
        "Giao Sở Tài nguyên và Môi trường chủ trì thực hiện các nội dung của Công văn trên.\n"
        "KẾT QUẢ ĐẠT ĐƯỢC:\nSở Y tế đã hoàn thành tốt kế hoạch.\n"
    )
    assert [t["lead"] for t in tasks] == [["Sở Tài nguyên và Môi trường"]]


def test_role_words_name_the_body():
    assert strip_role("Thủ trưởng các sở, ban, ngành") == "các sở, ban, ngành"
    assert strip_role("chủ tịch UBND các huyện") == "UBND các huyện"
    assert strip_role("Giám đốc Đài Phát thanh - Truyền hình tỉnh") == "Đài Phát thanh - Truyền hình tỉnh"
    assert strip_role("Người đứng đầu các cơ quan") == "Người đứng đầu các cơ quan"  # personal accountability


def test_a_news_lead_announcing_the_items_is_not_a_task_of_its_own():
    tasks = _tasks(
        "UBND tỉnh vừa ban hành chỉ thị yêu cầu Chủ tịch UBND các huyện; Giám đốc các sở triển khai các biện pháp "
        "phòng, chống dịch bệnh.\n\n"
        "Chủ tịch UBND các huyện chỉ đạo tăng cường tuyên truyền về phòng, chống dịch bệnh.\n"
    )
    assert [t["content"][:22] for t in tasks] == ["Chủ tịch UBND các huyệ"]


def test_a_news_lead_that_names_another_owner_stays():
    tasks = _tasks(
        "Chủ tịch UBND tỉnh vừa ban hành Công văn số 31/UBND yêu cầu Ban An toàn giao thông tỉnh xây dựng kế hoạch.\n\n"
        "Công văn yêu cầu UBND các huyện kiểm tra biển báo.\n"
    )
    assert [t["lead"] for t in tasks] == [["Ban An toàn giao thông tỉnh"], ["UBND các huyện"]]


def test_a_closing_sentence_that_only_says_carry_it_out_restates_the_task():
    tasks = _tasks(
        "Giao Sở Kế hoạch và Đầu tư chủ trì góp ý dự thảo; gửi ý kiến trước ngày 28/9/2018. Căn cứ nội dung này, "
        "Chủ tịch UBND tỉnh yêu cầu Giám đốc Sở Kế hoạch và Đầu tư triển khai thực hiện."
    )
    assert len(tasks) == 1 and tasks[0]["due"] == "2018-09-28"


def test_passive_duoc_giao_is_not_the_verb_and_the_leader_before_the_verb_speaks():
    tasks = _tasks(
        "Để chấn chỉnh tình trạng một số đơn vị chưa nghiêm túc thực hiện các nhiệm vụ được giao, Chủ tịch UBND "
        "tỉnh yêu cầu giám đốc các sở, ban, ngành rà soát và báo cáo trước ngày 20.7.2020."
    )
    assert tasks[0]["lead"] == ["Các sở, ban, ngành"] and tasks[0]["due"] == "2020-07-20"


def test_name_grammar_dashes_fields_and_unit_lists():
    from tracker.notices.names import split_names

    def names(zone):
        return split_names(zone)[0]

    assert names("Đài Phát thanh - Truyền hình tỉnh tuyên truyền") == ["Đài Phát thanh - Truyền hình tỉnh"]
    assert names("Sở Giao thông vận tải - Cơ quan Thường trực Ban ATGT tỉnh chủ trì") == ["Sở Giao thông vận tải"]
    assert names("các Sở: Lao động – Thương binh và Xã hội, Thông tin và Truyền thông triển khai") == [
        "Sở Lao động – Thương binh và Xã hội", "Sở Thông tin và Truyền thông"]
    assert names("UBND huyện, thị xã, thành phố tổ chức") == ["UBND huyện, thị xã, thành phố"]
    assert names("Tổng cục Thể dục thể thao xây dựng kế hoạch") == ["Tổng cục Thể dục thể thao"]
    assert names("Trung tâm điều hành Chương trình nông thôn mới tỉnh báo cáo") == [
        "Trung tâm điều hành Chương trình nông thôn mới tỉnh"]


def test_a_portal_copy_whose_header_runs_into_the_body_on_one_line():
    result = parse_text(
        "UBND TỈNH QUẢNG TRỊ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Số: 1234/UBND-KT "
        "Quảng Trị, ngày 5 tháng 3 năm 2024 V/v xử lý kiến nghị Kính gửi: Sở Tài nguyên và Môi trường. Giao Sở "
        "Tài nguyên và Môi trường chủ trì, phối hợp với Sở Y tế kiểm tra, báo cáo UBND tỉnh trước ngày 20/3."
    )
    assert result["doc"]["number"] == "1234/UBND-KT" and result["doc"]["issued"] == "2024-03-05"
    assert [(t["lead"], t["co"], t["due"]) for t in result["tasks"]] == [
        (["Sở Tài nguyên và Môi trường"], ["Sở Y tế"], "2024-03-20")]


def test_accountability_clauses_are_not_tasks():
    tasks = _tasks(
        "Giao Sở Xây dựng kiểm tra công trình trước ngày 20/3/2024. Sở phải chịu trách nhiệm trước UBND tỉnh "
        "nếu để chậm trễ.\n\n"
        "Các sở, ngành thực hiện:\n- Rà soát hồ sơ trước ngày 30/3/2024.\n"
        "- Thủ trưởng các đơn vị chịu trách nhiệm trước Chủ tịch UBND tỉnh nếu để xảy ra sai phạm.\n"
    )
    assert [t["due"] for t in tasks] == ["2024-03-20", "2024-03-30"]


def test_a_vague_list_without_cac_is_one_vague_mention():
    tasks = _tasks("Giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng, đơn vị, địa phương liên quan rà soát.")
    assert tasks[0]["co"] == ["Sở Xây dựng"]
