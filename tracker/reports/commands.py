"""`tracker report`: the roll-up as a table, JSON, .xlsx or .docx (same numbers as the web page)."""

from __future__ import annotations

import json
import sys
from datetime import date

import click
from flask import current_app

from tracker.core import clock
from tracker.core.text import parse_vn_date
from tracker.extensions import db
from tracker.reports import exports, queries


def _date(value: str | None, what: str) -> date | None:
    try:
        return parse_vn_date(value)
    except ValueError:
        click.echo(f"Lỗi: {what} không hợp lệ: “{value}” (YYYY-MM-DD hoặc dd/mm/yyyy).", err=True)
        sys.exit(1)


def _table(report: queries.Report) -> str:
    head = ("STT", "Tên", "Tổng", "Đúng hạn", "Quá hạn", "Trong hạn", "Quá hạn", "KTH", "Tỷ lệ %")
    lines = [f"Báo cáo tính đến {report.as_of:%d/%m/%Y}, nhóm theo {queries.GROUPS[report.by].lower()}",
             "      " + " " * 42 + "  Đã hoàn thành   Chưa hoàn thành",
             f"{head[0]:>4}  {head[1]:<42} {head[2]:>6} {head[3]:>8} {head[4]:>8} {head[5]:>9} {head[6]:>8} "
             f"{head[7]:>6} {head[8]:>7}"]

    def line(n, row):
        rate = "" if row.completion_rate is None else f"{row.completion_rate:.1f}"
        return (f"{n:>4}  {row.name[:42]:<42} {row.total:>6} {row.done_on_time:>8} {row.done_late:>8} "
                f"{row.open_within:>9} {row.open_overdue:>8} {row.undated:>6} {rate:>7}")

    lines += [line(n, row) for n, row in enumerate(report.rows, 1)]
    lines.append(line("", report.totals))
    return "\n".join(lines)


@click.command("report")
@click.option("--as-of", "as_of", help="Ngày tính số liệu (YYYY-MM-DD); mặc định hôm nay.")
@click.option("--from", "date_from", help="Giao từ ngày (YYYY-MM-DD).")
@click.option("--to", "date_to", help="Giao đến ngày (YYYY-MM-DD).")
@click.option("--by", type=click.Choice(list(queries.GROUPS)), default="agency", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "xlsx", "docx"]), default="text",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Ghi ra tệp (bắt buộc với xlsx, docx).")
def report_command(as_of, date_from, date_to, by, fmt, output):
    """Báo cáo tổng hợp tình hình thực hiện nhiệm vụ tính đến một ngày."""
    as_of = _date(as_of, "ngày tính số liệu") or clock.today()
    filters = queries.Filters(date_from=_date(date_from, "ngày bắt đầu"), date_to=_date(date_to, "ngày kết thúc"))
    filters.date_to = filters.date_to or as_of
    if filters.date_from and filters.date_from > filters.date_to:
        click.echo("Lỗi: ngày bắt đầu sau ngày kết thúc.", err=True)
        sys.exit(1)
    if fmt in ("xlsx", "docx") and not output:
        click.echo("Lỗi: cần -o TỆP cho định dạng xlsx/docx.", err=True)
        sys.exit(1)
    start_day = current_app.config["REPORT_PERIOD_START_DAY"]
    report = queries.rollup(db.session, as_of, by, filters, start_day=start_day)
    if fmt in ("xlsx", "docx"):
        data = exports.render(db.session, report, fmt, current_app.config)
        with open(output, "wb") as fh:
            fh.write(data)
        click.echo(f"Đã ghi {output} ({len(report.rows)} dòng, {report.totals.total} nhiệm vụ).")
        return
    text = json.dumps(report.as_json(), ensure_ascii=False, indent=2) if fmt == "json" else _table(report)
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    else:
        click.echo(text)


COMMANDS = [report_command]
