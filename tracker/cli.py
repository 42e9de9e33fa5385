"""The `tracker` command: Flask's group plus each package's commands (`commands.COMMANDS`, or every
click command named `*_command` in that module)."""

from __future__ import annotations

import importlib
import sys

import click
from flask.cli import FlaskGroup, with_appcontext

from tracker import PACKAGES, _has_module, create_app
from tracker.config import ConfigError


def _create_app():
    """The app for a command; a bad setting is one line on stderr and exit status 1, not a traceback."""
    try:
        return create_app()
    except ConfigError as exc:
        click.echo(f"tracker: configuration error: {exc}", err=True)
        sys.exit(1)


cli = FlaskGroup(create_app=_create_app, help="Theo dõi nhiệm vụ — quản trị và vận hành.")


def _commands(module) -> list[click.Command]:
    listed = getattr(module, "COMMANDS", None)
    if listed is not None:
        return list(listed)
    return [v for k, v in vars(module).items() if k.endswith("_command") and isinstance(v, click.Command)]


def _in_app_context(command: click.Command) -> click.Command:
    """Run every command inside the app (DB, config), as `app.cli` commands are; nesting is harmless."""
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _in_app_context(sub)
    elif command.callback is not None and not getattr(command.callback, "_tracker_ctx", False):
        command.callback = with_appcontext(command.callback)
        command.callback._tracker_ctx = True
    return command


for _package in PACKAGES:
    _name = f"tracker.{_package}.commands"
    if _has_module(_name):
        for _command in _commands(importlib.import_module(_name)):
            cli.add_command(_in_app_context(_command))
