import pytest

from tracker.tasks.status import LABELS, Status, allowed, from_label, next_status

S = Status
CASES = [
    ("acknowledge", S.NEW, S.IN_PROGRESS),
    ("acknowledge", S.IN_PROGRESS, None),
    ("progress", S.NEW, S.IN_PROGRESS),
    ("progress", S.RETURNED, S.IN_PROGRESS),
    ("progress", S.REPORTED, None),
    ("report", S.IN_PROGRESS, S.REPORTED),
    ("report", S.RETURNED, S.REPORTED),
    ("report", S.DONE, None),
    ("report", S.DECLINED, None),
    ("confirm", S.REPORTED, S.DONE),
    ("confirm", S.IN_PROGRESS, None),
    ("return", S.REPORTED, S.RETURNED),
    ("return", S.DONE, None),
    ("decline", S.NEW, S.DECLINED),
    ("decline", S.REPORTED, None),
    ("reassign", S.DECLINED, S.NEW),
    ("reassign", S.DONE, None),
    ("withdraw", S.IN_PROGRESS, S.WITHDRAWN),
    ("withdraw", S.DONE, None),
    ("withdraw", S.WITHDRAWN, None),
    ("request_extension", S.REPORTED, S.REPORTED),
    ("request_extension", S.DONE, None),
    ("input", S.DONE, None),
    ("input", S.RETURNED, S.RETURNED),
]


@pytest.mark.parametrize(("action", "start", "end"), CASES)
def test_transitions(action, start, end):
    if end is None:
        assert not allowed(action, start)
        with pytest.raises(ValueError):
            next_status(action, start)
    else:
        assert next_status(action, start) == end


def test_nothing_leaves_a_final_state_except_by_reading():
    for action in ("acknowledge", "progress", "report", "confirm", "return", "decline", "reassign", "withdraw", "edit"):
        assert not allowed(action, S.DONE)
        assert not allowed(action, S.WITHDRAWN)


@pytest.mark.parametrize(("text", "status"), [
    ("Đã hoàn thành", S.DONE), ("đã hoàn thành", S.DONE), ("DA HOAN THANH", S.DONE),
    ("Chờ xác nhận", S.REPORTED), ("Thực hiện lại", S.RETURNED), ("Dừng thực hiện", S.WITHDRAWN),
    ("Chưa thực hiện", S.NEW), ("Đang thực hiện", S.IN_PROGRESS), ("Đề nghị giao lại", S.DECLINED),
    ("Không biết", None),
])
def test_state_names_from_vietnamese(text, status):
    assert from_label(text) == status


def test_every_state_has_a_vietnamese_label():
    assert set(LABELS) == set(Status)
