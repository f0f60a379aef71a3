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
