"""The SpecTree instance: validates requests against the schemas and builds the OpenAPI 3.1 document."""

from __future__ import annotations

import copy

from spectree import Response, SecurityScheme, SecuritySchemeData, SpecTree

from tracker.api.problems import MEDIA_TYPE, ApiProblem, field_errors
from tracker.api.schemas import MAX_ID, Problem

ERRORS = (400, 401, 403, 404, 413, 415, 422, 429)


def _before(req, resp, req_validation_error, instance, model_adapter):
    """A request that does not match its schema becomes a 422 problem with one entry per field."""
    if req_validation_error is not None:
        errors = field_errors(req_validation_error.errors(include_context=True))
        raise ApiProblem("validation", "Dữ liệu gửi lên không hợp lệ; xem danh sách lỗi theo trường.", errors)


api_spec = SpecTree(
    "flask", mode="strict", title="Theo dõi nhiệm vụ — API v1", version="1",
    description="API cho hệ thống quản lý văn bản và điều hành (QLVB/LGSP). Xem mục API trong README.",
    naming_strategy=lambda model: model.__name__, nested_naming_strategy=lambda _parent, child: child,
    before=_before, validation_error_status=422, validation_error_model=Problem, annotations=True,
    security_schemes=[SecurityScheme(name="bearer", data=SecuritySchemeData(type="http", scheme="bearer"))],
    security={"bearer": []},
)


def responses(ok: int | None, model=None, *extra: int, write: bool = False) -> Response:
    """The success response and every problem status a route can answer (writes: 409 and 412 too)."""
    codes = {f"HTTP_{c}": Problem for c in sorted({*ERRORS, *extra, *((409, 412) if write else ())})}
    if ok is not None:
        codes[f"HTTP_{ok}"] = model
    return Response(**codes)


IDEMPOTENCY = {"name": "Idempotency-Key", "in": "header", "required": False,
               "description": "Khóa do client sinh (tối đa 200 ký tự); gửi lại cùng khóa và cùng nội dung "
                              "nhận lại phản hồi đầu tiên, không tạo thêm gì.",
               "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[\\x21-\\x7e]+$"}}
IF_MATCH = {"name": "If-Match", "in": "header", "required": False,
            "description": 'ETag của nhiệm vụ đã đọc, ví dụ "v3"; sai phiên bản → 412.',
            "schema": {"type": "string", "maxLength": 100}}


def openapi_document() -> dict:
    """Spectree's spec with problem+json error bodies and the retry headers of POST routes."""
    spec = copy.deepcopy(api_spec.spec)
    spec["info"]["version"] = "1"
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            for param in op.get("parameters", []):
                if param["in"] == "path" and param["schema"].get("type") == "integer":
                    param["schema"].update(minimum=1, maximum=MAX_ID)
            for code, resp in op.get("responses", {}).items():
                if code[0] in "45" and "content" in resp:
                    resp["content"] = {MEDIA_TYPE: resp["content"].pop("application/json")}
            if method == "post":
                op["parameters"].append(IDEMPOTENCY)
                if "{task_id}" in path:
                    op["parameters"].append(IF_MATCH)
    return spec
