"""Structured logs: one JSON object per line on stderr (journald or a file keeps them).

A record's `extra={"fields": {...}}` becomes top-level keys, so `jq 'select(.request_id == "...")'`
finds a user's complaint by the id shown on their error page.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

_HANDLER_FLAG = "_tracker_json"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {"time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
                "level": record.levelname.lower(), "logger": record.name, "message": record.getMessage()}
        line.update(getattr(record, "fields", None) or {})
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def configure(fmt: str) -> None:
    """JSON: the `tracker` loggers write JSON lines at INFO; text: leave Python's defaults alone."""
    logger = logging.getLogger("tracker")
    if fmt != "json" or any(getattr(h, _HANDLER_FLAG, False) for h in logger.handlers):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    setattr(handler, _HANDLER_FLAG, True)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


class JobRun:
    """Times one scheduler job and writes its JSON line (job, outcome, duration, result) when it ends."""

    def __init__(self, job: str):
        self.job, self.result = job, None

    def __enter__(self):
        import time

        self._started = time.perf_counter()
        return self

    def __exit__(self, kind, error, tb):
        import time

        from tracker.ops import metrics

        outcome = "failed" if kind else "ok"
        metrics.JOB_RUNS.labels(self.job, outcome).inc()
        fields = {"job": self.job, "outcome": outcome,
                  "duration_ms": round((time.perf_counter() - self._started) * 1000, 1), "result": self.result}
        logging.getLogger("tracker.job").log(logging.ERROR if kind else logging.INFO, "job",
                                             extra={"fields": fields}, exc_info=(kind, error, tb) if kind else None)
        return False
