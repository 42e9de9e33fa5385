"""Task states and the transitions each party may make (DOMAIN.md "Workflow")."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    REPORTED = "reported"
    DONE = "done"
    RETURNED = "returned"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return LABELS[self]


LABELS = {
    Status.NEW: "Chưa thực hiện",
    Status.IN_PROGRESS: "Đang thực hiện",
    Status.REPORTED: "Chờ xác nhận",
    Status.DONE: "Đã hoàn thành",
    Status.RETURNED: "Thực hiện lại",
    Status.DECLINED: "Đề nghị giao lại",
    Status.WITHDRAWN: "Dừng thực hiện",
}

OPEN = frozenset({Status.NEW, Status.IN_PROGRESS, Status.REPORTED, Status.RETURNED, Status.DECLINED})
WORKING = frozenset({Status.NEW, Status.IN_PROGRESS, Status.RETURNED})

# action -> (states it may start from, state it leads to; None keeps the state)
TRANSITIONS: dict[str, tuple[frozenset[Status], Status | None]] = {
    "acknowledge": (frozenset({Status.NEW}), Status.IN_PROGRESS),
    "progress": (WORKING, Status.IN_PROGRESS),
    "report": (WORKING, Status.REPORTED),
    "request_extension": (WORKING | {Status.REPORTED}, None),
    "decline": (frozenset({Status.NEW, Status.IN_PROGRESS}), Status.DECLINED),
    "input": (OPEN, None),
    "confirm": (frozenset({Status.REPORTED}), Status.DONE),
    "return": (frozenset({Status.REPORTED}), Status.RETURNED),
    "decide_extension": (OPEN, None),
    "reassign": (OPEN, Status.NEW),
    "withdraw": (OPEN, Status.WITHDRAWN),
    "edit": (OPEN, None),
}


def allowed(action: str, status: str) -> bool:
    starts, _ = TRANSITIONS[action]
    return Status(status) in starts


def next_status(action: str, status: str) -> Status:
    """The state after `action`; raises ValueError when the action is not allowed from `status`."""
    if not allowed(action, status):
        raise ValueError(f"{action} not allowed from {status}")
    target = TRANSITIONS[action][1]
    return target if target is not None else Status(status)


def label(status: str) -> str:
    try:
        return Status(status).label
    except ValueError:
        return status


def from_label(text: str) -> Status | None:
    """Vietnamese state name (any case/diacritics) -> Status, for imports."""
    from tracker.core.text import fold

    wanted = fold(text)
    for status, name in LABELS.items():
        if fold(name) == wanted or status.value == wanted:
            return status
    aliases = {"da thuc hien": Status.DONE, "hoan thanh": Status.DONE, "chua hoan thanh": Status.NEW,
               "dang trien khai": Status.IN_PROGRESS, "tam dung": Status.WITHDRAWN}
    return aliases.get(wanted)
