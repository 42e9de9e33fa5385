"""One check of an e-mail address (syntax only, no DNS: offices use internal mail servers)."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

from tracker.core.errors import DomainError


def clean_email(value: str | None) -> str | None:
    """The normalised address, None when blank; a DomainError in Vietnamese when it is not an address."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError:
        raise DomainError(f"Địa chỉ thư điện tử không hợp lệ: “{text}”.") from None
