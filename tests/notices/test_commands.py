"""The `parse` click command: JSON, text summary, one-line errors."""

import json
from pathlib import Path

from click.testing import CliRunner

from tracker.notices.commands import parse_command

DATA = Path(__file__).parent / "data"


def test_json_output():
    result = CliRunner().invoke(
        parse_command, [str(DATA / "002_langson-tb-ket-luan-cds-2024.txt"), "--format", "json"]
    )
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert set(data) == {"doc", "tasks", "warnings"}
    assert {"number", "type", "issued", "issuer", "directed_by", "title"} <= set(data["doc"])
    task = data["tasks"][1]
    assert {"ref", "content", "lead", "co", "due", "due_text", "recurring", "confidence"} <= set(task)
    assert task["due"] == "2024-10-15"


def test_text_summary():
    result = CliRunner().invoke(parse_command, [str(DATA / "cv_de_nghi_cac_so.txt")])
    assert result.exit_code == 0
    assert "1234/UBND-KGVX" in result.output and "Chủ trì: Sở Nội vụ" in result.output


def test_unreadable_file_exits_1_with_one_line(tmp_path):
    bad = tmp_path / "hong.docx"
    bad.write_bytes(b"PK\x03\x04 broken")
    result = CliRunner().invoke(parse_command, [str(bad), "--format", "json"])
    assert result.exit_code == 1
    assert result.output.strip().startswith("Lỗi:") and "Traceback" not in result.output
    missing = CliRunner().invoke(parse_command, [str(tmp_path / "khong-co.txt")])
    assert missing.exit_code != 0
