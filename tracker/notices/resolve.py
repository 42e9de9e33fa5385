"""Written agency names -> directory ids (pure: the directory is any iterable of plain records)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from tracker.core.text import fold
from tracker.notices.abbreviations import expand
from tracker.notices.names import is_vague


@dataclass(frozen=True)
class Resolution:
    """One written name and the agency it resolved to (None when unknown)."""

    written: str
    agency_id: int | None
    via_successor: bool = False
    is_group: bool = False

    @property
    def resolved(self) -> bool:
        return self.agency_id is not None


def name_key(name: str) -> str:
    """Comparable form: abbreviations expanded, diacritics and case folded, 'các'/'Giao' dropped."""
    key = fold(expand(name))
    key = re.sub(r"^(?:cac|giao|de nghi|yeu cau)\s+", "", key)
    key = re.sub(r"[\"'()“”.]", "", key)
    key = re.sub(r"\s*-\s*", " - ", key)
    return re.sub(r"\s+", " ", key).strip(" ,;:")


def _index(directory: Iterable) -> tuple[dict[str, object], dict[int, object]]:
    """Lookup by every folded name/alias, and by id."""
    by_key: dict[str, object] = {}
    by_id: dict[int, object] = {}
    for rec in directory:
        by_id[rec.id] = rec
        for name in [rec.name, *(getattr(rec, "aliases", None) or [])]:
            if name:
                by_key.setdefault(name_key(name), rec)
    return by_key, by_id


def _follow(rec, by_id: dict[int, object]):
    """Walk successor links (merged agencies) to the current agency, guarding against loops."""
    seen = set()
    while getattr(rec, "successor_id", None) and rec.successor_id in by_id and rec.id not in seen:
        seen.add(rec.id)
        rec = by_id[rec.successor_id]
    return rec


def _lookup(key: str, by_key: dict[str, object]):
    """Exact key, then without a trailing 'tỉnh'/'tỉnh X' qualifier."""
    if key in by_key:
        return by_key[key]
    trimmed = re.sub(r"\s+tinh(?:\s+[a-z ]+)?$", "", key)
    if trimmed != key and trimmed in by_key:
        return by_key[trimmed]
    return by_key.get(key + " tinh")


def resolve_names(names: Iterable[str], directory: Iterable) -> list[Resolution]:
    """Resolve names against the directory; vague mentions are dropped, unknown ones kept unresolved."""
    by_key, by_id = _index(directory)
    out: list[Resolution] = []
    seen: set[str] = set()
    for written in names:
        if not written or not written.strip() or is_vague(written):
            continue
        rec = _lookup(name_key(written), by_key)
        if rec is None:
            res = Resolution(written, None)
        else:
            current = _follow(rec, by_id)
            res = Resolution(
                written, current.id, current.id != rec.id, bool(getattr(current, "is_group", False))
            )
        if written not in seen:
            seen.add(written)
            out.append(res)
    return out
