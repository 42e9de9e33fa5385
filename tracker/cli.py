"""The `tracker` command: Flask's group plus each package's commands (`commands.COMMANDS`, or every
click command named `*_command` in that module)."""

from __future__ import annotations

import importlib

import click
from flask.cli import FlaskGroup

from tracker import PACKAGES, _has_module, create_app

cli = FlaskGroup(create_app=create_app, help="Theo dõi nhiệm vụ — quản trị và vận hành.")


def _commands(module) -> list[click.Command]:
    listed = getattr(module, "COMMANDS", None)
    if listed is not None:
        return list(listed)
    return [v for k, v in vars(module).items() if k.endswith("_command") and isinstance(v, click.Command)]


for _package in PACKAGES:
    _name = f"tracker.{_package}.commands"
    if _has_module(_name):
        for _command in _commands(importlib.import_module(_name)):
            cli.add_command(_command)
