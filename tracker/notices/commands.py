"""`tracker parse FILE --format json|text`: print the proposed tasks of a notice, write nothing."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from tracker.notices.extract import NoticeError
from tracker.notices.pipeline import parse_file, parse_text


def _fmt_date(iso: str | None) -> str:
    """'2024-10-15' -> '15/10/2024'."""
    if not iso:
        return ""
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


def summary(result: dict) -> str:
    """Human-readable Vietnamese summary of a parse result."""
    doc = result["doc"]
    lines = [
        f"Văn bản: {doc.get('number') or '(chưa có số)'} — loại {doc.get('type')} — ngày {_fmt_date(doc.get('issued')) or '?'}",
        f"Trích yếu: {doc.get('title') or ''}",
        f"Số nhiệm vụ đề xuất: {len(result['tasks'])}",
        "",
    ]
    for i, task in enumerate(result["tasks"], 1):
        if task["due"]:
            due = f"{_fmt_date(task['due'])} ({task['due_text']})"
        else:
            due = "thường xuyên" if task["recurring"] else (task["due_text"] or "không thời hạn")
        lines.append(f"{i}. [{task['ref'] or '-'}] {task['content'][:160]}")
        lines.append(f"   Chủ trì: {', '.join(task['lead']) or '(chưa rõ)'}")
        if task["co"]:
            lines.append(f"   Phối hợp: {', '.join(task['co'])}")
        lines.append(f"   Thời hạn: {due}; độ tin cậy {task['confidence']:.2f}")
    for warning in result["warnings"]:
        lines.append(f"Cảnh báo: {warning}")
    return "\n".join(lines)


def _progress(done: int, total: int) -> None:
    """OCR of a scan takes seconds per page: say how far it is (stderr, so JSON output stays clean)."""
    click.echo(f"OCR: đã đọc trang {done}/{total}", err=True)


@click.command("parse")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def parse_command(file: str, fmt: str) -> None:
    """Đọc thông báo/công văn và liệt kê các nhiệm vụ đề xuất (không ghi dữ liệu)."""
    try:
        result = parse_file(file, file, progress=_progress)
    except NoticeError as exc:
        click.echo(f"Lỗi: {exc.message}", err=True)
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001 - one line for the user, never a traceback
        click.echo(f"Lỗi: không phân tích được tệp ({type(exc).__name__}).", err=True)
        sys.exit(1)
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        click.echo(summary(result))


notices_command = click.Group("notices", help="Bộ văn bản mẫu để đánh giá bộ đọc văn bản.")


@notices_command.command("export-corpus")
@click.argument("folder", type=click.Path(file_okay=False))
def export_corpus_command(folder: str) -> None:
    """Ghi các văn bản đã rà soát thành cặp NAME.txt + NAME.gold.json (kèm đề xuất ban đầu của bộ đọc)."""
    from tracker.extensions import db
    from tracker.notices.corpus import export_corpus

    count = export_corpus(db.session, Path(folder))
    click.echo(f"Đã ghi {count} văn bản vào {folder}.")


@notices_command.command("score")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--verbose", "-v", is_flag=True, help="In kết quả từng văn bản.")
def score_command(folder: str, verbose: bool) -> None:
    """Chấm bộ đọc văn bản trên một thư mục NAME.txt + NAME.gold.json (dòng cuối là tổng hợp)."""
    from tracker.notices.scoring import score_folder, summary

    lines, totals = score_folder(Path(folder), parse_text)
    if not totals["docs"]:
        click.echo("Lỗi: thư mục không có cặp NAME.txt + NAME.gold.json nào.", err=True)
        sys.exit(1)
    if verbose:
        click.echo("\n".join(lines))
    click.echo(summary(totals))
