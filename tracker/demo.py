"""Demo data: the shipped agency directory, one account per role, two real conclusion notices and
~40 synthetic tasks walked through the real workflow services with past `as_of` dates.

Deterministic (random.Random(seed)) for a given `today`. Every account's password is "matkhau123".
The two real notices (Thanh Hóa 2020, Lạng Sơn 2024) are treated as the demo province's: their meeting
dates are moved into the last months so the dashboards look current; deadlines keep their distance.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.agencies import directory
from tracker.agencies import services as agencies
from tracker.auth import services as users
from tracker.auth.models import User
from tracker.core.calendar import load_calendar
from tracker.core.settings import current as settings
from tracker.core.text import fold
from tracker.documents.services import ItemInput, create_document
from tracker.tasks import services as flow
from tracker.tasks.models import Task

PASSWORD = "matkhau123"
DEMO = Path(__file__).resolve().parent / "data" / "demo"
# username, role, full name, agency, title, fields, agency head
ACCOUNTS = [
    ("admin", "admin", "Quản trị hệ thống", None, None, [], False),
    ("vanphong", "office", "Nguyễn Thị Lan", None, "Chuyên viên Văn phòng UBND tỉnh", [], False),
    (
        "chutich",
        "leader",
        "Hoàng Văn Minh",
        None,
        "Chủ tịch UBND tỉnh",
        ["Tổng hợp", "Kinh tế", "Văn hóa - Xã hội", "Nội chính", "Chuyển đổi số"],
        False,
    ),
    (
        "phochutich",
        "leader",
        "Lương Thị Hạnh",
        None,
        "Phó Chủ tịch UBND tỉnh",
        ["Kinh tế", "Chuyển đổi số"],
        False,
    ),
    ("sotaichinh", "agency", "Trần Văn Bình", "Sở Tài chính", "Giám đốc Sở Tài chính", [], True),
    ("soxaydung", "agency", "Lê Thị Thu", "Sở Xây dựng", "Chuyên viên Sở Xây dựng", [], False),
    ("sokhcn", "agency", "Phạm Quốc Hùng", "Sở Khoa học và Công nghệ", "Chuyên viên Sở KH&CN", [], False),
]
REAL = [  # file stem, demo number, days ago of the meeting, real meeting date, summary
    (
        "001_thanhhoa-tb-ket-luan-cqdt-2020",
        "68/TB-UBND",
        160,
        date(2020, 4, 29),
        "Kết luận của Chủ tịch UBND tỉnh tại Hội nghị sơ kết 01 năm thực hiện Nghị quyết số 17/NQ-CP "
        "về xây dựng Chính quyền điện tử",
    ),
    (
        "002_langson-tb-ket-luan-cds-2024",
        "215/TB-UBND",
        95,
        date(2024, 9, 27),
        "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp đánh giá kết quả công tác chuyển đổi số 9 tháng đầu năm",
    ),
]


def has_data(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(User)))


def seed(session: Session, today: date, seed: int = 2025) -> dict:
    """Create everything; returns a summary. The caller commits."""
    rng = random.Random(seed)
    start = today - timedelta(days=190)
    directory.load_default(session, None, start)
    people = _accounts(session, start)
    docs = [_real_notice(session, people, today, *spec) for spec in REAL]
    docs += _synthetic(session, people, today, rng)
    return summarize(session, today, len(docs))


def _accounts(session: Session, as_of: date) -> dict[str, User]:
    made = {}
    for username, role, name, agency_name, title, fields, head in ACCOUNTS:
        agency = agencies.resolve(session, agency_name) if agency_name else None
        made[username] = users.create_user(
            session,
            None,
            as_of,
            username=username,
            password=PASSWORD,
            role=role,
            agency=agency,
            full_name=name,
            title=title,
            fields=fields,
            is_agency_head=head,
            email=f"{username}@demo.local",
        )
    return made


# ---- the two real notices ------------------------------------------------------------------------


def _paragraph(text: str, start: str) -> str:
    """The whole paragraph of the notice that begins with the gold `content_start`."""
    key = fold(start)
    for line in text.splitlines():
        if key and key in fold(line):
            return re.sub(r"^\s*(?:[-–•+]|[IVX]+\.|\d+(?:\.\d+)*\.?)\s*", "", line).strip()
    return start


def _names(session: Session, names: list[str], today: date, co: bool = False):
    """Agency ids and group ids for names as written; unknown agencies are created as kind "khac"."""
    ids, groups = [], []
    for name in names:
        agency = agencies.resolve(session, name)
        group = None if agency else agencies.resolve_group(session, name)
        if agency is None and group is None:
            if co and fold(name).startswith("cac "):
                continue  # "các cơ quan liên quan": kept in co_text only
            agency = agencies.create_agency(session, None, today, name=name, kind="khac", order=900)
        if agency is not None:
            ids.append(agency.id)
        else:
            groups.append(group.id)
    return ids, groups


def _real_notice(session, people, today, stem, number, days_ago, real_meeting, summary):
    gold = json.loads((DEMO / f"{stem}.gold.json").read_text(encoding="utf-8"))
    text = (DEMO / f"{stem}.txt").read_text(encoding="utf-8")
    meeting = today - timedelta(days=days_ago)
    items = []
    for t in gold["tasks"]:
        lead_ids, lead_groups = _names(session, t["lead"], meeting)
        co_ids, co_groups = _names(session, t["co"], meeting, co=True)
        due = date.fromisoformat(t["due"]) if t.get("due") else None
        items.append(
            ItemInput(
                content=_paragraph(text, t["content_start"]),
                ref=t["ref"],
                lead_agency_ids=lead_ids,
                lead_group_ids=lead_groups,
                co_agency_ids=co_ids,
                lead_text="; ".join(t["lead"]),
                co_text="; ".join(t["co"]) or None,
                due_on=meeting + (due - real_meeting) if due else None,
                field="Chuyển đổi số",
                assigned_on=meeting,
            )
        )
    data = {
        "number": number,
        "kind": gold["doc"]["type"],
        "issued_on": meeting + timedelta(days=5),
        "meeting_on": meeting,
        "summary": summary,
        "directed_by": "Chủ tịch UBND tỉnh",
        "leader_id": people["chutich"].id,
        "signer": people["chutich"].full_name,
    }
    doc = create_document(session, people["vanphong"], meeting + timedelta(days=5), data, items)
    doc.body_text = text
    return doc


# ---- synthetic tasks -----------------------------------------------------------------------------

_TEXTS = json.loads((DEMO / "synthetic.json").read_text(encoding="utf-8"))
CONTENTS, UPDATES = _TEXTS["contents"], _TEXTS["updates"]
# scenario -> minimum age (days) of the document it can belong to
SCENARIOS = {
    "new": 0,
    "new_undated": 0,
    "new_overdue": 20,
    "progress": 10,
    "progress_soon": 10,
    "progress_overdue": 25,
    "progress_undated": 10,
    "reported": 15,
    "reported_overdue": 20,
    "done_on_time": 35,
    "done_late": 35,
    "done_undated": 20,
    "returned": 20,
    "returned_overdue": 30,
    "declined": 5,
    "withdrawn": 12,
    "extension_pending": 10,
    "extension_approved": 20,
}
DOCS = [
    (175, "cong_van", "Công văn về triển khai nhiệm vụ trọng tâm quý III"),
    (130, "thong_bao_ket_luan", "Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp về đầu tư công"),
    (70, "chi_thi", "Chỉ thị về tăng cường kỷ luật, kỷ cương hành chính"),
    (35, "ke_hoach", "Kế hoạch thực hiện chuyển đổi số năm nay"),
]


def _synthetic(session, people, today, rng) -> list:
    calendar = load_calendar(session)
    plan = {i: [] for i in range(len(DOCS))}
    for n, scenario in enumerate(list(SCENARIOS) * 2 + ["new", "progress", "done_on_time", "new_undated"]):
        fits = [i for i, (age, _, _) in enumerate(DOCS) if age >= SCENARIOS[scenario] + 5]
        plan[rng.choice(fits)].append((n, scenario))
    leads = [people[u] for u in ("sotaichinh", "soxaydung", "sokhcn")]
    others = [a for a in directory_agencies(session) if a.id not in {u.agency_id for u in leads}]
    docs = []
    for i, (age, kind, summary) in enumerate(DOCS):
        issued = today - timedelta(days=age)
        items, scripts = [], []
        for n, scenario in plan[i]:
            officer = rng.choice(leads)
            lead_id = (
                officer.agency_id
                if scenario not in ("new", "new_undated")
                else rng.choice([officer.agency_id, rng.choice(others).id])
            )
            due = _due(scenario, issued, today, calendar)
            co = rng.sample([a.id for a in others[:12] if a.id != lead_id], rng.randint(0, 2))
            items.append(
                ItemInput(
                    content=CONTENTS[n % len(CONTENTS)],
                    ref=str(len(items) + 1),
                    lead_agency_ids=[lead_id],
                    co_agency_ids=co,
                    due_on=due,
                    is_key=rng.random() < 0.25,
                    field=rng.choice(["Kinh tế", "Chuyển đổi số"]),
                    leader_id=people["phochutich"].id,
                )
            )
            scripts.append((scenario, officer if lead_id == officer.agency_id else None))
        doc = create_document(
            session,
            people["vanphong"],
            issued,
            {
                "number": f"{100 + 17 * i}/{_symbol(kind)}",
                "kind": kind,
                "issued_on": issued,
                "summary": summary,
                "directed_by": "Phó Chủ tịch UBND tỉnh",
                "leader_id": people["phochutich"].id,
            },
            items,
        )
        for task, (scenario, officer) in zip(doc.tasks, scripts, strict=True):
            _play(session, people, officer, task, scenario, today, rng)
        docs.append(doc)
    return docs


def directory_agencies(session):
    from tracker.agencies.models import Agency

    return session.scalars(
        select(Agency)
        .where(Agency.active.is_(True), Agency.kind.in_(["so_nganh", "xa_phuong"]))
        .order_by(Agency.order)
    ).all()


def _symbol(kind: str) -> str:
    return {
        "cong_van": "UBND-KT",
        "thong_bao_ket_luan": "TB-UBND",
        "chi_thi": "CT-UBND",
        "ke_hoach": "KH-UBND",
    }[kind]


def _due(scenario: str, issued: date, today: date, calendar) -> date | None:
    if scenario.endswith("undated"):
        return None
    soon = calendar.add_working_days(today, max(1, settings.due_soon_working_days - 1))
    return {
        "new_overdue": today - timedelta(days=9),
        "progress_overdue": today - timedelta(days=6),
        "reported_overdue": today - timedelta(days=8),
        "returned_overdue": today - timedelta(days=4),
        "progress_soon": soon,
        "extension_pending": soon,
        "done_on_time": issued + timedelta(days=30),
        "done_late": issued + timedelta(days=20),
    }.get(scenario, today + timedelta(days=20 + len(scenario)))


def _play(session, people, officer, task: Task, scenario: str, today: date, rng) -> None:
    """Walk one task to its scenario's state through the real services, on past dates."""
    a, office = task.assigned_on, people["vanphong"]
    if scenario.startswith("new") or officer is None:
        return
    if scenario == "declined":
        flow.decline(
            session, officer, a + timedelta(days=2), task, "Nội dung không thuộc chức năng, nhiệm vụ của Sở."
        )
        return
    flow.acknowledge(session, officer, a + timedelta(days=1), task)
    if scenario == "withdrawn":
        flow.withdraw(
            session,
            people["chutich"],
            a + timedelta(days=7),
            task,
            "Dừng thực hiện theo chỉ đạo của Chủ tịch UBND tỉnh do thay đổi chủ trương.",
        )
        return
    flow.add_progress(session, officer, a + timedelta(days=4), task, rng.choice(UPDATES))
    report_on = {
        "done_on_time": a + timedelta(days=25),
        "done_late": a + timedelta(days=27),
        "done_undated": today - timedelta(days=10),
        "reported": today - timedelta(days=2),
        "reported_overdue": today - timedelta(days=3),
        "returned": today - timedelta(days=10),
        "returned_overdue": today - timedelta(days=12),
    }.get(scenario)
    if report_on:
        flow.report_completion(
            session,
            officer,
            report_on,
            task,
            "Đã hoàn thành, có báo cáo kết quả kèm theo.",
            result_doc_number=f"{rng.randint(100, 999)}/BC",
            result_doc_date=report_on,
        )
        if scenario.startswith("done"):
            flow.confirm(session, office, report_on + timedelta(days=2), task)
        elif scenario.startswith("returned"):
            flow.return_report(
                session,
                office,
                report_on + timedelta(days=2),
                task,
                "Báo cáo chưa đầy đủ số liệu, đề nghị bổ sung.",
            )
    elif scenario.startswith("extension"):
        request = flow.request_extension(
            session,
            officer,
            today - timedelta(days=1 if scenario.endswith("pending") else 8),
            task,
            task.due_on + timedelta(days=30),
            "Cần thêm thời gian lấy ý kiến các xã.",
        )
        if scenario == "extension_approved":
            flow.decide_extension(
                session,
                people["phochutich"],
                today - timedelta(days=5),
                request,
                True,
                note="Đồng ý gia hạn.",
                doc_number="55/UBND-KT",
            )


# ---- summary -------------------------------------------------------------------------------------


def summarize(session: Session, today: date, documents: int) -> dict:
    soon_until = load_calendar(session).add_working_days(today, settings.due_soon_working_days)
    tasks = session.scalars(select(Task)).all()
    return {
        "documents": documents,
        "tasks": len(tasks),
        "users": session.scalar(select(func.count()).select_from(User)),
        "status": dict(Counter(t.status for t in tasks)),
        "time_class": dict(Counter(t.time_class(today, soon_until).value for t in tasks)),
    }


def describe(summary: dict) -> str:
    return (
        f"Đã tạo dữ liệu trình diễn: {summary['documents']} văn bản, {summary['tasks']} nhiệm vụ, "
        f"{summary['users']} tài khoản (admin, vanphong, chutich, phochutich, sotaichinh, soxaydung, sokhcn; "
        f"mật khẩu {PASSWORD})."
    )
