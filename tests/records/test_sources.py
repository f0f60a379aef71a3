"""What #14 found on bills from the real world: identification by structure, empty Excel
cells, each source's own summary rule, and the new Meituan and CMB credit importers."""

from __future__ import annotations

import io
import json
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from casework.records import RecordsError, UnsupportedBill, inspect
from casework.records.registry import IMPORTERS, ORDER
from casework.records.synthetic import Row, alipay_text, random_rows

from .golden import SAMPLES
from .synth import MEITUAN_HEADER, meituan


def test_identification_order_is_fixed() -> None:
    """Importers first, each by its own header; then the banks named without an importer."""
    assert [imp.source for imp in IMPORTERS] == [
        "alipay",
        "wechat",
        "jd",
        "meituan",
        "icbc",
        "ccb",
        "cmb_credit",
        "generic",
    ]
    assert ORDER[len(IMPORTERS) :] == [
        "招商银行借记卡流水",
        "招商银行账单",
        "中国银行信用卡账单",
        "中国银行借记卡流水",
        "中国银行账单",
        "交通银行借记卡流水",
        "交通银行信用卡账单",
        "农业银行借记卡流水",
        "广发银行信用卡账单",
        "中信银行信用卡账单",
        "浦发银行账单",
    ]


def test_meituan_bill_naming_a_bank_card_is_still_meituan() -> None:
    """A row paid from 招商银行储蓄卡(6527) made the whole bill a CMB statement."""
    synth = meituan(4)
    assert "招商银行储蓄卡(6527)".encode() in synth.data
    assert inspect(synth.name, data=synth.data, name=synth.name).source == "meituan"
    sample = inspect(SAMPLES / "deg_mt__example-mt-records.csv")
    assert (sample.source, sample.rows, sample.rejected) == ("meituan", 29, [])


def test_words_in_data_rows_never_decide() -> None:
    text = "某某导出\n日期,说明,金额\n2026-01-01,招商银行信用卡还款 中国银行,1.00\n"
    with pytest.raises(RecordsError) as err:
        inspect("x.csv", data=text.encode(), name="x.csv")
    assert not isinstance(err.value, UnsupportedBill)
    assert "unknown bill format" in err.value.message()


@pytest.mark.parametrize(
    "sample",
    [
        "deg_wechat__example-wechat-records__2025-xlsx-format__at-d93c79d~1.xlsx",
        "deg_wechat__example-wechat-records.xlsx",
    ],
)
def test_wechat_xlsx_with_blank_optional_cells_reads_every_row(sample: str) -> None:
    """Was ``交易表不符合规范: status: text (lines [22]); merchant_order_id: text …``."""
    wb = openpyxl.load_workbook(SAMPLES / sample)
    ws = wb["Sheet1"]
    h = next(r for r in range(1, 40) if ws.cell(r, 1).value == "交易时间")
    cols = {ws.cell(h, c).value: c for c in range(1, 12)}
    for r in range(h + 1, ws.max_row + 1, 2):
        for name in ("商户单号", "备注", "当前状态", "支付方式", "商品"):
            ws.cell(r, cols[name]).value = None
    buf = io.BytesIO()
    wb.save(buf)
    before = inspect(SAMPLES / sample)
    after = inspect("w.xlsx", data=buf.getvalue(), name="w.xlsx")
    assert (after.rows, after.rejected) == (before.rows, [])
    assert (after.frame["status"] == "").sum() >= before.rows // 2
    assert after.totals == before.totals


@pytest.mark.parametrize(
    "sample", ["deg_jd__example-jd-records.csv", "deg_mt__example-mt-records.csv"]
)
def test_untouched_exports_follow_their_own_summary_rule(sample: str) -> None:
    """JD's 不计收支 total skips 已全额退款 and 先享后付 purchases; Meituan's 支出 skips 还款 amounts."""
    out = inspect(SAMPLES / sample)
    assert out.warnings == []


def _closed_bill(summary_out: str) -> bytes:
    rows = random_rows(5, seed=5)
    closed = Row(
        datetime(2026, 1, 2, 10),
        "日用百货",
        "远山户外旗舰店",
        "远山户外订单",
        "支出",
        "88.00",
        "",
        "交易关闭",
        "2026000000000000099999",
        "T200P1",
    )
    text = alipay_text(
        rows,
        start=datetime(2026, 1, 1),
        end=datetime(2026, 2, 1),
        exported=datetime(2026, 2, 2),
    )
    lines = text.split("\n")
    out_line = next(i for i, ln in enumerate(lines) if ln.startswith("支出："))
    lines[out_line] = f"支出：{lines[out_line].split('：')[1].split('笔')[0]}笔 {summary_out}元"
    lines.insert(-1, closed.line())
    return "\n".join(lines).encode("gb18030")


def test_alipay_summary_skips_closed_trades_and_still_warns_on_a_real_difference() -> None:
    rows = random_rows(5, seed=5)
    out_fen = sum(int(r.amount.replace(".", "")) for r in rows if r.direction == "支出")
    right = f"{out_fen // 100}.{out_fen % 100:02d}"
    clean = inspect("a.csv", data=_closed_bill(right), name="a.csv")
    assert clean.rows == 6 and clean.warnings == []
    edited = inspect("a.csv", data=_closed_bill("1.00"), name="a.csv")
    assert [w for w in edited.warnings if "1.00" in w and right in w]


def test_cmb_credit_dates_take_the_statement_year() -> None:
    out = inspect(SAMPLES / "deg_cmb__credit__example-cmb-records.csv")
    times = out.frame["time"].dt.strftime("%Y-%m-%d").tolist()
    assert times[0] == "2023-12-29" and times[-1] == "2024-01-05"  # December: the year before
    d = out.to_dict()
    assert d["totals"] == {"out": "8056.78", "in": "3.90", "neutral": "376.90"}
    assert set(out.frame["card_last4"]) == {"1234"}


def test_cmb_credit_without_its_title_is_one_clear_error() -> None:
    text = (
        "交易日,记账日,交易摘要,人民币金额,卡号末四位,交易地金额\n01/02,01/03,京东,5.00,1234,5.00\n"
    )
    with pytest.raises(RecordsError) as err:
        inspect("cmb.csv", data=text.encode(), name="cmb.csv")
    assert "2024年01月" in err.value.message()


def test_meituan_refund_links_to_its_payment() -> None:
    out = inspect(SAMPLES / "deg_mt__example-mt-records.csv")
    f = out.frame
    refunds = f[f["is_refund"]]
    assert len(refunds) == 6
    linked = refunds[refunds["refund_of"] != ""]
    for _, r in linked.iterrows():
        paid = f[f["txn_id"] == r["refund_of"]].iloc[0]
        assert paid["item"] == r["item"] and paid["time"] <= r["time"]
    assert MEITUAN_HEADER.split(",")[0] == "交易创建时间"
    json.dumps(out.to_dict(), ensure_ascii=False)


def test_made_samples_are_fictional() -> None:
    for p in Path(SAMPLES).glob("made_*"):
        assert p.stat().st_size < 100_000
