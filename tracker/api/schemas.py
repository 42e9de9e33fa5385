"""Request and response schemas of /api/v1, defined once: they validate requests and generate the OpenAPI spec."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from tracker.documents.models import DOCUMENT_KINDS, SOURCES
from tracker.reports.queries import GROUPS
from tracker.tasks.deadlines import TimeClass
from tracker.tasks.queries import TC_FILTERS
from tracker.tasks.status import Status

MAX_ID = 2**31 - 1  # the INTEGER column range: a larger id is a 422, never an overflow
MAX_LIMIT = 200


def _iso_date(value: Any) -> Any:
    """Dates travel as 'YYYY-MM-DD' strings only (a number is not a date)."""
    if isinstance(value, date | str):
        return value
    raise ValueError("phải là ngày dạng YYYY-MM-DD")


def _no_nul(value: str) -> str:
    """PostgreSQL cannot store NUL in text: refuse it as a field error, not a database error."""
    if "\x00" in value:
        raise ValueError("không được chứa ký tự NUL")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Version = Annotated[int, Field(ge=1, le=MAX_ID, description="Phiên bản nhiệm vụ đã đọc (khóa lạc quan).")]
Text = Annotated[str, StringConstraints(max_length=20000), AfterValidator(_no_nul)]
Short = Annotated[str, StringConstraints(max_length=100), AfterValidator(_no_nul)]
Name = Annotated[str, StringConstraints(max_length=255), AfterValidator(_no_nul)]


class In(BaseModel):
    """Requests: unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


# ---- errors ----------------------------------------------------------------------------------


class FieldError(Out):
    field: str = Field(description="Đường dẫn tới trường lỗi, ví dụ tasks.0.due")
    message: str
    code: str


class Problem(Out):
    """RFC 9457 problem details (application/problem+json)."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldError] = []
    current_version: int | None = None


# ---- tasks -----------------------------------------------------------------------------------


class Ref(Out):
    id: int
    name: str


class DocumentRef(Out):
    id: int
    number: str


class TaskOut(Out):
    id: int
    document: DocumentRef
    ref: str | None
    content: str
    kind: str
    status: Status
    status_label: str
    lead: Ref
    co: list[Ref]
    due: date | None
    original_due: date | None
    time_class: TimeClass
    is_key: bool
    field: str | None
    leader_id: int | None
    assigned_on: date
    reported_on: date | None
    confirmed_on: date | None
    withdrawn_on: date | None
    version: int


class TaskList(Out):
    items: list[TaskOut]
    total: int = Field(description="Số nhiệm vụ khớp bộ lọc (mọi trang).")
    next_after: int | None = Field(description="Giá trị `after` cho trang sau; null khi hết.")


class Change(Out):
    field: str
    before: str
    after: str


class TimelineEvent(Out):
    id: int
    at: datetime
    on: date
    action: str
    label: str
    actor: str | None
    via: str | None
    note: str | None
    changes: list[Change]


class UpdateOut(Out):
    kind: str
    on: date
    text: str
    agency: str | None
    result_doc_number: str | None
    result_doc_date: date | None


class ExtensionOut(Out):
    id: int
    state: str
    requested_on: date
    proposed_due: date
    reason: str
    after_deadline: bool
    decided_on: date | None
    granted_due: date | None
    note: str | None


class TaskDetail(TaskOut):
    updates: list[UpdateOut]
    extensions: list[ExtensionOut]
    timeline: list[TimelineEvent]


class TaskQuery(In):
    """The web list's filters (same names), plus keyset paging."""

    status: Status | None = None
    time_class: Literal[tuple(sorted(TC_FILTERS))] | None = Field(  # type: ignore[valid-type]
        None, description="Phân loại thời hạn tính đến `as_of` (mặc định hôm nay).")
    as_of: IsoDate | None = None
    agency: Id | None = Field(None, description="Cơ quan chủ trì (id).")
    document: Id | None = None
    leader: Id | None = Field(None, description="Lãnh đạo phụ trách (id).")
    field: Name | None = Field(None, description="Lĩnh vực.")
    q: Annotated[str, StringConstraints(max_length=200), AfterValidator(_no_nul)] | None = Field(None, description="Tìm trong nội dung.")
    due_from: IsoDate | None = None
    due_to: IsoDate | None = None
    after: Annotated[int, Field(ge=0, le=MAX_ID)] = Field(0, description="Id cuối của trang trước.")
    limit: Annotated[int, Field(ge=1, le=MAX_LIMIT)] = 100


class VersionIn(In):
    version: Version | None = None


class ProgressIn(VersionIn):
    text: Text


