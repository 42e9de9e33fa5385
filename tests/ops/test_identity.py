"""The province's identity: env defaults, the admin's page (journaled), and every .docx / the brief use it."""

from __future__ import annotations

import io

import pytest
from docx import Document as Docx
from sqlalchemy import select

from tests.conftest import csrf_token, login
from tracker.core import identity
from tracker.core.models import JournalEntry

ENV = {"report_issuer": "TỈNH QUẢNG TRỊ", "place": "Đông Hà", "report_signer_name": "Nguyễn Văn Ký"}
ADMIN = {"report_issuer": "TỈNH HÀ TĨNH", "report_symbol": "BC-VP", "report_signer_title": "KT. CHỦ TỊCH",
         "report_signer_name": "Trần Thị Hồng", "office_parent": "UBND TỈNH HÀ TĨNH", "office_name": "VĂN PHÒNG",
         "office_full_name": "Văn phòng UBND tỉnh Hà Tĩnh", "letter_symbol": "VPUB-TH",
         "letter_signer_title": "PHÓ CHÁNH VĂN PHÒNG", "letter_signer_name": "Lê Văn Đôn", "place": "Hà Tĩnh"}


def _text(data: bytes) -> str:
    """Every paragraph of the document, including those inside tables (the header and signature blocks)."""
    doc = Docx(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.extend(p.text for p in cell.paragraphs)
    return "\n".join(parts)


@pytest.fixture
def env_identity(app, monkeypatch):
    monkeypatch.setitem(app.config, "PROVINCE", dict(ENV))


def _save(client, values: dict):
    token = csrf_token(client, "/admin/province")
    data = {name: values.get(name, "") for name in identity.FIELDS}
    return client.post("/admin/province", data={**data, "csrf_token": token})


def test_env_defaults_reach_the_report_docx(client, world, env_identity):
    login(client, "vanphong")
    response = client.get("/reports/export.docx?as_of=2024-10-20")
    assert response.status_code == 200
    text = _text(response.data)
    assert "TỈNH QUẢNG TRỊ" in text and "Nguyễn Văn Ký" in text
    assert "Đông Hà, ngày 20 tháng 10 năm 2024" in text


def test_admin_values_reach_report_letter_and_brief(app, client, world, env_identity, session):
    login(client, "admin")
    assert _save(client, ADMIN).status_code == 302
    client = app.test_client()
    login(client, "vanphong")
    report = _text(client.get("/reports/export.docx?as_of=2024-10-20").data)
    assert "TỈNH HÀ TĨNH" in report and "TỈNH QUẢNG TRỊ" not in report
    assert "Số:        /BC-VP" in report and "KT. CHỦ TỊCH" in report and "Trần Thị Hồng" in report
    assert "Hà Tĩnh, ngày 20 tháng 10 năm 2024" in report

    token = csrf_token(client, "/notifications/letters")
    response = client.post("/notifications/letters", data={"csrf_token": token, "agency_id": world.a.id})
    assert response.status_code == 200
    letter = _text(response.data)
    for expected in ("UBND TỈNH HÀ TĨNH", "Số:        /VPUB-TH", "PHÓ CHÁNH VĂN PHÒNG", "Lê Văn Đôn",
                     "Theo dõi của Văn phòng UBND tỉnh Hà Tĩnh", "Hà Tĩnh, ngày"):
        assert expected in letter, expected
    assert "........" not in letter

    brief = client.get("/reports/brief?as_of=2024-10-20").get_data(as_text=True)
    assert "TỈNH HÀ TĨNH" in brief and "Hà Tĩnh, ngày 20 tháng 10 năm 2024" in brief


def test_identity_change_is_journaled_and_blank_falls_back(client, world, env_identity, session):
    login(client, "admin")
    _save(client, {"place": "Hà Tĩnh"})
    _save(client, {"place": ""})
    entries = session.scalars(select(JournalEntry).where(JournalEntry.entity == "province_identity")
                              .order_by(JournalEntry.id)).all()
    assert [(e.before, e.after) for e in entries] == [({"place": ""}, {"place": "Hà Tĩnh"}),
                                                      ({"place": "Hà Tĩnh"}, {"place": ""})]
    assert entries[0].actor_id == world.admin.id
    assert identity.load(session, ENV).place == "Đông Hà"


def test_too_long_a_line_changes_nothing(client, world, session):
    login(client, "admin")
    response = _save(client, {"place": "x" * 300})
    assert response.status_code == 400 and "tối đa 255 ký tự" in response.get_data(as_text=True)
    assert session.get(identity.ProvinceIdentity, 1) is None


def test_only_admins_open_the_page(app, client, world):
    login(client, "vanphong")
    assert client.get("/admin/province").status_code == 403
    client = app.test_client()
    login(client, "admin")
    page = client.get("/admin/province")
    assert page.status_code == 200 and "Thông tin đơn vị" in page.get_data(as_text=True)
