"""gunicorn settings for the tracker-web unit (gunicorn -c /opt/tracker/gunicorn.conf.py tracker.wsgi:app)."""

import multiprocessing
import os

bind = os.environ.get("TRACKER_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 9)))
timeout = 60
graceful_timeout = 30
max_requests = 2000  # recycle workers now and then (a leak stays small)
max_requests_jitter = 200
forwarded_allow_ips = "127.0.0.1"
accesslog = None  # the app writes one JSON line per request (request id, user, duration)
errorlog = "-"


def child_exit(server, worker):
    """Let prometheus_client drop a dead worker's live gauges (counters and histograms are kept)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
