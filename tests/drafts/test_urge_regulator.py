"""The demo case's 12315 acceptance clock is overdue: the 督促履职申请 answers it, from the record,
and once logged as sent it starts its own reply clock (#19)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from casework import drafts
from casework.demo import build_demo
from casework.errors import InvalidInput
from casework.rules import calendar as cal
from casework.rules import deadlines_for
from casework.store import Store

from .helpers import pdf_pages, pdf_text, render_png

CASE = "2026-0001"


@pytest.fixture
def demo(store: Store) -> Store:
    build_demo(store)
    return store


def test_the_demo_offers_the_letter_for_its_overdue_acceptance_clock(demo: Store) -> None:
    offers = drafts.offers(demo, CASE)
    assert [o["kind"] for o in offers] == ["urge_regulator"]
    urge = offers[0]
    assert urge["clock"] == "regulator_acceptance@2026-10-20"
    assert urge["due"] == "2026-10-29" and urge["status"] == "overdue"
    assert urge["recipient"] == "杭州市余杭区市场监督管理局"


def test_the_letter_names_department_number_dates_and_article(demo: Store) -> None:
    text = drafts.draft_text(demo, CASE, "urge_regulator")
    assert text.startswith("督促履职申请书\n")
    assert "杭州市余杭区市场监督管理局：" in text  # the department the 12315 platform forwarded to
    assert "1233010020261020000123" in text  # the complaint number from the communications log
    assert "2026年10月20日提交的投诉" in text  # the filing date
    assert "已于2026年10月29日届满" in text  # the missed due date (7 working days, 办法 Art. 45)
    # The 2026 measures (in force 2026-04-15) decide a complaint received on 2026-10-20.
    assert "《市场监督管理投诉举报处理办法》第15条第1款（2025-12-30 文本）" in text
    assert "暂行办法" not in text
    # The superior department and the 12345 hotline as channels.
    assert "上级主管部门：杭州市市场监督管理局" in text
    assert "12345政务服务便民热线" in text
    # The reader never sees our doubts: the one-source wording is the advocate's to weigh.
    assert "一份资料" not in text and "核对" not in text


def test_the_doubts_go_to_the_review_sheet(demo: Store) -> None:
    sheet = drafts.draft_review(demo, CASE, "urge_regulator")
    assert sheet.ok
    codes = [i.code for i in sheet.warnings]
    assert "draft.doubt.one_source" in codes  # 办法 Art. 15 rests on one copy of the text
    assert "draft.inferred" in codes  # the city bureau is inferred from the district's name
    assert any("5个工作日" in i.zh for i in sheet.warnings)  # the requested period is not law


def test_export_goes_through_the_review_sheet(demo: Store, tmp_path: Path) -> None:
    out = tmp_path / "urge.pdf"
    with pytest.raises(InvalidInput, match="accept-warnings"):
        drafts.export_draft(demo, CASE, "urge_regulator", to="pdf", out=out)
    assert not out.exists()
    drafts.export_draft(demo, CASE, "urge_regulator", to="pdf", out=out, accept_warnings=True)
    assert any(r["action"] == "review.accept" for r in demo.audit_log(CASE))
    text = pdf_text(out).replace("\n", "")
    assert "督促履职申请书" in text.replace(" ", "")
    assert "1233010020261020000123" in text
    assert pdf_pages(out) == 2
    pngs = render_png(out, tmp_path)
    assert len(pngs) in (0, 2)


def test_sending_starts_its_own_reply_clock(demo: Store) -> None:
    comm = drafts.log_sent(demo, CASE, "urge_regulator", ref="XA123456789CN", at="2026-11-30 09:00")
    clock = next(d for d in deadlines_for(demo, CASE) if d.rule_id == f"comm:{comm.id}")
    assert clock.draft_kind == "urge_regulator"
    assert clock.start == date(2026, 11, 30) and clock.ref == "XA123456789CN"
    assert clock.unit == "working_days" and clock.days == 5
    assert clock.due == cal.add_working_days(date(2026, 11, 30), 5).due == date(2026, 12, 7)
    assert clock.status == "open" and clock.party == "regulator"
    assert "督促履职申请的答复" in clock.name_zh
    # A requested period cites no article: the log is its source.
    assert clock.citations == [] and clock.citation == "沟通记录 XA123456789CN"


def test_an_answer_in_the_log_closes_the_reply_clock(demo: Store) -> None:
    comm = drafts.log_sent(demo, CASE, "urge_regulator", ref="XA1", at="2026-11-30 09:00")
    demo.add_communication(
        CASE,
        at="2026-12-02 15:00",
        counterpart=comm.counterpart,
        counterpart_kind="regulator",
        channel="phone",
        direction="in",
        ref="XA1",
        summary="来电告知已受理",
    )
    clock = next(d for d in deadlines_for(demo, CASE) if d.rule_id == f"comm:{comm.id}")
    assert clock.closed_on == date(2026, 12, 2)


def test_the_edit_is_kept_and_used(demo: Store, tmp_path: Path) -> None:
    generated = drafts.draft_text(demo, CASE, "urge_regulator")
    drafts.save_draft(demo, CASE, "urge_regulator", generated.replace("5个工作日", "3个工作日"))
    assert drafts.is_edited(demo, CASE, "urge_regulator")
    out = tmp_path / "urge.txt"
    drafts.export_draft(demo, CASE, "urge_regulator", to="text", out=out, accept_warnings=True)
    assert "3个工作日内依法作出决定" in out.read_text(encoding="utf-8")
    assert any(r["action"] == "draft.save" for r in demo.audit_log(CASE))
    drafts.save_draft(demo, CASE, "urge_regulator", "  ")  # empty: back to generated
    assert drafts.draft_text(demo, CASE, "urge_regulator") == generated


def test_a_kind_no_clock_calls_for_is_refused(demo: Store) -> None:
    with pytest.raises(InvalidInput, match="催告函"):
        drafts.draft_text(demo, CASE, "seller_demand")
    with pytest.raises(InvalidInput, match="urge_regulator"):
        drafts.draft_text(demo, CASE, "no_such_kind")


def test_the_list_says_when_the_letter_went_out(demo: Store) -> None:
    assert drafts.offers(demo, CASE)[0]["sent"] is None
    drafts.log_sent(demo, CASE, "urge_regulator", ref="XA42", at="2026-11-30 09:00")
    sent = drafts.offers(demo, CASE)[0]["sent"]
    assert sent["on"] == "2026-11-30" and sent["ref"] == "XA42"
    assert sent["reply_due"] == "2026-12-07"
