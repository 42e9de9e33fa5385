"""Maximum lengths of what users type: one table for services (the rule), forms and templates (maxlength)."""

from __future__ import annotations

from tracker.core.errors import DomainError

TEXT = 10_000  # progress, completion report, co-agency input
CONTENT = 10_000  # a task's content, a document's summary
REASON = 2_000  # reasons and notes of decisions
SHORT = 100  # document numbers, fields (the columns are String(100))
REF = 40  # item reference ("3.3")


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def check(value: str | None, what: str, limit: int) -> str | None:
    """`value` unchanged if it fits, else a DomainError that says how long it is and the maximum."""
    if value is not None and len(value) > limit:
        raise DomainError(f"{what[:1].upper()}{what[1:]} quá dài: {_n(len(value))} ký tự, tối đa {_n(limit)} ký tự.")
    return value
