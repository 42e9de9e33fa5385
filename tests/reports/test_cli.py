"""`tracker report`: JSON shape, files, bad input."""

import json
from datetime import date

from openpyxl import load_workbook

from tracker.cli import cli
from tracker.reports import queries


def run(app, *args):
    return app.test_cli_runner().invoke(cli, ["report", *args])


def test_json_shape(story, app, session):
    result = run(app, "--as-of", "2024-12-01", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"as_of", "from", "to", "by", "rows", "totals"}
    assert (data["as_of"], data["from"], data["to"], data["by"]) == ("2024-12-01", None, "2024-12-01", "agency")
    keys = {"key", "name", "total", "done_on_time", "done_late", "open_within", "open_overdue", "undated",
            "completion_rate"}
    assert all(set(r) == keys for r in data["rows"])
    assert data["rows"][0]["name"] == "Sở Tài chính" and data["rows"][0]["key"] == story.a.id
    assert set(data["totals"]) == keys - {"key", "name"}
    for k in queries.COUNTS:
        assert data["totals"][k] == sum(r[k] for r in data["rows"])
    assert data["totals"]["total"] == 12


def test_period_and_grouping(story, app):
    result = run(app, "--as-of", "2024-12-01", "--from", "2024-10-15", "--to", "2024-11-14", "--by", "month",
                 "--format", "json")
    data = json.loads(result.output)
    assert data["from"] == "2024-10-15" and [r["name"] for r in data["rows"]] == ["Tháng 11/2024"]
    assert data["totals"]["total"] == 2


def test_as_of_before_changes(story, app):
    early = json.loads(run(app, "--as-of", "2024-10-16", "--format", "json").output)
    # Reported but not yet confirmed is still overdue: world task, T0, T1, T2, T4, T7.
    assert early["totals"]["total"] == 10 and early["totals"]["open_overdue"] == 6


def test_text_table(story, app):
    result = run(app, "--as-of", "2024-12-01")
    assert result.exit_code == 0
    assert "Sở Xây dựng" in result.output and "Tổng cộng" in result.output


def test_files(story, app, tmp_path):
    out = tmp_path / "r.xlsx"
    result = run(app, "--as-of", "2024-12-01", "--format", "xlsx", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert load_workbook(out)["Tổng hợp"]["B6"].value == "Sở Tài chính"
    docx = tmp_path / "r.docx"
    assert run(app, "--as-of", "2024-12-01", "--format", "docx", "-o", str(docx)).exit_code == 0
    assert docx.read_bytes()[:2] == b"PK"


def test_bad_dates_exit_1_without_traceback(story, app):
    for args in (["--as-of", "2024-13-01"], ["--as-of", "hôm qua"], ["--from", "2024-12-01", "--to", "2024-11-01"]):
        result = run(app, *args)
        assert result.exit_code == 1
        assert "Traceback" not in result.output and "Lỗi" in result.output
    assert run(app, "--format", "xlsx").exit_code == 1


def test_default_as_of_is_today(story, app, session):
    import time_machine

    with time_machine.travel(date(2024, 10, 16), tick=False):
        data = json.loads(run(app, "--format", "json").output)
    assert data["as_of"] == "2024-10-16"
