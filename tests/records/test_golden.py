"""Every sample bill gives exactly its golden output (``python -m tests.records.regen`` to renew)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .golden import expected_path, golden, samples

#: Source and layout of each sample: what the issue asks to be recognised.
EXPECTED_SOURCE = {
    "btb_单条测试_支付宝.csv": ("alipay", "app-2023"),
    "btb_完整测试_支付宝.csv": ("alipay", "app-2023"),
    "deg_alipay__2023-format__example-alipay-records.csv": ("alipay", "app-2023"),
    "deg_alipay__app-2021-2022-format__at-da0c4e7~1.csv": ("alipay", "app-2021"),
    "deg_alipay__web-classic-format__at-cfa5e4a~1.csv": ("alipay", "web-classic"),
    "trim21_微信支付账单(20200830-20200906).csv": ("wechat", "csv"),
    "deg_wechat__example-wechat-records.csv": ("wechat", "csv"),
    "btb_完整测试_微信.csv": ("wechat", "csv"),
    "deg_wechat__example-wechat-records__2025-xlsx-format__at-d93c79d~1.xlsx": (
        "wechat",
        "xlsx-2025",
    ),
    "deg_wechat__example-wechat-records.xlsx": ("wechat", "xlsx-2026"),
    "deg_jd__example-jd-records.csv": ("jd", "2024-12"),
    "deg_jd__old-2024-format__at-d483eb6~1.csv": ("jd", "old"),
    "deg_icbc__credit__example-icbc-credit-records.csv": ("icbc", "credit"),
    "deg_icbc__debit-v1__example-icbc-debit-v1-records.csv": ("icbc", "debit-v1"),
    "deg_icbc__debit-v2__example-icbc-debit-v2-records.csv": ("icbc", "debit-v2"),
    "deg_ccb__交易明细_xxxx_2025xxxx_2025xxxx.xls": ("ccb", "xls"),
    "deg_mt__example-mt-records.csv": ("meituan", "csv"),
    "deg_cmb__credit__example-cmb-records.csv": ("cmb_credit", "csv"),
    "made_美团账单(20250301-20250331).csv": ("meituan", "csv"),
    "made_招商银行信用卡对账单_2025年01月.xlsx": ("cmb_credit", "xlsx"),
    "made_招商银行信用卡对账单_2025年01月.csv": ("cmb_credit", "csv"),
}


@pytest.mark.parametrize("sample", samples(), ids=lambda p: p.name)
def test_sample_matches_golden(sample: Path) -> None:
    path = expected_path(sample)
    assert path.exists(), f"no golden file; run python -m tests.records.regen ({path.name})"
    assert golden(sample) == json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED_SOURCE))
def test_named_formats_are_recognised(name: str) -> None:
    g = json.loads(
        expected_path(Path(__file__).parent.parent / "data" / "bills" / name).read_text(
            encoding="utf-8"
        )
    )
    assert (g["inspect"]["source"], g["inspect"]["layout"]) == EXPECTED_SOURCE[name]
    # Nothing dropped: every data row is kept or rejected.
    assert g["inspect"]["rows"] == len(g["transactions"])


def test_other_banks_are_named_not_guessed() -> None:
    others = [p for p in samples() if p.name not in EXPECTED_SOURCE]
    assert others
    for p in others:
        g = golden(p)
        assert g.get("error_type") == "UnsupportedBill", p.name
