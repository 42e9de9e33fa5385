"""Agency administration pages: admin only, CSRF, Vietnamese errors, data unchanged on bad input."""

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_token, login
from tracker.agencies.models import Agency, AgencyAlias, AgencyGroup


@pytest.fixture
def admin_client(client, make_user):
    make_user("admin", "admin")
    login(client, "admin")
    return client


def post(client, path, data, page="/agencies"):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, page)})


@pytest.mark.parametrize("role", ["office", "leader", "agency"])
def test_non_admin_forbidden(client, make_user, make_agency, role):
    agency = make_agency("Sở Y tế")
    make_user("u1", role, agency=agency if role == "agency" else None)
    login(client, "u1")
    for path in ("/agencies", f"/agencies/{agency.id}", "/agencies/groups"):
        assert client.get(path).status_code == 403, path


def test_create_and_list(admin_client, session):
    response = post(
        admin_client,
        "/agencies",
        {
            "name": "Sở Tư pháp",
            "short_name": "STP",
            "kind": "so_nganh",
            "order": 3,
            "aliases": "Sở TP; Tư pháp",
        },
    )
    assert response.status_code == 302
    agency = session.scalars(select(Agency)).one()
    assert sorted(a.alias for a in agency.aliases) == ["Sở TP", "Tư pháp"]
    page = admin_client.get("/agencies").get_data(as_text=True)
    assert "Sở Tư pháp" in page and "Sở TP" in page


def test_duplicate_name_refused(admin_client, session, make_agency):
    make_agency("Sở Tư pháp")
    session.commit()
    response = post(admin_client, "/agencies", {"name": "SỞ TU PHAP", "kind": "so_nganh", "order": 0})
    assert response.status_code == 400
    assert "đã được dùng" in response.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(Agency)) == 1


def test_rename_alias_and_duplicate_alias(admin_client, session, make_agency):
    a = make_agency("Sở Văn hóa và Thể thao")
    b = make_agency("Sở Y tế")
    session.commit()
    page = f"/agencies/{a.id}"
    assert (
        post(
            admin_client, f"{page}/rename", {"rename-name": "Sở Văn hóa, Thể thao và Du lịch"}, page
        ).status_code
        == 302
    )
    session.refresh(a)
    assert a.name == "Sở Văn hóa, Thể thao và Du lịch"
    assert [x.alias for x in a.aliases] == ["Sở Văn hóa và Thể thao"]
    assert post(admin_client, f"{page}/aliases", {"alias-alias": "Sở VHTTDL"}, page).status_code == 302
    dup = post(admin_client, f"/agencies/{b.id}/aliases", {"alias-alias": "sở vhttdl"}, f"/agencies/{b.id}")
    assert dup.status_code == 400 and "đã được dùng" in dup.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(AgencyAlias)) == 2
    alias = session.scalars(select(AgencyAlias).where(AgencyAlias.alias == "Sở VHTTDL")).one()
    assert post(admin_client, f"{page}/aliases/{alias.id}/remove", {}, page).status_code == 302
    assert session.scalar(select(func.count()).select_from(AgencyAlias)) == 1


def test_merge_from_page(admin_client, session, make_agency, make_user, make_document):
    office = make_user("vp", "office")
    old, new = make_agency("Sở Giao thông vận tải"), make_agency("Sở Xây dựng")
    doc = make_document(
        office, [{"content": "Sửa đường", "lead_agency_ids": [old.id], "due_on": date(2024, 12, 1)}]
    )
    page = f"/agencies/{old.id}"
    response = post(admin_client, f"{page}/merge", {"merge-successor_id": new.id}, page)
    assert response.status_code == 302
    session.expire_all()
    assert doc.tasks[0].lead_agency_id == new.id
    assert session.get(Agency, old.id).active is False
    refused = post(
        admin_client, f"/agencies/{new.id}/merge", {"merge-successor_id": new.id}, f"/agencies/{new.id}"
    )
    assert refused.status_code == 400 and session.get(Agency, new.id).active is True


def test_groups_create_and_edit(admin_client, session, make_agency):
    a, b = make_agency("Sở A"), make_agency("Sở B")
    session.commit()
    response = admin_client.post(
        "/agencies/groups",
        data={
            "name": "Các sở",
            "aliases": "Các sở ngành\nCác sở, ngành",
            "member_ids": [a.id, b.id],
            "csrf_token": csrf_token(admin_client, "/agencies/groups"),
        },
    )
    assert response.status_code == 302
    group = session.scalars(select(AgencyGroup)).one()
    assert {m.id for m in group.members} == {a.id, b.id}
    path = f"/agencies/groups/{group.id}"
    response = admin_client.post(
        path,
        data={
            "name": "Các sở, ban, ngành",
            "member_ids": [a.id],
            "csrf_token": csrf_token(admin_client, path),
        },
    )
    assert response.status_code == 302
    session.expire_all()
    group = session.get(AgencyGroup, group.id)
    assert group.name == "Các sở, ban, ngành" and [m.id for m in group.members] == [a.id]
    empty = admin_client.post(
        "/agencies/groups", data={"name": "", "csrf_token": csrf_token(admin_client, path)}
    )
    assert empty.status_code == 400 and "Vui lòng nhập tên nhóm" in empty.get_data(as_text=True)


def test_post_without_csrf_refused(admin_client, session):
    response = admin_client.post("/agencies", data={"name": "Sở X", "kind": "so_nganh"})
    assert response.status_code == 400
    assert session.scalar(select(func.count()).select_from(Agency)) == 0
