"""Agency directory services: create, rename, aliases, groups, mergers and name resolution.

Plain functions (session, actor, as_of, ...): they check permission, journal and flush; callers commit.
`actor=None` means the system (CLI, seed), which is always allowed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.agencies.models import AGENCY_KINDS, Agency, AgencyAlias, AgencyGroup
from tracker.agencies.resolve import resolve_token
from tracker.auth import permissions as perm
from tracker.core import journal
from tracker.core.errors import DomainError, PermissionDenied
from tracker.core.text import fold
from tracker.tasks import assignments
from tracker.tasks.models import Task, task_co_agencies
from tracker.tasks.status import OPEN

AGENCY_FIELDS = ("name", "short_name", "kind", "active", "order", "successor_id", "parent_id")


def _require_admin(actor) -> None:
    if actor is not None and not perm.can_admin(actor):
        raise PermissionDenied()


def _log(
    session: Session,
    actor,
    as_of: date,
    agency_or_group,
    action: str,
    before=None,
    after=None,
    entity: str = "agency",
) -> None:
    journal.record(
        session,
        entity=entity,
        entity_id=agency_or_group.id,
        action=action,
        actor=actor,
        on=as_of,
        before=before,
        after=after,
    )


# ---- lookups -------------------------------------------------------------------------------------


def find_exact(session: Session, name: str) -> Agency | None:
    """The agency whose name or alias folds to `name`, without following successors."""
    key = fold(name)
    if not key:
        return None
    agency = session.scalar(select(Agency).where(Agency.name_folded == key).limit(1))
    if agency is None:
        agency = session.scalar(
            select(Agency).join(AgencyAlias).where(AgencyAlias.alias_folded == key).limit(1)
        )
    return agency


def follow(agency: Agency | None) -> Agency | None:
    """Follow successor links to the agency that carries the work today (cycle-safe)."""
    seen = set()
    while agency is not None and agency.successor is not None and agency.id not in seen:
        seen.add(agency.id)
        agency = agency.successor
    return agency


def resolve(session: Session, name: str | None) -> Agency | None:
    """Name, alias or abbreviation as written in a document -> the agency responsible today.

    An exact name or alias is one query; anything else goes through the one resolver (`agencies.resolve`)."""
    if not (name or "").strip():
        return None
    agency = find_exact(session, name)
    if agency is not None:
        return follow(agency)
    token = resolve_token(session, name)
    return session.get(Agency, int(token[2:])) if token and token.startswith("a:") else None


def resolve_group(session: Session, name: str | None) -> AgencyGroup | None:
    """A group by its name or one of its extra names ("UBND các huyện, thành phố")."""
    key = fold(name)
    if not key:
        return None
    group = session.scalar(select(AgencyGroup).where(AgencyGroup.name_folded == key).limit(1))
    if group is not None:
        return group
    token = resolve_token(session, name)
    return session.get(AgencyGroup, int(token[2:])) if token and token.startswith("g:") else None


def group_aliases(group: AgencyGroup) -> list[str]:
    return [line.strip() for line in (group.aliases_text or "").splitlines() if line.strip()]


# ---- agencies ------------------------------------------------------------------------------------


def _check_free(session: Session, name: str, owner: Agency | None = None) -> str:
    """A name or alias must not already name another agency (after folding)."""
    name = (name or "").strip()
    if not name:
        raise DomainError("Vui lòng nhập tên cơ quan.")
    other = find_exact(session, name)
    if other is not None and (owner is None or other.id != owner.id):
        raise DomainError(f"Tên “{name}” đã được dùng cho cơ quan “{other.name}”.")
    return name


def create_agency(
    session: Session,
    actor,
    as_of: date,
    *,
    name: str,
    short_name: str | None = None,
    kind: str = "so_nganh",
    aliases: Iterable[str] = (),
    order: int = 0,
    active: bool = True,
    parent: Agency | None = None,
) -> Agency:
    _require_admin(actor)
    name = _check_free(session, name)
    if kind not in AGENCY_KINDS:
        raise DomainError("Loại cơ quan không hợp lệ.")
    agency = Agency(
        short_name=(short_name or "").strip() or None,
        kind=kind,
        order=order or 0,
        active=active,
        parent_id=parent.id if parent else None,
    )
    agency.set_name(name)
    session.add(agency)
    session.flush()
    _log(session, actor, as_of, agency, "create", after=journal.snapshot(agency, AGENCY_FIELDS))
    for alias in aliases:
        if fold(alias) and fold(alias) != agency.name_folded:
            add_alias(session, actor, as_of, agency, alias)
    return agency


def update_agency(
    session: Session,
    actor,
    as_of: date,
    agency: Agency,
    *,
    short_name=None,
    kind=None,
    order=None,
    active=None,
) -> None:
    """Short name, kind, order, active flag (renames and mergers have their own services)."""
    _require_admin(actor)
    before = journal.snapshot(agency, AGENCY_FIELDS)
    if kind is not None:
        if kind not in AGENCY_KINDS:
            raise DomainError("Loại cơ quan không hợp lệ.")
        agency.kind = kind
    if short_name is not None:
        agency.short_name = short_name.strip() or None
    if order is not None:
        agency.order = int(order)
    if active is not None:
        agency.active = bool(active)
    b, a = journal.changed(before, journal.snapshot(agency, AGENCY_FIELDS))
    if a:
        _log(session, actor, as_of, agency, "edit", b, a)
    session.flush()


def rename_agency(session: Session, actor, as_of: date, agency: Agency, new_name: str) -> None:
    """The old name stays as an alias so history and the notice parser still resolve it."""
    _require_admin(actor)
    new_name = _check_free(session, new_name, owner=agency)
    old_name = agency.name
    if new_name == old_name:
        return
    existing = next((a for a in agency.aliases if a.alias_folded == fold(new_name)), None)
    if existing is not None:  # the new name was an alias: it becomes the name
        agency.aliases.remove(existing)
        session.flush()
    agency.set_name(new_name)
    session.flush()
    if fold(old_name) != agency.name_folded:
        agency.aliases.append(AgencyAlias(alias=old_name, alias_folded=fold(old_name)))
    _log(session, actor, as_of, agency, "rename", {"name": old_name}, {"name": new_name})
    session.flush()


def add_alias(session: Session, actor, as_of: date, agency: Agency, alias: str) -> AgencyAlias:
    _require_admin(actor)
    alias = (alias or "").strip()
    if not fold(alias):
        raise DomainError("Vui lòng nhập tên gọi khác.")
    other = find_exact(session, alias)
    if other is not None:
        raise DomainError(f"Tên gọi “{alias}” đã được dùng cho cơ quan “{other.name}”.")
    row = AgencyAlias(alias=alias, alias_folded=fold(alias))
    agency.aliases.append(row)
    session.flush()
    _log(session, actor, as_of, agency, "add_alias", after={"alias": alias})
    return row


def remove_alias(session: Session, actor, as_of: date, agency: Agency, alias_id: int) -> None:
    """Directory data, not history: the alias row goes, the journal keeps what it was."""
    _require_admin(actor)
    row = session.get(AgencyAlias, alias_id)
    if row is None or row.agency_id != agency.id:
        raise DomainError("Không tìm thấy tên gọi khác này.")
    _log(session, actor, as_of, agency, "remove_alias", before={"alias": row.alias})
    agency.aliases.remove(row)
    session.flush()


# ---- groups --------------------------------------------------------------------------------------


def _members(session: Session, member_ids: Iterable[int]) -> list[Agency]:
    ids = list(dict.fromkeys(int(i) for i in member_ids))
    agencies = session.scalars(select(Agency).where(Agency.id.in_(ids))).all() if ids else []
    if len(agencies) != len(ids):
        raise DomainError("Có cơ quan thành viên không tồn tại trong danh mục.")
    return sorted(agencies, key=lambda a: (a.order, a.name))


def _group_name(session: Session, name: str, group: AgencyGroup | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise DomainError("Vui lòng nhập tên nhóm.")
    other = session.scalar(select(AgencyGroup).where(AgencyGroup.name_folded == fold(name)))
    if other is not None and (group is None or other.id != group.id):
        raise DomainError(f"Nhóm “{name}” đã tồn tại.")
    return name


def create_group(
    session: Session,
    actor,
    as_of: date,
    *,
    name: str,
    member_ids: Iterable[int] = (),
    aliases: Iterable[str] = (),
) -> AgencyGroup:
    _require_admin(actor)
    name = _group_name(session, name)
    group = AgencyGroup(
        name=name,
        name_folded=fold(name),
        aliases_text="\n".join(a.strip() for a in aliases if a.strip()) or None,
    )
    group.members = _members(session, member_ids)
    session.add(group)
    session.flush()
    _log(
        session,
        actor,
        as_of,
        group,
        "create",
        entity="agency_group",
        after={"name": name, "member_ids": [a.id for a in group.members]},
    )
    return group


def update_group(
    session: Session,
    actor,
    as_of: date,
    group: AgencyGroup,
    *,
    name: str | None = None,
    member_ids: Iterable[int] | None = None,
    aliases: Iterable[str] | None = None,
) -> None:
    _require_admin(actor)
    before = {
        "name": group.name,
        "member_ids": sorted(a.id for a in group.members),
        "aliases": group.aliases_text,
    }
    if name is not None:
        group.name = _group_name(session, name, group)
        group.name_folded = fold(group.name)
    if member_ids is not None:
        group.members = _members(session, member_ids)
    if aliases is not None:
        group.aliases_text = "\n".join(a.strip() for a in aliases if a.strip()) or None
    after = {
        "name": group.name,
        "member_ids": sorted(a.id for a in group.members),
        "aliases": group.aliases_text,
    }
    b, a = journal.changed(before, after)
    if a:
        _log(session, actor, as_of, group, "edit", b, a, entity="agency_group")
    session.flush()


# ---- mergers -------------------------------------------------------------------------------------


def merge_into(session: Session, actor, as_of: date, old: Agency, successor: Agency) -> dict:
    """Old agency -> successor: open tasks, co-agency rows and users move; closed tasks keep the old name.

    Returns counts {"tasks": n, "co_tasks": n, "users": n} for the caller's message.
    """
    _require_admin(actor)
    if successor is None or successor.id == old.id:
        raise DomainError("Vui lòng chọn cơ quan tiếp nhận khác với cơ quan bị sáp nhập.")
    if follow(successor).id == old.id:
        raise DomainError("Không thể sáp nhập: cơ quan tiếp nhận đã được sáp nhập vào cơ quan này.")
    if not successor.active:
        raise DomainError("Cơ quan tiếp nhận phải đang hoạt động.")
    open_states = [s.value for s in OPEN]
    leads = session.scalars(
        select(Task).where(Task.lead_agency_id == old.id, Task.status.in_(open_states))
    ).all()
    for task in leads:
        before = assignments.current(task)
        task.lead_agency_id = successor.id
        assignments.record(task, before, as_of)
        if successor in task.co_agencies:
            task.co_agencies.remove(successor)
        journal.record(
            session,
            entity="task",
            entity_id=task.id,
            task_id=task.id,
            action="merge",
            actor=actor,
            on=as_of,
            before={"lead_agency_id": old.id},
            after={"lead_agency_id": successor.id},
        )
    co_ids = select(task_co_agencies.c.task_id).where(task_co_agencies.c.agency_id == old.id)
    co_tasks = session.scalars(select(Task).where(Task.id.in_(co_ids), Task.status.in_(open_states))).all()
    for task in co_tasks:
        before = sorted(a.id for a in task.co_agencies)
        rest = [a for a in task.co_agencies if a.id != old.id]
        if successor.id != task.lead_agency_id and successor not in rest:
            rest.append(successor)
        task.co_agencies = rest
        journal.record(
            session,
            entity="task",
            entity_id=task.id,
            task_id=task.id,
            action="merge",
            actor=actor,
            on=as_of,
            before={"co_agency_ids": before},
            after={"co_agency_ids": sorted(a.id for a in rest)},
        )
    users = _move_users(session, actor, as_of, old, successor)
    before = {"active": old.active, "successor_id": old.successor_id}
    old.active, old.successor_id = False, successor.id
    _log(session, actor, as_of, old, "merge", before, {"active": False, "successor_id": successor.id})
    session.flush()
    return {"tasks": len(leads), "co_tasks": len(co_tasks), "users": users}


def _move_users(session: Session, actor, as_of: date, old: Agency, successor: Agency) -> int:
    from tracker.auth.models import User

    users = session.scalars(select(User).where(User.agency_id == old.id)).all()
    for user in users:
        user.agency_id = successor.id
        journal.record(
            session,
            entity="user",
            entity_id=user.id,
            action="merge",
            actor=actor,
            on=as_of,
            before={"agency_id": old.id},
            after={"agency_id": successor.id},
        )
    return len(users)
