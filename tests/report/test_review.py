"""The review sheet (送出前核对) and what it keeps out of the submission; the bill excerpt; the
honest money section; signatures; the 授权委托书. Sections rendered straight from the register
(no notebook): seconds, not minutes. The exported files are checked in test_submission.py."""

from __future__ import annotations

import re
import subprocess

import pytest
from click.testing import CliRunner

from casework.cli import cli
from casework.demo import build_demo
from casework.evidence import check, custody_log, evidence_list, list_evidence
from casework.report import render_report, render_section
from casework.report.excerpt import excerpts, read_excerpt, store_excerpts
from casework.report.export import check_review
from casework.report.exporters import ExportError
from casework.report.review import review
from casework.store import Store
from casework.vocabulary import DeadlineStatus

from .helpers import INTERNAL, bill_counterparties, jd_case, parse

ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")


def reader_text(store: Store, case_id: str, profile: str = "public", lang: str = "zh") -> str:
    return parse(render_report(store, case_id, profile=profile, lang=lang)).body_text


def english_words(text: str, case_id: str, allowed: set[str]) -> list[str]:
    """Latin words in a Chinese text, except hashes, case data and SHA-256 (a name, not a word)."""
    text = re.sub(r"[0-9a-f]{64}", "", text)
    return [w for w in ENGLISH_WORD.findall(text) if w not in allowed]


def test_a_jd_case_with_an_unrelated_bill_says_so_and_shows_none_of_it(store: Store) -> None:
    case_id = jd_case(store)
    sheet = review(store, case_id)
    codes = {i.code for i in sheet.items}
    assert {"bill.unrelated", "money.no_payment"} <= codes, sheet.render_text()
    assert sheet.ok  # warnings only: nothing blocks
    others = bill_counterparties()
    assert others
    for profile in ("public", "authority"):
        text = reader_text(store, case_id, profile)
        for word in INTERNAL:
            assert word not in text, (profile, word)
        assert not [c for c in others if c in text], profile
        # No payment row: the money section says so and gives the stated amount and its source.
        assert "付款记录尚未核对到" in text and "消费者陈述已支付 ¥399.00" in text
        assert "来源：投诉人登记的购买信息" in text
        assert "淘宝" not in text.replace(store.get_case(case_id).title, "")
        assert english_words(text, case_id, {"SHA"}) == [], profile
    # The bill is kept for the advocate, never listed: no evidence row for the reader.
    assert [r["submitted"] for r in evidence_list(store, case_id)] == [False]
    # And it is no evidence of payment: the checklist's 支付记录 is not met.
    report = check(store, case_id)
    payment = [r for r in report.items if "transaction_record" in r["types"]]
    assert payment and all(r["status"] != "met" for r in payment), payment
    assert any("没有本案订单的交易" in w for w in report.warnings)


def test_the_demo_keeps_its_doubts_on_the_review_sheet(store: Store) -> None:
    case = build_demo(store)
    sheet = review(store, case.id)
    codes = {i.code for i in sheet.items}
    assert {"rule.unverified", "deadline.estimated", "bill.rows_hidden"} <= codes, codes
    assert all(i.zh and i.en for i in sheet.items)
    text = reader_text(store, case.id)
    for word in INTERNAL:
        assert word not in text, word
    # The deadlines speak the reader's words, defined once.
    for status in DeadlineStatus:
        assert status.zh in text
    assert "已满足" not in text and "进行中" not in text
    # The facts: the case's own words, events in time order, no nested brackets, no labels.
    facts = parse(render_section(store, "facts", case.id)).body_text
    assert case.facts in facts  # #18
    assert not re.search(r"（[^（）]*（[^（）]*）[^（）]*）", facts), facts
    assert "（平台）" not in facts and "「市场监管部门" not in facts
    # The request is stated once (its own section), not again at the end of the facts.
    assert text.count("退货退款，退还货款 1,299.00 元") == 1
    en = reader_text(store, case.id, lang="en")
    assert "not verified" not in en and "estimated" not in en


def test_case_facts_from_the_cli_reach_the_submission(store: Store) -> None:
    """#18: ``case new … --facts "…"`` → 事实与理由 read only the generated sentence."""
    runner = CliRunner()
    home = ["--home", str(store.home)] if store.engine.url.get_backend_name() == "sqlite" else []
    if not home:
        pytest.skip("the CLI opens the home's SQLite register")
    out = runner.invoke(
        cli,
        [*home, "case", "new", "--title", "耳机有杂音", "--category", "quality",
         "--facts", "11月3日收货后发现右耳有持续杂音，商家不予处理。", "--json"],
    )  # fmt: skip
    assert out.exit_code == 0, out.output
    import json

    case_id = json.loads(out.output)["id"]
    facts = parse(render_section(store, "facts", case_id)).body_text
    assert "11月3日收货后发现右耳有持续杂音，商家不予处理。" in facts


def test_a_blocking_item_stops_the_export_with_one_line(store: Store) -> None:
    case_id = jd_case(store, complainant_phone="")
    sheet = review(store, case_id)
    assert [i.where for i in sheet.blocking] == ["complainant_phone"], sheet.render_text()
    with pytest.raises(ExportError) as err:
        check_review(store, case_id, accept_warnings=True)
    message = err.value.message()
    assert "\n" not in message and "不能导出" in message and "「投诉人电话」尚未填写" in message


