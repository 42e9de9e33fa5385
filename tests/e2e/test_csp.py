"""Under the Content-Security-Policy (no inline script) the pages still work in a real browser: no
CSP violation is reported, the merge form asks before submitting, the document form adds rows."""

from __future__ import annotations

from tests.e2e.test_main_flow import ARGS, CHROMIUM, _login, _require_browser, live_server  # noqa: F401


def test_pages_work_under_the_csp(live_server):  # noqa: F811
    _require_browser()
    from playwright.sync_api import expect, sync_playwright

    base = live_server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page()
        page.set_default_timeout(15000)
        violations = []
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)

        _login(page, base, "vanphong")
        for path in ("/tasks", "/documents", "/dashboard", "/reports", "/reports/brief", "/notifications"):
            page.goto(base + path)
        page.goto(f"{base}/documents/new")
        rows = page.locator(".item-row")
        before = rows.count()
        page.click("#add-item-row")
        expect(rows).to_have_count(before + 1)

        _logout_and_login_admin(page, base)
        page.goto(f"{base}/agencies")
        page.click("a:has-text('Sở Tài chính')")
        asked = []
        page.on("dialog", lambda d: (asked.append(d.message), d.dismiss()))
        page.click("button:has-text('Sáp nhập')")
        assert asked and asked[0].startswith("Sáp nhập Sở Tài chính?")
        expect(page.locator("h3:has-text('Sáp nhập')")).to_be_visible()  # dismissed: still on the page
        browser.close()
    assert violations == []


def _logout_and_login_admin(page, base: str) -> None:
    page.click("button:has-text('Đăng xuất')")
    page.wait_for_url(f"{base}/login")
    _login(page, base, "quantri")
