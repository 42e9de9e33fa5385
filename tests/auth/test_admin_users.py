"""User administration: admin only, CSRF, Vietnamese messages, data unchanged on bad input."""

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_token, login
from tracker.auth import services
from tracker.auth.models import User
from tracker.core.errors import DomainError
from tracker.core.models import JournalEntry


@pytest.fixture
def admin_client(client, make_user, make_agency):
    make_agency("Sở Tài chính")
    make_user("admin", "admin")
    login(client, "admin")
    return client


def post(client, path, data, page="/admin/users/new"):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, page)})


def count(session):
    return session.scalar(select(func.count()).select_from(User))


@pytest.mark.parametrize("role", ["office", "leader", "agency"])
def test_non_admin_forbidden(client, make_user, make_agency, role):
    agency = make_agency("Sở Y tế")
    make_user("u1", role, agency=agency if role == "agency" else None)
    login(client, "u1")
    assert client.get("/admin/users").status_code == 403
    assert client.get("/admin/users/new").status_code == 403
    assert client.post("/admin/users/new", data={"username": "x"}).status_code in (400, 403)


def test_anonymous_redirected_to_login(client):
    response = client.get("/admin/users")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_create_agency_user_and_leader(admin_client, session, make_agency):
    from tracker.agencies.models import Agency

    agency = session.scalars(select(Agency)).one()
    response = post(
        admin_client,
        "/admin/users/new",
        {
            "username": "STC.CanBo",
            "password": "matkhau123",
            "role": "agency",
            "agency_id": agency.id,
            "full_name": "Cán bộ STC",
            "email": "stc@example.vn",
            "is_agency_head": "y",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    user = session.scalars(select(User).where(User.username == "stc.canbo")).one()
    assert user.agency_id == agency.id and user.is_agency_head and user.check_password("matkhau123")
    response = post(
        admin_client,
        "/admin/users/new",
        {
            "username": "pct",
            "password": "matkhau123",
            "role": "leader",
            "agency_id": 0,
            "fields": "Kinh tế, Chuyển đổi số ,",
            "title": "Phó Chủ tịch UBND tỉnh",
        },
    )
    assert response.status_code == 302
    leader = session.scalars(select(User).where(User.username == "pct")).one()
    assert leader.fields == ["Kinh tế", "Chuyển đổi số"] and leader.agency_id is None
    listing = admin_client.get("/admin/users?role=leader").get_data(as_text=True)
    assert "pct" in listing and "stc.canbo" not in listing


@pytest.mark.parametrize(
    "data, message",
    [
        ({"username": "admin", "password": "matkhau123", "role": "office"}, "đã tồn tại"),
        ({"username": "moi", "password": "ngan", "role": "office"}, "ít nhất 8 ký tự"),
        (
            {"username": "moi", "password": "matkhau123", "role": "agency", "agency_id": 0},
            "phải gắn với một cơ quan",
        ),
    ],
)
def test_bad_input_is_refused(admin_client, session, data, message):
    before = count(session)
    response = post(admin_client, "/admin/users/new", data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count(session) == before


def test_post_without_csrf_is_refused(admin_client, session):
    before = count(session)
    response = admin_client.post(
        "/admin/users/new", data={"username": "x1", "password": "matkhau123", "role": "office"}
    )
    assert response.status_code == 400 and count(session) == before


def test_edit_deactivate_reactivate_reset(admin_client, session, make_user, client):
    user = make_user("vp2", "office")
    session.commit()
    page = f"/admin/users/{user.id}"
    response = post(
        admin_client,
        page,
        {"role": "leader", "agency_id": 0, "fields": "Nội chính", "full_name": "Lãnh đạo mới", "email": ""},
        page,
    )
    assert response.status_code == 302
    session.refresh(user)
    assert user.role == "leader" and user.fields == ["Nội chính"] and user.full_name == "Lãnh đạo mới"
    bad = post(admin_client, page, {"role": "agency", "agency_id": 0}, page)
    assert bad.status_code == 400 and "phải gắn với một cơ quan" in bad.get_data(as_text=True)
    session.refresh(user)
    assert user.role == "leader"
    assert post(admin_client, f"{page}/deactivate", {}, page).status_code == 302
    session.refresh(user)
    assert user.active is False
    assert post(admin_client, f"{page}/reactivate", {}, page).status_code == 302
    session.refresh(user)
    assert user.active is True
    short = post(admin_client, f"{page}/password", {"password": "123"}, page)
    assert short.status_code == 400 and "ít nhất 8 ký tự" in short.get_data(as_text=True)
    assert post(admin_client, f"{page}/password", {"password": "matkhaumoi9"}, page).status_code == 302
    session.refresh(user)
    assert user.check_password("matkhaumoi9")
    actions = set(
        session.scalars(
            select(JournalEntry.action).where(
                JournalEntry.entity == "user", JournalEntry.entity_id == user.id
            )
        )
    )
    assert {"edit", "deactivate", "reactivate", "reset_password"} <= actions


def test_deactivated_user_cannot_log_in(admin_client, session, make_user):
    user = make_user("tam", "office")
    session.commit()
    page = f"/admin/users/{user.id}"
    post(admin_client, f"{page}/deactivate", {}, page)
    with pytest.raises(DomainError, match="vô hiệu hóa"):
        services.attempt_login(session, "tam", "matkhau123")


def test_admin_cannot_deactivate_self(admin_client, session):
    me = session.scalars(select(User).where(User.username == "admin")).one()
    page = f"/admin/users/{me.id}"
    response = post(admin_client, f"{page}/deactivate", {}, page)
    assert response.status_code == 400
    session.refresh(me)
    assert me.active is True


def test_unknown_user_404(admin_client):
    assert admin_client.get("/admin/users/9999").status_code == 404
