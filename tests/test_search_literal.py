"""`%` and `_` typed in a search box match themselves, not "anything"."""

from __future__ import annotations

from tests.conftest import login


def test_document_search_treats_percent_and_underscore_literally(client, world, make_document):
    make_document(world.office, [{"content": "Việc khác", "lead_agency_ids": [world.a.id]}],
                  number="77/TB-UBND", summary="Giảm 50% thủ tục")
    login(client, "vanphong")
    page = client.get("/documents", query_string={"q": "%"}).get_data(as_text=True)
    assert "77/TB-UBND" in page and world.doc.number not in page
    page = client.get("/documents", query_string={"q": "_"}).get_data(as_text=True)
    assert "77/TB-UBND" not in page and world.doc.number not in page


def test_user_search_treats_percent_and_underscore_literally(client, world, make_user):
    make_user("nguyen_van_a", "office", full_name="Nguyễn Văn A")
    login(client, "admin")
    page = client.get("/admin/users", query_string={"q": "_"}).get_data(as_text=True)
    assert "nguyen_van_a" in page and "vanphong" not in page
    page = client.get("/admin/users", query_string={"q": "%"}).get_data(as_text=True)
    assert "nguyen_van_a" not in page and "vanphong" not in page
