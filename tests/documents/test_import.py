"""`tracker import FILE.xlsx|FILE.csv`: all-or-nothing, historical dates kept, time classes right."""

import csv
import json
from datetime import date, datetime

import click
import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from tracker.agencies import directory
from tracker.agencies.models import Agency
from tracker.documents.commands import COMMANDS
from tracker.documents.models import Document
from tracker.tasks.deadlines import TimeClass
from tracker.tasks.models import Task

cli = click.Group(commands=COMMANDS)  # only this package's commands (others may be mid-edit)

HEADER = [
    "STT",
    "Số, ký hiệu",
    "ngay ban hanh",
    "LOẠI VĂN BẢN",
    "Trích yếu",
    "Người chỉ đạo",
    "TT",
    "Nội dung nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời hạn",
    "Trạng thái",
    "Ngày giao",
    "Ngày báo cáo hoàn thành",
    "Ngày xác nhận",
    "Ghi chú thêm",
]


def row(
    number="12/TB-UBND",
    content="Tham mưu kế hoạch",
    lead="Sở Tài chính",
    co="",
    due="",
    state="",
    assigned="",
    reported="",
    confirmed="",
    kind="Thông báo kết luận",
    ref="1",
):
    return [
        "",
        number,
        "01/03/2024",
        kind,
        "Kết luận họp",
        "Chủ tịch UBND tỉnh",
        ref,
        content,
        lead,
        co,
        due,
        state,
        assigned,
        reported,
        confirmed,
        "bỏ qua",
    ]


def write_csv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([HEADER, *rows])
    return path


