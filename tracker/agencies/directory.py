"""Load the agency directory from CSV (the shipped tracker/data/agencies.csv or a province's own file).

CSV format (UTF-8, comma-separated, first row is the header; quote cells that contain commas):

    name,short_name,kind,aliases,successor,active,order,groups

- name        full official name, e.g. ``Sở Tài chính`` (required; matched ignoring case and diacritics)
- short_name  short form shown in tables, e.g. ``STC`` (also accepted as an alias)
- kind        so_nganh | xa_phuong | trung_uong | khac (empty: so_nganh)
- aliases     other names and abbreviations separated by ";", e.g. ``Sở TT&TT;STTTT``
- successor   name of the agency that took over after a merger (the row is then normally inactive)
- active      1/0, true/false, có/không (empty: 1)
- order       sort order in lists and reports (integer, empty: 0)
- groups      names of groups the agency belongs to, separated by ";", e.g. ``Các sở, ban, ngành``

Without ``--replace`` the file adds and updates: aliases and group memberships are added to what exists.
With ``--replace`` aliases and memberships become exactly the file's, and active agencies missing from the
file are marked inactive (never deleted). The whole file is checked first: any error writes nothing.

An optional groups file (``tracker/data/groups.csv``: ``name,aliases``) gives groups their extra names.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.agencies import services
from tracker.agencies.models import AGENCY_KINDS, Agency, AgencyGroup
from tracker.core.errors import DomainError
from tracker.core.text import fold

DATA = Path(__file__).resolve().parent.parent / "data"
DEFAULT_CSV = DATA / "agencies.csv"
GROUPS_CSV = DATA / "groups.csv"
COLUMNS = ("name", "short_name", "kind", "aliases", "successor", "active", "order", "groups")
_TRUE, _FALSE = {"1", "true", "yes", "co", "x"}, {"0", "false", "no", "khong"}


@dataclass
class Row:
    line: int
    name: str
    short_name: str | None
    kind: str
    aliases: list[str]
    successor: str | None
    active: bool
    order: int
    groups: list[str] = field(default_factory=list)


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split(";") if part.strip()]


def _parse_row(line: int, raw: dict, errors: list[str]) -> Row | None:
    get = {k: (raw.get(k) or "").strip() for k in COLUMNS}
    problems = []
    if not get["name"]:
        problems.append("thiếu tên cơ quan")
    kind = get["kind"] or "so_nganh"
    if kind not in AGENCY_KINDS:
        problems.append(f"loại cơ quan “{kind}” không hợp lệ ({', '.join(AGENCY_KINDS)})")
    active = fold(get["active"] or "1")
    if active not in _TRUE | _FALSE:
        problems.append(f"cột active “{get['active']}” không hợp lệ (1/0)")
    try:
        order = int(get["order"] or 0)
    except ValueError:
        problems.append(f"thứ tự “{get['order']}” không phải số")
        order = 0
    if problems:
        errors.append(f"Dòng {line}: " + "; ".join(problems))
        return None
    return Row(
        line,
        get["name"],
        get["short_name"] or None,
        kind,
        _split(get["aliases"]),
        get["successor"] or None,
        active in _TRUE,
        order,
        _split(get["groups"]),
    )


def read_rows(text: str) -> list[Row]:
    """Parse and check the whole file; raises DomainError listing every bad line."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    headers = {fold(h) for h in reader.fieldnames or []}
    missing = [c for c in ("name",) if c not in headers]
    if missing:
        raise DomainError("Tệp CSV thiếu cột: " + ", ".join(missing) + f" (cần: {','.join(COLUMNS)}).")
    errors: list[str] = []
    rows, seen = [], {}
    for line, raw in enumerate(reader, 2):
        raw = {fold(k): v for k, v in raw.items() if k}
        row = _parse_row(line, raw, errors)
        if row is None:
            continue
        if fold(row.name) in seen:
            errors.append(f"Dòng {line}: cơ quan “{row.name}” trùng với dòng {seen[fold(row.name)]}")
            continue
        seen[fold(row.name)] = line
        rows.append(row)
    if errors:
        raise DomainError("\n".join(errors))
    return rows


def _check_successors(session: Session, rows: list[Row]) -> None:
    names = {fold(r.name) for r in rows}
    errors = [
        f"Dòng {r.line}: không tìm thấy cơ quan kế thừa “{r.successor}”"
        for r in rows
        if r.successor
        and fold(r.successor) not in names
        and services.find_exact(session, r.successor) is None
    ]
    if errors:
        raise DomainError("\n".join(errors))


