"""One agency-name resolver (issue 9): import, create-user, the parser's review and the API agree."""

from tracker.agencies import resolve as one
from tracker.agencies import services
from tracker.notices import resolve as notices_resolve
from tracker.notices import services as notice_services


def test_there_is_one_implementation():
    assert notices_resolve.resolve_names is one.resolve_names
    assert notice_services.resolver is one.resolver


def test_service_resolve_reads_names_as_the_parser_does(session, make_agency):
    a = make_agency("Sở Tài chính")
    old = make_agency("Sở Kế hoạch và Đầu tư")
    old.successor_id = a.id
    session.flush()
    for written in ("Sở Tài chính tỉnh Lạng Sơn", "các Sở Tài chính", "Sở KH&ĐT", "Giao Sở Tài chính"):
        assert services.resolve(session, written).id == a.id, written
    tokens, missing = one.resolver(session)(["Sở Tài chính tỉnh Lạng Sơn", "Sở Không Có"])
    assert tokens == [f"a:{a.id}"] and missing == ["Sở Không Có"]
    assert services.resolve(session, "Sở Không Có") is None and services.resolve(session, "  ") is None


def test_create_user_takes_an_agency_written_as_in_a_notice(app, session, make_agency):
    a = make_agency("Sở Y tế")
    session.commit()
    from tracker.cli import cli

    result = app.test_cli_runner().invoke(
        cli, ["create-user", "syt", "--role", "agency", "--agency", "Sở Y tế tỉnh Lạng Sơn", "--password-stdin"],
        input="matkhau123\n",
    )
    assert result.exit_code == 0, result.output
    from tracker.auth.models import User

    assert session.query(User).filter_by(username="syt").one().agency_id == a.id
