"""Nhập văn bản: upload → review → save, through the real parser and the document service."""

import io
import re

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_token, login
from tracker.agencies.models import AgencyAlias
from tracker.core.models import JournalEntry
from tracker.documents.models import Document, NoticeDraft
from tracker.tasks.models import Task

NOTICE = """UỶ BAN NHÂN DÂN TỈNH LẠNG SƠN
Số: 215/TB-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lạng Sơn, ngày 02 tháng 10 năm 2024
THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về chuyển đổi số
I. KẾT QUẢ ĐẠT ĐƯỢC
Các cơ quan đã tích cực triển khai nhiệm vụ chuyển đổi số.
II. NHIỆM VỤ THỜI GIAN TỚI
1. Giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng rà soát, bố trí kinh phí chuyển đổi số năm 2025; báo cáo UBND tỉnh trước ngày 15/11/2024.
2. Giao Trung tâm Tin học tỉnh nâng cấp hệ thống quản lý văn bản, hoàn thành trong tháng 12/2024.
3. Sở Xây dựng tiếp tục theo dõi, đôn đốc các dự án hạ tầng số.
Nơi nhận:
- Như trên;
- Lưu: VT.
"""


def _upload(client, text=None, file=None):
    token = csrf_token(client, "/notices/new")
    data = {"csrf_token": token}
    if text is not None:
        data["text"] = text
    if file is not None:
        data["file"] = file
    return client.post("/notices/new", data=data, content_type="multipart/form-data")


def _form_from_page(html: str) -> dict:
    """What the browser would post back: every named input/textarea/selected option on the review page."""
    data: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html):
        if 'type="checkbox"' not in name:
            data.setdefault(name, []).append(value)
    for tag in re.findall(r'<input type="checkbox" name="([^"]+)" checked>', html):
        data.setdefault(tag, []).append("on")
    for name, body in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        data[name] = [body]
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.findall(r'<option value="([^"]*)" selected', body)
        if chosen:
            data[name] = chosen
    return data


@pytest.fixture
def office(client, world):
    login(client, "vanphong")
    return world


def test_review_then_save_creates_document_tasks_and_alias(client, office, session):
    w = office
    response = _upload(client, text=NOTICE)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "215/TB-UBND" in page and "Trung tâm Tin học tỉnh" in page
    assert session.scalar(select(func.count()).select_from(Document)) == 1  # only the world's document

    draft = session.scalars(select(NoticeDraft)).one()
    rows = draft.payload["rows"]
    assert [r["ref"] for r in rows] == ["II.1", "II.2", "II.3"]
    assert rows[0]["lead"] == [f"a:{w.a.id}"] and rows[0]["co"] == [f"a:{w.b.id}"]
    assert rows[0]["due"] == "15/11/2024" and rows[1]["due"] == "31/12/2024" and rows[2]["recurring"]
    assert rows[1]["unresolved"] == ["Trung tâm Tin học tỉnh"]

    # Saving with an unresolved agency is refused and writes nothing.
    form = _form_from_page(page)
    form["action"] = ["commit"]
    bad = client.post(f"/notices/drafts/{draft.id}", data=form)
    assert bad.status_code == 400 and "chưa xác định" in bad.get_data(as_text=True).lower()
    assert session.scalar(select(func.count()).select_from(Task)) == 1

    # Map it to Sở Xây dựng, remember it, and save.
    form["map-0-target"] = [f"a:{w.b.id}"]
    saved = client.post(f"/notices/drafts/{draft.id}", data=form)
    assert saved.status_code == 302
    doc = session.scalars(select(Document).where(Document.number == "215/TB-UBND")).one()
    assert saved.headers["Location"].endswith(f"/documents/{doc.id}")
    assert client.get(f"/notices/drafts/{draft.id}").headers["Location"].endswith(f"/documents/{doc.id}")
    assert len(doc.tasks) == 3
    assert doc.tasks[1].lead_agency_id == w.b.id and doc.tasks[1].lead_text == "Trung tâm Tin học tỉnh"
    assert doc.tasks[2].kind == "undated"
    assert session.scalar(select(AgencyAlias.agency_id).where(AgencyAlias.alias == "Trung tâm Tin học tỉnh")) == w.b.id
    creates = session.scalar(select(func.count()).select_from(JournalEntry).where(JournalEntry.action == "create"))
    assert creates >= 1 + 1 + 3 + 1  # world doc + task, new doc + 3 tasks
    assert session.get(NoticeDraft, draft.id).state == "saved"

    # Next time the remembered alias resolves by itself.
    again = _upload(client, text=NOTICE)
    second = session.get(NoticeDraft, int(again.headers["Location"].rsplit("/", 1)[1]))
    assert second.payload["rows"][1]["unresolved"] == []
    assert second.payload["rows"][1]["lead"] == [f"a:{w.b.id}"]


