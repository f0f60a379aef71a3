"""The routing panel's draft editor, driven with no browser (set ``.value``, click, read the
register): the overdue acceptance clock offers the 督促履职申请, the edit is kept and exported
through the review sheet, and logging it as sent starts its reply clock (#19)."""

from __future__ import annotations

import pytest

from casework import drafts
from casework.demo import build_demo
from casework.rules import deadlines_for, route
from casework.store import Store
from casework.ui import Session
from casework.ui.routing import RoutingModel, RoutingView

CASE = "2026-0001"


@pytest.fixture
def view(store: Store) -> RoutingView:
    build_demo(store)
    return RoutingView(RoutingModel(store, Session(case_id=CASE)))


def test_the_step_and_the_panel_offer_the_letter(store: Store, view: RoutingView) -> None:
    step = route(store, CASE).step("regulator_12315")
    assert step.drafts == ["urge_regulator"]  # routing names the kind in the step
    assert view.draft_box.layout.display is None
    (label, value) = view.draft_pick.options[0]
    assert value == "urge_regulator|regulator_acceptance@2026-10-20"
    assert "督促履职申请" in label and "杭州市余杭区市场监督管理局" in label
    assert view.draft_text.value.startswith("督促履职申请书")
    assert "1233010020261020000123" in view.draft_text.value
    assert "请核对 3 项" in view.draft_review.value


def test_the_edit_is_kept_and_the_export_waits_for_the_review(
    store: Store, view: RoutingView
) -> None:
    view.draft_text.value = view.draft_text.value.replace("5个工作日", "3个工作日")
    view.draft_save.click()
    assert not view.notice.is_error, view.notice.value
    assert "已编辑" in view.draft_source.value
    assert "3个工作日" in drafts.draft_text(store, CASE, "urge_regulator")
    view.draft_pdf.click()  # warnings not yet accepted
    assert view.notice.is_error and "accept-warnings" in view.notice.value
    assert view.draft_link.value == ""
    view.draft_accept.value = True
    view.draft_txt.click()
    assert not view.notice.is_error, view.notice.value
    assert 'download="2026-0001_urge_regulator_' in view.draft_link.value
    view.draft_reset.click()
    assert "5个工作日" in view.draft_text.value and "自动生成" in view.draft_source.value


def test_logging_it_sent_starts_its_clock(store: Store, view: RoutingView) -> None:
    view.draft_sent.click()  # no reference number yet
    assert view.notice.is_error
    view.draft_ref.value = "XA555666777CN"
    view.draft_sent.click()
    assert not view.notice.is_error, view.notice.value
    mine = [d for d in deadlines_for(store, CASE) if d.draft_kind == "urge_regulator"]
    assert len(mine) == 1 and mine[0].ref == "XA555666777CN" and mine[0].status == "open"


def test_english_panel_reads_in_words(store: Store) -> None:
    build_demo(store)
    view = RoutingView(RoutingModel(store, Session(case_id=CASE)), lang="en")
    label = view.draft_pick.options[0][0]
    assert label.startswith("application urging the regulator to act")
    assert view.draft_save.description == "Save document"
