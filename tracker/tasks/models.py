"""Tasks, their co-agencies, progress, extension requests and deadline history."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.core import clock
from tracker.extensions import db
from tracker.tasks import assignments, deadlines
from tracker.tasks.status import Status

task_co_agencies = Table(
    "task_co_agencies",
    db.metadata,
    Column("task_id", ForeignKey("tasks.id"), primary_key=True),
    Column("agency_id", ForeignKey("agencies.id"), primary_key=True, index=True),
)

TASK_KINDS = {"dated": "Có thời hạn", "undated": "Thường xuyên", "periodic": "Định kỳ"}


class Task(db.Model):
    __tablename__ = "tasks"
    __table_args__ = (
        CheckConstraint(
            "status IN ('new','in_progress','reported','done','returned','declined','withdrawn')",
            name="status_valid",
        ),
        CheckConstraint("status <> 'done' OR (confirmed_on IS NOT NULL AND reported_on IS NOT NULL)", name="done_has_dates"),
        CheckConstraint("status <> 'reported' OR reported_on IS NOT NULL", name="reported_has_date"),
        CheckConstraint("status <> 'withdrawn' OR withdrawn_on IS NOT NULL", name="withdrawn_has_date"),
        CheckConstraint("kind <> 'dated' OR due_on IS NOT NULL", name="dated_has_due"),
        CheckConstraint("kind <> 'periodic' OR rrule IS NOT NULL", name="periodic_has_rule"),
        UniqueConstraint("parent_id", "period_key", name="uq_tasks_parent_period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    item_ref: Mapped[str | None] = mapped_column(String(40))
    item_key: Mapped[str] = mapped_column(String(40), index=True)  # shared by a fanned-out item's tasks
    content: Mapped[str] = mapped_column(Text)
    content_folded: Mapped[str] = mapped_column(Text, default="")
    lead_agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    lead_text: Mapped[str | None] = mapped_column(String(255))  # the owner as written in the document
    co_text: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(10), default="dated")
    rrule: Mapped[str | None] = mapped_column(String(255))
    is_series: Mapped[bool] = mapped_column(default=False)  # a periodic template; its occurrences count
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"), index=True)
    period_key: Mapped[str | None] = mapped_column(String(20))
    due_on: Mapped[date | None]
    due_text: Mapped[str | None] = mapped_column(String(255))
    original_due_on: Mapped[date | None]
    due_changed_on: Mapped[date | None]  # when the current due_on took effect (None: never changed)
    judged_due_on: Mapped[date | None]  # deadline the accepted report was judged against
    assignment_changed_on: Mapped[date | None]  # last change of lead, leader, field or key flag
    status: Mapped[str] = mapped_column(String(20), default=Status.NEW.value)
    is_key: Mapped[bool] = mapped_column(default=False)
    field: Mapped[str | None] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(20), default="province")
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    leader_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    assigned_on: Mapped[date] = mapped_column(default=clock.today)
    reported_on: Mapped[date | None]
    confirmed_on: Mapped[date | None]
    withdrawn_on: Mapped[date | None]
    became_overdue_on: Mapped[date | None]
    result_text: Mapped[str | None] = mapped_column(Text)
    result_doc_number: Mapped[str | None] = mapped_column(String(100))
    result_doc_date: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now, onupdate=clock.now)
    version: Mapped[int] = mapped_column(default=1)

    document = relationship("Document", back_populates="tasks")
    lead_agency = relationship("Agency", foreign_keys=[lead_agency_id])
    co_agencies = relationship("Agency", secondary=task_co_agencies, order_by="Agency.order")
    officer = relationship("User", foreign_keys=[officer_id])
    leader = relationship("User", foreign_keys=[leader_id])
    updates = relationship("ProgressUpdate", back_populates="task", order_by="ProgressUpdate.id")
    extensions = relationship("ExtensionRequest", back_populates="task", order_by="ExtensionRequest.id")
    deadline_history = relationship("TaskDeadline", order_by="(TaskDeadline.valid_from, TaskDeadline.id)")
    past_assignments = relationship(
        "TaskPastAssignment", order_by="(TaskPastAssignment.valid_until, TaskPastAssignment.id)"
    )
    attachments = relationship("Attachment", primaryjoin="Attachment.task_id == Task.id", viewonly=True)

    __mapper_args__ = {"version_id_col": version}

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    def history(self) -> list[deadlines.DeadlineChange]:
        return [deadlines.DeadlineChange(h.valid_from, h.due_on, h.late_grant) for h in self.deadline_history]

    def assignment(self, as_of: date) -> assignments.Assignment:
        """Lead agency, leader, field and key flag in force on `as_of`."""
        past = [(p.valid_until, p.values) for p in self.past_assignments]
        return assignments.as_of(assignments.current(self), past, as_of)

    def time_class(self, as_of: date, soon_until: date | None = None) -> deadlines.TimeClass:
        if not deadlines.is_counted(
            as_of=as_of, assigned_on=self.assigned_on, withdrawn_on=self.withdrawn_on, is_series=self.is_series
        ):
            return deadlines.TimeClass.NOT_COUNTED
        due = self.due_on if self.due_changed_on is None or self.due_changed_on <= as_of else deadlines.due_as_of(
            self.history(), as_of
        )
        return deadlines.time_class(
            as_of=as_of,
            due_on=due,
            confirmed_on=self.confirmed_on,
            reported_on=self.reported_on,
            judged_due_on=self.judged_due_on,
            soon_until=soon_until,
        )


class TaskDeadline(db.Model):
    """Deadline history, so a count "as of D" uses the deadline in force on D."""

    __tablename__ = "task_deadlines"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"))
    due_on: Mapped[date | None]
    valid_from: Mapped[date]
    late_grant: Mapped[bool] = mapped_column(default=False)
    reason: Mapped[str] = mapped_column(String(20), default="original")  # original | extension | edit
    extension_id: Mapped[int | None] = mapped_column(ForeignKey("extension_requests.id"))


class TaskPastAssignment(db.Model):
    """Superseded assignment values of a task, in force before `valid_until` (see tasks/assignments.py)."""

    __tablename__ = "task_past_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"))
    valid_until: Mapped[date]
    lead_agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    leader_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    field: Mapped[str | None] = mapped_column(String(100))
    is_key: Mapped[bool] = mapped_column(default=False)

    @property
    def values(self) -> assignments.Assignment:
        return assignments.Assignment(self.lead_agency_id, self.leader_id, self.field, self.is_key)


class ProgressUpdate(db.Model):
    __tablename__ = "progress_updates"
    __table_args__ = (CheckConstraint("kind IN ('progress','input','completion','decline')", name="kind_valid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(default=clock.now)
    on: Mapped[date]
    kind: Mapped[str] = mapped_column(String(20), default="progress")
    text: Mapped[str] = mapped_column(Text)
    result_doc_number: Mapped[str | None] = mapped_column(String(100))
    result_doc_date: Mapped[date | None]

    task = relationship("Task", back_populates="updates")
    agency = relationship("Agency")
    author = relationship("User")
    attachments = relationship("Attachment", primaryjoin="Attachment.update_id == ProgressUpdate.id", viewonly=True)


class ExtensionRequest(db.Model):
    __tablename__ = "extension_requests"
    __table_args__ = (
        CheckConstraint("state IN ('pending','approved','refused','cancelled')", name="state_valid"),
        CheckConstraint("state = 'pending' OR decided_on IS NOT NULL", name="decided_has_date"),
        # At most one pending request per task, enforced by the database (two requesters at once).
        Index("uq_extension_requests_one_pending", "task_id", unique=True,
              sqlite_where=text("state = 'pending'"), postgresql_where=text("state = 'pending'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(default=clock.now)
    requested_on: Mapped[date]
    current_due_on: Mapped[date | None]
    proposed_due_on: Mapped[date]
    reason: Mapped[str] = mapped_column(Text)
    after_deadline: Mapped[bool] = mapped_column(default=False)
    state: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    decided_on: Mapped[date | None]
    granted_due_on: Mapped[date | None]
    decision_note: Mapped[str | None] = mapped_column(Text)
    decision_doc_number: Mapped[str | None] = mapped_column(String(100))

    task = relationship("Task", back_populates="extensions")
    requested_by = relationship("User", foreign_keys=[requested_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])

    @property
    def state_label(self) -> str:
        return {"pending": "Chờ quyết định", "approved": "Đã đồng ý", "refused": "Không đồng ý",
                "cancelled": "Đã hủy"}[self.state]


# Indexes that match the list filters and roll-ups (think 1,000,000 tasks).
Index("ix_tasks_lead_status_due", Task.lead_agency_id, Task.status, Task.due_on)
Index("ix_tasks_status_due", Task.status, Task.due_on)
# The dashboard's monthly trends read only these columns: on PostgreSQL an index-only scan (INCLUDE).
Index("ix_tasks_assigned_cover", Task.assigned_on, postgresql_include=["is_series", "withdrawn_on"])
Index("ix_tasks_due_on", Task.due_on)
Index("ix_task_deadlines_task_valid", TaskDeadline.task_id, TaskDeadline.valid_from)
# Reports (tracker/reports/queries.py): the overdue list scans open tasks (confirmed_on IS NULL) in
# deadline order, and "as of a past date" looks up tasks confirmed or re-dated after that date. The
# INCLUDE columns serve the monthly trend of completions, and the count of a time class (the task list,
# tasks/queries.py class_parts: due_changed_on tells an unchanged deadline), by index-only scans (PostgreSQL).
Index("ix_tasks_confirmed_due", Task.confirmed_on, Task.due_on, Task.id,
      postgresql_include=["assigned_on", "is_series", "withdrawn_on", "reported_on", "judged_due_on",
                          "due_changed_on"])
Index("ix_tasks_due_changed_on", Task.due_changed_on)
Index("ix_tasks_assignment_changed_on", Task.assignment_changed_on)
Index("ix_task_past_assignments_task_until", TaskPastAssignment.task_id, TaskPastAssignment.valid_until)
