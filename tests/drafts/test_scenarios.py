"""Each document kind from its clock (#19): clock → document → its citations and computed dates,
and its PDF laid out (rendered with pdftoppm for a look)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from casework import drafts
from casework.demo import build_demo
from casework.rules import calendar as cal
from casework.rules import deadlines_for
from casework.store import Store

from .helpers import pdf_text, render_png

CASE = "2026-0001"  # the demo case; "today" is the fixture's 2026-11-29 (a Sunday)


@pytest.fixture
def demo(sqlite_store: Store) -> Store:
    build_demo(sqlite_store)
    return sqlite_store


def _rejected(store: Store) -> None:
    store.add_event(
        CASE,
        at="2026-10-26 15:00",
        kind="complaint_rejected",
        actor="regulator",
        text="杭州市余杭区市场监督管理局告知不予受理：认为属于已拆封商品，不属于投诉受理范围",
    )


def _pdf(store: Store, kind: str, tmp_path: Path) -> str:
    out = tmp_path / f"{kind}.pdf"
    drafts.export_draft(store, CASE, kind, to="pdf", out=out, accept_warnings=True)
    assert render_png(out, tmp_path) or True  # the picture is for a person; the text is checked
    return pdf_text(out).replace("\n", "").replace(" ", "")


def test_reconsideration_against_a_non_acceptance(demo: Store, tmp_path: Path) -> None:
    _rejected(demo)
    kinds = [o["kind"] for o in drafts.offers(demo, CASE)]
    assert kinds == ["admin_review", "info_disclosure"]  # the acceptance clock is met by it
    window = next(d for d in deadlines_for(demo, CASE) if d.rule_id == "admin_review_window")
    # 60 days from the day the decision was known (行政复议法 2023 Art. 20 ¶1).
    assert window.due == date(2026, 12, 25) and window.status == "open"
    assert window.citations[0].zh.startswith(
        "《中华人民共和国行政复议法》第20条第1款（2023-09-01 文本）"
    )
    text = drafts.draft_text(demo, CASE, "admin_review")
    assert text.startswith("行政复议申请书\n\n杭州市余杭区人民政府：")  # Art. 24 ¶1 item 1
    assert "被申请人：杭州市余杭区市场监督管理局" in text
    assert "2026年10月26日作出的不予受理决定" in text
    assert "《中华人民共和国行政复议法》第20条第1款（2023-09-01 文本）" in text
    assert "即至2026年12月25日止" in text
    # The reviewing body examines it within five (working) days (Arts. 30, 88 ¶2): from today.
    assert "即约至2026年12月4日" in text
    assert "《中华人民共和国行政诉讼法》第46条第1款" in text and "六个月内" in text
    assert "1233010020261020000123" in text
    # Whether a termination of mediation can be contested is the advocate's doubt, not the reader's.
    assert "第12条第4项" not in text
    sheet = drafts.draft_review(demo, CASE, "admin_review")
    assert any("第12条第4项" in i.zh for i in sheet.warnings)
    assert "行政复议申请书" in _pdf(demo, "admin_review", tmp_path)


def test_reconsideration_once_sent_runs_the_five_working_days(demo: Store) -> None:
    _rejected(demo)
    comm = drafts.log_sent(demo, CASE, "admin_review", ref="XA2", at="2026-12-01 10:00")
    clock = next(d for d in deadlines_for(demo, CASE) if d.rule_id == f"comm:{comm.id}")
    assert clock.unit == "working_days" and clock.days == 5
    assert clock.due == cal.add_working_days(date(2026, 12, 1), 5).due == date(2026, 12, 8)
    assert [c.article for c in clock.citations] == ["30", "88"]
    assert "杭州市余杭区人民政府" in clock.name_zh


def test_disclosure_request_reply_in_twenty_working_days(demo: Store, tmp_path: Path) -> None:
    _rejected(demo)
    text = drafts.draft_text(demo, CASE, "info_disclosure")
    assert text.startswith(
        "政府信息公开申请表\n\n杭州市余杭区市场监督管理局（政府信息公开工作机构）："
    )
    assert "《中华人民共和国政府信息公开条例》第29条（2019-04-03 文本）" in text
    assert "《中华人民共和国政府信息公开条例》第33条第1款（2019-04-03 文本）" in text
    # 20 working days from 2026-11-29 by the project's calendar (2026 is covered, no holidays).
    due = cal.add_working_days(date(2026, 11, 29), 20).due
    assert due == date(2026, 12, 25)
    assert "答复期限至2026年12月25日止" in text
    comm = drafts.log_sent(demo, CASE, "info_disclosure", ref="ZW-1", at="2026-11-30 09:00")
    clock = next(d for d in deadlines_for(demo, CASE) if d.rule_id == f"comm:{comm.id}")
    assert clock.due == cal.add_working_days(date(2026, 11, 30), 20).due == date(2026, 12, 28)
    assert clock.extended_due == cal.add_working_days(date(2026, 11, 30), 40).due
    assert "政府信息公开申请表" in _pdf(demo, "info_disclosure", tmp_path)


def test_platform_that_missed_its_time_goes_to_the_regulator(demo: Store, tmp_path: Path) -> None:
    demo.add_communication(
        CASE,
        at="2026-11-10 10:00",
        counterpart="淘宝客服（小二）",
        counterpart_kind="platform",
        channel="platform_chat",
        direction="out",
        ref="TB-KF-20261110-0077",
        summary="再次申请平台介入，要求退货退款",
        response_due="2026-11-13",
    )
    offers = drafts.offers(demo, CASE)
    esc = next(o for o in offers if o["kind"] == "platform_escalation")
    assert esc["due"] == "2026-11-13" and esc["recipient"].startswith("淘宝经营者住所地")
    text = drafts.draft_text(demo, CASE, "platform_escalation", clock=esc["clock"])
    assert "工单号：TB-KF-20261110-0077" in text
    assert "平台承诺于2026年11月13日前答复" in text
    assert "《电子商务法》第59条（2018-08-31 文本）" in text
    comm = drafts.log_sent(demo, CASE, "platform_escalation", ref="12315-2", clock=esc["clock"])
    clock = next(d for d in deadlines_for(demo, CASE) if d.rule_id == f"comm:{comm.id}")
    # Sent on 2026-11-29: the 2026 measures decide it, 7 working days from the next day.
    assert clock.citations[0].zh.startswith("《市场监督管理投诉举报处理办法》第15条第1款")
    assert clock.due == cal.add_working_days(date(2026, 11, 29), 7).due == date(2026, 12, 8)
    assert "投诉书" in _pdf(demo, "platform_escalation", tmp_path)


def test_seller_who_has_not_refunded_gets_a_demand(demo: Store, tmp_path: Path) -> None:
    demo.add_event(
        CASE, at="2026-11-12 14:00", kind="goods_returned", actor="seller", text="商家签收退货"
    )
    clock = next(d for d in deadlines_for(demo, CASE) if d.rule_id == "refund_after_return")
    assert clock.due == date(2026, 11, 19) and clock.status == "overdue"
    text = drafts.draft_text(demo, CASE, "seller_demand")
    assert text.startswith("催告函（退款）\n\n杭州声悦电子科技有限公司")
    assert "退货商品已于2026年11月12日送达贵方" in text
    assert "《消费者权益保护法》第25条（2013-10-25 文本）" in text
    assert "已于2026年11月19日届满" in text
    assert "《民法典》第195条" in text  # the demand interrupts the limitation period
    assert "3日内" in text and "1,299.00 元" in text
    comm = drafts.log_sent(demo, CASE, "seller_demand", ref="SF1234567890")
    reply = next(d for d in deadlines_for(demo, CASE) if d.rule_id == f"comm:{comm.id}")
    assert reply.party == "seller" and reply.citations == []
    assert reply.due == date(2026, 12, 2)  # 3 calendar days from 2026-11-29
    assert "催告函" in _pdf(demo, "seller_demand", tmp_path)


def test_an_unanswered_urging_calls_for_reconsideration_of_inaction(
    demo: Store, tmp_path: Path
) -> None:
    sent = drafts.log_sent(demo, CASE, "urge_regulator", ref="XA-URGE-1", at="2026-11-19 09:00")
    # Five working days from 2026-11-19 ended on 2026-11-26; nothing came by 2026-11-29.
    offers = {o["kind"]: o for o in drafts.offers(demo, CASE)}
    review = offers["admin_review"]
    assert review["clock"] == f"comm:{sent.id}" and review["due"] == "2026-11-26"
    assert review["recipient"] == "杭州市余杭区人民政府"
    text = drafts.draft_text(demo, CASE, "admin_review", clock=review["clock"])
    assert "确认被申请人未依法履行法定职责" in text
    assert "2026年11月19日向被申请人提交督促履职申请（发送编号：XA-URGE-1）" in text
    assert "《中华人民共和国行政复议法》第11条第11项（2023-09-01 文本）" in text
    assert "第11条第15项" not in text  # that item is for contesting a decision
    assert "《中华人民共和国行政复议法》第44条第2款第1项" in text
    assert "第23条第1款第3项" in text  # inaction goes to reconsideration first
    assert "另附：督促履职申请书及其发送凭证（发送编号：XA-URGE-1）" in text
    sheet = drafts.draft_review(demo, CASE, "admin_review", clock=review["clock"])
    assert sheet.ok and any(i.code == "draft.inaction_period" for i in sheet.warnings)
    assert "行政复议申请书" in _pdf_clock(demo, "admin_review", review["clock"], tmp_path)


def _pdf_clock(store: Store, kind: str, clock: str, tmp_path: Path) -> str:
    out = tmp_path / f"{kind}-inaction.pdf"
    drafts.export_draft(store, CASE, kind, to="pdf", out=out, clock=clock, accept_warnings=True)
    render_png(out, tmp_path)
    return pdf_text(out).replace("\n", "").replace(" ", "")
