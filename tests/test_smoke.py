from tests.conftest import login


def test_login_then_task_list_shows_only_own_agency(client, world):
    assert login(client, "sxd").status_code == 302
    assert "chuyển đổi số" in client.get("/tasks").get_data(as_text=True)  # co-agency sees it


def test_wrong_password_is_refused_in_vietnamese(client, world):
    response = login(client, "stc", "sai-mat-khau")
    assert response.status_code == 401
    assert "không đúng" in response.get_data(as_text=True)
