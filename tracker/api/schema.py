"""OpenAPI description of /api/v1 (kept by hand: the API is small)."""

_task_ref = {"$ref": "#/components/schemas/Task"}
_err = {"description": "Lỗi dữ liệu", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}

OPENAPI = {
    "openapi": "3.0.3",
    "info": {"title": "Theo dõi nhiệm vụ API", "version": "1"},
    "servers": [{"url": "/api/v1"}],
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Error": {"type": "object", "properties": {"error": {"type": "string"}}},
            "Task": {"type": "object", "properties": {
                "id": {"type": "integer"}, "ref": {"type": "string", "nullable": True},
                "content": {"type": "string"}, "status": {"type": "string"},
                "due": {"type": "string", "format": "date", "nullable": True},
                "time_class": {"type": "string", "enum": ["done_on_time", "done_late", "open_within", "due_soon",
                                                          "open_overdue", "undated", "not_counted"]},
                "version": {"type": "integer"}}},
        },
    },
    "security": [{"bearer": []}],
    "paths": {
        "/tasks": {"get": {"summary": "Nhiệm vụ được xem (phân trang theo after=id)", "parameters": [
            {"name": n, "in": "query", "schema": {"type": "string"}}
            for n in ("status", "agency", "document", "due_from", "due_to", "after", "limit")],
            "responses": {"200": {"description": "OK"}, "401": _err}}},
        "/tasks/{id}": {"get": {"summary": "Chi tiết nhiệm vụ", "parameters": [
            {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": _task_ref}}},
                          "404": _err}}},
        "/tasks/{id}/progress": {"post": {"summary": "Báo cáo tiến độ (cơ quan chủ trì)", "parameters": [
            {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {
                "text": {"type": "string"}, "version": {"type": "integer"}}}}}},
            "responses": {"200": {"description": "OK"}, "400": _err, "403": _err}}},
        "/tasks/{id}/report": {"post": {"summary": "Báo cáo hoàn thành (cơ quan chủ trì)", "parameters": [
            {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {
                "result": {"type": "string"}, "result_doc_number": {"type": "string"},
                "result_doc_date": {"type": "string", "format": "date"}, "version": {"type": "integer"}}}}}},
            "responses": {"200": {"description": "OK"}, "400": _err, "403": _err}}},
        "/documents": {"post": {"summary": "Đăng ký văn bản và các nhiệm vụ (Văn phòng)", "requestBody": {
            "content": {"application/json": {"schema": {"type": "object", "required": ["number", "tasks"],
                                                        "properties": {"number": {"type": "string"},
                                                                       "type": {"type": "string"},
                                                                       "issued": {"type": "string", "format": "date"},
                                                                       "title": {"type": "string"},
                                                                       "tasks": {"type": "array"}}}}}},
            "responses": {"201": {"description": "Đã tạo"}, "400": _err, "403": _err}}},
        "/agencies": {"get": {"summary": "Danh mục cơ quan", "responses": {"200": {"description": "OK"}}}},
    },
}
