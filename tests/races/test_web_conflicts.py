"""Issue 10 item 3 (web side): the loser of a concurrent write gets 409 "đã có thay đổi, vui lòng tải lại",
never a 500 and never "no permission"."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from tests.conftest import csrf_token, login
from tracker.notifications.models import ReminderLog
from tracker.tasks import services
from tracker.tasks.models import Task

from .helpers import ROUNDS, postgres_only

STALE = "đã có thay đổi, vui lòng tải lại"


def _client(app, username):
    client = app.test_client()
    login(client, username)
    return client


def _race_posts(app, posts) -> list:
    """Each (client, url, data) posted from its own thread and app context (own DB session) at once."""
    barrier = threading.Barrier(len(posts))
    answers: list = [None] * len(posts)

    def run(i, client, url, data):
        with app.app_context():
            barrier.wait()
            try:
                response = client.post(url, data=data)
                answers[i] = (response.status_code, response.get_data(as_text=True))
            except Exception as exc:  # an exception escaping the view is a 500
                answers[i] = (500, repr(exc))

    threads = [threading.Thread(target=run, args=(i, *p)) for i, p in enumerate(posts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return answers


def _fresh_task(world, make_document):
    doc = make_document(world.office, [{"content": "Nhiệm vụ đua", "lead_agency_ids": [world.a.id],
                                        "due_on": world.task.due_on}])
    return doc.tasks[0]


def _reported(world, session, task=None):
    task = task or session.get(Task, world.task.id)
    services.report_completion(session, world.officer_a, task.assigned_on, task, "Đã trình dự thảo")
    session.commit()
    return task


def test_acting_on_a_page_someone_else_already_changed_is_a_conflict_not_403(app, world, session):
    """The office confirmed in another tab: the second confirm says "changed, reload", not "forbidden"."""
    task = _reported(world, session)
    version = task.version
    first, second = _client(app, "vanphong"), _client(app, "vanphong")
    token = csrf_token(second, f"/tasks/{task.id}")
    assert first.post(f"/tasks/{task.id}/confirm", data={"csrf_token": csrf_token(first, f"/tasks/{task.id}"),
                                                         "version": version}).status_code == 302
    late = second.post(f"/tasks/{task.id}/confirm", data={"csrf_token": token, "version": version})
    assert late.status_code == 409 and STALE in late.get_data(as_text=True)


@postgres_only
def test_two_confirms_at_once_one_wins_the_other_409(app, world, session, make_document):
    office1, office2 = _client(app, "vanphong"), _client(app, "admin")
    for _ in range(ROUNDS):
        task = _reported(world, session, _fresh_task(world, make_document))
        posts = [(c, f"/tasks/{task.id}/confirm", {"csrf_token": csrf_token(c, f"/tasks/{task.id}"),
                                                   "version": task.version}) for c in (office1, office2)]
        codes = sorted(code for code, _ in _race_posts(app, posts))
        assert codes == [302, 409], codes
        session.expire_all()
        task = session.get(Task, task.id)
        assert task.status == "done"


@postgres_only
def test_two_ad_hoc_reminders_at_once_send_one(app, world, session, make_document):
    office1, office2 = _client(app, "vanphong"), _client(app, "admin")
    for n in range(ROUNDS):
        task_id = _fresh_task(world, make_document).id
        posts = [(c, f"/tasks/{task_id}/remind", {"csrf_token": csrf_token(c, f"/tasks/{task_id}"),
                                                  "note": f"Nhắc lần {n}"}) for c in (office1, office2)]
        answers = _race_posts(app, posts)
        assert all(code < 500 for code, _ in answers), [code for code, _ in answers]
        assert session.scalar(select(func.count(ReminderLog.id)).where(ReminderLog.task_id == task_id)) == 1
