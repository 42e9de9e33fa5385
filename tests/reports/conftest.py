"""A small story of tasks covering every state and date position, told through the real services."""

from datetime import date

import pytest

from tracker.tasks import services

DUE = date(2024, 10, 15)


@pytest.fixture
def story(world, make_agency, make_user, make_document, session):
    w = world
    w.c = make_agency("UBND phường Ba Đình", order=3)
    w.leader2 = make_user("pct2", "leader", full_name="Phó Chủ tịch Hai")
    w.officer_c = make_user("pbd", "agency", agency=w.c)
    a, b, c = w.a.id, w.b.id, w.c.id
    items = [
        {"content": "T0 chưa làm", "lead_agency_ids": [a], "due_on": DUE, "field": "Kinh tế"},
        {"content": "T1 đúng hạn", "lead_agency_ids": [a], "due_on": DUE, "field": "Kinh tế"},
        {"content": "T2 quá hạn", "lead_agency_ids": [a], "due_on": DUE, "field": "Kinh tế"},
        {"content": "T3 gia hạn sớm", "lead_agency_ids": [b], "due_on": DUE, "co_agency_ids": [a]},
        {"content": "T4 gia hạn muộn", "lead_agency_ids": [b], "due_on": DUE},
        {"content": "T5 thường xuyên xong", "lead_agency_ids": [b]},
        {"content": "T6 dừng", "lead_agency_ids": [c], "due_on": DUE},
        {"content": "T7 trả lại", "lead_agency_ids": [c], "due_on": DUE},
        {"content": "T8 thường xuyên", "lead_agency_ids": [c]},
        {"content": "T9 trọng tâm", "lead_agency_ids": [a], "due_on": date(2024, 11, 20), "is_key": True},
        {"content": "T10 định kỳ (mẫu)", "lead_agency_ids": [a], "periodic_rrule": "FREQ=MONTHLY;BYMONTHDAY=20"},
    ]
    doc1 = make_document(w.office, items, as_of=date(2024, 10, 1), leader_id=w.leader.id, number="156/TB-UBND")
    doc2 = make_document(w.office, [
        {"content": "T11 Chính phủ giao", "lead_agency_ids": [a], "due_on": date(2024, 12, 1)},
        {"content": "T12 Chính phủ, thường xuyên", "lead_agency_ids": [b]},
    ], as_of=date(2024, 11, 5), kind="cong_van", source="government", leader_id=w.leader2.id,
        number="88/CV-VPCP")
    t = doc1.tasks + doc2.tasks
    la, lb, lc = w.officer_a, w.officer_b, w.officer_c
    services.report_completion(session, la, date(2024, 10, 14), t[1], "Xong")
    services.confirm(session, w.office, date(2024, 10, 20), t[1])
    services.report_completion(session, la, date(2024, 10, 18), t[2], "Xong muộn")
    services.confirm(session, w.office, date(2024, 10, 19), t[2])
    ext = services.request_extension(session, lb, date(2024, 10, 10), t[3], date(2024, 11, 15), "Chờ ý kiến bộ")
    services.decide_extension(session, w.leader, date(2024, 10, 12), ext, True)
    services.report_completion(session, lb, date(2024, 11, 10), t[3], "Xong")
    services.confirm(session, w.office, date(2024, 11, 11), t[3])
    ext = services.request_extension(session, lb, date(2024, 10, 20), t[4], date(2024, 11, 30), "Xin lùi")
    services.decide_extension(session, w.leader, date(2024, 10, 22), ext, True)
    services.report_completion(session, lb, date(2024, 11, 5), t[4], "Xong")
    services.confirm(session, w.office, date(2024, 11, 6), t[4])
    services.report_completion(session, lb, date(2024, 10, 3), t[5], "Đã làm")
    services.confirm(session, w.office, date(2024, 10, 4), t[5])
    services.withdraw(session, w.office, date(2024, 10, 11), t[6], "Không còn cần thiết")
    services.report_completion(session, lc, date(2024, 10, 9), t[7], "Xong")
    services.return_report(session, w.office, date(2024, 10, 10), t[7], "Thiếu số liệu")
    services.report_completion(session, lc, date(2024, 10, 30), t[7], "Bổ sung")
    session.commit()
    w.tasks, w.doc1, w.doc2 = t, doc1, doc2
    w.all_tasks = [w.task, *t]
    return w
