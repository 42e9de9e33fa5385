"""The `tracker` command: Flask's group plus each package's `commands.COMMANDS`."""

from __future__ import annotations

import importlib

from flask.cli import FlaskGroup

from tracker import PACKAGES, _has_module, create_app

cli = FlaskGroup(create_app=create_app, help="Theo dõi nhiệm vụ — quản trị và vận hành.")

for _package in PACKAGES:
    _name = f"tracker.{_package}.commands"
    if _has_module(_name):
        for _command in importlib.import_module(_name).COMMANDS:
            cli.add_command(_command)
