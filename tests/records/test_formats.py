"""Bills the importers have never seen — every format, written fresh from random rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from casework.records import inspect

from .synth import Synth, all_formats

CASES = [s for seed in (1, 2, 3) for s in all_formats(seed)]


@pytest.mark.parametrize("synth", CASES, ids=lambda s: f"{s.source}-{s.layout}-{s.name}")
def test_new_file_of_a_known_format(synth: Synth, tmp_path: Path) -> None:
    path = tmp_path / synth.name
    path.write_bytes(synth.data)
    result = inspect(path)
    d = result.to_dict()
    assert (d["source"], d["layout"]) == (synth.source, synth.layout)
    assert d["rejected"] == []
    assert d["rows"] == synth.rows
    assert d["totals"] == synth.totals
    assert d["refunds"] == synth.refunds
    assert d["refunds_linked"] == synth.linked
    assert result.frame["line"].is_unique
    # Untouched: the file's own summary, read by its source's rule, agrees (#14).
    assert d["warnings"] == []


@pytest.mark.parametrize("variant", ["crlf", "utf-8-bom", "utf-8-crlf"])
def test_line_endings_and_reencoding_change_nothing(variant: str) -> None:
    from casework.records.demo import bill_bytes

    text = bill_bytes().decode("gb18030")
    data = {
        "crlf": text.replace("\n", "\r\n").encode("gb18030"),
        "utf-8-bom": ("\ufeff" + text).encode("utf-8"),
        "utf-8-crlf": text.replace("\n", "\r\n").encode("utf-8"),
    }[variant]
    base = inspect("demo.csv", data=bill_bytes(), name="demo.csv")
    other = inspect("demo.csv", data=data, name="demo.csv")
    keep = ("rows", "rejected", "totals", "refunds", "refunds_linked", "period", "declared")
    assert {k: other.to_dict()[k] for k in keep} == {k: base.to_dict()[k] for k in keep}
    cols = [c for c in base.frame.columns if c != "file_sha256"]
    assert other.frame[cols].equals(base.frame[cols])
