"""An agency user learns nothing about other agencies' ids: an existing record it may not see answers
exactly like an id that does not exist, on every route that takes an id."""

from __future__ import annotations

import re

import pytest

from tests.conftest import csrf_token, login
from tracker.documents.files import Upload
from tracker.notifications.services import deliver
from tracker.tasks import services

MISSING = 987654


@pytest.fixture
def hidden(world, make_agency, make_user, session):
    """Agency C's officer sees none of this: A's task with a file, a notification for A's officer."""
    world.c = make_agency("Sở Y tế", order=3)
    world.officer_c = make_user("syt", "agency", agency=world.c)
    services.add_progress(session, world.officer_a, world.task.assigned_on, world.task, "Đang làm",
                          uploads=[Upload("bien-ban.txt", b"bien ban hop")])
    deliver(session, world.officer_a, "assigned", "Nhiệm vụ mới", task=world.task)
    session.commit()
    from tracker.documents.models import Attachment
    from tracker.notifications.models import Notification

    world.ids = {"task_id": world.task.id, "doc_id": world.doc.id,
                 "attachment_id": session.query(Attachment.id).limit(1).scalar(),
                 "notification_id": session.query(Notification.id).limit(1).scalar()}
    return world


def _routes(app, names):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(("/api/", "/static")):
            continue
        args = set(rule.arguments)
        if args & set(names):
            yield rule


def test_existing_hidden_ids_answer_like_missing_ones(app, client, hidden):
    login(client, "syt")
    token = csrf_token(client, "/tasks")
    differences = []
    for rule in _routes(app, hidden.ids):
        for method in sorted(rule.methods & {"GET", "POST"}):
            answers = []
            for which in ("hidden", "missing"):
                values = {n: (hidden.ids[n] if which == "hidden" else MISSING) for n in rule.arguments
                          if n in hidden.ids}
                values.update({n: "progress" for n in rule.arguments if n == "action"})
                path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda m, v=values: str(v[m.group(1)]), rule.rule)
                response = client.open(path, method=method, data={"csrf_token": token} if method == "POST" else None)
                answers.append(response.status_code)
            if answers[0] != answers[1]:
                differences.append(f"{method} {rule.rule}: hidden {answers[0]}, missing {answers[1]}")
    assert not differences, "\n".join(differences)
