# Sourced by scripts/run and scripts/test: make .venv and install the project when pyproject changed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
pick_python() {
  for candidate in "${PYTHON:-}" python3 python3.13 python3.12 python3.11; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c "import sys; sys.exit(sys.version_info < (3, 11))" 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "Cần Python 3.11 trở lên (Python 3.11+ is required)." >&2; return 1
}
ensure_venv() {  # $1: pip extras spec, e.g. "." or ".[dev]"
  local spec="$1" stamp=".venv/.installed-$(echo "$1" | tr -c 'a-z' '_')"
  if [ ! -x .venv/bin/python ]; then
    "$(pick_python)" -m venv .venv
    .venv/bin/python -m pip install -q --upgrade pip
  fi
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    .venv/bin/python -m pip install -q -e "$spec"
    touch "$stamp"
  fi
}
