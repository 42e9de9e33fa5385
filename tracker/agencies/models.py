"""The agency directory: data, not code (renameable, aliases, groups, successors)."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.core.text import fold
from tracker.extensions import db

AGENCY_KINDS = {
    "so_nganh": "Sở, ban, ngành",
    "xa_phuong": "UBND xã, phường, đặc khu",
    "trung_uong": "Cơ quan trung ương",
    "khac": "Khác",
}

group_members = Table(
    "agency_group_members",
    db.metadata,
    Column("group_id", ForeignKey("agency_groups.id"), primary_key=True),
    Column("agency_id", ForeignKey("agencies.id"), primary_key=True),
)


class Agency(db.Model):
    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    name_folded: Mapped[str] = mapped_column(String(255), index=True)
    short_name: Mapped[str | None] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20), default="so_nganh")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    active: Mapped[bool] = mapped_column(default=True)
    order: Mapped[int] = mapped_column(default=0)

    aliases: Mapped[list[AgencyAlias]] = relationship(back_populates="agency", cascade="all, delete-orphan")
    successor: Mapped[Agency | None] = relationship(remote_side=[id], foreign_keys=[successor_id])
    parent: Mapped[Agency | None] = relationship(remote_side=[id], foreign_keys=[parent_id])

    def set_name(self, name: str) -> None:
        self.name = name.strip()
        self.name_folded = fold(self.name)

    @property
    def display_name(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<Agency {self.id} {self.name}>"


class AgencyAlias(db.Model):
    __tablename__ = "agency_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    alias: Mapped[str] = mapped_column(String(255))
    alias_folded: Mapped[str] = mapped_column(String(255), unique=True)

    agency: Mapped[Agency] = relationship(back_populates="aliases")


class AgencyGroup(db.Model):
    __tablename__ = "agency_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    name_folded: Mapped[str] = mapped_column(String(255), index=True)
    aliases_text: Mapped[str | None] = mapped_column(String(1000))  # extra names, one per line

    members: Mapped[list[Agency]] = relationship(secondary=group_members, order_by="Agency.order")


Index("ix_agencies_active_order", Agency.active, Agency.order)
