"""Theo dõi nhiệm vụ: the application factory."""

from __future__ import annotations

import importlib
from pathlib import Path

from flask import Flask, render_template

from tracker.config import ROOT, check_production, from_env, instance_dir, migrations_dir, templates_dir
from tracker.core import clock, settings
from tracker.extensions import csrf, db, login_manager, migrate

PACKAGES = ("auth", "tasks", "documents", "notices", "agencies", "reports", "notifications", "api", "webhooks",
            "core", "ops")


def _has_module(name: str) -> bool:
    """True when the module's file exists (no import: a package only contributes what it has)."""
    return (ROOT / (name.replace(".", "/") + ".py")).exists()


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, template_folder=str(templates_dir()), instance_path=str(instance_dir()))
    app.config.update(from_env())
    if config:
        app.config.update(config)
    check_production(app.config)
    clock.set_timezone(app.config["TIMEZONE"])
    settings.configure(app.config)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        Path(app.config["SQLALCHEMY_DATABASE_URI"][len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)

    import tracker.models  # noqa: F401  (the whole schema, for Alembic)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(migrations_dir()), render_as_batch=True, compare_type=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    _register_blueprints(app)
    from tracker import web

    web.init_app(app)
    return app


def _register_blueprints(app: Flask) -> None:
    """Each domain package with a views module contributes its blueprint `bp`."""
    for package in PACKAGES:
        for role in ("views", "admin_views"):
            name = f"tracker.{package}.{role}"
            if _has_module(name):
                module = importlib.import_module(name)
                app.register_blueprint(module.bp)
                if package == "api" and role == "views":
                    csrf.exempt(module.bp)


__all__ = ["create_app", "db", "render_template"]
