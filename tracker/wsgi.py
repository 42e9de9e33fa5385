"""The WSGI entry point (gunicorn tracker.wsgi:app): a bad setting prints one line and stops the boot."""

import sys

from tracker import create_app
from tracker.config import ConfigError

try:
    app = create_app()
except ConfigError as exc:
    print(f"tracker: configuration error: {exc}", file=sys.stderr, flush=True)
    sys.exit(3)  # gunicorn's "worker failed to boot": the arbiter stops instead of respawning