def load(session: Session, actor, as_of: date, text: str, replace: bool = False) -> dict:
    """Create or update agencies and groups from CSV text; returns counts. The caller commits."""
    rows = read_rows(text)
    _check_successors(session, rows)
    counts = {"created": 0, "updated": 0, "deactivated": 0, "groups": 0}
    by_row: dict[int, Agency] = {}
    for row in rows:
        agency = services.find_exact(session, row.name)
        if agency is None:
            agency = services.create_agency(
                session,
                actor,
                as_of,
                name=row.name,
                short_name=row.short_name,
                kind=row.kind,
                order=row.order,
                active=row.active,
            )
            counts["created"] += 1
        else:
            services.update_agency(
                session,
                actor,
                as_of,
                agency,
                short_name=row.short_name or "",
                kind=row.kind,
                order=row.order,
                active=row.active,
            )
            counts["updated"] += 1
        _sync_aliases(session, actor, as_of, agency, row, replace)
        by_row[row.line] = agency
    for row in rows:
        if row.successor:
            agency = by_row[row.line]
            successor = services.find_exact(session, row.successor)
            if agency.successor_id != successor.id:
                agency.successor_id = successor.id
                services._log(session, actor, as_of, agency, "edit", after={"successor_id": successor.id})
    if replace:
        counts["deactivated"] = _deactivate_missing(session, actor, as_of, set(a.id for a in by_row.values()))
    counts["groups"] = _sync_groups(session, actor, as_of, rows, by_row, replace)
    session.flush()
    return counts


def _sync_aliases(session: Session, actor, as_of: date, agency: Agency, row: Row, replace: bool) -> None:
    wanted = [a for a in [row.short_name, *row.aliases] if a and fold(a) != agency.name_folded]
    have = {a.alias_folded for a in agency.aliases}
    for alias in wanted:
        if fold(alias) not in have:
            owner = services.find_exact(session, alias)
            if owner is not None and owner.id != agency.id:
                raise DomainError(
                    f"Dòng {row.line}: tên gọi “{alias}” đã được dùng cho cơ quan “{owner.name}”"
                )
            services.add_alias(session, actor, as_of, agency, alias)
            have.add(fold(alias))
    if replace:
        keep = {fold(a) for a in wanted}
        for alias in list(agency.aliases):
            if alias.alias_folded not in keep:
                services.remove_alias(session, actor, as_of, agency, alias.id)


def _deactivate_missing(session: Session, actor, as_of: date, keep: set[int]) -> int:
    gone = session.scalars(select(Agency).where(Agency.active.is_(True), Agency.id.not_in(keep))).all()
    for agency in gone:
        services.update_agency(session, actor, as_of, agency, active=False)
    return len(gone)


def _group_aliases() -> dict[str, list[str]]:
    if not GROUPS_CSV.exists():
        return {}
    reader = csv.DictReader(io.StringIO(GROUPS_CSV.read_text(encoding="utf-8")))
    return {fold(r["name"]): _split(r.get("aliases")) for r in reader if r.get("name")}


def _sync_groups(session: Session, actor, as_of: date, rows: list[Row], by_row: dict, replace: bool) -> int:
    wanted: dict[str, tuple[str, list[int]]] = {}
    for row in rows:
        for name in row.groups:
            wanted.setdefault(fold(name), (name, []))[1].append(by_row[row.line].id)
    extra = _group_aliases()
    for key, (name, ids) in wanted.items():
        group = session.scalar(select(AgencyGroup).where(AgencyGroup.name_folded == key))
        if group is None:
            services.create_group(
                session, actor, as_of, name=name, member_ids=ids, aliases=extra.get(key, ())
            )
            continue
        members = (
            ids
            if replace
            else [a.id for a in group.members] + [i for i in ids if i not in {a.id for a in group.members}]
        )
        aliases = None if group.aliases_text or key not in extra else extra[key]
        services.update_group(session, actor, as_of, group, member_ids=members, aliases=aliases)
    return len(wanted)


def load_default(session: Session, actor, as_of: date) -> dict:
    """The shipped directory (used by the demo seed)."""
    return load(session, actor, as_of, DEFAULT_CSV.read_text(encoding="utf-8"))