def test_edit_merge_delete_and_resume_draft(client, office, session):
    response = _upload(client, text=NOTICE)
    draft_url = response.headers["Location"]
    form = _form_from_page(client.get(draft_url).get_data(as_text=True))
    form["rows-0-content"] = ["Rà soát kinh phí chuyển đổi số (đã sửa)"]
    form["rows-2-delete"] = ["on"]
    form["rows-1-merge"] = ["on"]
    form["action"] = ["save"]
    assert client.post(draft_url, data=form).status_code == 302
    draft = session.scalars(select(NoticeDraft)).one()
    session.refresh(draft)
    rows = draft.payload["rows"]
    assert len(rows) == 1
    assert rows[0]["content"].startswith("Rà soát kinh phí chuyển đổi số (đã sửa)")
    assert "hệ thống quản lý văn bản" in rows[0]["content"]
    assert "Rà soát kinh phí" in client.get("/notices/new").get_data(as_text=True) or draft.state == "draft"


def test_bad_files_get_a_clear_message(client, office, session):
    response = _upload(client, file=(io.BytesIO(b"PK\x03\x04 broken"), "hong.docx"))
    assert response.status_code == 400
    assert "lỗi" in response.get_data(as_text=True).lower() or "không" in response.get_data(as_text=True).lower()
    empty = _upload(client, text="")
    assert empty.status_code == 400 and "Vui lòng chọn tệp" in empty.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(NoticeDraft)) == 0


def test_agency_officer_cannot_import(client, world):
    login(client, "stc")
    assert client.get("/notices/new").status_code == 403


def test_other_officers_draft_is_not_found(client, office, session, make_user):
    response = _upload(client, text=NOTICE)
    url = response.headers["Location"]
    make_user("vanphong2", "office")
    session.commit()
    client.post("/logout", data={"csrf_token": csrf_token(client, "/notices/new")})
    login(client, "vanphong2")
    assert client.get(url).status_code == 404


TWO_UNKNOWN = NOTICE.replace(
    "3. Sở Xây dựng tiếp tục theo dõi, đôn đốc các dự án hạ tầng số.",
    "3. Giao UBND huyện Cao Lộc, UBND huyện Văn Lãng phối hợp với Đài Phát thanh - Truyền hình tỉnh "
    "tuyên truyền về chuyển đổi số.",
)


def _as_browser_posts(form: dict) -> dict:
    """A browser normalises the line breaks of every submitted value to CRLF (HTML form encoding)."""
    return {k: [v.replace("\r\n", "\n").replace("\n", "\r\n") for v in vals] for k, vals in form.items()}


def test_two_unknown_agencies_in_one_item_can_be_mapped_and_saved(client, office, session):
    w = office
    response = _upload(client, text=TWO_UNKNOWN)
    draft_url = response.headers["Location"]
    page = client.get(draft_url).get_data(as_text=True)
    draft = session.scalars(select(NoticeDraft)).one()
    row = draft.payload["rows"][2]
    assert len(row["unresolved"]) >= 2
    form = _as_browser_posts(_form_from_page(page))
    names = {form[f"map-{n}-name"][0]: n for n in range(int(form["map_count"][0]))}
    for name, n in names.items():
        form[f"map-{n}-target"] = [f"a:{w.b.id}" if name in row["co_names"] else f"a:{w.a.id}"]
    form["action"] = ["commit"]
    saved = client.post(draft_url, data=form)
    assert saved.status_code == 302, saved.get_data(as_text=True)
    doc = session.scalars(select(Document).where(Document.number == "215/TB-UBND")).one()
    assert not any("\r" in (t.lead_text or "") + (t.co_text or "") for t in doc.tasks)
    assert "UBND huyện Cao Lộc; UBND huyện Văn Lãng" in {t.lead_text for t in doc.tasks}


def test_save_button_counts_tasks_after_fan_out_and_early_deadlines_are_flagged(client, office, session):
    from tracker.agencies.models import AgencyGroup

    w = office
    group = AgencyGroup(name="Các sở, ban, ngành", name_folded="cac so, ban, nganh", members=[w.a, w.b])
    session.add(group)
    session.commit()
    text = NOTICE.replace("3. Sở Xây dựng tiếp tục", "3. Các sở, ban, ngành tiếp tục").replace(
        "trước ngày 15/11/2024", "trước ngày 15/9/2024").replace("Giao Trung tâm Tin học tỉnh", "Giao Sở Xây dựng")
    response = _upload(client, text=text)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "3 dòng → 4 nhiệm vụ" in page  # Sở Tài chính, Sở Xây dựng, the group's two members
    assert page.count("Thời hạn sớm hơn ngày ban hành") == 1


