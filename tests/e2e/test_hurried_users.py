"""Issue 10 items 5-7 in a real browser: the edit conflict view, a refused form that keeps its text, and a
form sent twice that creates one progress update."""

from __future__ import annotations

import dataclasses
import threading
from datetime import timedelta

import pytest
from werkzeug.serving import make_server

from tests.e2e.test_main_flow import ARGS, CHROMIUM, _login, _require_browser, _seed

pytestmark = pytest.mark.browser


@pytest.fixture
def site(tmp_path):
    """A fresh app with one task for Sở Tài chính and a second office user, served in a thread."""
    from tracker import create_app
    from tracker.core import clock, settings
    from tracker.extensions import db

    saved = dataclasses.replace(settings.current)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'e2e.db'}", "SECRET_KEY": "e2e",
                      "UPLOAD_DIR": str(tmp_path / "uploads"), "SMTP_URL": ""})
    _seed(app)
    with app.app_context():
        from tracker.agencies.models import Agency
        from tracker.auth.models import User
        from tracker.documents.services import ItemInput, create_document

        office2 = User(username="vanphong2", role="office", full_name="Văn phòng 2", fields=[], email_prefs={})
        office2.set_password("matkhau123")
        db.session.add(office2)
        office = db.session.scalar(db.select(User).where(User.username == "vanphong"))
        stc = db.session.scalar(db.select(Agency).where(Agency.name == "Sở Tài chính"))
        doc = create_document(db.session, office, clock.today(), {
            "number": "156/TB-UBND", "kind": "thong_bao_ket_luan", "issued_on": clock.today(),
            "summary": "Kết luận về chuyển đổi số"}, [ItemInput(content="Xây dựng kế hoạch chuyển đổi số",
                                                                 lead_agency_ids=[stc.id],
                                                                 due_on=clock.today() + timedelta(days=30))])
        db.session.commit()
        task_id = doc.tasks[0].id
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", task_id
    server.shutdown()
    thread.join(5)
    with app.app_context():
        db.engine.dispose()
    for f in dataclasses.fields(settings.Settings):
        setattr(settings.current, f.name, getattr(saved, f.name))


@pytest.fixture
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


def _page(browser, base, username):
    page = browser.new_context().new_page()
    page.set_default_timeout(15000)
    _login(page, base, username)
    return page


def test_edit_conflict_shows_both_values_and_saves_only_when_seen(site, browser):
    from playwright.sync_api import expect

    base, task_id = site
    a, b = _page(browser, base, "vanphong"), _page(browser, base, "vanphong2")
    for page in (a, b):
        page.goto(f"{base}/tasks/{task_id}/edit")
    a.fill("textarea[name=content]", "Nội dung do A sửa")
    a.click("button:has-text('Lưu')")
    expect(a.locator(".flash")).to_contain_text("Đã lưu thay đổi.")

    b.fill("textarea[name=content]", "Nội dung do B sửa")
    b.click("button:has-text('Lưu')")
    expect(b.locator(".flash")).to_contain_text("đã có thay đổi, vui lòng tải lại")
    expect(b.locator("#conflict td.current")).to_contain_text(["Nội dung do A sửa"])
    expect(b.locator("#conflict td.mine")).to_contain_text(["Nội dung do B sửa"])
    expect(b.locator("textarea[name=content]")).to_have_value("Nội dung do B sửa")

    a.goto(f"{base}/tasks/{task_id}")
    expect(a.locator(".task-content")).to_contain_text("Nội dung do A sửa")  # nothing was overwritten yet
    b.click("button:has-text('Lưu')")  # B has seen A's values: this save is deliberate
    expect(b.locator(".flash")).to_contain_text("Đã lưu thay đổi.")
    expect(b.locator(".task-content")).to_contain_text("Nội dung do B sửa")


def test_refused_report_comes_back_open_with_the_text(site, browser):
    from playwright.sync_api import expect

    base, task_id = site
    page = _page(browser, base, "stc")
    page.goto(f"{base}/tasks/{task_id}")
    text = ("Sở Tài chính đã tham mưu dự thảo kế hoạch, lấy ý kiến các sở, ngành và địa phương. " * 8)[:580]
    page.click("summary:has-text('Báo cáo hoàn thành')")
    form = page.locator("form[action$='/report']")
    form.locator("textarea[name=text]").fill(text)
    form.locator("input[name=result_doc_number]").fill("12/BC-STC")
    form.locator("input[name=result_doc_date]").fill("31/02/2024")
    form.locator("button[type=submit]").click()
    form = page.locator("form[action$='/report']")
    expect(form).to_be_visible()  # its <details> is open again
    expect(form.locator(".form-error")).to_contain_text("Ngày không hợp lệ")
    expect(form.locator("textarea[name=text]")).to_have_value(text)
    expect(form.locator("input[name=result_doc_number]")).to_have_value("12/BC-STC")


def test_a_form_sent_twice_creates_one_update_and_says_so(site, browser):
    from playwright.sync_api import expect

    base, task_id = site
    page = _page(browser, base, "stc")
    page.goto(f"{base}/tasks/{task_id}")
    page.click("summary:has-text('Cập nhật tiến độ')")
    page.locator("form[action$='/progress'] textarea[name=text]").fill("Đã họp lấy ý kiến các sở")
    # The same filled form posted twice, as a back-and-resubmit or a double click does.
    answers = page.evaluate("""async () => {
        const form = document.querySelector("form[action$='/progress']");
        const send = async () => (await fetch(form.action, {method: 'POST', body: new FormData(form)})).text();
        return [await send(), await send()];
    }""")
    assert "Đã cập nhật tiến độ." in answers[0]
    assert "đã được gửi trước đó" in answers[1]
    page.goto(f"{base}/tasks/{task_id}")
    expect(page.locator("ul.updates > li")).to_have_count(1)


def test_progress_text_survives_an_expired_session(site, browser):
    from playwright.sync_api import expect

    base, task_id = site
    page = _page(browser, base, "stc")
    page.goto(f"{base}/tasks/{task_id}")
    page.click("summary:has-text('Cập nhật tiến độ')")
    text = "Tiến độ đã soạn rất lâu trước khi phiên đăng nhập hết hạn"
    page.locator("form[action$='/progress'] textarea[name=text]").fill(text)
    page.context.clear_cookies()  # the session expired while the user was typing
    page.locator("form[action$='/progress'] button[type=submit]").click()
    page.wait_for_url(f"{base}/login**")
    page.fill("input[name=username]", "stc")
    page.fill("input[name=password]", "matkhau123")
    page.click("button:has-text('Đăng nhập')")
    page.wait_for_url(f"{base}/tasks/{task_id}")
    form = page.locator("form[action$='/progress']")
    expect(form.locator("textarea[name=text]")).to_have_value(text)
    expect(form.locator(".draft-restored")).to_be_visible()
    form.locator("button[type=submit]").click()
    expect(page.locator(".flash")).to_contain_text("Đã cập nhật tiến độ.")
    page.reload()
    expect(page.locator("form[action$='/progress'] textarea[name=text]")).to_have_value("")  # draft cleared
