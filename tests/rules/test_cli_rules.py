"""``casework deadlines | route | damages | timeline | narrative`` on a real register."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from casework.cli import cli
from casework.demo import build_demo
from casework.store import Store

Run = Callable[..., Result]


@pytest.fixture
def run(home: Path, db_url: str | None, store: Store) -> Run:
    build_demo(store)  # the fixture's store shares home and URL with the CLI
    runner = CliRunner()
    base = ["--home", str(home)] + (["--db", db_url] if db_url else [])

    def _run(*args: str, code: int = 0) -> Result:
        result = runner.invoke(cli, [*base, *args], catch_exceptions=False)
        assert result.exit_code == code, (result.stdout, result.stderr)
        return result

    return _run


def test_deadlines_json_lists_each_clock(run: Run) -> None:
    clocks = json.loads(run("deadlines", "2026-0001", "--today", "2026-11-29", "--json").stdout)
    reg = next(c for c in clocks if c["rule_id"] == "regulator_acceptance")
    assert reg["due"] == "2026-10-29" and reg["status"] == "overdue"
    assert reg["day_kind"] == "working"
    # Received 2026-10-20, after Order 121 took effect: its Art. 15, not Order 20's Art. 14.
    assert "《市场监督管理投诉举报处理办法》第15条第1款" in reg["citation"]
    assert "暂行办法" not in reg["citation"]
    for c in clocks:
        assert c["status"] in ("met", "open", "overdue", "not_applicable")
        assert c["citation"], c["rule_id"]
    text = run("deadlines", "2026-0001", "--today", "2026-11-29").stdout
    assert "已逾期  2026-10-29" in text and "不适用" in text


def test_route_suggests_escalating(run: Run) -> None:
    text = run("route", "2026-0001", "--today", "2026-11-29").stdout
    assert text.startswith("⚠ 建议升级") and "2026-10-29" in text.splitlines()[0]
    assert "▶ 3. 全国12315平台" in text
    # Read by a person: the article and text date, no tier letter, no nested brackets, and
    # Chinese punctuation after the Chinese headings.
    assert "依据《市场监督管理投诉举报处理办法》第15条第1款（2025-12-30 文本），「" in text
    assert "暂行办法" not in text
    assert not re.search(r"[\[［(（]\s*[PSU]\s*[,，\]］)）]", text) and "））" not in text
    assert "需要：" in text and "需要: " not in text and "下一步: " not in text
    data = json.loads(run("route", "2026-0001", "--today", "2026-11-29", "--json").stdout)
    assert data["current"] == "regulator_12315" and data["suggestion"]["en"].startswith("Escalate")
    early = json.loads(run("route", "2026-0001", "--today", "2026-10-28", "--json").stdout)
    assert early["suggestion"] is None


def test_damages(run: Run) -> None:
    data = json.loads(run("damages", "2026-0001", "--received", "200", "--fraud", "--json").stdout)
    assert data["refund_due"] == "1099.00"
    assert data["punitive"] == "3897.00" and data["total"] == "4996.00"
    bad = run("damages", "2026-0001", "--loss", "abc", code=2)
    assert "loss" in bad.stderr and "Traceback" not in bad.stderr


def test_timeline_files(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "figs" / "t.png"
    assert run("timeline", "2026-0001", "-o", str(out)).stdout.strip() == str(out)
    assert out.read_bytes()[:4] == b"\x89PNG"
    bad = run("timeline", "2026-0001", "-o", str(tmp_path / "t.pdf"), code=2)
    assert ".png" in bad.stderr


def test_narrative_edit_round_trip(run: Run, tmp_path: Path) -> None:
    assert run("narrative", "2026-0001").stdout.startswith("2026年9月28日")
    edit = tmp_path / "edit.txt"
    edit.write_text("代理人改写的事实经过。\n", encoding="utf-8")
    run("narrative", "2026-0001", "--set-file", str(edit))
    shown = json.loads(run("narrative", "2026-0001", "--json").stdout)
    assert shown["edited"] and shown["text"] == "代理人改写的事实经过。"
    assert shown["facts_since_edit"] == 0 and "⚠" not in run("narrative", "2026-0001").stderr
    run("event", "add", "2026-0001", "--at", "2026-11-20 10:00", "--kind", "reply_received")
    stale = run("narrative", "2026-0001")
    assert stale.stdout.strip() == "代理人改写的事实经过。"
    assert "1 条事件/沟通记录" in stale.stderr
    assert run("narrative", "2026-0001", "--generated").stdout.startswith("2026年9月28日")
    assert run("narrative", "2026-0001", "--clear").stdout.startswith("2026年9月28日")
    edit.write_bytes("GBK 编码".encode("gbk"))
    assert "UTF-8" in run("narrative", "2026-0001", "--set-file", str(edit), code=2).stderr
    assert run("narrative", "2026-0001", "--lang", "en").stdout.startswith("On 28 Sep 2026")


def test_unknown_case_is_one_line(run: Run) -> None:
    result = run("deadlines", "2099-0001", code=2)
    assert "2099-0001" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_conflicting_mediation_ceilings_show_their_rank(run: Run, store: Store) -> None:
    store.add_event(
        "2026-0001", at="2026-11-02 10:00", kind="complaint_accepted", actor="regulator"
    )
    text = run("deadlines", "2026-0001", "--today", "2026-11-29").stdout
    # A complaint received after 2026-04-15: one 60-day ceiling (办法 Art. 23), no 45 working
    # days of the repealed Order 20, so no conflict to show either.
    assert "自受理之日起 60 日" in text and "第23条第1款第5项" in text
    assert "45个工作日" not in text and "规定冲突" not in text
    assert "2026-11-02 已有结果" in text  # acceptance came, but late: still shown overdue
    reg = next(
        c
        for c in json.loads(run("deadlines", "2026-0001", "--json").stdout)
        if c["rule_id"] == "regulator_acceptance"
    )
    assert reg["status"] == "overdue" and reg["closed_on"] == "2026-11-02"
    plan = json.loads(run("route", "2026-0001", "--today", "2026-11-29", "--json").stdout)
    assert plan["suggestion"] is None  # late, but answered: nothing left to chase


def test_deadlines_route_damages_speak_the_language_asked(run: Run) -> None:
    """``--lang zh|en`` (default zh), like the workbook: one vocabulary for clock states and
    "applies" (#16), and the clocks in the rules' one order — overdue first."""
    zh = run("deadlines", "2026-0001", "--today", "2026-11-29").stdout
    en = run("deadlines", "2026-0001", "--today", "2026-11-29", "--lang", "en").stdout
    assert zh.splitlines()[0].startswith("已逾期  2026-10-29")
    assert "已满足" in zh and "已按期" not in zh and "未到期" not in zh and "进行中" in zh
    assert en.splitlines()[0].startswith("overdue 2026-10-29  Market regulator decides")
    assert "\n      basis Measures for handling complaints" in en and "依据" not in en
    assert "met  2026-10-08" in en and "已满足" not in en and "starts 2026-09-30" in en
    assert "2029 is not covered" in en and "（另有" not in en and "more do not apply" in en

    route_en = run("route", "2026-0001", "--today", "2026-11-29", "--lang", "en").stdout
    assert route_en.startswith("⚠ Escalate: under Measures for handling complaints")
    assert "▶ 3. Complaint on the 12315 platform" in route_en and "needs: " in route_en
    assert "需要：" not in route_en and "下一步：" not in route_en and "管辖：" not in route_en

    dmg_zh = run("damages", "2026-0001").stdout
    dmg_en = run("damages", "2026-0001", "--lang", "en").stdout
    assert dmg_zh.startswith("适用") and "不适用" in dmg_zh and "待认定" not in dmg_zh
    assert "应退金额 ¥1,099.00；惩罚性赔偿 ¥0.00；合计 ¥1,099.00" in dmg_zh
    assert dmg_en.startswith("yes     ¥1,299.00  Refund of the price paid")
    assert (
        "\nno      ¥3,897.00  Fraud" in dmg_en and "note only once fraud is established" in dmg_en
    )
    assert "refund due ¥1,099.00; punitive damages ¥0.00; total ¥1,099.00" in dmg_en
    assert "⚠ ¥200.00 already received, taken off the refund due" in dmg_en
    assert not re.search(r"[\u4e00-\u9fff]", dmg_en)  # every word English, even the citations
    possible = run("damages", "2026-0001", "--fraud").stdout
    assert possible.startswith("适用")
    pending = run("damages", "2026-0001", "--price", "80", "--lang", "en").stdout
    assert "refund due" in pending


def test_the_report_track_next_action_prints_from_the_plan(run: Run, store: Store) -> None:
    store.update_case("2026-0001", {"is_report": True})
    zh = run("route", "2026-0001", "--today", "2026-11-29").stdout
    en = run("route", "2026-0001", "--today", "2026-11-29", "--lang", "en").stdout
    assert "另行举报:" in zh and "     现在：提交举报" in zh
    assert "separate report:" in en and "     now: file the report" in en
