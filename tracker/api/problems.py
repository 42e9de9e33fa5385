"""Errors as RFC 9457 problem details: a stable `type` URI per kind, a Vietnamese `detail`, field errors."""

from __future__ import annotations

from flask import Response, json

TYPE_BASE = "urn:theodoinhiemvu:problem:"
MEDIA_TYPE = "application/problem+json"

# kind -> (status, title); the README lists the same table for integrators.
KINDS = {
    "bad-request": (400, "Yêu cầu không hợp lệ"),
    "rule-violated": (400, "Không thực hiện được theo quy định"),
    "unauthorized": (401, "Chưa xác thực"),
    "forbidden": (403, "Không có quyền"),
    "read-only-token": (403, "Token chỉ được đọc"),
    "not-found": (404, "Không tìm thấy"),
    "method-not-allowed": (405, "Phương thức không được hỗ trợ"),
    "conflict": (409, "Xung đột phiên bản"),
    "idempotency-key-reused": (409, "Idempotency-Key đã dùng cho yêu cầu khác"),
    "precondition-failed": (412, "Phiên bản không khớp"),
    "payload-too-large": (413, "Nội dung quá lớn"),
    "unsupported-media-type": (415, "Kiểu nội dung không được hỗ trợ"),
    "validation": (422, "Dữ liệu không hợp lệ"),
    "rate-limited": (429, "Quá nhiều yêu cầu"),
    "server-error": (500, "Lỗi hệ thống"),
}
BY_STATUS = {}
for _kind, (_status, _title) in KINDS.items():
    BY_STATUS.setdefault(_status, _kind)

STALE = "Đã có thay đổi, vui lòng tải lại."


class ApiProblem(Exception):
    """Raised anywhere under /api/v1; the blueprint turns it into a problem+json response."""

    def __init__(self, kind: str, detail: str, errors: list[dict] | None = None, current_version: int | None = None,
                 headers: dict | None = None):
        super().__init__(detail)
        self.kind, self.detail, self.errors = kind, detail, errors or []
        self.current_version, self.headers = current_version, headers or {}

    def response(self) -> Response:
        status, title = KINDS[self.kind]
        body = {"type": TYPE_BASE + self.kind, "title": title, "status": status, "detail": self.detail,
                "errors": self.errors}
        if self.current_version is not None:
            body["current_version"] = self.current_version
        return Response(json.dumps(body, ensure_ascii=False), status, mimetype=MEDIA_TYPE, headers=self.headers)


# Vietnamese for the validation errors integrators meet most; anything else keeps a generic message.
MESSAGES = {
    "missing": "Thiếu trường bắt buộc.",
    "extra_forbidden": "Trường này không được hỗ trợ.",
    "int_type": "Phải là số nguyên.",
    "int_parsing": "Phải là số nguyên.",
    "int_from_float": "Phải là số nguyên.",
    "string_type": "Phải là chuỗi ký tự.",
    "bool_type": "Phải là true hoặc false.",
    "bool_parsing": "Phải là true hoặc false.",
    "list_type": "Phải là một danh sách.",
    "model_type": "Phải là một đối tượng JSON.",
    "model_attributes_type": "Phải là một đối tượng JSON.",
    "dict_type": "Phải là một đối tượng JSON.",
    "date_from_datetime_parsing": "Phải là ngày dạng YYYY-MM-DD.",
    "date_parsing": "Phải là ngày dạng YYYY-MM-DD.",
    "date_type": "Phải là ngày dạng YYYY-MM-DD.",
    "date_from_datetime_inexact": "Phải là ngày dạng YYYY-MM-DD.",
    "value_error": "Giá trị không hợp lệ.",
    "literal_error": "Giá trị không thuộc danh sách cho phép.",
    "enum": "Giá trị không thuộc danh sách cho phép.",
    "greater_than_equal": "Giá trị quá nhỏ.",
    "less_than_equal": "Giá trị quá lớn.",
    "string_too_long": "Chuỗi quá dài.",
    "string_too_short": "Không được để trống.",
    "too_long": "Danh sách quá dài.",
    "union_tag_invalid": "Giá trị không hợp lệ.",
}


def field_errors(errors: list[dict]) -> list[dict]:
    """Pydantic errors -> [{field, message, code}] with Vietnamese messages."""
    out = []
    for e in errors:
        loc = [str(p) for p in e.get("loc", ()) if p not in ("function-after", "function-before")]
        # A union (id or name) reports one error per branch; the branch names are noise to a client.
        loc = [p for p in loc if not p.startswith(("int", "constrained-", "str", "date"))] or loc
        code = e.get("type", "value_error")
        message = MESSAGES.get(code, "Giá trị không hợp lệ.")
        ctx = e.get("ctx") or {}
        if code in ("less_than_equal", "greater_than_equal") and ctx:
            message += f" (giới hạn: {next(iter(ctx.values()))})"
        if code == "string_too_long" and "max_length" in ctx:
            message = f"Chuỗi quá dài (tối đa {ctx['max_length']} ký tự)."
        if code == "value_error" and e.get("msg"):
            text = e["msg"].removeprefix("Value error, ")
            message = text[:1].upper() + text[1:] + "."
        out.append({"field": ".".join(loc) or "body", "message": message, "code": code})
    return out
