"""The main flow in a real browser: office registers a document with two tasks, the agency reports
completion, the office confirms and the task page says "Hoàn thành đúng hạn"."""

from __future__ import annotations

import dataclasses
import os
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.browser


def _require_browser() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("TRACKER_REQUIRE_BROWSER") == "1":
        pytest.fail("TRACKER_REQUIRE_BROWSER=1 but /usr/bin/chromium is missing (apt-get install chromium).")
    pytest.skip("/usr/bin/chromium is missing (apt-get install chromium to run the browser test)")


def _seed(app) -> None:
    from tracker.agencies.models import Agency
    from tracker.auth.models import User
    from tracker.extensions import db

    with app.app_context():
        db.create_all()
        for order, name in enumerate(("Sở Tài chính", "Sở Xây dựng"), 1):
            agency = Agency(order=order)
            agency.set_name(name)
            db.session.add(agency)
        db.session.flush()
        stc = db.session.scalar(db.select(Agency).where(Agency.name == "Sở Tài chính"))
        for username, role, agency in (("vanphong", "office", None), ("stc", "agency", stc), ("quantri", "admin", None)):
            user = User(username=username, role=role, agency_id=getattr(agency, "id", None),
                        full_name=username, fields=[], email_prefs={})
            user.set_password("matkhau123")
            db.session.add(user)
        db.session.commit()


@pytest.fixture
def live_server(tmp_path):
    """A fresh app on its own SQLite file, served by werkzeug in a thread (not the shared test database)."""
    from tracker import create_app
    from tracker.core import settings

    saved = dataclasses.replace(settings.current)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'e2e.db'}", "SECRET_KEY": "e2e",
                      "UPLOAD_DIR": str(tmp_path / "uploads"), "SMTP_URL": ""})
    _seed(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)
    with app.app_context():
        from tracker.extensions import db

        db.engine.dispose()
    for f in dataclasses.fields(settings.Settings):
        setattr(settings.current, f.name, getattr(saved, f.name))


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "matkhau123")
    page.click("button:has-text('Đăng nhập')")
    page.wait_for_url(f"{base}/tasks")


def _logout(page, base: str) -> None:
    page.click("button:has-text('Đăng xuất')")
    page.wait_for_url(f"{base}/login")


def test_office_assigns_agency_reports_office_confirms(live_server):
    _require_browser()
    from playwright.sync_api import expect, sync_playwright

    from tracker.core import clock

    base = live_server
    due = (clock.today() + timedelta(days=30)).strftime("%d/%m/%Y")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
        page.set_default_timeout(15000)

        _login(page, base, "vanphong")
        page.goto(f"{base}/documents/new")
        page.fill("input[name=number]", "156/TB-UBND")
        page.fill("textarea[name=summary]", "Kết luận về chuyển đổi số")
        page.fill("input[name='items-0-ref']", "1")
        page.fill("textarea[name='items-0-content']", "Xây dựng kế hoạch chuyển đổi số")
        page.select_option("select[name='items-0-leads']", label="Sở Tài chính")
        page.fill("input[name='items-0-due']", due)
        page.click("#add-item-row")  # the second task goes into a row added by static/app.js
        page.fill("input[name='items-5-ref']", "2")
        page.fill("textarea[name='items-5-content']", "Rà soát hạ tầng dữ liệu")
        page.select_option("select[name='items-5-leads']", label="Sở Xây dựng")
        page.click("button:has-text('Lưu văn bản và nhiệm vụ')")
        expect(page.locator(".flash")).to_contain_text("Đã lưu văn bản 156/TB-UBND và 2 nhiệm vụ.")
        expect(page.locator("section.item")).to_have_count(2)
        _logout(page, base)

        _login(page, base, "stc")
        page.click("a:has-text('Xây dựng kế hoạch chuyển đổi số')")
        expect(page.locator("text=Rà soát hạ tầng dữ liệu")).to_have_count(0)
        page.click("summary:has-text('Báo cáo hoàn thành')")
        report = page.locator("form[action$='/report']")
        report.locator("textarea[name=text]").fill("Đã ban hành kế hoạch")
        report.locator("input[name=result_doc_number]").fill("12/KH-STC")
        report.locator("button[type=submit]").click()
        expect(page.locator(".flash")).to_contain_text("Đã gửi báo cáo hoàn thành.")
        task_url = page.url
        _logout(page, base)

        _login(page, base, "vanphong")
        page.goto(task_url)
        page.click("button:has-text('Xác nhận hoàn thành')")
        expect(page.locator(".flash")).to_contain_text("Đã xác nhận hoàn thành.")
        expect(page.locator("#time-class")).to_have_text("Hoàn thành đúng hạn")
        expect(page.locator(".timeline")).to_contain_text("Xác nhận hoàn thành")
        browser.close()


REVIEW_NOTICE = """UỶ BAN NHÂN DÂN TỈNH LẠNG SƠN
Số: 301/TB-UBND
Lạng Sơn, ngày 02 tháng 10 năm 2024
THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh
1. Giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng rà soát kinh phí; báo cáo UBND tỉnh trước ngày 15/11/2024.
2. Giao UBND huyện Cao Lộc, UBND huyện Văn Lãng tuyên truyền về chuyển đổi số.
"""


def test_review_with_two_unknown_agencies_is_mapped_and_saved(live_server):
    """The browser posts hidden list fields with CRLF: both unknown names map and the notice saves."""
    _require_browser()
    from playwright.sync_api import expect, sync_playwright

    base = live_server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(15000)
        _login(page, base, "vanphong")
        page.goto(f"{base}/notices/new")
        page.fill("textarea[name=text]", REVIEW_NOTICE)
        page.click("button:has-text('Đọc văn bản')")
        page.wait_for_url("**/notices/drafts/*")
        names = page.locator("input[name$='-name'][name^='map-']")
        expect(names).to_have_count(2)
        for n, label in ((0, "Sở Tài chính"), (1, "Sở Xây dựng")):
            page.select_option(f"select[name='map-{n}-target']", label=label)
        page.click("button[value=commit]")
        expect(page.locator(".flash")).to_contain_text("Đã lưu văn bản 301/TB-UBND")
        expect(page.locator("section.item")).to_have_count(2)
        browser.close()
