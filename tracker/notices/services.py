"""Notice import drafts: parse into a draft, keep edits, then save through the same document service."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.agencies.models import Agency, AgencyAlias
from tracker.agencies.resolve import directory, resolver  # noqa: F401 - the API imports resolver from here
from tracker.auth import permissions as perm
from tracker.core import journal
from tracker.core.errors import DomainError, PermissionDenied
from tracker.core.text import fold, parse_vn_date
from tracker.documents.models import DOCUMENT_KINDS, NoticeDraft
from tracker.documents.services import create_document
from tracker.notices import review


def gazetteer(session: Session):
    """The directory's agency and group names and aliases, for the parser's name grammar."""
    from tracker.notices.names import gazetteer_pattern

    return gazetteer_pattern(n for e in directory(session) for n in [e.name, *e.aliases])


def _doc_form(parsed_doc: dict) -> dict:
    issued = parsed_doc.get("issued")
    return {
        "number": parsed_doc.get("number") or "",
        "kind": parsed_doc.get("type") if parsed_doc.get("type") in DOCUMENT_KINDS else "other",
        "issued_on": date.fromisoformat(issued).strftime("%d/%m/%Y") if issued else "",
        "issuer": parsed_doc.get("issuer") or "",
        "signer": parsed_doc.get("signer") or "",
        "directed_by": parsed_doc.get("directed_by") or "",
        "summary": parsed_doc.get("title") or "",
        "meeting_on": "",
    }


def create_draft(session: Session, actor, parsed: dict, *, filename: str | None, text: str) -> NoticeDraft:
    if not perm.can_create_document(actor):
        raise PermissionDenied()
    resolve = resolver(session)
    payload = {
        "doc": _doc_form(parsed.get("doc") or {}),
        "rows": [review.new_row(t, resolve) for t in parsed.get("tasks", [])],
        "warnings": parsed.get("warnings", []),
        "ocr": bool(parsed.get("ocr")),
        "proposal": [
            {k: t.get(k) for k in ("ref", "content", "lead", "co", "due", "due_text", "recurring")}
            for t in parsed.get("tasks", [])
        ],
    }
    draft = NoticeDraft(created_by_id=actor.id, filename=filename, source_text=text, payload=payload)
    session.add(draft)
    session.flush()
    return draft


def update_draft(
    session: Session,
    actor,
    draft: NoticeDraft,
    doc: dict,
    rows: list[dict],
    mappings: dict[str, str],
    split_at: int | None = None,
) -> None:
    _own(actor, draft)
    rows = review.apply_mappings(review.apply_edits(rows, split_at), mappings)
    draft.payload = {
        **draft.payload,
        "doc": doc,
        "rows": rows,
        "mappings": {
            k: v for k, v in {**draft.payload.get("mappings", {}), **mappings}.items() if v != review.SKIP
        },
    }
    session.flush()


def _own(actor, draft: NoticeDraft) -> None:
    if not perm.can_create_document(actor) or (draft.created_by_id != actor.id and actor.role != "admin"):
        raise PermissionDenied()
    if draft.state != "draft":
        raise DomainError("Bản nháp này đã được lưu hoặc đã hủy.")


def remember_aliases(session: Session, actor, as_of: date, mappings: dict[str, str]) -> int:
    """The officer mapped a name once: keep it as an alias so the next notice resolves it."""
    added = 0
    for name, token in mappings.items():
        if not token.startswith("a:"):
            continue
        folded = fold(name)
        if session.scalar(select(AgencyAlias.id).where(AgencyAlias.alias_folded == folded)):
            continue
        agency = session.get(Agency, int(token[2:]))
        if agency is None or agency.name_folded == folded:
            continue
        session.add(AgencyAlias(agency_id=agency.id, alias=name, alias_folded=folded))
        journal.record(
            session,
            entity="agency",
            entity_id=agency.id,
            action="alias_added",
            actor=actor,
            on=as_of,
            after={"alias": name},
        )
        added += 1
    return added


def _doc_data(doc: dict) -> dict:
    try:
        return {
            "number": doc.get("number"),
            "kind": doc.get("kind"),
            "issuer": doc.get("issuer"),
            "signer": doc.get("signer") or None,
            "directed_by": doc.get("directed_by") or None,
            "summary": doc.get("summary"),
            "issued_on": parse_vn_date(doc.get("issued_on")),
            "meeting_on": parse_vn_date(doc.get("meeting_on")),
            "leader_id": int(doc["leader_id"]) if str(doc.get("leader_id") or "").isdigit() else None,
        }
    except ValueError as exc:
        raise DomainError(str(exc)) from exc


def duplicate_of(session: Session, doc: dict):
    """An existing document with the same number and issue date as the draft's (None when there is none)."""
    from tracker.documents.models import Document

    number = (doc.get("number") or "").strip()
    try:
        issued = parse_vn_date(doc.get("issued_on"))
    except ValueError:
        return None
    if not number or issued is None:
        return None
    return session.scalar(
        select(Document).where(Document.number == number, Document.issued_on == issued).limit(1)
    )


def commit_draft(
    session: Session,
    actor,
    as_of: date,
    draft: NoticeDraft,
    remember: set[str] = frozenset(),
    duplicate_reason: str = "",
):
    """Create the document and its tasks exactly as the manual form does, in the caller's transaction.

    A document with the same number and issue date already existing is refused unless a reason is given."""
    _own(actor, draft)
    rows = draft.payload.get("rows", [])
    if not rows:
        raise DomainError("Chưa có nhiệm vụ nào để lưu.")
    existing = duplicate_of(session, draft.payload.get("doc", {}))
    if existing is not None and not duplicate_reason.strip():
        raise DomainError(
            f"Đã có văn bản số {existing.number} cùng ngày ban hành. Mở văn bản đó, hoặc ghi lý do để vẫn lưu."
        )
    if existing is not None:
        draft.payload = {**draft.payload, "duplicate_reason": duplicate_reason.strip()}
    doc = draft.payload.get("doc", {})
    items = review.to_items([dict(r) for r in rows], field=doc.get("field") or None, is_key=doc.get("is_key") == "on")
    mappings = {k: v for k, v in draft.payload.get("mappings", {}).items() if k in remember}
    remember_aliases(session, actor, as_of, mappings)
    document = create_document(session, actor, as_of, _doc_data(draft.payload.get("doc", {})), items)
    document.body_text = draft.source_text
    draft.state, draft.document_id = "saved", document.id
    session.flush()
    return document


def discard_draft(session: Session, actor, draft: NoticeDraft) -> None:
    _own(actor, draft)
    draft.state = "discarded"
    session.flush()