def test_a_duplicate_number_and_date_needs_a_reason(client, office, session):
    w = office
    first = _upload(client, text=NOTICE)
    form = _form_from_page(client.get(first.headers["Location"]).get_data(as_text=True))
    form["map-0-target"] = [f"a:{w.b.id}"]
    form["action"] = ["commit"]
    assert client.post(first.headers["Location"], data=form).status_code == 302

    again = _upload(client, text=NOTICE)
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert 'id="duplicate"' in page and "mở văn bản đó" in page
    form = _form_from_page(page)
    form["action"] = ["commit"]
    refused = client.post(again.headers["Location"], data=form)
    assert refused.status_code == 400 and "ghi lý do để vẫn lưu" in refused.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(Document).where(Document.number == "215/TB-UBND")) == 1
    form["duplicate_reason"] = ["Văn bản đính chính, giữ cả hai"]
    assert client.post(again.headers["Location"], data=form).status_code == 302
    assert session.scalar(select(func.count()).select_from(Document).where(Document.number == "215/TB-UBND")) == 2


def test_leader_field_and_key_flag_of_the_notice_reach_every_saved_task(client, office, session):
    w = office
    response = _upload(client, text=NOTICE)
    form = _form_from_page(client.get(response.headers["Location"]).get_data(as_text=True))
    form.update({"map-0-target": [f"a:{w.b.id}"], "doc-leader_id": [str(w.leader.id)], "doc-field": ["Kinh tế"],
                 "doc-is_key": ["on"], "action": ["commit"]})
    assert client.post(response.headers["Location"], data=form).status_code == 302
    doc = session.scalars(select(Document).where(Document.number == "215/TB-UBND")).one()
    assert [(t.leader_id, t.field, t.is_key) for t in doc.tasks] == [(w.leader.id, "Kinh tế", True)] * 3


def test_export_corpus_keeps_the_proposal_beside_the_final_tasks_and_score_reads_it(app, client, office, session,
                                                                                     tmp_path):
    import json

    from tracker.cli import cli

    w = office
    response = _upload(client, text=NOTICE)
    form = _form_from_page(client.get(response.headers["Location"]).get_data(as_text=True))
    form.update({"map-0-target": [f"a:{w.b.id}"], "rows-2-delete": ["on"], "action": ["commit"]})
    assert client.post(response.headers["Location"], data=form).status_code == 302
    runner = app.test_cli_runner()
    out = runner.invoke(cli, ["notices", "export-corpus", str(tmp_path)])
    assert out.exit_code == 0 and "Đã ghi 1 văn bản" in out.output, out.output
    gold = json.loads(next(tmp_path.glob("*.gold.json")).read_text(encoding="utf-8"))
    assert len(gold["proposal"]) == 3 and len(gold["tasks"]) == 2  # the officer removed one item
    assert gold["tasks"][1]["lead"] == ["Sở Xây dựng"] and gold["tasks"][0]["due"] == "2024-11-15"
    scored = runner.invoke(cli, ["notices", "score", str(tmp_path)])
    assert scored.exit_code == 0
    assert scored.output.strip().splitlines()[-1].startswith("docs=1 gold=2 pred=3 precision=0.667 recall=1.000")


def test_an_unknown_agency_can_be_skipped_for_its_row(client, office, session):
    response = _upload(client, text=TWO_UNKNOWN)
    form = _as_browser_posts(_form_from_page(client.get(response.headers["Location"]).get_data(as_text=True)))
    names = {form[f"map-{n}-name"][0]: n for n in range(int(form["map_count"][0]))}
    for name, n in names.items():
        form[f"map-{n}-target"] = ["skip" if "Văn Lãng" in name or "Đài" in name else f"a:{office.a.id}"]
    form["action"] = ["commit"]
    assert client.post(response.headers["Location"], data=form).status_code == 302
    doc = session.scalars(select(Document).where(Document.number == "215/TB-UBND")).one()
    assert len(doc.tasks) == 3 and all(t.lead_agency_id == office.a.id for t in doc.tasks[1:])
    assert session.scalar(select(func.count()).select_from(AgencyAlias).where(AgencyAlias.alias.like("%Văn Lãng%"))) == 0


def test_directory_names_are_kept_whole_by_the_parser_on_the_review_screen(client, office, session, make_agency):
    board = make_agency("Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh", order=9)
    session.commit()
    response = _upload(client, text=NOTICE.replace(
        "2. Giao Trung tâm Tin học tỉnh nâng cấp",
        "2. Giao Ban Quản lý dự án đầu tư xây dựng các công trình giao thông chủ trì, phối hợp với Sở Tài chính nâng cấp"))
    draft = session.get(NoticeDraft, int(response.headers["Location"].rsplit("/", 1)[1]))
    row = draft.payload["rows"][1]
    assert row["lead"] == [f"a:{board.id}"] and row["co"] == [f"a:{office.a.id}"] and row["unresolved"] == []
