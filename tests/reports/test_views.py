"""Dashboard, report page, exports and the giao ban brief over HTTP, with permissions."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.conftest import login

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def frozen():
    with time_machine.travel(datetime(2024, 12, 1, 9, 0, tzinfo=TZ), tick=False):
        yield


def test_dashboard_for_leader(story, client, frozen):
    login(client, "lanhdao")
    page = client.get("/dashboard")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "01/12/2024" in html
    # 12 counted tasks; 5 done of 9 due -> 55,6 %.
    assert re.search(r'id="completion-rate">55,6%', html)
    assert f'agency={story.a.id}' in html and "tc=open_overdue" in html
    assert f'href="/tasks/{story.tasks[0].id}"' in html  # the longest-overdue task links to its page
    assert html.index("Tham mưu dự thảo") < html.index("T9 trọng tâm")  # sorted by days overdue


def test_dashboard_filters_and_bad_date(story, client, frozen):
    login(client, "vanphong")
    html = client.get("/dashboard?source=government").get_data(as_text=True)
    assert 'id="completion-rate">–%' in html  # nothing due yet among the Government's tasks
    bad = client.get("/dashboard?as_of=31/02/2024")
    assert bad.status_code == 400
    assert "không hợp lệ" in bad.get_data(as_text=True)


def test_dashboard_forbidden_for_agency(story, client):
    login(client, "stc")
    assert client.get("/dashboard").status_code == 403
    assert client.get("/reports/brief").status_code == 403


def test_login_required(client, story):
    assert client.get("/reports").status_code == 302


def test_report_page_groups_and_totals(story, client, frozen):
    login(client, "lanhdao")
    html = client.get("/reports?as_of=2024-12-01").get_data(as_text=True)
    for name in ("Sở Tài chính", "Sở Xây dựng", "UBND phường Ba Đình", "Tổng cộng"):
        assert name in html
    html = client.get("/reports?as_of=01/12/2024&by=leader").get_data(as_text=True)
    assert "Phó Chủ tịch Hai" in html
    two = client.get("/reports?as_of=2024-12-01&view=two").get_data(as_text=True)
    assert "Đã thực hiện" in two and "Chưa thực hiện" in two


def test_report_period_preset(story, client, frozen):
    login(client, "lanhdao")
    html = client.get("/reports?as_of=2024-12-01&period=month&year=2024&number=11").get_data(as_text=True)
    assert "15/10/2024" in html and "14/11/2024" in html and "Tháng 11/2024" in html
    totals = re.search(r'class="totals"><td></td><td>Tổng cộng</td>\s*<td class="num">(?:<a [^>]*>)?(\d+)', html)
    assert totals.group(1) == "2"


def test_agency_user_sees_only_own_agency(story, client, frozen):
    login(client, "pbd")
    html = client.get("/reports?as_of=2024-12-01").get_data(as_text=True)
    assert "UBND phường Ba Đình" in html
    assert "Sở Tài chính" not in html.split('id="report"')[1]
    data = client.get("/reports/export.xlsx?as_of=2024-12-01")
    assert data.status_code == 200


def test_exports_download(story, client, frozen):
    login(client, "vanphong")
    for fmt in ("xlsx", "docx"):
        response = client.get(f"/reports/export.{fmt}?as_of=2024-12-01")
        assert response.status_code == 200
        assert response.data[:2] == b"PK"
        assert "attachment" in response.headers["Content-Disposition"]
    assert client.get("/reports/export.pdf").status_code == 404


def test_brief_print_view(story, client, frozen):
    login(client, "lanhdao")
    html = client.get("/reports/brief").get_data(as_text=True)
    assert "giao ban" in html and "T9 trọng tâm" in html
    assert html.count("<tr>") >= 4 and "@page" in html
