"""Safe retries (Idempotency-Key), conflicts under concurrency (PostgreSQL) and the changes feed."""

import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from tracker.documents.models import Document
from tracker.tasks import services

DOC = {"number": "77/TB-UBND", "tasks": [{"content": "Rà soát", "lead": ["Sở Tài chính"], "due": "2024-11-30"}]}


def _documents(session):
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Document))


def test_same_key_and_body_replays_the_first_response(api, world, session):
    before = _documents(session)
    first = api("POST", "/documents", "vanphong", json=DOC, headers={"Idempotency-Key": "k-1"})
    again = api("POST", "/documents", "vanphong", json=DOC, headers={"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 201
    assert again.json == first.json and again.headers["Idempotent-Replayed"] == "true"
    assert _documents(session) == before + 1


def test_same_key_other_body_is_a_conflict(api, world, session):
    api("POST", "/documents", "vanphong", json=DOC, headers={"Idempotency-Key": "k-2"})
    other = api("POST", "/documents", "vanphong", json=dict(DOC, number="78/TB-UBND"), headers={"Idempotency-Key": "k-2"})
    assert other.status_code == 409 and other.json["type"].endswith("idempotency-key-reused")
    assert _documents(session) == 2  # the world's document and the first


def test_keys_belong_to_one_token_and_failures_are_not_remembered(api, world, session):
    bad = api("POST", f"/tasks/{world.task.id}/progress", "stc", json={"text": 5}, headers={"Idempotency-Key": "p"})
    assert bad.status_code == 422
    ok = api("POST", f"/tasks/{world.task.id}/progress", "stc", json={"text": "Đang làm"}, headers={"Idempotency-Key": "p"})
    assert ok.status_code == 200
    replay = api("POST", f"/tasks/{world.task.id}/progress", "stc", json={"text": "Đang làm"},
                 headers={"Idempotency-Key": "p"})
    assert replay.json == ok.json
    session.refresh(world.task)
    assert len([u for u in world.task.updates if u.kind == "progress"]) == 1
    # the office's token has its own key space
    assert api("POST", "/documents", "vanphong", json=DOC, headers={"Idempotency-Key": "p"}).status_code == 201


def test_bad_idempotency_key_is_400(api):
    response = api("POST", "/documents", "vanphong", json=DOC, headers={"Idempotency-Key": "x" * 201})
    assert response.status_code == 400 and response.content_type == "application/problem+json"


def _parallel(app, calls):
    """Run each call in its own thread with its own app context, started together."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        with app.app_context():
            client = app.test_client()
            barrier.wait()
            results[i] = call(client)

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.postgres
def test_concurrent_same_key_creates_one_document(api, app, session, db):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("needs PostgreSQL")
    headers = {"Authorization": f"Bearer {api.keys['vanphong', 'write']}", "Idempotency-Key": "race"}
    for n in range(5):
        body = dict(DOC, number=f"{n}/race")
        headers["Idempotency-Key"] = f"race-{n}"
        results = _parallel(app, [lambda c, b=body, h=dict(headers): c.post("/api/v1/documents", json=b, headers=h)] * 2)
        assert {r.status_code for r in results} == {201}
        assert results[0].json == results[1].json
    assert _documents(session) == 1 + 5


@pytest.mark.postgres
def test_concurrent_confirm_and_return_one_wins_the_other_gets_409(api, world, app, session, db):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("needs PostgreSQL")
    office = {"Authorization": f"Bearer {api.keys['vanphong', 'write']}"}
    admin = {"Authorization": f"Bearer {api.keys['admin', 'write']}"}
    for _ in range(6):
        task = world.task
        services.report_completion(session, world.officer_a, date(2024, 10, 9), task, "Xong")
        session.commit()
        version = task.version
        path = f"/api/v1/tasks/{task.id}"
        results = _parallel(app, [
            lambda c, p=path, v=version: c.post(f"{p}/confirm", json={"version": v}, headers=office),
            lambda c, p=path, v=version: c.post(f"{p}/return", json={"version": v, "reason": "Thiếu"}, headers=admin),
        ])
        codes = sorted(r.status_code for r in results)
        assert codes == [200, 409], [r.json for r in results]
        loser = next(r for r in results if r.status_code == 409)
        assert "tải lại" in loser.json["detail"] and loser.json["current_version"] == version + 1
        session.expire_all()
        if task.status == "done":
            break
        # returned: report again for the next round


def test_changes_feed_in_order_with_cursor(api, world, session):
    first = api("GET", "/changes", "vanphong").json
    kinds = [(i["entity"], i["id"]) for i in first["items"]]
    assert kinds == [("document", world.doc.id), ("task", world.task.id)]
    assert [i["cursor"] for i in first["items"]] == sorted(i["cursor"] for i in first["items"])
    cursor = first["next"]
    assert api("GET", f"/changes?since={cursor}", "vanphong").json["items"] == []
    api("POST", f"/tasks/{world.task.id}/progress", "stc", json={"text": "Đang làm"})
    later = api("GET", f"/changes?since={cursor}", "vanphong").json
    assert [(i["entity"], i["id"], i["action"]) for i in later["items"]] == [("task", world.task.id, "progress")]
    assert later["items"][0]["task"]["status"] == "in_progress" and later["next"] > cursor


def test_changes_feed_pages_and_respects_visibility(api, world, make_document, session):
    make_document(world.office, [{"content": f"Việc {i}", "lead_agency_ids": [world.b.id]} for i in range(3)])
    session.commit()
    seen, cursor, more = [], 0, True
    while more:
        page = api("GET", f"/changes?since={cursor}&limit=2", "vanphong").json
        seen += [(i["entity"], i["id"]) for i in page["items"]]
        cursor, more = page["next"], page["more"]
    assert len([s for s in seen if s[0] == "task"]) == 4 and len([s for s in seen if s[0] == "document"]) == 2
    mine = api("GET", "/changes?limit=200", "stc").json["items"]
    assert {i["id"] for i in mine if i["entity"] == "task"} == {world.task.id}


def test_changes_wait_for_recent_writes_to_settle(api, world, app, monkeypatch):
    monkeypatch.setitem(app.config, "API_CHANGES_SETTLE_SECONDS", 3600)
    assert api("GET", "/changes", "vanphong").json == {"items": [], "next": 0, "more": False}
