"""Template helpers, error pages and the login manager's loader, shared by every blueprint."""

from __future__ import annotations

import hmac

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError

from tracker.auth import permissions
from tracker.core import clock, guard, headers
from tracker.core.text import format_date
from tracker.extensions import db, login_manager
from tracker.tasks.deadlines import TimeClass
from tracker.tasks.status import Status


def _format_datetime(value) -> str:
    local = clock.to_local(value)
    return local.strftime("%H:%M %d/%m/%Y") if local else ""


def _too_large(app: Flask) -> str:
    """413 comes from the whole request past MAX_CONTENT_LENGTH (files) or one typed field past
    MAX_FORM_MEMORY_SIZE (a long paste): say which."""
    limit = app.config.get("MAX_CONTENT_LENGTH")
    if limit and (request.content_length or 0) > limit:
        return f"Tệp tải lên quá lớn (tối đa {limit // (1024 * 1024)} MB)."
    return ("Nội dung văn bản gửi lên quá dài. Vui lòng rút gọn, hoặc lưu thành tệp (.docx, .pdf, .txt) "
            "rồi tải tệp lên.")


def _bad_request_message(error) -> str:
    """A view's own Vietnamese reason when it gave one, else a general one (never werkzeug's English)."""
    description = getattr(error, "description", "") or ""
    if description and description != type(error).description:
        return description
    return "Yêu cầu không hợp lệ."


def init_app(app: Flask) -> None:
    app.jinja_env.filters["vndate"] = format_date
    app.jinja_env.filters["vndatetime"] = _format_datetime
    app.jinja_env.globals.update(perm=permissions, Status=Status, TimeClass=TimeClass)
    app.jinja_env.globals["has_endpoint"] = lambda name: name in app.view_functions

    @app.context_processor
    def _today():
        return {"today": clock.today()}

    @login_manager.user_loader
    def _load_user(session_id: str):
        """The cookie holds "<user id>:<session key>"; a rotated key (logout, password reset) or an
        old cookie without one finds nobody, so the browser is sent to the login page. (Accounts from
        before migration 0009 have the key "" until their first logout.)"""
        from tracker.auth.models import User

        user_id, colon, key = (session_id or "").partition(":")
        if not colon or not user_id.isdigit() or int(user_id) > guard.MAX_ID:
            return None
        user = db.session.get(User, int(user_id))
        return user if user is not None and hmac.compare_digest(user.session_key, key) else None

    login_manager.login_view = "auth.login"
    login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."
    login_manager.login_message_category = "warning"

    def _error(code: int, message: str):
        if request.path.startswith("/api/"):
            return {"error": message}, code
        return render_template("error.html", code=code, message=message), code

    app.register_error_handler(403, lambda e: _error(403, "Bạn không có quyền truy cập trang này."))
    app.register_error_handler(404, lambda e: _error(404, "Không tìm thấy trang hoặc nhiệm vụ."))
    app.register_error_handler(413, lambda e: _error(413, _too_large(app)))
    guard.init_app(app, _error)
    headers.init_app(app)
    app.register_error_handler(400, lambda e: _error(400, _bad_request_message(e)))
    app.register_error_handler(CSRFError, lambda e: _error(400, "Phiên làm việc đã hết hạn, vui lòng tải lại trang."))
