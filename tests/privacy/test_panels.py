"""The consent box of the intake panel and the recipient of the export panel (#17), driven with
no browser: set ``.value``, click, and look at the register."""

from __future__ import annotations

from casework.consent import ledger, withdraw
from casework.store import Store
from casework.ui import Session
from casework.ui.export import ExportModel, ExportView
from casework.ui.intake import IntakeModel, IntakeView

from .helpers import personal_case


def test_the_intake_panel_shows_the_notice_and_records_consent(store: Store) -> None:
    session = Session()
    view = IntakeView(IntakeModel(store, session))
    box = view.consent
    assert (
        "保存案件后可记录同意" in box.state.value and "个人信息处理告知书" in box.notice_text.value
    )
    box.button.click()  # no case yet: one line in the box, nothing recorded
    assert box.notice.is_error and "请先保存案件" in box.notice.value
    case_id = personal_case(store)
    session.case_id = case_id
    assert "✗ 告知书: 未记录" in box.state.value
    box.recipients.value = ("court", "lawyer")
    box.how.value = "paper"
    box.evidence.value = "abc"
    box.button.click()
    assert box.notice.is_error and "证据编号应为数字" in box.notice.value
    box.how.value = "electronic"
    box.evidence.value = ""
    box.button.click()
    assert not box.notice.is_error, box.notice.value
    s = ledger(store, case_id).summary()
    assert s["notice"] == "shown" and s["processing"] == "given" and s["sensitive"] == "given"
    assert s["recipients"]["court"] == "given" and s["recipients"]["platform"] == "none"
    assert "✓ 人民法院: 已同意" in box.state.value and "✗ 电商平台: 未记录" in box.state.value


def test_the_export_panel_reviews_for_the_chosen_recipient(store: Store) -> None:
    case_id = personal_case(store)
    session = Session()
    session.case_id = case_id
    view = ExportView(ExportModel(store, session))
    assert "投诉人的同意不包括向人民法院提交" in view.review.value  # the channel's recipient
    IntakeView(IntakeModel(store, session)).consent.recipients.value = ()
    from casework.consent import record_intake

    record_intake(store, case_id, recipients=["court"])
    view.refresh()
    assert "投诉人的同意" not in view.review.value
    view.recipient.value = "merchant"
    assert "投诉人的同意不包括向商家提交" in view.review.value
    withdraw(store, case_id, "recipient", recipient="court")
    view.recipient.value = ""
    assert "投诉人已撤回向人民法院提供" in view.review.value
    view.export_button.click()  # blocked, said in the panel
    assert view.notice.is_error and "不能导出" in view.notice.value
