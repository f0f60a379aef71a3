"""One importer per file: found by content; two claims are an error; the schema guards the frame."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from casework.records import RecordsError, detect, inspect
from casework.records.alipay import AlipayImporter
from casework.records.base import Bill, Head, Importer
from casework.records.demo import bill_bytes
from casework.records.frame import SchemaError, build, validate


class Greedy(Importer):
    source = "greedy"

    def identify(self, head: Head) -> str | None:
        return "any"


def test_two_importers_claiming_a_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bill.csv"
    path.write_bytes(bill_bytes())
    with pytest.raises(RecordsError) as err:
        detect(Bill(path), [AlipayImporter(), Greedy()])
    assert "alipay/app-2025" in err.value.message() and "greedy/any" in err.value.message()
    importer, layout, _ = detect(Bill(path))
    assert (importer.source, layout) == ("alipay", "app-2025")


def test_file_name_does_not_matter(tmp_path: Path) -> None:
    path = tmp_path / "微信支付账单(20260101-20260131).csv"  # a misleading name
    path.write_bytes(bill_bytes())
    assert inspect(path).source == "alipay"


def test_schema_refuses_float_money_and_naive_times() -> None:
    good = build(
        1,
        {
            "time": pd.Series(pd.to_datetime(["2026-09-28 20:16"])).dt.tz_localize("Asia/Shanghai"),
            "direction": "out",
            "amount_fen": 129900,
        },
    )
    validate(good)
    floats = good.assign(amount_fen=np.array([1299.0]))
    with pytest.raises(SchemaError, match="amount_fen"):
        validate(floats)
    naive = good.assign(time=pd.to_datetime(["2026-09-28 20:16"]))
    with pytest.raises(SchemaError, match="time"):
        validate(naive)
    wrong = good.assign(direction="sideways")
    with pytest.raises(SchemaError, match="direction"):
        validate(wrong)


def test_thousands_separator_in_alipay_amounts_warns(tmp_path: Path) -> None:
    text = bill_bytes().decode("gb18030").replace(",1299.00,", ',"1,299.00",')
    path = tmp_path / "resaved.csv"
    path.write_bytes(text.encode("gb18030"))
    result = inspect(path)
    assert any("thousands separators" in w for w in result.warnings)
    assert result.totals["out"] == inspect_demo_out()


def inspect_demo_out() -> object:
    return inspect("x.csv", data=bill_bytes(), name="x.csv").totals["out"]
