"""The panels over the feature packages (records, evidence, rules, timeline, report), driven as
ipywidgets' own tests do: ``FileUpload.set_state`` with real files, ``.value``, ``.click()``."""

from __future__ import annotations

from pathlib import Path

import pytest

from casework.demo import build_demo
from casework.records import transactions
from casework.store import Store
from casework.ui import Session
from casework.ui.bills import BillsModel, BillsView
from casework.ui.evidence import EvidenceModel, EvidenceView
from casework.ui.export import ExportModel, ExportView
from casework.ui.money import MoneyModel, MoneyView
from casework.ui.routing import RoutingModel, RoutingView
from casework.ui.timeline import TimelineModel, TimelineView
from tests.conftest import SAMPLES

ALIPAY = SAMPLES / "deg_alipay__2023-format__example-alipay-records.csv"
WECHAT_XLSX = SAMPLES / "deg_wechat__example-wechat-records.xlsx"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def upload(widget: object, *files: tuple[str, bytes]) -> None:
    """What the browser sends when files are chosen (ipywidgets 8 FileUpload format)."""
    widget.set_state(
        {
            "value": [  # type: ignore[attr-defined]
                {
                    "name": name,
                    "type": "",
                    "size": len(data),
                    "last_modified": 0,
                    "content": memoryview(data),
                }
                for name, data in files
            ]
        }
    )


@pytest.fixture
def demo(store: Store) -> str:
    return build_demo(store).id


@pytest.mark.parametrize("sample", [ALIPAY, WECHAT_XLSX], ids=lambda p: p.suffix)
def test_bill_upload_shows_source_preview_and_imports(
    store: Store, demo: str, sample: Path
) -> None:
    session = Session(case_id=demo)
    view = BillsView(BillsModel(store, session))
    money = MoneyView(MoneyModel(store, session))
    before = len(transactions(store, demo))
    assert "demo" in view.existing.value  # the demo's own bill is listed
    upload(view.upload, (sample.name, sample.read_bytes()))

    assert not view.notice.is_error, view.notice.value
    label = "支付宝" if sample == ALIPAY else "微信支付"
    assert f"<b>{label}</b>" in view.detected.value  # the source by its Chinese name
    assert "cw-table" in view.preview.value and not view.import_button.disabled
    assert before == len(transactions(store, demo))  # inspecting writes nothing

    view.import_button.click()
    assert "已导入" in view.notice.value, view.notice.value
    rows = transactions(store, demo)
    assert len(rows) > before
    assert sample.name in set(rows["file_name"])
    assert sample.name in view.existing.value  # listed among the case's bills
    assert view.preview.value == ""  # the preview of the imported file is gone
    assert view.progress.value == view.progress.max and view.progress.bar_style == "success"
    assert view.model.staged is None  # the upload's temporary copy is gone

    # Importing the same bill again adds nothing and says so.
    upload(view.upload, (sample.name, sample.read_bytes()))
    view.import_button.click()
    assert "新增 0 行" in view.notice.value
    money.reload_button.click()
    assert "¥1,099.00" in money.totals.value  # the demo order's outstanding amount
    # How each figure was matched and where it comes from, in words and yuan.
    assert "交易号/订单号一致" in money.orders.value
    assert "alipay_demo.csv 第 32 行（付款 ¥1,299.00）" in money.orders.value


def test_a_file_that_is_no_bill_is_refused_in_the_panel(store: Store, demo: str) -> None:
    view = BillsView(BillsModel(store, Session(case_id=demo)))
    upload(view.upload, ("notes.csv", "随便写的笔记,没有表头\n1,2\n".encode()))
    assert view.notice.is_error and "/" in view.notice.value  # Chinese / English
    assert view.import_button.disabled
    assert view.model.staged is not None and view.model.result is None


