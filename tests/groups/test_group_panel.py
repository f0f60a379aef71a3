"""The portfolio's "make group" panel without a browser: pick the merchant, its cases are
ticked, one click makes the group; a refusal is shown in the panel, never raised."""

from __future__ import annotations

from casework.groups import get_group, membership
from casework.store import Store
from casework.ui.common import Session
from casework.ui.portfolio import GroupMaker

from .conftest import make_member


def test_pick_merchant_cases_and_make_the_group(store: Store, members: list[str]) -> None:
    make_member(store, 0, shop_name="别家店", respondent_name="别家公司")
    make_member(store, 1, shop_name="别家店", respondent_name="别家公司")
    panel = GroupMaker(store, Session(), lang="zh")
    keys = [v for _, v in panel.merchant.options]
    assert "杭州某某数码科技有限公司" in keys and "别家公司" in keys
    panel.merchant.value = "杭州某某数码科技有限公司"
    assert set(panel.cases.value) == set(members)  # its open cases, all ticked
    assert panel.title.value.startswith("杭州某某数码科技有限公司")
    gid = panel.make()
    assert gid is not None and "已建立共同投诉" in panel.result.value
    assert [m.case_id for m in get_group(store, gid).members] == members
    assert membership(store, members[0]).group_id == gid  # type: ignore[union-attr]
    # Grouped cases are no longer offered; trying again is refused in the panel, not raised.
    panel.merchant.value = "杭州某某数码科技有限公司"
    assert panel.cases.options == ()
    panel.cases.options = [(m, m) for m in members]
    panel.cases.value = tuple(members)
    assert panel.make() is None
    assert "已是共同投诉" in panel.result.value and "cw-error" in panel.result.value


def test_one_case_alone_is_refused_with_one_line(store: Store, members: list[str]) -> None:
    panel = GroupMaker(store, Session(), lang="en")
    panel.merchant.value = "杭州某某数码科技有限公司"
    panel.cases.value = (members[0],)
    assert panel.make() is None
    assert "at least two complainants" in panel.result.value


def test_the_workbook_header_names_the_group(store: Store, members: list[str]) -> None:
    from casework.groups import create_group
    from casework.ui.picker import PickerModel, PickerView

    gid = create_group(store, members, "耳机共同投诉").id
    picker = PickerView(PickerModel(store, Session(case_id=members[1])), poll=False)
    assert f"共同投诉 {gid}" in picker.status.value and "成员乙" in picker.status.value
    alone = make_member(store, 0)
    other = PickerView(PickerModel(store, Session(case_id=alone)), poll=False)
    assert "共同投诉" not in other.status.value
