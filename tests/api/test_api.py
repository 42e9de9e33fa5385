from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from sqlalchemy import func, select

from tracker.cli import cli
from tracker.documents.models import Document
from tracker.tasks.models import Task


def test_requires_a_valid_token(client, world):
    assert client.get("/api/v1/tasks").status_code == 401
    assert client.get("/api/v1/tasks", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert client.get("/api/v1/openapi.json").json["openapi"].startswith("3.")


def test_agency_sees_only_its_tasks(api, world, make_document, session):
    make_document(world.office, [{"content": "Việc riêng của Sở Xây dựng", "lead_agency_ids": [world.b.id]}])
    mine = api("GET", "/tasks", "stc").json["items"]
    assert [t["content"] for t in mine] == ["Tham mưu dự thảo Chỉ thị về chuyển đổi số"]
    other = session.scalars(select(Task).where(Task.lead_agency_id == world.b.id)).one()
    assert api("GET", f"/tasks/{other.id}", "stc").status_code == 404
    assert len(api("GET", "/tasks", "vanphong").json["items"]) == 2


def test_keyset_paging(api, world, make_document):
    make_document(world.office, [{"content": f"Việc {i}", "lead_agency_ids": [world.a.id]} for i in range(5)])
    first = api("GET", "/tasks?limit=4", "vanphong").json
    assert len(first["items"]) == 4 and first["next_after"] == first["items"][-1]["id"]
    rest = api("GET", f"/tasks?limit=4&after={first['next_after']}", "vanphong").json
    assert len(rest["items"]) == 2 and rest["next_after"] is None


def test_report_completion_through_the_api(api, world, session):
    with time_machine.travel(datetime(2024, 10, 10, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False):
        denied = api("POST", f"/tasks/{world.task.id}/report", "sxd", json={"result": "Xong"})
        assert denied.status_code == 403  # co-agency may not report
        bad = api("POST", f"/tasks/{world.task.id}/report", "stc", json={"result": ""})
        assert bad.status_code == 400 and "kết quả" in bad.json["detail"]
        ok = api("POST", f"/tasks/{world.task.id}/report", "stc",
                 json={"result": "Đã trình dự thảo", "result_doc_number": "55/STC", "result_doc_date": "2024-10-09"})
    assert ok.status_code == 200 and ok.json["status"] == "reported"
    session.refresh(world.task)
    assert world.task.reported_on == date(2024, 10, 10)


def test_office_registers_a_document_by_agency_names(api, world, session):
    body = {"number": "300/TB-UBND", "type": "thong_bao_ket_luan", "issued": "2024-10-02", "title": "Kết luận",
            "tasks": [{"ref": "1", "content": "Rà soát", "lead": ["sở tài chính", "Sở Xây dựng"], "due": "2024-11-30"}]}
    response = api("POST", "/documents", "vanphong", json=body)
    assert response.status_code == 201 and len(response.json["tasks"]) == 2
    assert api("POST", "/documents", "stc", json=body).status_code == 403
    bad = dict(body, number="301/TB-UBND", tasks=[{"content": "X", "lead": ["Sở Không Có"]}])
    before = session.scalar(select(func.count()).select_from(Document))
    response = api("POST", "/documents", "vanphong", json=bad)
    assert response.status_code == 400 and "Sở Không Có" in response.json["detail"]
    assert session.scalar(select(func.count()).select_from(Document)) == before


def test_create_token_command(app, world):
    result = app.test_cli_runner().invoke(cli, ["create-token", "vanphong", "--format", "json"])
    assert result.exit_code == 0 and '"token": "tdnv_' in result.output
    missing = app.test_cli_runner().invoke(cli, ["create-token", "khongco"])
    assert missing.exit_code == 1