def write_xlsx(path, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for r in rows:
        sheet.append(r)
    book.save(path)
    return path


def run(app, *args):
    return app.test_cli_runner().invoke(cli, ["import", *map(str, args)])


def counts(session):
    return (
        session.scalar(select(func.count()).select_from(Document)),
        session.scalar(select(func.count()).select_from(Task)),
    )


@pytest.fixture
def agencies(session):
    directory.load_default(session, None, date(2024, 1, 1))
    session.commit()


def test_xlsx_import_keeps_history_and_time_classes(app, session, agencies, tmp_path):
    rows = [
        row(
            ref="1",
            lead="Sở Tài chính",
            due="31/03/2024",
            state="Đã hoàn thành",
            assigned="05/03/2024",
            reported="25/03/2024",
            confirmed="02/04/2024",
        ),
        row(
            ref="2",
            lead="Sở Xây dựng",
            due="31/03/2024",
            state="Đã hoàn thành",
            reported="10/04/2024",
            confirmed="12/04/2024",
        ),
        row(ref="3", lead="Sở KH&ĐT; Sở GTVT", co="Sở TT&TT", due="30/06/2024", state="Đang thực hiện"),
        row(ref="4", lead="Sở Y tế", state="chưa thực hiện"),
        row(number="7/CV-UBND", kind="Công văn", ref="1", lead="Sở Nội vụ", due="15/04/2024"),
    ]
    rows[4][2] = datetime(2024, 4, 1)  # a real Excel date cell
    result = run(app, write_xlsx(tmp_path / "a.xlsx", rows), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {"documents": 2, "tasks": 6}
    doc = session.scalars(select(Document).where(Document.number == "12/TB-UBND")).one()
    assert doc.kind == "thong_bao_ket_luan" and doc.issued_on == date(2024, 3, 1)
    assert doc.directed_by == "Chủ tịch UBND tỉnh"
    by_ref = {}
    for task in doc.tasks:
        by_ref.setdefault(task.item_ref, []).append(task)
    on_time, late = by_ref["1"][0], by_ref["2"][0]
    assert on_time.assigned_on == date(2024, 3, 5) and on_time.confirmed_on == date(2024, 4, 2)
    assert late.assigned_on == date(2024, 3, 1)  # defaults to the document date
    as_of = date(2024, 5, 1)
    assert on_time.time_class(as_of) == TimeClass.DONE_ON_TIME
    assert late.time_class(as_of) == TimeClass.DONE_LATE
    fan = by_ref["3"]
    assert sorted(t.lead_agency.name for t in fan) == ["Sở Tài chính", "Sở Xây dựng"]
    assert len({t.item_key for t in fan}) == 1 and fan[0].lead_text == "Sở KH&ĐT; Sở GTVT"
    assert [a.name for a in fan[0].co_agencies] == ["Sở Khoa học và Công nghệ"]
    assert fan[0].time_class(as_of) == TimeClass.OPEN_WITHIN
    assert fan[0].time_class(date(2024, 7, 1)) == TimeClass.OPEN_OVERDUE
    assert by_ref["4"][0].time_class(as_of) == TimeClass.UNDATED
    cv = session.scalars(select(Document).where(Document.number == "7/CV-UBND")).one()
    assert cv.kind == "cong_van" and cv.issued_on == date(2024, 4, 1)


def test_csv_import_prints_summary(app, session, agencies, tmp_path):
    result = run(app, write_csv(tmp_path / "a.csv", [row(), row(ref="2", lead="Các sở, ban, ngành")]))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "Đã nhập 1 văn bản, 18 nhiệm vụ."
    assert counts(session) == (1, 18)


def test_every_error_reported_and_nothing_written(app, session, agencies, tmp_path):
    rows = [
        row(ref="1"),
        row(ref="2", lead="Sở Không Tồn Tại"),
        row(ref="3", due="31/02/2024"),
        row(ref="4", state="Đang ngủ"),
        row(ref="5", content=""),
        row(ref="6", lead=""),
        row(ref="7", state="Đã hoàn thành", due="01/03/2024"),
        row(number="9/XX", kind="Thư mời"),
    ]
    result = run(app, write_csv(tmp_path / "bad.csv", rows))
    assert result.exit_code == 1
    err = result.stderr
    assert "Dòng 3: không tìm thấy cơ quan chủ trì “Sở Không Tồn Tại”" in err
    assert "Dòng 4: thời hạn “31/02/2024” không hợp lệ" in err
    assert "Dòng 5: trạng thái “Đang ngủ” không hợp lệ" in err
    assert "Dòng 6: thiếu nội dung nhiệm vụ" in err
    assert "Dòng 7: thiếu cơ quan chủ trì" in err
    assert "Dòng 8: nhiệm vụ đã báo cáo/hoàn thành cần ngày báo cáo hoàn thành" in err
    assert "Dòng 9: loại văn bản “Thư mời” không hợp lệ" in err
    assert "Dòng 2" not in err
    assert result.stdout == ""
    assert counts(session) == (0, 0)


def test_create_agencies_option(app, session, agencies, tmp_path):
    path = write_csv(tmp_path / "a.csv", [row(lead="Ban Quản lý dự án giao thông", co="Hội Nông dân tỉnh")])
    assert run(app, path).exit_code == 1
    before = session.scalar(select(func.count()).select_from(Agency))
    result = run(app, path, "--create-agencies", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {"documents": 1, "tasks": 1}
    assert session.scalar(select(func.count()).select_from(Agency)) == before + 2
    task = session.scalars(select(Task)).one()
    assert task.lead_agency.name == "Ban Quản lý dự án giao thông" and task.lead_agency.kind == "khac"
    assert [a.name for a in task.co_agencies] == ["Hội Nông dân tỉnh"]


def test_same_number_twice_is_refused(app, session, agencies, tmp_path):
    path = write_csv(tmp_path / "a.csv", [row()])
    assert run(app, path).exit_code == 0
    result = run(app, path)
    assert result.exit_code == 1 and "đã có trong hệ thống" in result.stderr
    assert counts(session) == (1, 1)


def test_bad_file_type_and_missing_columns(app, session, tmp_path):
    other = tmp_path / "a.txt"
    other.write_text("x")
    assert run(app, other).exit_code == 1
    path = tmp_path / "b.csv"
    path.write_text("Số ký hiệu,Nội dung\n1/TB,abc\n", encoding="utf-8")
    result = run(app, path)
    assert result.exit_code == 1 and "Tệp thiếu cột" in result.stderr
