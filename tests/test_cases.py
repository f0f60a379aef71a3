"""The case model's messages: each half in one language, naming the field."""

from __future__ import annotations

import re

import pytest

from casework.cases import CaseFields, Communication, Status, check_transition
from casework.errors import InvalidInput, TransitionError

LATIN = re.compile(r"[A-Za-z]{3,}")


@pytest.mark.parametrize(
    ("values", "zh"),
    [
        ({"title": "", "category": "quality"}, "案件标题不能为空"),
        ({"category": "quality"}, "案件标题必须填写"),
        ({"title": "x" * 201, "category": "quality"}, "案件标题太长（最多 200 字）"),
        (
            {"title": "t", "category": "quality", "complainant_phone": "abc"},
            "投诉人电话不是有效的电话号码",
        ),
        ({"title": "t", "category": "quality", "is_report": "maybe"}, "同时举报应为 是/否"),
        ({"title": "t", "category": "quality", "amount_paid": "12.3x"}, "金额无法识别"),
        (
            {"title": "t", "category": "quality", "purchase_date": "2026-02-30"},
            "购买日期不是有效日期",
        ),
    ],
)
def test_field_errors_are_chinese_then_english(values: dict[str, object], zh: str) -> None:
    with pytest.raises(InvalidInput) as info:
        CaseFields.build(**values)
    err = info.value
    assert zh in err.zh
    assert not LATIN.search(err.zh.replace("'12.3x'", "").replace("'2026-02-30'", "")), err.zh
    assert err.field and err.field in err.message()


def test_communication_direction_message_names_the_field() -> None:
    with pytest.raises(InvalidInput) as info:
        Communication.build(
            at="2026-03-01", counterpart="客服", channel="phone", summary="s", direction="sideways"
        )
    assert info.value.zh.startswith("沟通方向应为")


def test_status_transitions_follow_the_workflow() -> None:
    check_transition(Status.INTAKE, Status.FILED)
    check_transition(Status.RESOLVED, Status.GATHERING_EVIDENCE)  # reopened on new facts
    with pytest.raises(TransitionError):
        check_transition(Status.AWAITING_REPLY, Status.INTAKE)
