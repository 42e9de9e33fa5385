"""The built wheel runs outside the checkout: it carries migrations and templates, upgrades a database
and serves pages (installed with --no-deps into a fresh venv that borrows this venv's dependencies)."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "tracker", "templates", "migrations")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src, dist = tmp_path_factory.mktemp("src"), tmp_path_factory.mktemp("dist")
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"))
        else:
            shutil.copy2(path, src / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist),
                    str(src)], check=True, timeout=300, capture_output=True)
    return next(dist.glob("tracker-*.whl"))


def test_wheel_carries_migrations_and_templates(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "tracker/_migrations/env.py" in names and "tracker/_migrations/alembic.ini" in names
    assert any(n.startswith("tracker/_migrations/versions/") and n.endswith("_0001_initial_schema.py") for n in names)
    assert "tracker/_templates/base.html" in names and "tracker/_templates/ops/province.html" in names
    assert "tracker/static/app.css" in names and "tracker/wsgi.py" in names


def test_installed_wheel_upgrades_a_database_and_serves_a_page(wheel, tmp_path):
    venv, work = tmp_path / "venv", tmp_path / "run"
    work.mkdir()
    subprocess.run([getattr(sys, "_base_executable", sys.executable), "-m", "venv", "--without-pip", str(venv)],
                   check=True, timeout=120)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)}))
    # The dependencies come from this venv (a path entry only: its editable-install hook is not run).
    (site / "borrowed-deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "--no-deps",
                    "--no-index", "-q", str(wheel)], check=True, timeout=300, capture_output=True)
    python = str(venv / "bin" / "python")
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "TRACKER_DATABASE_URL": f"sqlite:///{work / 'tracker.db'}",
           "TRACKER_UPLOAD_DIR": str(work / "uploads"), "HOME": str(tmp_path)}
    where = subprocess.run([python, "-c", "import tracker; print(tracker.__file__)"], env=env, cwd=work,
                           capture_output=True, text=True, timeout=60, check=True).stdout
    assert where.startswith(str(venv)), where
    upgrade = subprocess.run([str(venv / "bin" / "tracker"), "db", "upgrade"], env=env, cwd=work,
                             capture_output=True, text=True, timeout=120)
    assert upgrade.returncode == 0, upgrade.stderr
    port = _free_port()
    server = subprocess.Popen([python, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}",
                               "tracker.wsgi:app"], env=env, cwd=work, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, page = _get(f"http://127.0.0.1:{port}/login")
                break
            except OSError:  # not listening yet (URLError and timeouts are OSErrors)
                assert server.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.3)
        assert status == 200 and "Đăng nhập" in page
        status, body = _get(f"http://127.0.0.1:{port}/ready")
        assert json.loads(body)["checks"]["migrations"]["ok"] is True
    finally:
        server.terminate()
        server.wait(timeout=30)
