"""Checkout entry point (gunicorn wsgi:app); an installed wheel uses tracker.wsgi:app."""

from tracker.wsgi import app  # noqa: F401
