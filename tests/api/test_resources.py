"""Resources, problem+json errors and conflicts of /api/v1."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import func, select

from tracker.core.models import JournalEntry
from tracker.documents.models import Document
from tracker.tasks.models import Task

PROBLEM = "application/problem+json"
AT = datetime(2024, 10, 20, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.mark.parametrize("body, field", [
    ({"text": "Đang làm", "version": "abc"}, "version"),
    ({"text": ["a", "b"]}, "text"),
    ({"text": 12}, "text"),
    ({"text": "x", "version": 10**30}, "version"),
    ({"text": "x", "unknown": 1}, "unknown"),
    ({"text": "a\x00b"}, "text"),
    ([1, 2], "body"),
    ("chuỗi", "body"),
])
def test_malformed_bodies_are_422_problems_with_field_errors(api, world, session, body, field):
    before = session.scalar(select(func.count()).select_from(JournalEntry))
    response = api("POST", f"/tasks/{world.task.id}/progress", "stc", json=body)
    assert response.status_code == 422 and response.content_type == PROBLEM
    problem = response.json
    assert problem["type"] == "urn:theodoinhiemvu:problem:validation" and problem["status"] == 422
    assert any(e["field"].startswith(field) or field == "body" for e in problem["errors"])
    assert all(e["message"] for e in problem["errors"])
    assert session.scalar(select(func.count()).select_from(JournalEntry)) == before


def test_a_number_for_a_date_is_refused(api, world):
    response = api("POST", f"/tasks/{world.task.id}/report", "stc", json={"result": "Xong", "result_doc_date": 20241009})
    assert response.status_code == 422
    assert response.json["errors"][0]["field"] == "result_doc_date"
    assert response.json["errors"][0]["message"] == "Phải là ngày dạng YYYY-MM-DD."


@pytest.mark.parametrize("query", ["limit=500", "after=-1", "agency=99999999999999", "as_of=hôm-nay",
                                   "time_class=late", "nonsense=1"])
def test_bad_query_parameters_are_422(api, query):
    response = api("GET", f"/tasks?{query}", "vanphong")
    assert response.status_code == 422 and response.content_type == PROBLEM


def test_out_of_range_ids_and_unknown_paths_are_404_problems(api):
    for path in ("/tasks/99999999999999999999", "/documents/4294967296", "/nothing"):
        response = api("GET", path, "vanphong")
        assert response.status_code == 404 and response.content_type == PROBLEM, path
    assert api("DELETE", "/tasks", "vanphong").status_code == 405


def test_time_class_filter_and_total(api, story, session):
    """The API's count is the Python rule's count, for the office and for one agency."""
    from tracker.api.routes_tasks import soon_until

    as_of = date(2024, 10, 20)
    for task in story.all_tasks:
        session.refresh(task)
    expected = [t for t in story.all_tasks if t.time_class(as_of, soon_until(as_of)).value == "open_overdue"]
    with time_machine.travel(AT, tick=False):
        overdue = api("GET", "/tasks?time_class=open_overdue&limit=1", "vanphong").json
        assert overdue["total"] == len(expected) >= 2
        assert len(overdue["items"]) == 1 and overdue["next_after"] == overdue["items"][0]["id"]
        assert overdue["items"][0]["time_class"] == "open_overdue"
        # as of a past date nothing was overdue yet
        assert api("GET", "/tasks?time_class=open_overdue&as_of=2024-10-02", "vanphong").json["total"] == 0
        mine = api("GET", "/tasks?time_class=open_overdue", "stc").json
        assert {i["id"] for i in mine["items"]} == {t.id for t in expected if t.lead_agency_id == story.a.id}
        assert mine["total"] == len(mine["items"])


def test_leader_field_and_text_filters_reuse_the_web_filters(api, story):
    field = api("GET", "/tasks?field=Kinh tế", "lanhdao").json
    assert field["total"] == 3 and all(i["field"] == "Kinh tế" for i in field["items"])
    leader2 = api("GET", f"/tasks?leader={story.leader2.id}", "lanhdao").json
    assert {i["content"] for i in leader2["items"]} == {"T11 Chính phủ giao", "T12 Chính phủ, thường xuyên"}
    assert api("GET", "/tasks?q=trong tam", "lanhdao").json["total"] == 1


def test_task_detail_has_timeline_and_etag(api, story):
    task = story.tasks[4]
    response = api("GET", f"/tasks/{task.id}", "vanphong")
    assert response.headers["ETag"] == f'"v{task.version}"'
    actions = [e["action"] for e in response.json["timeline"]]
    assert actions[:3] == ["create", "request_extension", "extension_approved"]
    assert response.json["extensions"][0]["state"] == "approved"


def test_stale_version_is_409_with_current_version_and_changes_nothing(api, world, session):
    current = world.task.version
    response = api("POST", f"/tasks/{world.task.id}/progress", "stc", json={"text": "Đang làm", "version": current + 5})
    assert response.status_code == 409 and response.content_type == PROBLEM
    assert response.json["current_version"] == current and "tải lại" in response.json["detail"]
    stale_etag = api("POST", f"/tasks/{world.task.id}/progress", "stc", json={"text": "Đang làm"},
                     headers={"If-Match": '"v999"'})
    assert stale_etag.status_code == 412 and stale_etag.json["current_version"] == current
    ok = api("POST", f"/tasks/{world.task.id}/progress", "stc", json={"text": "Đang làm", "version": current},
             headers={"If-Match": f'"v{current}"'})
    assert ok.status_code == 200 and ok.json["version"] == current + 1


def test_every_api_write_is_journaled_with_the_token_name(api, world, session):
    api("POST", f"/tasks/{world.task.id}/progress", "stc", json={"text": "Đang làm"})
    entry = session.scalars(select(JournalEntry).where(JournalEntry.task_id == world.task.id)
                            .order_by(JournalEntry.id.desc())).first()
    assert entry.action == "progress" and entry.via == "api:stc-write"
    timeline = api("GET", f"/tasks/{world.task.id}", "stc").json["timeline"]
    assert timeline[-1]["via"] == "api:stc-write"


def test_document_create_list_get_withdraw(api, world, session, make_agency):
    from tracker.agencies.models import AgencyGroup

    group = AgencyGroup(name="Các sở, ban, ngành", members=[world.a, world.b])
    group.name_folded = "cac so, ban, nganh"
    session.add(group)
    session.commit()
    body = {"number": "301/TB-UBND", "type": "thong_bao_ket_luan", "issued": "2024-10-02",
            "tasks": [{"ref": "1", "content": "Rà soát", "lead": ["Các sở, ban, ngành"], "due": "2024-11-30"},
                      {"ref": "2", "content": "Báo cáo tháng", "lead": [world.a.id],
                       "periodic": "FREQ=MONTHLY;BYMONTHDAY=20"}]}
    created = api("POST", "/documents", "vanphong", json=body)
    assert created.status_code == 201, created.json
    doc = created.json
    assert len(doc["tasks"]) == 3  # the group fans out into one task per member, plus the periodic item
    periodic = session.get(Task, doc["tasks"][-1])
    assert periodic.is_series and periodic.rrule == "FREQ=MONTHLY;BYMONTHDAY=20"
    assert api("GET", f"/documents/{doc['id']}", "vanphong").json["number"] == "301/TB-UBND"
    assert doc["id"] in [d["id"] for d in api("GET", "/documents?q=301", "vanphong").json["items"]]
    assert api("GET", f"/documents/{doc['id']}", "sxd").status_code == 200  # Sở Xây dựng leads one task
    assert api("POST", f"/documents/{doc['id']}/withdraw", "stc", json={"reason": "x"}).status_code == 403
    withdrawn = api("POST", f"/documents/{doc['id']}/withdraw", "lanhdao", json={"reason": "Đã có văn bản thay thế"})
    assert withdrawn.status_code == 200 and sorted(withdrawn.json["withdrawn"]) == sorted(doc["tasks"])
    assert {session.get(Task, i).status for i in doc["tasks"]} == {"withdrawn"}


def test_document_with_unknown_agency_creates_nothing(api, session):
    before = session.scalar(select(func.count()).select_from(Document))
    response = api("POST", "/documents", "vanphong", json={"number": "9/TB", "tasks": [
        {"content": "X", "lead": ["Sở Không Có"]}]})
    assert response.status_code == 400 and "Sở Không Có" in response.json["detail"]
    assert session.scalar(select(func.count()).select_from(Document)) == before


def test_agencies_list_and_resolve(api, world, session):
    from tracker.agencies.models import AgencyAlias

    session.add(AgencyAlias(agency=world.a, alias="STC", alias_folded="stc"))
    session.commit()
    names = [a["name"] for a in api("GET", "/agencies", "stc").json["items"]]
    assert names == ["Sở Tài chính", "Sở Xây dựng"]
    assert api("GET", "/agencies/resolve?name=sở tài chính", "stc").json["agency"]["id"] == world.a.id
    assert api("GET", "/agencies/resolve?name=Sở Không Có", "stc").json["agency"] is None


def test_report_has_the_cli_json_shape_and_agency_sees_itself(api, story, app):
    from tracker.cli import cli

    cli_json = app.test_cli_runner().invoke(cli, ["report", "--as-of", "2024-10-20", "--format", "json"]).output
    import json

    response = api("GET", "/reports?as_of=2024-10-20", "vanphong").json
    assert response == json.loads(cli_json)
    own = api("GET", "/reports?as_of=2024-10-20", "stc").json
    assert [r["name"] for r in own["rows"]] == ["Sở Tài chính"]


def test_openapi_31_and_docs_page_without_cdn(client):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.1")
    query = {p["name"] for p in spec["paths"]["/api/v1/tasks"]["get"]["parameters"]}
    assert {"time_class", "as_of", "agency", "leader", "field", "q", "after", "limit"} <= query
    html = client.get("/api/v1/docs").get_data(as_text=True)
    assert all(path in html for path in spec["paths"])
    # Only the app's own vendored script (static/app.js, shared by every page): nothing from another host.
    assert re.findall(r"<script[^>]*>", html) in ([], ['<script src="/static/app.js" defer>'])
    assert "cdn" not in html.lower() and "//" not in "".join(re.findall(r'src="([^"]*)"', html))
