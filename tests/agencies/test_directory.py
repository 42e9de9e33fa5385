"""`tracker agencies import FILE.csv [--replace]`."""

import click
from sqlalchemy import func, select

from tracker.agencies import services
from tracker.agencies.commands import COMMANDS
from tracker.agencies.models import Agency, AgencyAlias

# Only this package's commands: other packages' command modules may be mid-edit.
cli = click.Group(commands=COMMANDS)

HEADER = "name,short_name,kind,aliases,successor,active,order,groups\n"


def run(app, *args):
    return app.test_cli_runner().invoke(cli, list(args))


def test_import_and_update(app, session, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(
        HEADER + 'Sở Tài chính,STC,so_nganh,Sở TC,,1,1,"Các sở, ban, ngành"\n'
        "Sở Kế hoạch và Đầu tư,,so_nganh,Sở KH&ĐT;SKHĐT,Sở Tài chính,0,9,\n"
        "Sở Y tế,,so_nganh,,,1,2,\n",
        encoding="utf-8",
    )
    result = run(app, "agencies", "import", str(path))
    assert result.exit_code == 0, result.output
    assert "thêm 3" in result.output
    assert services.resolve(session, "skhdt").name == "Sở Tài chính"
    path.write_text(HEADER + "Sở Tài chính,STC,so_nganh,Tài chính,,1,1,\n", encoding="utf-8")
    result = run(app, "agencies", "import", str(path), "--replace", "--format", "json")
    assert result.exit_code == 0, result.output
    assert '"deactivated": 1' in result.output
    aliases = session.scalars(
        select(AgencyAlias.alias).join(Agency).where(Agency.name == "Sở Tài chính")
    ).all()
    assert sorted(aliases) == ["STC", "Tài chính"]


def test_bad_file_writes_nothing(app, session, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(
        HEADER + "Sở A,,sai_loai,,,1,1,\n,,,,,1,2,\nSở B,,so_nganh,,Sở Không Có,1,x,\n", encoding="utf-8"
    )
    result = run(app, "agencies", "import", str(path))
    assert result.exit_code == 1
    assert "Dòng 2: loại cơ quan" in result.output
    assert "Dòng 3: thiếu tên cơ quan" in result.output
    assert "Dòng 4: thứ tự" in result.output
    assert session.scalar(select(func.count()).select_from(Agency)) == 0
