"""Fixtures: a real SMTP server (aiosmtpd on a free local port) and a small world with e-mail addresses."""

from __future__ import annotations

import socket
from datetime import date

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        msg = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append({"to": list(envelope.rcpt_tos), "subject": str(msg["Subject"]), "msg": msg,
                              "text": msg.get_body(("plain",)).get_content(),
                              "html": (msg.get_body(("html",)) or msg).get_content()})
        return "250 OK"

    def to(self, addr):
        return [m for m in self.messages if addr in m["to"]]


@pytest.fixture
def smtp_port():
    return free_port()


@pytest.fixture
def smtp_server(app, smtp_port, monkeypatch):
    """Start a real SMTP server and point the app at it (SMTP_URL is '' otherwise)."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    monkeypatch.setitem(app.config, "SMTP_URL", f"smtp://127.0.0.1:{smtp_port}")
    yield inbox
    controller.stop()


@pytest.fixture
def people(world, make_user, session):
    """world + e-mail addresses, an agency head for A, the leader in charge of the task."""
    w = world
    w.officer_a.email = "stc@example.vn"
    w.officer_b.email = "sxd@example.vn"
    w.office.email = "vanphong@example.vn"
    w.leader.email = "lanhdao@example.vn"
    w.head_a = make_user("gd_stc", "agency", agency=w.a, is_agency_head=True, email="giamdoc@example.vn")
    w.task.leader_id = w.leader.id
    w.task.field = "Kinh tế"
    session.commit()
    return w


DUE = date(2024, 10, 15)  # the world's task deadline (a Tuesday)