def test_rejected_rows_are_listed_with_their_line(store: Store, demo: str) -> None:
    text = ALIPAY.read_bytes().decode(
        "utf-8-sig" if ALIPAY.read_bytes()[:3] == b"\xef\xbb\xbf" else "gbk", errors="strict"
    )
    lines = text.splitlines()
    broken = next(i for i, line in enumerate(lines) if "交易成功" in line)
    cells = lines[broken].split(",")
    amount = next(
        i for i, c in enumerate(cells) if c.strip().replace(".", "").isdigit() and "." in c
    )
    cells[amount] = "十二元"
    lines[broken] = ",".join(cells)
    view = BillsView(BillsModel(store, Session(case_id=demo)))
    upload(view.upload, ("alipay_edited.csv", "\n".join(lines).encode("gbk")))
    assert not view.notice.is_error, view.notice.value
    assert "行号" in view.rejected.value
    assert f"<td>{broken + 1}</td>" in view.rejected.value


def test_evidence_upload_lists_the_item_and_updates_the_checklist(store: Store, demo: str) -> None:
    from casework.evidence import list_evidence

    view = EvidenceView(EvidenceModel(store, Session(case_id=demo)))
    before = len(list_evidence(store, demo))
    score_before = view.score.value
    assert "cw-table" in view.checklist.value
    # What is missing comes first, what is there last; the share shows as a number.
    checklist = view.checklist.value
    assert checklist.index("✗ 缺少") < checklist.index("△ 建议补充") < checklist.index("✓ 已有")
    assert view.score.description == f"完整度 {view.score.value:.0%}"

    upload(view.upload, ("发票.png", PNG))
    view.inputs["type"].value = "invoice"
    view.inputs["description"].value = "电子发票截图"
    view.inputs["proves"].value = "购买事实与金额"
    view.add_button.click()

    assert not view.notice.is_error, view.notice.value
    items = list_evidence(store, demo)
    assert len(items) == before + 1
    added = items[-1]
    assert added.type.value == "invoice" and added.description == "电子发票截图"
    assert "电子发票截图" in view.items.value
    assert view.score.value >= score_before
    # The notice and the list give the number the submission's 证据清单 gives it.
    from casework.evidence import evidence_list

    no = next(r["no"] for r in evidence_list(store, demo) if r["evidence_id"] == added.id)
    assert f"证据{no} 发票.png" in view.notice.value

    upload(view.upload, ("发票-副本.png", PNG))  # the same bytes again: kept once
    view.add_button.click()
    assert "已有相同文件" in view.notice.value
    assert len(list_evidence(store, demo)) == before + 1

    view.verify_button.click()
    assert "一致" in view.notice.value


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_ticked_authorization_box_beside_a_missing_letter_is_explained(
    store: Store, demo: str, lang: str
) -> None:
    from casework.ui.evidence import AUTHORIZATION_HINT, EvidenceModel

    model = EvidenceModel(store, Session(case_id=demo))
    hint = AUTHORIZATION_HINT[lang == "en"]
    _score, frame = model.checklist(lang)  # the demo: agent named, box ticked, no scan
    letter = frame[frame["how_to_obtain"].str.contains(hint, regex=False)]
    assert len(letter) >= 1 and letter["status"].str.contains("缺少|missing").all()
    assert "授权委托书" in letter["requirement"].iloc[0] or "authorization" in (
        letter["requirement"].iloc[0].lower()
    )
    shown = EvidenceView(model, lang).checklist.value
    assert ("已勾选「授权委托书」：请在第 5 步上传扫描件" if lang == "zh" else "is ticked") in shown

    store.update_case(demo, {"authorization_on_file": False})
    _score, frame = model.checklist(lang)
    assert not frame["how_to_obtain"].str.contains(hint, regex=False).any()


def test_evidence_without_a_file_says_so(store: Store, demo: str) -> None:
    view = EvidenceView(EvidenceModel(store, Session(case_id=demo)))
    view.add_button.click()
    assert view.notice.is_error and "选择文件" in view.notice.value


