"""`casework group …` on a real register: make, show, representatives, leave; refusals are one
bilingual line with exit 2 and write nothing."""

from __future__ import annotations

import json

from casework.groups import get_group, membership
from casework.store import Store

from .conftest import make_member


def test_three_cases_become_a_group_from_the_cli(store: Store, members: list[str], run) -> None:  # type: ignore[no-untyped-def]
    out = run("group", "new", "--from", *members, "--title", "某某数码耳机共同投诉", "--json")
    data = json.loads(out.stdout)
    gid = data["id"]
    assert gid not in members
    assert [m["case_id"] for m in data["members"]] == members
    assert [m["letter"] for m in data["members"]] == ["甲", "乙", "丙"]
    assert data["total_paid"] == "548.40"  # 199.50 + 249.00 + 99.90, exact
    assert data["respondent_name"] == "杭州某某数码科技有限公司"
    # The members keep their own register entries and say that they are in the group.
    shown = json.loads(run("case", "show", members[1], "--json").stdout)
    assert shown["group"] == {"id": gid, "letter": "乙"}
    assert shown["complainant_name"] == "李四"
    text = run("case", "show", members[0]).stdout
    assert f"共同投诉 {gid}" in text
    listed = run("group", "show", gid).stdout
    assert "欧阳娜娜" in listed and "¥548.40" in listed


def test_representatives_at_most_two_among_the_members(
    store: Store, members: list[str], run
) -> None:  # type: ignore[no-untyped-def]
    gid = json.loads(run("group", "new", "--from", *members, "--title", "g", "--json").stdout)["id"]
    bad = run("group", "reps", gid, *members, code=2)
    assert "代表人最多两名" in bad.stderr and "at most two representatives" in bad.stderr
    assert "Traceback" not in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
    assert "办法第12条" in bad.stderr  # the 2026 measures are in force on the test's day
    assert get_group(store, gid).representatives == []
    other = make_member(store, 0, complainant_name="赵六")
    run("group", "reps", gid, members[0], other, code=2)
    data = json.loads(run("group", "reps", gid, members[0], members[2], "--json").stdout)
    assert data["representatives"] == [members[0], members[2]]
    assert membership(store, members[2]).is_representative  # type: ignore[union-attr]


def test_refuses_another_merchant_and_a_second_open_group(
    store: Store, members: list[str], run
) -> None:  # type: ignore[no-untyped-def]
    elsewhere = make_member(store, 1, shop_name="别家旗舰店", respondent_name="别家公司")
    before = store.count_cases()
    bad = run("group", "new", "--from", members[0], elsewhere, "--title", "x", code=2)
    assert "同一经营者" in bad.stderr and "one business" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
    assert store.count_cases() == before  # no empty group case left behind
    run("group", "new", "--from", members[0], members[1], "--title", "first")
    again = run("group", "new", "--from", members[1], members[2], "--title", "second", code=2)
    assert "已是共同投诉" in again.stderr and "already in the open group" in again.stderr
    one = run("group", "new", "--from", members[2], "--title", "alone", code=2)
    assert "至少需要两名" in one.stderr
    twice = run("group", "new", "--from", members[2], members[2], "--title", "x", code=2)
    assert "重复" in twice.stderr


def test_shop_name_alone_matches_the_legal_name(store: Store, members: list[str]) -> None:
    from casework.groups import create_group

    only_shop = make_member(store, 2, respondent_name="")
    g = create_group(store, [members[0], only_shop], "shop only")
    assert [m.case_id for m in g.members] == [members[0], only_shop]


def test_leaving_keeps_the_member_case_and_frees_it(store: Store, members: list[str], run) -> None:  # type: ignore[no-untyped-def]
    gid = json.loads(run("group", "new", "--from", *members, "--title", "g", "--json").stdout)["id"]
    run("group", "reps", gid, members[1])
    data = json.loads(run("group", "leave", gid, members[1], "--json").stdout)
    assert [m["case_id"] for m in data["members"]] == [members[0], members[2]]
    assert [m["letter"] for m in data["members"]] == ["甲", "乙"]
    assert data["representatives"] == []  # a representative who leaves represents no one
    assert data["former_members"][0]["case_id"] == members[1]
    assert data["total_paid"] == "299.40"
    assert membership(store, members[1]) is None
    assert store.get_case(members[1]).complainant_name == "李四"
    last = run("group", "leave", gid, members[0], code=2)
    assert "只剩两名" in last.stderr
    # Free to join another group now, and to come back.
    run("group", "add", gid, members[1])
    assert [m.case_id for m in get_group(store, gid).members][-1] == members[1]
    actions = [a["action"] for a in store.audit_log(members[1])]
    assert actions[-3:] == ["group.join", "group.leave", "group.join"]


def test_a_closed_group_frees_its_members(store: Store, members: list[str], run) -> None:  # type: ignore[no-untyped-def]
    gid = json.loads(run("group", "new", "--from", *members[:2], "--title", "g", "--json").stdout)[
        "id"
    ]
    run("case", "status", gid, "withdrawn")
    run("group", "new", "--from", *members, "--title", "again")
    assert run("group", "leave", gid, members[0], code=2).stderr.count("\n") == 1


def test_unknown_ids_are_one_line(run) -> None:  # type: ignore[no-untyped-def]
    assert "2099-0001" in run("group", "show", "2099-0001", code=2).stderr


def test_group_export_from_the_cli(store: Store, members: list[str], run) -> None:  # type: ignore[no-untyped-def]
    from casework.consent import give_all

    gid = json.loads(run("group", "new", "--from", *members, "--title", "g", "--json").stdout)["id"]
    refused = run("group", "export", gid, "--profile", "public", code=2)
    assert "投诉人甲" in refused.stderr and "Traceback" not in refused.stderr
    for case_id in members:
        give_all(store, case_id)
    out = json.loads(run("group", "export", gid, "--profile", "public", "--json").stdout)
    assert out["profile"] == "public" and out["path"].endswith(".html")
    assert "推选代表人书" in open(out["path"], encoding="utf-8").read()
    not_group = run("group", "export", members[0], code=2)
    assert "不是共同投诉" in not_group.stderr