def test_warnings_must_be_accepted_and_the_acceptance_is_logged(store: Store) -> None:
    case_id = jd_case(store)
    with pytest.raises(ExportError) as err:
        check_review(store, case_id)
    assert "--accept-warnings" in err.value.message()
    check_review(store, case_id, accept_warnings=True)
    logged = [r for r in store.audit_log(case_id) if r["action"] == "review.accept"]
    assert len(logged) == 1
    assert logged[0]["after"]["digest"] == review(store, case_id).digest()
    assert {w["code"] for w in logged[0]["after"]["warnings"]} >= {"bill.unrelated"}


def test_cli_check_prints_the_review_sheet(store: Store) -> None:
    if store.engine.url.get_backend_name() != "sqlite":
        pytest.skip("the CLI opens the home's SQLite register")
    case_id = jd_case(store, complainant_phone="")
    runner = CliRunner()
    out = runner.invoke(cli, ["--home", str(store.home), "export", case_id, "--check"])
    assert out.exit_code == 1 and "送出前核对" in out.output and "✗" in out.output
    out = runner.invoke(cli, ["--home", str(store.home), "check", case_id])
    assert "送出前核对" in out.output and "付款记录尚未核对到" in out.output
    out = runner.invoke(cli, ["--home", str(store.home), "export", case_id])
    assert out.exit_code != 0 and "不能导出" in out.output
    assert "Traceback" not in out.output and len(out.output.strip().splitlines()) == 1


def test_the_excerpt_holds_only_the_case_rows_and_links_to_its_bill(store: Store) -> None:
    case = build_demo(store)
    (ex,) = excerpts(store, case.id)
    assert [r["原始行号"] for r in ex.rows] == ["27", "32"] and ex.total_rows == 12
    items = store_excerpts(store, case.id)
    assert len(items) == 1 and not items[0].duplicate
    again = store_excerpts(store, case.id)
    assert again[0].duplicate and again[0].id == items[0].id  # same trail, same file
    bill = next(i for i in list_evidence(store, case.id) if i.id == items[0].derived_from)
    stored = read_excerpt(items[0].path(store).read_bytes())
    assert stored is not None and stored.file_sha256 == bill.sha256 and len(stored.rows) == 2
    derive = [e for e in custody_log(store, case.id) if e["action"] == "derive"]
    assert any(
        e["evidence_id"] == items[0].id and e["detail"]["derived_from"] == bill.id for e in derive
    )
    rows = evidence_list(store, case.id)
    shown = [r for r in rows if r["submitted"]]
    assert [r["no"] for r in shown] == [1, 2, 3, 4, 5]
    assert next(r for r in shown if r["excerpt"])["evidence_id"] == items[0].id
    text = parse(render_section(store, "evidence", case.id)).body_text
    assert "账单摘录" in text and bill.sha256 in text  # the original's hash, not its rows
    others = set(read_bill_counterparties(bill.path(store))) - {case.shop_name}
    assert len(others) >= 5
    authority = reader_text(store, case.id, "authority")
    assert not [c for c in others if c in authority]


def read_bill_counterparties(path: object) -> list[str]:
    from casework.records.parse import inspect

    return list(inspect(path).frame["counterparty"])  # type: ignore[arg-type]


def test_signature_block_names_who_signs(store: Store) -> None:
    case = build_demo(store)
    text = parse(render_section(store, "signature", case.id)).body_text
    assert "投诉人（签名）" in text and "代理人（签名）" in text and "日期" in text
    case_id = jd_case(store)
    text = parse(render_section(store, "signature", case_id, lang="en")).body_text
    assert "Complainant (signature)" in text and "Agent" not in text


def test_authorization_letter_pdf(store: Store) -> None:
    from casework.report.authorization import export_authorization

    case = build_demo(store)
    path = export_authorization(store, case.id)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    for words in ("授权委托书", "委托人", "受托人", "委托事项", "代理权限", "委托期限", "（签名）"):
        assert words in text.replace(" ", ""), words
    assert case.agent_name.split("（")[0] in text and case.order_numbers[0] in text
    with pytest.raises(Exception, match="代理人"):
        export_authorization(store, jd_case(store))


def test_copy_ready_12315_text_keeps_complaint_and_report_apart(store: Store) -> None:
    from casework.report.form12315 import SHORT_LIMIT, form_12315

    case_id = jd_case(store, is_report=True)
    form = form_12315(store, case_id)
    assert [b.kind for b in form.blocks] == ["complaint", "report"]
    complaint = {f.key: f for f in form.blocks[0].fields}
    assert set(complaint) == {"respondent", "request", "facts_short", "facts"}
    assert "北京美厨电器有限公司" in complaint["respondent"].text
    assert complaint["request"].text == "退货退款 399.00 元。"
    assert 0 < complaint["facts_short"].length <= SHORT_LIMIT
    assert "11月10日首次烧水即漏水" in complaint["facts"].text
    report = {f.key: f for f in form.blocks[1].fields}
    assert "request" not in report and "涉嫌违法" in report["clues"].text
    text = form.render_text()
    for word in ("casework", "未经核实", "12315_online", "app-2023"):
        assert word not in text, word
    if store.engine.url.get_backend_name() == "sqlite":
        out = CliRunner().invoke(
            cli, ["--home", str(store.home), "export", case_id, "--to", "text", "--form", "12315"]
        )
        assert out.exit_code == 0 and "【诉求】" in out.output and "举报（与投诉分别" in out.output
        bad = CliRunner().invoke(
            cli, ["--home", str(store.home), "export", case_id, "--to", "text"]
        )
        assert bad.exit_code == 2 and "--form 12315" in bad.output
