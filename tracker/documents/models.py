"""Directive documents (văn bản chỉ đạo), stored files, and notice-import drafts."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.core import clock
from tracker.extensions import db

DOCUMENT_KINDS = {
    "thong_bao_ket_luan": "Thông báo kết luận",
    "cong_van": "Công văn",
    "chi_thi": "Chỉ thị",
    "quyet_dinh": "Quyết định",
    "ke_hoach": "Kế hoạch",
    "chuong_trinh": "Chương trình",
    "cong_dien": "Công điện",
    "other": "Văn bản khác",
}

SOURCES = {"province": "UBND tỉnh", "government": "Chính phủ, Thủ tướng Chính phủ"}


class Document(db.Model):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(100), index=True)
    kind: Mapped[str] = mapped_column(String(30), default="thong_bao_ket_luan")
    issued_on: Mapped[date | None] = mapped_column(index=True)
    issuer: Mapped[str] = mapped_column(String(255), default="UBND tỉnh")
    signer: Mapped[str | None] = mapped_column(String(200))
    directed_by: Mapped[str | None] = mapped_column(String(255))
    leader_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    summary: Mapped[str] = mapped_column(Text, default="")
    body_text: Mapped[str | None] = mapped_column(Text)
    meeting_on: Mapped[date | None]
    source: Mapped[str] = mapped_column(String(20), default="province")
    archived: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    version: Mapped[int] = mapped_column(default=1)

    leader = relationship("User", foreign_keys=[leader_id])
    tasks = relationship("Task", back_populates="document", order_by="Task.id")
    attachments = relationship("Attachment", primaryjoin="Attachment.document_id == Document.id", viewonly=True)

    __mapper_args__ = {"version_id_col": version}

    @property
    def kind_label(self) -> str:
        return DOCUMENT_KINDS.get(self.kind, self.kind)

    @property
    def title(self) -> str:
        return f"{self.number} – {self.summary}" if self.summary else self.number


class Attachment(db.Model):
    """A stored file: bytes live in the upload dir under their SHA-256, outside the web root."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int]
    mime: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"), index=True)
    update_id: Mapped[int | None] = mapped_column(ForeignKey("progress_updates.id"), index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=clock.now)


class NoticeDraft(db.Model):
    """A half-reviewed notice import, kept so the officer can resume it."""

    __tablename__ = "notice_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now, onupdate=clock.now)
    filename: Mapped[str | None] = mapped_column(String(255))
    source_text: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(20), default="draft")  # draft | saved | discarded
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))


Index("ix_documents_kind_issued", Document.kind, Document.issued_on)
