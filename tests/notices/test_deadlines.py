"""Deadline phrases as they appear in real directives."""

from datetime import date

import pytest

from tracker.notices.deadlines import find_deadline, parse_due_cell

ISSUED = date(2024, 10, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("báo cáo Chủ tịch UBND tỉnh trước ngày 15/5/2020.", date(2020, 5, 15)),
        ("hoàn thành trình UBND tỉnh chậm nhất là 15/10/2024.", date(2024, 10, 15)),
        ("gửi Sở Tài chính chậm nhất ngày 15/10", date(2024, 10, 15)),
        ("hoàn thành trong tháng 10/2024", date(2024, 10, 31)),
        ("hoàn thành trong tháng 2/2024", date(2024, 2, 29)),
        ("trình UBND tỉnh trong quý IV/2024", date(2024, 12, 31)),
        ("hoàn thành trong quý II năm 2025", date(2025, 6, 30)),
        ("hoàn thành trong 6 tháng đầu năm 2025", date(2025, 6, 30)),
        ("hoàn thành trong năm 2025", date(2025, 12, 31)),
        ("báo cáo kết quả trước 30/6", date(2024, 6, 30)),
        ("báo cáo Thủ tướng trước ngày 1.8.", date(2024, 8, 1)),
        ("báo cáo UBND tỉnh trước ngày 30-8-2011;", date(2011, 8, 30)),
        ("gửi về Văn phòng trước 14 giờ, ngày 30 tháng 11 năm 2017", date(2017, 11, 30)),
        ("thực hiện từ nay tới ngày 5-2-2024", date(2024, 2, 5)),
        ("Từ ngày 22/5/2020 trở đi, 100% văn bản được ký số", date(2020, 5, 22)),
        ("trình Thủ tướng Chính phủ ban hành trong tháng 11/2019.", date(2019, 11, 30)),
    ],
)
def test_dated_phrases(text, expected):
    assert find_deadline(text, ISSUED, 2024).due == expected


def test_working_days_count_from_signing_date_with_vietnamese_calendar():
    # 12/3/2025 is a Wednesday: ten working days later is Wednesday 26/3/2025.
    result = find_deadline("tham mưu UBND tỉnh trong 10 ngày làm việc kể từ ngày ký", date(2025, 3, 12))
    assert result.due == date(2025, 3, 26)
    # Around Tết 2025 (holidays 25/1 - 2/2) the count skips the holiday week.
    assert find_deadline("trong 3 ngày làm việc kể từ ngày ký", date(2025, 1, 24)).due == date(2025, 2, 5)
    assert find_deadline("trong 10 ngày kể từ ngày nhận", date(2025, 3, 12)).due == date(2025, 3, 22)


def test_unknown_document_year_keeps_text_without_date():
    result = find_deadline("hoàn thành trước ngày 30/6", None, None)
    assert result.due is None and result.due_text == "trước ngày 30/6" and result.warnings


def test_scope_years_and_cited_documents_are_not_deadlines():
    assert find_deadline("Nghiên cứu, xây dựng Kế hoạch chuyển đổi số của tỉnh năm 2025").due is None
    assert find_deadline("theo Nghị quyết số 17/NQ-CP ngày 7/3/2019 của Chính phủ").due is None
    text = "quyết tâm hoàn thành nhiệm vụ, mục tiêu đã đề ra trong năm 2024 và giai đoạn 2021 - 2025"
    assert find_deadline(text).due is None


def test_ongoing_and_periodic():
    assert find_deadline("Thường xuyên thực hiện tốt công tác truyền thông").recurring
    assert find_deadline("Tiếp tục phát huy vai trò của Ban Chỉ đạo").recurring
    assert not find_deadline("Dự thảo Chỉ thị về tiếp tục thực hiện những nhiệm vụ").recurring
    periodic = find_deadline("báo cáo tình hình giải ngân hằng tháng, trước ngày 20.")
    assert periodic.recurring and periodic.due is None
    assert periodic.period == {"freq": "MONTHLY", "bymonthday": 20}
    yearly = find_deadline("định kỳ hằng năm báo cáo UBND tỉnh trước ngày 15/12")
    assert yearly.period == {"freq": "YEARLY", "bymonthday": 15, "bymonth": 12}
    after = find_deadline("gửi báo cáo về Sở Tài chính trước ngày 20 hằng tháng")
    assert after.period == {"freq": "MONTHLY", "bymonthday": 20} and after.recurring
    # A hard end date wins over a continuity word.
    assert not find_deadline("tiếp tục rà soát, hoàn thành trước ngày 15/5/2020", None, 2020).recurring


def test_several_deadlines_report_is_main_and_early_dates_warn():
    # the report that closes the item is its deadline; the work milestone is kept aside
    result = find_deadline(
        "hoàn thành trước ngày 15/11/2024; báo cáo UBND tỉnh trước ngày 30/11/2024", ISSUED
    )
    assert result.due == date(2024, 11, 30) and result.other_due == ["trước ngày 15/11/2024"]
    # without a report/submission the first deadline stays the main one
    plain = find_deadline("lắp đặt trước ngày 15/11/2024, vận hành thử trước ngày 30/11/2024", ISSUED)
    assert plain.due == date(2024, 11, 15)
    early = find_deadline("báo cáo trước ngày 15/9/2024", ISSUED)
    assert early.due == date(2024, 9, 15) and early.warnings


@pytest.mark.parametrize(
    ("cell", "expected", "recurring"),
    [
        ("30/11/2024", date(2024, 11, 30), False),
        ("Tháng 12/2024", date(2024, 12, 31), False),
        ("Quý III/2024", date(2024, 9, 30), False),
        ("Năm 2025", date(2025, 12, 31), False),
        ("Thường xuyên", None, True),
        ("", None, False),
    ],
)
def test_table_cells(cell, expected, recurring):
    result = parse_due_cell(cell, None, 2024)
    assert result.due == expected and result.recurring == recurring


def test_periods_without_a_day_number():
    weekly = find_deadline("Định kỳ hằng tuần báo cáo tiến độ giải ngân trước ngày thứ Sáu.")
    assert weekly.recurring and weekly.period == {"freq": "WEEKLY", "byday": "FR"}
    assert find_deadline("Tổng hợp, báo cáo tình hình giải ngân hằng tháng.").period == {"freq": "MONTHLY"}
    assert find_deadline("Thường xuyên kiểm tra").period is None


def test_tet_latest_year_and_range_deadlines():
    """Issue 9: 'trước Tết Nguyên đán' uses the lunar calendar; 'chậm nhất vào năm' and 'từ ... tới ngày X'."""
    from datetime import date as d

    from tracker.notices.deadlines import find_deadline as fd

    assert fd("hoàn thành trước Tết Nguyên đán", d(2023, 11, 20)).due == d(2024, 2, 9)
    assert fd("hoàn thành trước Tết Nguyên đán", d(2024, 3, 1)).due == d(2025, 1, 28)
    assert fd("chậm nhất trước Tết Nguyên đán năm 2024", None).due == d(2024, 2, 9)
    assert fd("trước Tết Nguyên đán", None).due is None
    assert fd("hoàn thành chậm nhất vào năm 2010", d(2008, 5, 1)).due == d(2010, 12, 31)
    assert fd("trong thời gian từ đầu tháng 1/2013 tới ngày 15/3/2013, Công an tỉnh", None).due == d(2013, 3, 15)