class ReportIn(VersionIn):
    result: Text
    result_doc_number: Short | None = None
    result_doc_date: IsoDate | None = None


class ExtensionIn(VersionIn):
    proposed_due: IsoDate
    reason: Text


class DecisionIn(VersionIn):
    approve: bool
    granted_due: IsoDate | None = None
    note: Text | None = None
    doc_number: Short | None = None


class ReasonIn(VersionIn):
    reason: Text


# ---- documents -------------------------------------------------------------------------------

AgencyName = Annotated[str, StringConstraints(min_length=1, max_length=255), AfterValidator(_no_nul)]


class ItemIn(In):
    ref: Annotated[str, StringConstraints(max_length=40), AfterValidator(_no_nul)] | None = None
    content: Text
    lead: list[Id | AgencyName] = Field(description="Cơ quan chủ trì: id, tên, tên viết tắt, tên cũ hoặc nhóm.",
                                        max_length=500)
    co: list[Id | AgencyName] = Field([], max_length=500)
    due: IsoDate | None = None
    periodic: Annotated[str, StringConstraints(max_length=255), AfterValidator(_no_nul)] | None = Field(
        None, description="Nhiệm vụ định kỳ: quy tắc RRULE, ví dụ FREQ=MONTHLY;BYMONTHDAY=20.")
    key: bool = False
    field: Short | None = None


class DocumentIn(In):
    number: Annotated[str, StringConstraints(min_length=1, max_length=100), AfterValidator(_no_nul)]
    type: Literal[tuple(DOCUMENT_KINDS)] = "thong_bao_ket_luan"  # type: ignore[valid-type]
    issued: IsoDate | None = None
    title: Text | None = None
    issuer: Name | None = None
    signer: Name | None = None
    directed_by: Name | None = None
    meeting_on: IsoDate | None = None
    source: Literal[tuple(SOURCES)] = "province"  # type: ignore[valid-type]
    tasks: list[ItemIn] = Field(max_length=1000)


class DocumentOut(Out):
    id: int
    number: str
    type: str
    issued: date | None
    title: str
    issuer: str
    signer: str | None
    source: str
    version: int
    tasks: list[int]


class DocumentList(Out):
    items: list[DocumentOut]
    next_after: int | None


class DocumentQuery(In):
    q: Annotated[str, StringConstraints(max_length=200), AfterValidator(_no_nul)] | None = None
    after: Annotated[int, Field(ge=0, le=MAX_ID)] = 0
    limit: Annotated[int, Field(ge=1, le=MAX_LIMIT)] = 100


class WithdrawOut(Out):
    document: DocumentOut
    withdrawn: list[int]
    skipped: list[int] = Field(description="Nhiệm vụ đã hoàn thành hoặc đã dừng, không đổi.")


# ---- agencies, reports, changes ----------------------------------------------------------------


class AgencyOut(Out):
    id: int
    name: str
    short_name: str | None
    kind: str


class AgencyList(Out):
    items: list[AgencyOut]


class ResolveQuery(In):
    name: Annotated[str, StringConstraints(min_length=1, max_length=255), AfterValidator(_no_nul)]


class ResolveOut(Out):
    query: str
    agency: AgencyOut | None
    group: Ref | None = None


class ReportQuery(In):
    as_of: IsoDate | None = None
    by: Literal[tuple(GROUPS)] = "agency"  # type: ignore[valid-type]
    date_from: IsoDate | None = Field(None, alias="from")
    date_to: IsoDate | None = Field(None, alias="to")


class ReportTotals(Out):
    total: int
    done_on_time: int
    done_late: int
    open_within: int
    open_overdue: int
    undated: int
    completion_rate: float | None


class ReportRow(ReportTotals):
    key: int | str | None
    name: str


class ReportOut(Out):
    model_config = ConfigDict(validate_by_name=True, serialize_by_alias=True)

    as_of: date
    date_from: date | None = Field(alias="from")
    date_to: date | None = Field(alias="to")
    by: str
    rows: list[ReportRow]
    totals: ReportTotals


class ChangesQuery(In):
    since: Annotated[int, Field(ge=0, le=2**53)] = Field(0, description="Con trỏ `next` của lần đọc trước.")
    limit: Annotated[int, Field(ge=1, le=MAX_LIMIT)] = 100


class ChangeOut(Out):
    cursor: int
    entity: Literal["task", "document"]
    id: int
    action: str
    task: TaskOut | None = None
    document: DocumentOut | None = None


class ChangesOut(Out):
    items: list[ChangeOut]
    next: int = Field(description="Con trỏ cho lần đọc sau (truyền vào `since`).")
    more: bool
