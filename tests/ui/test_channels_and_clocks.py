"""The filing channel as its own field, the intake's required-field list for it, the checklist's
channel switch, and clocks an advocate settles or dismisses (#15)."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner

from casework import settle as st
from casework.cases import CaseFields, parse_filing_channel
from casework.demo import build_demo
from casework.errors import InvalidInput, NotFound
from casework.filing import missing_fields, required_fields
from casework.portfolio import due
from casework.rules import deadlines_for
from casework.store import Store
from casework.ui import Session
from casework.ui.evidence import EvidenceModel, EvidenceView
from casework.ui.intake import IntakeModel, IntakeView
from casework.ui.timeline import TimelineModel, TimelineView


def test_filing_channel_is_not_a_contact_method() -> None:
    assert parse_filing_channel("消协") == "association"
    assert parse_filing_channel("12315_online") == "12315"
    assert parse_filing_channel("12305") == "12305"
    assert parse_filing_channel("") == ""
    with pytest.raises(InvalidInput):
        CaseFields.build(title="x", category="quality", channel="phone")
    fields = CaseFields.build(
        title="x", category="quality", channel="12315", contact_method="wechat"
    )
    assert (fields.channel, fields.contact_method) == ("12315", "wechat")


def test_12315_requires_art_10_fields_and_names_its_dated_article(store: Store) -> None:
    case = store.create_case(title="x", category="quality", channel="12315", complainant_name="张")
    missing = [r.field for r in missing_fields(case, date(2026, 6, 1))]
    assert "respondent_address" in missing and "complainant_name" not in missing
    assert "第10条" in required_fields("12315", date(2026, 6, 1))[0].citation_zh
    assert "第9条" in required_fields("12315", date(2026, 1, 1))[0].citation_zh
    assert required_fields("court", date(2026, 6, 1)) == []


def test_intake_with_12315_and_no_respondent_address_lists_it_missing(store: Store) -> None:
    view = IntakeView(IntakeModel(store, Session()))
    assert "选择「投诉渠道」" in view.missing.value
    view.inputs["title"].value = "电饭煲内胆掉漆"
    view.inputs["channel"].value = "12315"
    view.inputs["respondent_name"].value = "某某电器有限公司"
    assert "还缺" in view.missing.value and "被投诉人地址" in view.missing.value
    assert (
        "《市场监督管理投诉举报处理办法》第10条第1款" in view.missing.value
    )  # the 2026 text, from the rules data
    view.inputs["respondent_address"].value = "杭州市余杭区某路 1 号"
    assert "✗ 被投诉人地址" not in view.missing.value  # it answers before the save
    view.save_button.click()
    (case,) = store.list_cases()
    assert case.channel == "12315"
    en = IntakeView(IntakeModel(store, Session(case_id=case.id)), "en")
    assert (
        "Still missing" in en.missing.value
        and "the respondent" not in en.missing.value.split("Still missing")[1]
    )


def test_the_checklist_names_its_channel_and_switches_it(store: Store) -> None:
    demo = build_demo(store)
    view = EvidenceView(EvidenceModel(store, Session(case_id=demo.id)))
    assert "12315" in view.channel_note.value
    view.channel.value = "court"
    assert store.get_case(demo.id).channel == "court"
    assert "人民法院" in view.channel_note.value
    assert store.audit_log(demo.id)[-1]["after"] == {"channel": "court"}


def _overdue(store: Store, case_id: str) -> str:
    return next(st.clock_key(d) for d in deadlines_for(store, case_id) if d.status == "overdue")


def test_a_clock_marked_met_leaves_the_due_list_and_is_audited(store: Store) -> None:
    demo = build_demo(store)
    today = store.clock().date()
    clock = _overdue(store, demo.id)
    before = due(store, today)
    assert any(before["case_id"] == demo.id)
    event = store.list_events(demo.id)[-1]
    view = TimelineView(TimelineModel(store, Session(case_id=demo.id)))
    assert clock in [k for _t, k in view.settle_clock.options]
    assert "由哪些事件关闭" in view.deadlines.value  # the table says what closes each clock
    view.settle_clock.value = clock
    view.settle_action.value = "met"
    view.settle_act.value = f"event:{event.id}"
    view.settle_note.value = "联系时已提出"
    view.settle_button.click()
    assert "cw-ok" in view.settle_notice.value, view.settle_notice.value
    after = {st.clock_key(d): d for d in deadlines_for(store, demo.id)}
    assert after[clock].status == "met" and after[clock].closed_by == "advocate"
    assert "（人工）" in view.deadlines.value
    entry = store.audit_log(demo.id)[-1]
    assert entry["action"] == "clock_settle" and entry["after"]["clock"] == clock
    remaining = due(store, today)
    assert len(remaining) < len(before)
    # Undone the same way, audited too; then dismissed with a reason.
    view.settle_clock.value = clock
    view.settle_action.value = "undo"
    view.settle_button.click()
    assert store.audit_log(demo.id)[-1]["action"] == "clock_undo"
    assert {st.clock_key(d): d.status for d in deadlines_for(store, demo.id)}[clock] == "overdue"
    view.settle_clock.value = clock
    view.settle_action.value = "dismiss"
    view.settle_button.click()
    assert "理由" in view.settle_notice.value  # a dismissal needs its reason
    st.dismiss(store, demo.id, clock, reason="不适用于本案")
    assert len(due(store, today)) == len(remaining)


def test_settle_refuses_what_it_cannot_name(store: Store) -> None:
    demo = build_demo(store)
    clock = _overdue(store, demo.id)
    with pytest.raises(InvalidInput):
        st.settle(store, demo.id, "no_such_clock", event_id=1)
    with pytest.raises(InvalidInput):
        st.settle(store, demo.id, clock)  # neither an event nor a contact
    with pytest.raises(NotFound):
        st.settle(store, demo.id, clock, event_id=99999)
    with pytest.raises(NotFound):
        st.undo(store, demo.id, clock)
    st.settle(store, demo.id, clock, communication_id=store.list_communications(demo.id)[0].id)
    with pytest.raises(InvalidInput):
        st.dismiss(store, demo.id, clock, reason="又一次")  # undo first


def test_clocks_cli(store: Store, home) -> None:
    from casework.cli import cli

    demo = build_demo(store)
    clock = _overdue(store, demo.id)
    env = {"CASEWORK_HOME": str(home), "CASEWORK_DB_URL": store.url if not store.is_sqlite else ""}
    runner = CliRunner()
    listed = runner.invoke(cli, ["clocks", "list", demo.id], env=env)
    assert listed.exit_code == 0 and clock in listed.output
    done = runner.invoke(cli, ["clocks", "dismiss", demo.id, clock, "--reason", "不适用"], env=env)
    assert done.exit_code == 0, done.output
    assert store.audit_log(demo.id)[-1]["action"] == "clock_dismiss"
    again = runner.invoke(cli, ["clocks", "undo", demo.id, clock], env=env)
    assert again.exit_code == 0 and "undone" in again.output
    bad = runner.invoke(cli, ["clocks", "settle", demo.id, clock], env=env)
    assert bad.exit_code == 2 and "Traceback" not in bad.output


def test_a_file_that_is_not_a_bill_says_what_it_looks_like(store: Store) -> None:
    from casework.ui.bills import BillsModel, BillsView
    from casework.ui.sniff import looks_like

    assert looks_like(b"MZ\x90\x00" + bytes(60))[1].startswith("a Windows executable")
    assert "PNG" in looks_like(b"\x89PNG\r\n\x1a\n" + bytes(8))[1]
    assert looks_like("交易时间,金额\n".encode()) is None
    case = store.create_case(title="x", category="quality")
    view = BillsView(BillsModel(store, Session(case_id=case.id)))
    view.upload.set_state(
        {
            "value": [
                {
                    "name": "账单.xlsx",
                    "type": "",
                    "size": 64,
                    "last_modified": 0,
                    "content": memoryview(b"MZ\x90\x00" + bytes(60)),
                }
            ]
        }
    )
    assert view.notice.is_error and "Windows" in view.notice.value
    assert "decoded" not in view.notice.value


def test_an_empty_other_event_is_refused(store: Store) -> None:
    case = store.create_case(title="x", category="quality")
    view = TimelineView(TimelineModel(store, Session(case_id=case.id)))
    view.inputs["at"].value = "2026-10-03 00:00"
    view.inputs["kind"].value = "other"
    view.add_button.click()
    assert view.notice.is_error and "the text is required" in view.notice.value
    assert store.list_events(case.id) == []


def test_the_portfolio_lists_cases_filters_and_opens_one(store: Store) -> None:
    from casework.ui.picker import PickerModel, PickerView
    from casework.ui.portfolio import CasesView
    from casework.ui.resume import recall

    demo = build_demo(store)
    other = store.create_case(title="扫地机器人不工作", category="after_sales", platform="拼多多")
    view = CasesView(store, Session())
    assert demo.title in view.table.value and "立案天数" in view.table.value
    view.filters["platform"].value = "拼多多"
    assert other.title in view.table.value and demo.title not in view.table.value
    assert [cid for _t, cid in view.case.options] == [other.id]
    # A workbook already open on the demo case follows the portfolio's "open".
    workbook = PickerView(PickerModel(store, Session(case_id=demo.id)), poll=False)
    workbook.check_register()
    view.case.value = other.id
    view.open_button.click()
    assert "cw-ok" in view.open_notice.value and "case.ipynb" in view.open_notice.value
    assert recall(store) == other.id
    workbook.check_register()
    assert workbook.session.case_id == other.id


def test_the_due_list_has_a_window_widget_and_leaves_stale_clocks_out(store: Store) -> None:
    from casework.ui.portfolio import DueView

    build_demo(store)
    view = DueView(store, Session(), 14, "zh")
    shown = view.table.value
    view.show_stale.value = True
    assert len(view.table.value) >= len(shown)
    view.days.value = 0
    assert "cw-error" not in view.notice.value
