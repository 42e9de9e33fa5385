"""The deployment guide installs from deploy/requirements.lock: it must pin every runtime dependency."""

import re
import tomllib

from tracker.config import ROOT


def _name(spec: str) -> str:
    return re.split(r"[\s<>=!~;\[]", spec, maxsplit=1)[0].lower().replace("_", "-")


def test_lock_pins_every_runtime_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lock = (ROOT / "deploy" / "requirements.lock").read_text().lower()
    pinned = {m.group(1).replace("_", "-") for m in re.finditer(r"^([a-z0-9][a-z0-9._-]*)==", lock, re.M)}
    missing = sorted(_name(spec) for spec in project["dependencies"] if _name(spec) not in pinned)
    assert missing == [], f"regenerate deploy/requirements.lock (see its first lines): {missing}"
