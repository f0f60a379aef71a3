"""The panels driven with no browser, as ipywidgets' own tests do: set ``.value``, click, and
assert on the register (SQLite, and PostgreSQL when available)."""

from __future__ import annotations

from pathlib import Path

import pytest
from ipywidgets import HTML

from casework.cases import Status
from casework.clock import fixed
from casework.demo import build_demo
from casework.store import Store
from casework.ui import Session
from casework.ui.comms import CommsModel, CommsView
from casework.ui.intake import IntakeModel, IntakeView
from casework.ui.picker import PickerModel, PickerView
from casework.ui.routing import RoutingModel, RoutingView
from tests.conftest import NOW


def intake_view(store: Store, session: Session) -> IntakeView:
    return IntakeView(IntakeModel(store, session))


def fill(view: IntakeView, **values: object) -> None:
    for name, value in values.items():
        view.inputs[name].value = value


def test_intake_registers_a_new_case(store: Store) -> None:
    session = Session()
    view = intake_view(store, session)
    assert "新案件" in view.header.value
    fill(
        view,
        title="蓝牙音箱无法充电",
        category="quality",
        platform="京东",
        shop_name="某某音响专营店",
        complainant_name="张伟",
        complainant_phone="13912345678",
        order_numbers="3001, 3002",
        amount_paid="399.00",
        purchase_date="2026年11月1日",
        request="退货退款",
        facts="11月3日收到，无法充电。",
    )
    view.save_button.click()

    assert not view.notice.is_error, view.notice.value
    (case,) = store.list_cases()
    assert session.case_id == case.id  # every panel follows the new case
    assert case.order_numbers == ["3001", "3002"]
    assert str(case.amount_paid) == "399.00"
    assert case.purchase_date.isoformat() == "2026-11-01"
    assert case.platform == "京东" and case.complainant_name == "张伟"
    assert store.audit_log(case.id)[0]["action"] == "create"
    assert case.id in view.header.value


def test_intake_shows_validation_errors_in_the_panel_and_writes_nothing(store: Store) -> None:
    view = intake_view(store, Session())
    fill(view, title="耳机", amount_paid="12.3.4")
    view.save_button.click()  # must not raise
    assert view.notice.is_error
    # The field by its Chinese name, not the programmer's key; one line, both languages.
    assert "⚠ 支付金额：" in view.notice.value and "amount_paid" not in view.notice.value
    assert "12.3.4" in view.notice.value and view.notice.value.count("cw-error") == 1
    fill(view, amount_paid="359.00", purchase_date="2026-13-45")
    view.save_button.click()
    assert "⚠ 购买日期不是有效日期" in view.notice.value  # not "⚠ purchase_date: …"
    fill(view, purchase_date="", title="  ")
    view.save_button.click()
    assert view.notice.is_error and "请填写案件标题" in view.notice.value
    assert "String should" not in view.notice.value  # no pydantic wording
    assert store.count_cases() == 0


def test_intake_updates_the_case_and_survives_a_restart(home: Path, sqlite_store: Store) -> None:
    case = build_demo(sqlite_store)
    view = intake_view(sqlite_store, Session(case_id=case.id))
    assert view.inputs["order_numbers"].value == "4021557788990011223"
    assert view.inputs["amount_paid"].value == "1299.00"
    fill(view, complainant_phone="13900139000", request="退货退款并赔偿 500 元")
    view.save_button.click()
    assert "已保存" in view.notice.value

    # A kernel restart is a new process opening the register afresh: nothing was lost.
    fresh = Store.open(home, None, clock=fixed(NOW))
    saved = fresh.get_case(case.id)
    fresh.close()
    assert saved.complainant_phone == "13900139000"
    assert saved.request == "退货退款并赔偿 500 元"
    assert saved.title == case.title  # untouched fields kept
    assert saved.version == case.version + 1


