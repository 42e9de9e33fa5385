"""Resolving written agency names against a plain directory (no database)."""

from types import SimpleNamespace as Rec

from tracker.notices.resolve import name_key, resolve_names

DIRECTORY = [
    Rec(id=1, name="Sở Khoa học và Công nghệ", aliases=["Sở KH&CN"], successor_id=None, is_group=False),
    Rec(
        id=2,
        name="Sở Thông tin và Truyền thông",
        aliases=["STTTT", "Sở TT&TT"],
        successor_id=1,
        is_group=False,
    ),
    Rec(id=3, name="Sở Tài chính", aliases=[], successor_id=None, is_group=False),
    Rec(id=4, name="Sở Kế hoạch và Đầu tư", aliases=[], successor_id=3, is_group=False),
    Rec(
        id=5, name="Các sở, ban, ngành", aliases=["các sở, ban, ngành tỉnh"], successor_id=None, is_group=True
    ),
    Rec(id=6, name="UBND thành phố Lạng Sơn", aliases=[], successor_id=None, is_group=False),
    Rec(id=7, name="Văn phòng UBND tỉnh", aliases=[], successor_id=None, is_group=False),
]


def test_folds_case_diacritics_and_abbreviations():
    res = resolve_names(
        ["SỞ TÀI CHÍNH", "so tai chinh", "Sở KH&CN", "Văn phòng Ủy ban nhân dân tỉnh"], DIRECTORY
    )
    assert [r.agency_id for r in res] == [3, 3, 1, 7]
    assert all(r.resolved and not r.via_successor for r in res)
    assert name_key("UBND TP Lạng Sơn") == name_key("Ủy ban nhân dân thành phố Lạng Sơn")
    assert resolve_names(["UBND TP Lạng Sơn"], DIRECTORY)[0].agency_id == 6


def test_merged_agencies_resolve_to_their_successor():
    res = resolve_names(["Sở Thông tin và Truyền thông", "Sở KH&ĐT"], DIRECTORY)
    assert [(r.written, r.agency_id, r.via_successor) for r in res] == [
        ("Sở Thông tin và Truyền thông", 1, True),
        ("Sở KH&ĐT", 3, True),
    ]


def test_successor_chains_and_loops_terminate():
    chain = [
        Rec(id=1, name="A cũ", aliases=[], successor_id=2, is_group=False),
        Rec(id=2, name="B", aliases=[], successor_id=3, is_group=False),
        Rec(id=3, name="C mới", aliases=[], successor_id=None, is_group=False),
        Rec(id=8, name="Vòng 1", aliases=[], successor_id=9, is_group=False),
        Rec(id=9, name="Vòng 2", aliases=[], successor_id=8, is_group=False),
    ]
    assert resolve_names(["A cũ"], chain)[0].agency_id == 3
    assert resolve_names(["Vòng 1"], chain)[0].agency_id in (8, 9)


def test_groups_unknown_and_vague_names():
    res = resolve_names(
        ["Các sở, ban, ngành", "Trung tâm Tin học tỉnh", "các cơ quan liên quan", ""], DIRECTORY
    )
    assert [(r.written, r.agency_id) for r in res] == [
        ("Các sở, ban, ngành", 5),
        ("Trung tâm Tin học tỉnh", None),
    ]
    assert res[0].is_group and not res[1].resolved
