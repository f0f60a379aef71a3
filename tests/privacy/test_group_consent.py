"""A group complaint's recipient (#17): every member's consent must cover it, also one asked for
with --recipient rather than the channel's."""

from __future__ import annotations

import pytest

from casework.consent import give_all, missing_consent, record_intake
from casework.errors import CaseworkError
from casework.groups import create_group
from casework.report.export import export_case
from casework.store import Store
from casework.store.filings import list_filings

from .helpers import OTHER, personal_case


def test_an_explicit_recipient_must_be_covered_for_every_member(store: Store) -> None:
    a = personal_case(store)
    b = personal_case(store, who=OTHER)
    group = create_group(store, [a, b], "空气炸锅漏电共同投诉", channel="12315")
    give_all(store, a)
    record_intake(store, b, recipients=["regulator"])
    assert missing_consent(store, b, "regulator") == []
    with pytest.raises(CaseworkError) as err:
        export_case(store, group.id, to="html", recipient="court")
    text = err.value.message()
    assert "不能导出" in text and b in text and "人民法院" in text and "\n" not in text
    assert list_filings(store, group.id) == []
