"""Written agency names -> directory ids: the one resolver lives in `tracker.agencies.resolve`.

Kept as a re-export so existing imports (`from tracker.notices.resolve import resolve_names`) keep working.
"""

from tracker.agencies.resolve import Resolution, name_key, resolve_names

__all__ = ["Resolution", "name_key", "resolve_names"]
