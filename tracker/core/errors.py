"""Errors services raise; callers turn them into a flash, a 4xx or a CLI exit 1."""


class DomainError(Exception):
    """Bad input or a forbidden transition; the message is Vietnamese and shown as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class PermissionDenied(DomainError):
    def __init__(self, message: str = "Bạn không có quyền thực hiện thao tác này."):
        super().__init__(message)


class StaleObject(DomainError):
    """Someone else changed it first (version check, row lock or unique key): callers answer 409."""

    def __init__(self, message: str = "Nhiệm vụ đã có thay đổi, vui lòng tải lại trang."):
        super().__init__(message)


class Repeated(DomainError):
    """The same form was sent again (back and resubmit, double click): nothing new is written."""

    def __init__(self, url: str | None = None,
                 message: str = "Biểu mẫu này đã được gửi trước đó; không ghi thêm lần nữa."):
        super().__init__(message)
        self.url = url
