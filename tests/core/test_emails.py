"""E-mail fields are checked (email-validator, syntax only) in the one service that stores them."""

import pytest

from tracker.auth import services
from tracker.core.emails import clean_email
from tracker.core.errors import DomainError


@pytest.mark.parametrize(("given", "expected"), [
    ("  vanphong@quangtri.gov.vn ", "vanphong@quangtri.gov.vn"), ("", None), (None, None),
    ("Chanh.VP@Example.VN", "Chanh.VP@example.vn"),
])
def test_clean_email(given, expected):
    assert clean_email(given) == expected


@pytest.mark.parametrize("bad", ["khong-phai-email", "a@", "a b@example.vn", "x@@example.vn"])
def test_bad_email_is_refused(bad):
    with pytest.raises(DomainError, match="Địa chỉ thư điện tử không hợp lệ"):
        clean_email(bad)


def test_create_user_refuses_a_bad_email_and_adds_nothing(session, world):
    from tracker.auth.models import User

    before = session.query(User).count()
    with pytest.raises(DomainError):
        services.create_user(session, world.admin, world.doc.issued_on, username="moi", password="matkhau123",
                             role="office", email="khong-phai-email")
    assert session.query(User).count() == before