def test_timeline_shows_the_figure_and_deadlines_and_adds_an_event(store: Store, demo: str) -> None:
    view = TimelineView(TimelineModel(store, Session(case_id=demo)))
    assert not view.notice.is_error, view.notice.value
    assert view.figure.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert "市场监管部门决定是否受理投诉" in view.deadlines.value
    assert "已逾期" in view.deadlines.value
    # Clocks that do not run for this case are folded under one line, after the ones that do.
    shown, _, folded = view.deadlines.value.partition("<details>")
    assert "暂不适用" in folded and "不适用</td>" not in shown
    assert shown.index("已逾期") < shown.index("已满足")  # what needs action comes first
    assert (
        "［P，" not in view.deadlines.value and "2025-12-30 文本" in view.deadlines.value
    )  # the 2026 measures (#11)
    events = len(store.list_events(demo))

    view.inputs["at"].value = "2026-11-28 15:00"
    view.inputs["kind"].value = "reply_received"
    view.inputs["actor"].value = "regulator"
    view.inputs["text"].value = "余杭区市场监管局电话告知已受理"
    view.add_button.click()
    assert not view.notice.is_error, view.notice.value
    assert len(store.list_events(demo)) == events + 1
    assert store.list_events(demo)[-1].text == "余杭区市场监管局电话告知已受理"

    view.inputs["at"].value = "昨天"
    view.add_button.click()
    assert view.notice.is_error and len(store.list_events(demo)) == events + 1


def test_routing_shows_the_ladder_the_suggestion_and_damages(store: Store, demo: str) -> None:
    view = RoutingView(RoutingModel(store, Session(case_id=demo)))
    assert not view.notice.is_error, view.notice.value
    assert "建议升级" in view.suggestion.value  # the 12315 acceptance clock has run out
    assert "← 当前" in view.steps.value and "消费者协会" in view.steps.value
    assert "¥1,299.00" in view.damages.value
    # Why the fraud line is not claimed yet is said beside it, with the article.
    assert "须先认定欺诈" in view.damages.value and "说明与理由" in view.damages.value
    assert view.report.value == ""  # the demo is a complaint only


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_routing_shows_the_report_track_of_a_case_that_is_also_a_report(
    store: Store, demo: str, lang: str
) -> None:
    store.update_case(demo, {"is_report": True})
    view = RoutingView(RoutingModel(store, Session(case_id=demo)), lang)
    assert not view.notice.is_error, view.notice.value
    shown = view.report.value
    if lang == "zh":
        assert "举报（与投诉分开处理）" in shown and "举报（违法线索）" in shown
        assert "具体违法线索" in shown and "提交举报" in shown  # needs and the next action
        # Its clock and basis: the 2026 measures' Art. 9 (separate handling), #11.
        assert "十五个工作日" in shown and "办法》第9条" in shown and "暂行办法" not in shown
    else:
        assert "Report (handled apart from the complaint)" in shown and "file the report" in shown
        assert "15 working days" in shown and "Art. 9" in shown
        assert "only once fraud" in view.damages.value

    store.add_event(demo, at="2026-11-20 09:00", kind="report_filed", text="向余杭区市场监管局举报")
    view.refresh()  # filed: its clock runs, and the next action is to wait, then chase
    assert (
        "等待核查处理（2026-12-11 前）" if lang == "zh" else "due 2026-12-11"
    ) in view.report.value


@pytest.mark.slow
def test_export_writes_the_submission_and_links_it(sqlite_store: Store) -> None:
    demo = build_demo(sqlite_store).id
    view = ExportView(ExportModel(sqlite_store, Session(case_id=demo)))
    assert [v for _l, v in view.profile.options] == ["public", "authority"]
    assert "送出前核对" in view.review.value  # the review sheet, with its warnings to accept
    view.export_button.click()
    assert view.notice.is_error and "--accept-warnings" in view.notice.value
    view.accept.value = True
    view.export_button.click()
    assert not view.notice.is_error, view.notice.value
    assert 'download="' in view.result.value and "data:text/html;base64," in view.result.value
    assert view.progress.value == view.progress.max
    exported = list((sqlite_store.home / "exports").rglob("*.html"))
    assert len(exported) == 1
    import hashlib

    assert hashlib.sha256(exported[0].read_bytes()).hexdigest() in view.result.value


def test_narrative_edit_is_kept_and_can_go_back_to_generated(store: Store, demo: str) -> None:
    from casework.narrative import narrative
    from casework.ui.narrative import NarrativeModel, NarrativeView

    view = NarrativeView(NarrativeModel(store, Session(case_id=demo)))
    generated = view.text.value
    assert "2026" in generated and "自动生成" in view.source.value
    view.text.value = generated + "\n消费者另于11月28日再次致电商家，无人接听。"
    view.save_button.click()
    assert not view.notice.is_error, view.notice.value
    assert narrative(store, demo).endswith("无人接听。")
    assert "已编辑" in view.source.value
    view.reset_button.click()
    assert narrative(store, demo) == generated and "自动生成" in view.source.value


