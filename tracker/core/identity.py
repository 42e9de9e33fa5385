"""The province's identity on every export, brief and letter: issuing body lines, place, signers,
number symbols. Built-in defaults < environment (TRACKER_<FIELD>) < what an admin saved (one DB row).

`load` gives plain values to the exporters; `update` is the admin's journaled change (never commits).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from tracker.auth import permissions as perm
from tracker.core import clock, journal
from tracker.core.errors import DomainError, PermissionDenied
from tracker.extensions import db

MAX_LENGTH = 255


@dataclass(frozen=True)
class Identity:
    report_parent: str = "ỦY BAN NHÂN DÂN"
    report_issuer: str = "TỈNH"
    report_symbol: str = "BC-UBND"
    report_signer_title: str = "CHỦ TỊCH"
    report_signer_name: str = ""
    office_parent: str = "UBND TỈNH"
    office_name: str = "VĂN PHÒNG"
    office_full_name: str = "Văn phòng UBND tỉnh"
    letter_symbol: str = "VP-TH"
    letter_signer_title: str = "CHÁNH VĂN PHÒNG"
    letter_signer_name: str = ""
    place: str = ""

    @staticmethod
    def number_line(symbol: str) -> str:
        """'Số:        /BC-UBND': the number itself is written in by the clerk (văn thư) at issue."""
        return f"Số:        /{symbol}" if symbol else "Số:"


FIELDS = tuple(f.name for f in fields(Identity))
ENV_VARS = {name: f"TRACKER_{name.upper()}" for name in FIELDS}
LABELS = {
    "report_parent": "Báo cáo — dòng 1 (cơ quan chủ quản), vd: ỦY BAN NHÂN DÂN",
    "report_issuer": "Báo cáo — dòng 2 (cơ quan ban hành), vd: TỈNH QUẢNG TRỊ",
    "report_symbol": "Báo cáo — ký hiệu số (sau dấu /), vd: BC-UBND",
    "report_signer_title": "Báo cáo — chức vụ người ký, vd: CHỦ TỊCH",
    "report_signer_name": "Báo cáo — họ tên người ký",
    "office_parent": "Công văn đôn đốc — dòng 1, vd: UBND TỈNH QUẢNG TRỊ",
    "office_name": "Công văn đôn đốc — dòng 2, vd: VĂN PHÒNG",
    "office_full_name": "Tên đầy đủ của Văn phòng trong lời văn, vd: Văn phòng UBND tỉnh Quảng Trị",
    "letter_symbol": "Công văn đôn đốc — ký hiệu số (sau dấu /), vd: VP-TH",
    "letter_signer_title": "Công văn đôn đốc — chức vụ người ký, vd: CHÁNH VĂN PHÒNG",
    "letter_signer_name": "Công văn đôn đốc — họ tên người ký",
    "place": "Địa danh ghi ngày tháng, vd: Quảng Trị",
}


class ProvinceIdentity(db.Model):
    """The admin's values (one row, id 1); an empty column falls back to the environment's default."""

    __tablename__ = "province_identity"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_parent: Mapped[str | None] = mapped_column(String(MAX_LENGTH))
    report_issuer: Mapped[str | None] = mapped_column(String(MAX_LENGTH))
    report_symbol: Mapped[str | None] = mapped_column(String(MAX_LENGTH))
    report_signer_title: Mapped[str | None] = mapped_column(String(MAX_LENGTH))
    report_signer_name: Mapped[str | None] = mapped_column(String(MAX_LENGTH))
    office_parent: Mapped[str | None] = mapped_column(String(MAX_LENGTH))
    office_name: Mapped[str | None] = mapped_column(String(MAX_LENGTH))
    office_full_name: Mapped[str | None] = mapped_column(String(MAX_LENGTH))
    letter_symbol: Mapped[str | None] = mapped_column(String(MAX_LENGTH))
    letter_signer_title: Mapped[str | None] = mapped_column(String(MAX_LENGTH))
    letter_signer_name: Mapped[str | None] = mapped_column(String(MAX_LENGTH))
    place: Mapped[str | None] = mapped_column(String(MAX_LENGTH))
    updated_at: Mapped[datetime | None] = mapped_column(default=clock.now)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


def defaults(env_values: dict | None) -> Identity:
    """Built-in defaults overlaid with the non-empty environment values (config['PROVINCE'])."""
    chosen = {k: v for k, v in (env_values or {}).items() if k in FIELDS and v}
    return Identity(**{**asdict(Identity()), **chosen})


def load(session: Session, env_values: dict | None) -> Identity:
    base = asdict(defaults(env_values))
    row = session.get(ProvinceIdentity, 1)
    if row is not None:
        base.update({k: getattr(row, k) for k in FIELDS if getattr(row, k)})
    return Identity(**base)


def saved(session: Session) -> dict:
    """What the admin saved (empty strings where the default applies), for the form."""
    row = session.get(ProvinceIdentity, 1)
    return {k: (getattr(row, k) or "") if row else "" for k in FIELDS}


def update(session: Session, actor, as_of: date, values: dict) -> ProvinceIdentity:
    """Save the admin's values (blank = use the default); journal what changed."""
    if not perm.can_admin(actor):
        raise PermissionDenied()
    clean = {k: " ".join(str(values.get(k) or "").split()) for k in FIELDS}
    too_long = [LABELS[k].split(",")[0] for k, v in clean.items() if len(v) > MAX_LENGTH]
    if too_long:
        raise DomainError(f"Nội dung quá dài (tối đa {MAX_LENGTH} ký tự): {too_long[0]}.")
    row = session.get(ProvinceIdentity, 1)
    if row is None:
        row = ProvinceIdentity(id=1)
        session.add(row)
    before = {k: getattr(row, k) or "" for k in FIELDS}
    for key, value in clean.items():
        setattr(row, key, value or None)
    row.updated_at, row.updated_by_id = clock.now(), actor.id
    old, new = journal.changed(before, clean)
    if new:
        journal.record(session, entity="province_identity", entity_id=1, action="identity_update", actor=actor,
                       on=as_of, before=old, after=new)
    session.flush()
    return row
