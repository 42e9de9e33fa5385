"""Learn from every review: saved drafts written out as NAME.txt + NAME.gold.json (the annotation format),
with the parser's original proposal kept beside the officer's final tasks."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.agencies.models import Agency, AgencyGroup
from tracker.core.text import fold, parse_vn_date
from tracker.documents.models import NoticeDraft


def _names(session: Session, tokens: list[str], written: list[str]) -> list[str]:
    """Directory names of the chosen agencies/groups; the written names when nothing was chosen."""
    out = []
    for token in tokens:
        model = Agency if token.startswith("a:") else AgencyGroup
        rec = session.get(model, int(token[2:])) if token[2:].isdigit() else None
        if rec is not None:
            out.append(rec.name)
    return out or list(written)


def _iso(text: str | None) -> str | None:
    try:
        day = parse_vn_date(text)
    except ValueError:
        return None
    return day.isoformat() if isinstance(day, date) else None


def gold_of(session: Session, draft: NoticeDraft) -> dict:
    """The annotation of one saved review: its final rows as gold tasks, the proposal kept for comparison."""
    payload = draft.payload
    doc = payload.get("doc", {})
    tasks = [
        {
            "ref": row.get("ref") or None,
            "content_start": " ".join((row.get("content") or "").split()[:14]),
            "lead": _names(session, row.get("lead", []), row.get("lead_names", [])),
            "co": _names(session, row.get("co", []), row.get("co_names", [])),
            "due": _iso(row.get("due")),
            "due_text": row.get("due_text") or None,
            "recurring": bool(row.get("recurring")),
        }
        for row in payload.get("rows", [])
    ]
    return {
        "source_url": f"review:draft/{draft.id}",
        "truncated": False,
        "doc": {"number": doc.get("number") or None, "type": doc.get("kind"), "issued": _iso(doc.get("issued_on")),
                "issuer": doc.get("issuer") or None, "directed_by": doc.get("directed_by") or None},
        "tasks": tasks,
        "proposal": payload.get("proposal", []),
    }


def export_corpus(session: Session, folder: Path) -> int:
    """Write every saved review as a NAME.txt + NAME.gold.json pair; returns how many were written."""
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    drafts = session.scalars(select(NoticeDraft).where(NoticeDraft.state == "saved").order_by(NoticeDraft.id))
    for draft in drafts:
        if not draft.source_text:
            continue
        number = (draft.payload.get("doc", {}).get("number") or "").strip()
        slug = re.sub(r"[^a-z0-9]+", "-", fold(number)).strip("-")[:40] or "van-ban"
        name = f"{draft.id:05d}_{slug}"
        (folder / f"{name}.txt").write_text(draft.source_text, encoding="utf-8")
        gold = json.dumps(gold_of(session, draft), ensure_ascii=False, indent=1)
        (folder / f"{name}.gold.json").write_text(gold + "\n", encoding="utf-8")
        count += 1
    return count