def test_a_write_in_one_panel_reloads_the_others(store: Store, demo: str) -> None:
    from casework.ui.comms import CommsModel, CommsView
    from casework.ui.narrative import NarrativeModel, NarrativeView

    session = Session(case_id=demo)
    timeline = TimelineView(TimelineModel(store, session))
    narrative = NarrativeView(NarrativeModel(store, session))
    comms = CommsView(CommsModel(store, session))
    comms.notice.error("an old message")
    timeline.inputs["at"].value = "2026-11-28 15:00"
    timeline.inputs["kind"].value = "reply_received"
    timeline.inputs["actor"].value = "regulator"
    timeline.inputs["text"].value = "余杭区市场监管局电话告知已受理"
    timeline.add_button.click()
    assert "已添加" in timeline.notice.value  # the writer keeps its message
    assert "余杭区市场监管局电话告知已受理" in narrative.text.value  # reloaded, no click
    assert comms.notice.value == ""  # stale messages elsewhere are cleared


def test_narrative_warns_when_facts_were_logged_after_the_saved_edit(
    store: Store, demo: str
) -> None:
    from casework.ui.narrative import NarrativeModel, NarrativeView

    session = Session(case_id=demo)
    timeline = TimelineView(TimelineModel(store, session))
    narrative = NarrativeView(NarrativeModel(store, session))
    english = NarrativeView(NarrativeModel(store, session), "en")
    narrative.text.value = "2026年9月28日，李华购买耳机。（代理人改写）"
    narrative.save_button.click()
    english.text.value = "On 28 Sep 2026 Li Hua bought earbuds (edited)."
    english.save_button.click()
    assert narrative.stale.value == "" and english.stale.value == ""
    for at in ("2026-11-28 15:00", "2026-11-28 16:00"):
        timeline.inputs["at"].value = at
        timeline.inputs["kind"].value = "reply_received"
        timeline.inputs["actor"].value = "regulator"
        timeline.inputs["text"].value = "余杭区市场监管局电话告知已受理"
        timeline.add_button.click()
    # The edit still wins, and the panel (reloaded by the write) says it is behind the log.
    assert narrative.text.value.endswith("（代理人改写）")
    assert "保存后又新增了 2 条事件/沟通，请核对事实经过" in narrative.stale.value
    assert "2 event(s)/contact(s) were logged after this text was saved" in english.stale.value
    narrative.reset_button.click()  # back to generated: nothing to warn about
    assert narrative.stale.value == ""


def test_evidence_batch_stops_at_a_bad_file_and_keeps_the_ones_before(
    store: Store, demo: str
) -> None:
    from casework.evidence import list_evidence

    view = EvidenceView(EvidenceModel(store, Session(case_id=demo)))
    before = len(list_evidence(store, demo))
    upload(view.upload, ("聊天记录.png", PNG + b"chat"), ("空文件.png", b""))
    view.add_button.click()
    assert view.notice.is_error and "空文件.png" in view.notice.value
    assert len(list_evidence(store, demo)) == before + 1  # the first file is in
    assert "聊天记录.png" in view.items.value  # and the list shows it
    assert view.progress.bar_style == "danger"


def test_english_panels_show_words_not_register_keys(store: Store, demo: str) -> None:
    from casework.ui.picker import PickerModel, PickerView

    session = Session(case_id=demo)
    picked = [text for text, _id in PickerView(PickerModel(store, session), "en").dropdown.options]
    assert any("· awaiting reply ·" in t for t in picked) and not any(
        "等待答复" in t for t in picked
    )
    money = MoneyView(MoneyModel(store, session), "en")
    assert "partly refunded" in money.orders.value and "partly_refunded" not in money.orders.value
    timeline = TimelineView(TimelineModel(store, session), "en")
    shown = timeline.deadlines.value
    assert "not applicable" in shown and "not_applicable" not in shown
    assert "overdue" in shown
    export = ExportView(ExportModel(store, session), "en")
    assert [t for t, _v in export.language.options] == ["Chinese (中文)", "English"]
