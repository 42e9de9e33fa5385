"""The one agency-name resolver: a name as written in a document -> the directory entry responsible today.

Exact name, alias, abbreviation expansion ("Sở KH&ĐT"), 'các'/'Giao' and a trailing 'tỉnh X' dropped,
successor after a merger. Import, create-user, the parser's review screen and the API all call it.
`resolve_names` is pure (the directory is any iterable of plain records); `directory`/`resolver` read the
database once per call, so a caller resolving many names builds one resolver.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.core.text import fold


@dataclass(frozen=True)
class Resolution:
    """One written name and the agency it resolved to (None when unknown)."""

    written: str
    agency_id: int | str | None
    via_successor: bool = False
    is_group: bool = False

    @property
    def resolved(self) -> bool:
        return self.agency_id is not None


def name_key(name: str) -> str:
    """Comparable form: abbreviations expanded, diacritics and case folded, 'các'/'Giao' dropped."""
    from tracker.notices.abbreviations import expand  # notices imports this module: import late

    key = fold(expand(name))
    key = re.sub(r"^(?:cac|giao|de nghi|yeu cau)\s+", "", key)
    key = re.sub(r"[\"'()“”.]", "", key)
    key = re.sub(r"\s*-\s*", " - ", key)
    return re.sub(r"\s+", " ", key).strip(" ,;:")


def _index(directory: Iterable) -> tuple[dict[str, object], dict[object, object]]:
    """Lookup by every folded name/alias, and by id."""
    by_key: dict[str, object] = {}
    by_id: dict[object, object] = {}
    for rec in directory:
        by_id[rec.id] = rec
        for name in [rec.name, *(getattr(rec, "aliases", None) or [])]:
            if name:
                by_key.setdefault(name_key(name), rec)
    return by_key, by_id


def _follow(rec, by_id: dict):
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
    from tracker.notices.names import is_vague

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


@dataclass
class Entry:
    """A directory record in the shape `resolve_names` reads; ids are tokens "a:<id>" / "g:<id>"."""

    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    successor_id: str | None = None
    is_group: bool = False


def directory(session: Session) -> list[Entry]:
    """Every agency (with aliases and short name) and group of the database, as resolver entries."""
    from tracker.agencies.models import Agency, AgencyAlias, AgencyGroup

    aliases: dict[int, list[str]] = {}
    for agency_id, alias in session.execute(select(AgencyAlias.agency_id, AgencyAlias.alias)):
        aliases.setdefault(agency_id, []).append(alias)
    entries = [
        Entry(
            f"a:{a.id}",
            a.name,
            aliases.get(a.id, []) + ([a.short_name] if a.short_name else []),
            f"a:{a.successor_id}" if a.successor_id else None,
        )
        for a in session.scalars(select(Agency))
    ]
    for g in session.scalars(select(AgencyGroup)):
        extra = [x.strip() for x in (g.aliases_text or "").splitlines() if x.strip()]
        entries.append(Entry(f"g:{g.id}", g.name, extra, None, True))
    return entries


def resolver(session: Session):
    """names -> (tokens of the resolved agencies/groups, names left unresolved); reads the directory once."""
    entries = directory(session)

    def resolve(names: list[str]) -> tuple[list[str], list[str]]:
        tokens, missing = [], []
        for res in resolve_names(names, entries):
            if res.agency_id:
                tokens.append(res.agency_id)
            else:
                missing.append(res.written)
        return list(dict.fromkeys(tokens)), missing

    return resolve


def resolve_token(session: Session, name: str | None) -> str | None:
    """One written name -> "a:<id>" / "g:<id>", or None."""
    if not (name or "").strip():
        return None
    tokens, _ = resolver(session)([name])
    return tokens[0] if tokens else None
