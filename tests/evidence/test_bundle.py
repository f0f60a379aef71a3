"""The evidence bundle: one zip, numbered as in the 证据清单, safe names, refused when tampered."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from casework.cli import cli
from casework.evidence import (
    EvidenceError,
    add_evidence,
    check_bundle,
    custody_log,
    export_bundle,
    list_evidence,
)
from casework.store import Store

from .tampering import tamper_content


def test_bundle_holds_every_file_under_a_safe_name(store: Store, tmp_path: Path) -> None:
    case_id = store.create_case(title="证据包", category="quality").id
    hostile = ["../../etc/passwd", "CON", "..\\boot.ini", "聊天\u202egnp.exe"]
    for n, name in enumerate(hostile):
        add_evidence(store, case_id, f"file {n}".encode() * 30, type="chat_log", name=name)
    add_evidence(store, case_id, b"order" * 30, type="order_record", name="订单.png")
    out = tmp_path / "out" / "bundle.zip"
    result = export_bundle(store, case_id, out)
    assert result.path == out and result.files == 5
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        listing = json.loads(zf.read("manifest.json"))
    assert names[0].startswith("01_订单记录_")  # numbered by type, as in the 证据清单
    for name in names:
        assert "/" not in name and "\\" not in name and not name.startswith(".")
    assert {r["sha256"] for r in listing["evidence"]} == {
        i.sha256 for i in list_evidence(store, case_id)
    }
    assert listing["manifest_sha256"] == result.manifest_sha256
    assert check_bundle(out) == []
    assert [p.name for p in out.parent.iterdir()] == ["bundle.zip"]  # no temporary file left
    last = custody_log(store, case_id)[-1]
    assert last["action"] == "export" and last["detail"]["sha256"] == result.sha256


def test_tampered_case_gets_no_bundle(store: Store, tmp_path: Path) -> None:
    case_id = store.create_case(title="篡改", category="quality").id
    item = add_evidence(store, case_id, b"photo" * 30, type="defect_photo", name="左耳.jpg")
    tamper_content(store, item, b"edited")
    with pytest.raises(EvidenceError) as err:
        export_bundle(store, case_id, tmp_path / "b.zip")
    assert "左耳.jpg" in err.value.message()
    assert not (tmp_path / "b.zip").exists()


def test_an_edited_cache_or_folder_copy_never_reaches_the_bundle(
    store: Store, tmp_path: Path
) -> None:
    """PostgreSQL: the local cache is re-hashed before use and fetched again from the register.
    SQLite: the folder copy is the evidence itself, so the bundle is refused instead."""
    case_id = store.create_case(title="缓存", category="quality").id
    item = add_evidence(store, case_id, b"photo" * 30, type="defect_photo", name="左耳.jpg")
    path = item.path(store)
    os.chmod(path, 0o644)
    path.write_bytes(b"edited")
    if store.is_sqlite:
        with pytest.raises(EvidenceError):
            export_bundle(store, case_id, tmp_path / "b.zip")
        return
    result = export_bundle(store, case_id, tmp_path / "b.zip")
    assert check_bundle(result.path) == []
    assert item.path(store).read_bytes() == b"photo" * 30


def test_cli_bundle_default_path(store: Store) -> None:
    case_id = store.create_case(title="命令行", category="quality").id
    add_evidence(store, case_id, b"chat" * 30, type="chat_log", name="c.png")
    run = CliRunner().invoke(
        cli, ["--home", str(store.home), "--db", store.url, "evidence", "bundle", case_id, "--json"]
    )
    assert run.exit_code == 0, run.output
    path = Path(json.loads(run.output)["path"])
    assert path.parent == store.home / "exports" / case_id and path.suffix == ".zip"
    assert check_bundle(path) == []


def test_check_bundle_names_a_changed_file(store: Store, tmp_path: Path) -> None:
    case_id = store.create_case(title="包被改", category="quality").id
    add_evidence(store, case_id, b"chat" * 30, type="chat_log", name="c.png")
    add_evidence(store, case_id, b"order" * 30, type="order_record", name="o.png")
    good = export_bundle(store, case_id, tmp_path / "good.zip").path
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, b"swapped" if info.filename.startswith("02_") else data)
    assert check_bundle(bad) == ["02_聊天记录_c.png"]