def test_intake_reports_a_conflict_instead_of_overwriting(store: Store) -> None:
    case = build_demo(store)
    view = intake_view(store, Session(case_id=case.id))
    store.update_case(case.id, {"request": "另一位代理人的修改"})  # someone else saves first
    fill(view, request="我的修改")
    view.save_button.click()
    assert view.notice.is_error and "已被他人修改" in view.notice.value
    assert store.get_case(case.id).request == "另一位代理人的修改"


def test_picker_moves_every_panel_to_the_chosen_case(store: Store) -> None:
    demo = build_demo(store)
    other = store.create_case(title="另一个案件", category="logistics")
    session = Session()
    picker = PickerView(PickerModel(store, session))
    intake = intake_view(store, session)
    assert [v for _label, v in picker.dropdown.options] == ["", demo.id, other.id]

    picker.dropdown.value = other.id
    assert session.case_id == other.id
    assert intake.inputs["title"].value == "另一个案件"
    assert intake.inputs["category"].value == "logistics"

    picker.new_button.click()
    assert session.case_id == "" and picker.dropdown.value == ""
    assert intake.inputs["title"].value == ""

    fill(intake, title="第三个案件", category="price")
    intake.save_button.click()
    picker.reload_button.click()
    assert picker.dropdown.value == session.case_id != ""
    assert len(picker.dropdown.options) == 4


def comms_view(store: Store, session: Session) -> CommsView:
    return CommsView(CommsModel(store, session))


def test_communications_log_adds_an_entry_and_lists_follow_ups(store: Store) -> None:
    case = build_demo(store)
    view = comms_view(store, Session(case_id=case.id))
    before = len(store.list_communications(case.id))
    assert "1233010020261020000123" in view.pending_html.value  # the demo's overdue reply
    assert "已逾期" in view.pending_html.value

    view.inputs["at"].value = "2026-11-29 09:30"
    view.inputs["counterpart"].value = "杭州市余杭区市场监督管理局"
    view.inputs["counterpart_kind"].value = "regulator"
    view.inputs["channel"].value = "phone"
    view.inputs["ref"].value = "YH-2026-1129"
    view.inputs["summary"].value = "电话催问受理情况，答复将于一周内告知。"
    view.inputs["follow_up"].value = "2026-12-06"
    view.add_button.click()

    assert not view.notice.is_error, view.notice.value
    comms = store.list_communications(case.id)
    assert len(comms) == before + 1
    added = comms[-1]
    assert added.ref == "YH-2026-1129" and added.channel.value == "phone"
    assert added.follow_up is not None and added.follow_up.isoformat() == "2026-12-06"
    assert "YH-2026-1129" in view.log_html.value
    assert "2026-12-06" in view.pending_html.value  # the new follow-up is pending
    # Counts read as words, never a negative number; the direction in words, not an arrow.
    assert "已过 " in view.pending_html.value and "7 天后" in view.pending_html.value
    assert "<td>-" not in view.pending_html.value
    assert "我方→对方" in view.log_html.value
    assert view.inputs["summary"].value == ""  # the form is ready for the next entry


def test_communications_errors_stay_in_the_panel(store: Store) -> None:
    case = build_demo(store)
    view = comms_view(store, Session(case_id=case.id))
    before = len(store.list_communications(case.id))
    view.inputs["counterpart"].value = "商家客服"
    view.inputs["summary"].value = "催问"
    view.inputs["follow_up"].value = "下周一"
    view.add_button.click()
    assert view.notice.is_error and "The follow-up date is not a valid date" in view.notice.value
    view.inputs["follow_up"].value = ""
    view.inputs["summary"].value = ""
    view.add_button.click()
    assert view.notice.is_error and "summary" in view.notice.value
    assert len(store.list_communications(case.id)) == before


def test_a_panel_without_a_case_asks_for_one(store: Store) -> None:
    view = comms_view(store, Session())
    assert "请先" in view.pending_html.value
    assert view.form.layout.display == "none"


