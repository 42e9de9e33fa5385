"""Fixtures of tests/notifications/helpers.py for this folder."""

from tests.notifications import helpers

people = helpers.people
smtp_port = helpers.smtp_port
smtp_server = helpers.smtp_server
