"""Agency directory services: aliases, renames, groups, mergers, resolution."""

from datetime import date

import pytest
from sqlalchemy import select

from tracker.agencies import directory, services
from tracker.agencies.models import Agency
from tracker.core.errors import DomainError, PermissionDenied
from tracker.core.models import JournalEntry
from tracker.tasks import services as task_services

AS_OF = date(2024, 10, 1)


def test_alias_unique_after_folding(session, make_agency, make_user):
    admin = make_user("admin", "admin")
    a = make_agency("Sở Thông tin và Truyền thông")
    services.add_alias(session, admin, AS_OF, a, "Sở TT&TT")
    with pytest.raises(DomainError, match="đã được dùng"):
        services.add_alias(session, admin, AS_OF, a, "sở tt&tt")
    with pytest.raises(DomainError):
        services.add_alias(session, admin, AS_OF, a, "SO THONG TIN VA TRUYEN THONG")
    assert services.resolve(session, "SỞ TT&TT").id == a.id


def test_only_admin_changes_directory(session, make_agency, make_user):
    office = make_user("vp", "office")
    a = make_agency("Sở Y tế")
    with pytest.raises(PermissionDenied):
        services.add_alias(session, office, AS_OF, a, "SYT")
    with pytest.raises(PermissionDenied):
        services.create_agency(session, office, AS_OF, name="Sở Mới")


def test_rename_keeps_old_name_as_alias(session, make_agency, make_user):
    admin = make_user("admin", "admin")
    a = make_agency("Sở Văn hóa và Thể thao")
    services.rename_agency(session, admin, AS_OF, a, "Sở Văn hóa, Thể thao và Du lịch")
    assert a.name == "Sở Văn hóa, Thể thao và Du lịch"
    assert [x.alias for x in a.aliases] == ["Sở Văn hóa và Thể thao"]
    assert services.resolve(session, "Sở Văn hóa và Thể thao").id == a.id
    entry = session.scalars(select(JournalEntry).where(JournalEntry.action == "rename")).one()
    assert entry.before == {"name": "Sở Văn hóa và Thể thao"}


def test_rename_to_taken_name_fails(session, make_agency, make_user):
    admin = make_user("admin", "admin")
    a = make_agency("Sở A")
    make_agency("Sở B")
    with pytest.raises(DomainError):
        services.rename_agency(session, admin, AS_OF, a, "sở b")
    assert a.name == "Sở A"


def test_merge_moves_open_tasks_users_and_co_rows(session, make_agency, make_user, make_document):
    admin = make_user("admin", "admin")
    office = make_user("vp", "office")
    old = make_agency("Sở Thông tin và Truyền thông")
    new = make_agency("Sở Khoa học và Công nghệ")
    other = make_agency("Sở Tài chính")
    officer = make_user("sttt", "agency", agency=old)
    doc = make_document(
        office,
        [
            {
                "content": "Mở",
                "lead_agency_ids": [old.id],
                "lead_text": "Sở TT&TT",
                "due_on": date(2024, 12, 1),
            },
            {"content": "Xong", "lead_agency_ids": [old.id], "due_on": date(2024, 10, 20)},
            {"content": "Phối hợp", "lead_agency_ids": [other.id], "co_agency_ids": [old.id]},
        ],
    )
    open_task, done_task, co_task = doc.tasks
    task_services.report_completion(session, officer, date(2024, 10, 5), done_task, "Đã xong")
    task_services.confirm(session, office, date(2024, 10, 6), done_task)
    session.commit()
    counts = services.merge_into(session, admin, date(2024, 10, 10), old, new)
    session.commit()
    assert counts == {"tasks": 1, "co_tasks": 1, "users": 1}
    assert open_task.lead_agency_id == new.id and open_task.lead_text == "Sở TT&TT"
    assert done_task.lead_agency_id == old.id
    assert [a.id for a in co_task.co_agencies] == [new.id]
    assert officer.agency_id == new.id
    assert old.active is False and old.successor_id == new.id
    assert services.resolve(session, "Sở Thông tin và Truyền thông").id == new.id
    merge = session.scalars(
        select(JournalEntry).where(JournalEntry.action == "merge", JournalEntry.task_id == open_task.id)
    ).one()
    assert merge.before == {"lead_agency_id": old.id} and merge.after == {"lead_agency_id": new.id}


def test_merge_refuses_cycle(session, make_agency, make_user):
    admin = make_user("admin", "admin")
    a, b = make_agency("Sở A"), make_agency("Sở B")
    services.merge_into(session, admin, AS_OF, a, b)
    with pytest.raises(DomainError):
        services.merge_into(session, admin, AS_OF, b, a)


def test_groups(session, make_agency, make_user):
    admin = make_user("admin", "admin")
    a, b = make_agency("Sở A", order=2), make_agency("Sở B", order=1)
    group = services.create_group(
        session, admin, AS_OF, name="Các sở", member_ids=[a.id, b.id], aliases=["Các sở, ngành"]
    )
    assert [m.name for m in group.members] == ["Sở B", "Sở A"]
    assert services.resolve_group(session, "các sở, ngành").id == group.id
    services.update_group(session, admin, AS_OF, group, member_ids=[a.id])
    assert [m.id for m in group.members] == [a.id]
    with pytest.raises(DomainError):
        services.create_group(session, admin, AS_OF, name="CÁC SỞ")


def test_shipped_directory_resolves_old_names(session):
    counts = directory.load_default(session, None, AS_OF)
    assert counts["created"] == session.query(Agency).count() >= 30
    for old, new in [
        ("Sở TT&TT", "Sở Khoa học và Công nghệ"),
        ("STTTT", "Sở Khoa học và Công nghệ"),
        ("Sở KH&ĐT", "Sở Tài chính"),
        ("Sở GTVT", "Sở Xây dựng"),
        ("Sở TN&MT", "Sở Nông nghiệp và Môi trường"),
        ("Sở NN&PTNT", "Sở Nông nghiệp và Môi trường"),
        ("Sở LĐ-TB&XH", "Sở Nội vụ"),
        ("sở tai chinh", "Sở Tài chính"),
    ]:
        assert services.resolve(session, old).name == new, old
    departments = services.resolve_group(session, "Các sở, ban, ngành")
    assert len(departments.members) == 17 and all(m.active for m in departments.members)
    communes = services.resolve_group(session, "UBND các huyện, thành phố")
    assert communes.name == "UBND các xã, phường" and len(communes.members) == 10
    again = directory.load_default(session, None, AS_OF)
    assert again["created"] == 0 and again["updated"] == counts["created"]