def test_status_change_follows_the_allowed_transitions(store: Store) -> None:
    case = build_demo(store)  # awaiting_reply
    view = RoutingView(RoutingModel(store, Session(case_id=case.id)))
    offered = [v for _label, v in view.status.options]
    assert Status.ESCALATED.value in offered and Status.INTAKE.value not in offered
    view.status.value = Status.ESCALATED.value
    view.note.value = "12315 受理期限已过，向消协投诉"
    view.status_button.click()
    assert store.get_case(case.id).status is Status.ESCALATED
    assert store.audit_log(case.id)[-1]["after"]["note"] == "12315 受理期限已过，向消协投诉"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_labels_follow_the_language(store: Store, lang: str) -> None:
    view = IntakeView(IntakeModel(store, Session()), lang=lang)
    label = "保存" if lang == "zh" else "Save"
    assert view.save_button.description == label
    # Choices read as words in English, never as the register's keys.
    shown = [text for text, _key in view.inputs["category"].options]
    assert ("售后服务" if lang == "zh" else "after sales") in shown
    assert not [text for text in shown if "_" in text]


def test_english_intake_names_missing_fields_in_words_and_explains_the_box(store: Store) -> None:
    session = Session()
    view = IntakeView(IntakeModel(store, session), lang="en")
    fill(view, title="Speaker will not charge", complainant_name="Zhang Wei", channel="12315")
    view.save_button.click()
    assert not view.notice.is_error, view.notice.value
    assert "Still missing" in view.missing.value and "the specific request" in view.missing.value
    assert "complainant_phone" not in view.missing.value  # never the register's keys
    assert "upload its scan in step 5" in _html_text(view)
    assert "请在第 5 步上传扫描件" in _html_text(IntakeView(IntakeModel(store, session)))


def _html_text(view: IntakeView) -> str:
    return " ".join(c.value for c in _leaves(view.body) if isinstance(c, HTML))


def _leaves(widget: object) -> list[object]:
    kids = getattr(widget, "children", None)
    return [widget] if kids is None else [x for k in kids for x in _leaves(k)]


def test_english_communications_read_as_words(store: Store) -> None:
    case = build_demo(store)
    view = CommsView(CommsModel(store, Session(case_id=case.id)), lang="en")
    assert "platform chat" in view.log_html.value and "platform_chat" not in view.log_html.value
    assert "response due" in view.pending_html.value and "days ago" in view.pending_html.value


def test_picking_a_case_sets_the_notebooks_case_id(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from IPython.core.interactiveshell import InteractiveShell

    import casework.ui

    store = Store.open(home, None)
    demo = build_demo(store)
    store.close()
    monkeypatch.setenv("CASEWORK_HOME", str(home))
    monkeypatch.delenv("CASEWORK_DB_URL", raising=False)
    shell = InteractiveShell.instance()
    try:
        shell.user_ns["case_id"] = ""
        view = casework.ui.picker("")
        view.view.dropdown.value = demo.id
        assert shell.user_ns["case_id"] == demo.id  # the report preview cells now use it
        view.view.new_button.click()
        assert shell.user_ns["case_id"] == ""
    finally:
        casework.ui.SESSION.case_id = ""
        InteractiveShell.clear_instance()


def test_errors_become_one_bilingual_line_never_a_traceback(store: Store) -> None:
    from casework.ui.common import error_text

    picker = PickerView(PickerModel(store, Session()))
    assert picker.guard(picker.model.pick, "2099-9999") is None  # a stale id, not a crash
    assert picker.notice.is_error and "没有编号为 2099-9999 的案件 / no case" in picker.notice.value
    assert "Traceback" not in picker.notice.value
    missing = FileNotFoundError(2, "No such file or directory", "/tmp/账单.csv")
    assert error_text(missing) == "文件错误 / file error: No such file or directory: /tmp/账单.csv"
    assert error_text(ModuleNotFoundError("x", name="casework.x")).endswith(
        "not available yet (missing casework.x)"
    )
    assert error_text(RuntimeError("boom")).startswith("内部错误（未保存）/ internal error")
