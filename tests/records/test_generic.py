"""The generic importer: shipped column mappings for the banks without an importer, and
mappings an advocate writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from casework.cli import cli
from casework.records import ColumnMapping, RecordsError, UnsupportedBill, inspect
from casework.records.generic import presets

from .golden import SAMPLES

#: preset → (sample, rows, out, in, refunds linked)
PRESETS = {
    "abc_debit": ("deg_abc_debit__example-abc_debit-records.csv", 5, "12355.89", "10000.01", 0),
    "cmb_debit": ("deg_cmb__debit__example-cmb-records.csv", 5, "2013.14", "1234.00", 0),
    "boc_debit": ("deg_boc__debit__example-boc-records.csv", 17, "9394.30", "9821.00", 1),
    "bocom_debit": ("deg_bocom_debit__example-bocom_debit-records.csv", 6, "114.00", "11.25", 0),
    "cgb_credit": ("deg_cgb_credit__example-cgb_credit-records.csv", 4, "403.32", "1227.88", 0),
    "spdb_debit": ("deg_spdb_debit__example-spdb_debit-records.xls", 4, "11.64", "10.00", 0),
    "citic_credit": ("deg_citic__credit__example-citic-records.xls", 13, "1098.80", "1.41", 0),
    "boc_credit": ("deg_boc__credit__example-boc-records.csv", 14, "1231.81", "989.84", 0),
    # 退货 美团 returns 消费 美团: linked through the normalised counterparty.
    "bocom_credit": ("deg_bocom_credit__example-bocom_credit-records.csv", 8, "73.58", "125.17", 1),
}


def test_every_preset_is_tested() -> None:
    assert set(presets()) == set(PRESETS)


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_preset_reads_its_bank(name: str) -> None:
    sample, rows, out, inc, linked = PRESETS[name]
    with pytest.raises(UnsupportedBill) as err:
        inspect(SAMPLES / sample)
    assert f"--mapping {name}" in err.value.message()
    d = inspect(SAMPLES / sample, mapping=ColumnMapping.load(name)).to_dict()
    assert (d["source"], d["layout"], d["rows"], d["rejected"]) == (
        "generic",
        f"mapping:{name}",
        rows,
        [],
    )
    assert (d["totals"]["out"], d["totals"]["in"], d["refunds_linked"]) == (out, inc, linked)


def test_written_mapping_from_a_file(tmp_path: Path) -> None:
    bill = tmp_path / "bank.csv"
    bill.write_text(
        "某银行流水\n日期,摘要,收入,支出,对方\n2026-09-28,消费,,1299.00,声悦数码旗舰店\n"
        "2026-10-12,退货,200.00,,声悦数码旗舰店\n",
        encoding="gb18030",
    )
    mapping = tmp_path / "map.json"
    mapping.write_text(
        json.dumps(
            {
                "header": "日期",
                "time": "日期",
                "income": "收入",
                "expense": "支出",
                "columns": {"counterparty": "对方", "category": "摘要"},
            }
        )
    )
    res = CliRunner().invoke(
        cli, ["records", "inspect", str(bill), "--mapping", str(mapping), "--json"]
    )
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert (d["rows"], d["totals"]["out"], d["totals"]["in"]) == (2, "1299.00", "200.00")
    assert (d["refunds"], d["refunds_linked"]) == (1, 1)


@pytest.mark.parametrize(
    "bad",
    [
        {"header": "日期", "time": "日期", "amount": "金额"},  # no direction
        {
            "header": "日期",
            "time": "日期",
            "amount": "金额",
            "sign": "negative_out",
            "fixed_direction": "out",
        },  # two
        {"header": "日期", "time": "日期", "amount": "金额", "sign": "sideways"},
        {
            "header": "日期",
            "time": "日期",
            "amount": "金额",
            "sign": "negative_out",
            "columns": {"colour": "颜色"},
        },
        {"header": "日期"},
    ],
)
def test_bad_mappings_are_refused(bad: dict, tmp_path: Path) -> None:
    path = tmp_path / "map.json"
    path.write_text(json.dumps(bad))
    with pytest.raises(RecordsError):
        ColumnMapping.load(path)


def test_missing_mapping_file_is_our_error(tmp_path: Path) -> None:
    with pytest.raises(RecordsError):
        ColumnMapping.load(tmp_path / "nope.json")


def test_typed_orders_without_seconds_are_not_called_an_excel_resave(tmp_path: Path) -> None:
    # An advocate copies 下单时间 from the order page to the minute: no "re-saved" warning there,
    # while a bill with such times still gets one (test_excel_resaved_ids_and_times_warn).
    path = tmp_path / "orders.csv"
    path.write_text(
        "平台,订单编号,下单时间,店铺名称,商品名称,实付金额,支付方式,订单状态,备注\n"
        "拼多多,240930-123456789,2026-09-30 10:00,好物小店,手机壳,19.90,微信支付,已签收,\n",
        encoding="utf-8-sig",
    )
    result = inspect(path)
    assert result.kind == "order" and result.rows == 1
    assert not any("seconds" in w for w in result.warnings)
