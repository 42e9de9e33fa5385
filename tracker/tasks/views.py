"""Task list and task page (stub until the web UI work lands)."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from tracker.auth.permissions import visible_tasks
from tracker.extensions import db

bp = Blueprint("tasks", __name__)


@bp.route("/")
@bp.route("/tasks")
@login_required
def index():
    tasks = db.session.scalars(visible_tasks(current_user).limit(50)).all()
    return render_template("tasks/index.html", tasks=tasks)
