"""``casework evidence add|list|custody``, ``casework check``, ``casework verify`` and the demo."""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner, Result
from PIL import Image

from casework.cli import cli
from casework.demo import build_demo
from casework.evidence import list_evidence, verify
from casework.evidence.demo import CHAT_PNG, DEFECT_PNG, ORDER_PNG, draw_demo_files
from casework.resources import data_path
from casework.store import Store


def run(store: Store, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--home", str(store.home), "--db", store.url, *args])


def test_add_list_check_verify(store: Store, tmp_path: Path) -> None:
    case_id = store.create_case(title="命令行", category="quality", channel="12315").id
    photo = tmp_path / "左耳 无声.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + b"jpeg" * 100)
    added = run(
        store,
        "evidence",
        "add",
        case_id,
        str(photo),
        "--type",
        "defect_photo",
        "--description",
        "左耳无声",
        "--captured-from",
        "iPhone",
        "--json",
    )
    assert added.exit_code == 0, added.output
    item = json.loads(added.output)
    assert item["type"] == "defect_photo" and item["mime"] == "image/jpeg"
    again = run(store, "evidence", "add", case_id, str(photo), "--type", "瑕疵照片/视频")
    assert again.exit_code == 0 and "already stored" in again.output

    listed = run(store, "evidence", "list", case_id, "--json")
    [row] = json.loads(listed.output)
    assert row["sha256"] == item["sha256"] and Path(row["path"]).is_file()
    assert "左耳 无声.jpg" in run(store, "evidence", "list", case_id).output

    checked = json.loads(run(store, "check", case_id, "--json").output)
    assert 0 <= checked["score"] <= 1 and checked["channel"] == "12315"
    assert {"order"} <= {m["id"] for m in checked["missing"]}
    assert any(i["id"] == "quality.defect" and i["status"] == "met" for i in checked["items"])
    text = run(store, "check", case_id, "--channel", "court")
    assert text.exit_code == 0 and "向人民法院起诉" in text.output

    assert run(store, "verify", case_id).exit_code == 0
    custody = json.loads(run(store, "evidence", "custody", case_id, "--json").output)
    assert [e["action"] for e in custody["entries"]] == ["add", "verify"]
    assert custody["problems"] == []


def test_bad_input_is_one_line_exit_2(store: Store, tmp_path: Path) -> None:
    case_id = store.create_case(title="坏输入", category="quality").id
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    ok = tmp_path / "ok.png"
    ok.write_bytes(b"data" * 10)
    for args in (
        ["evidence", "add", case_id, str(empty), "--type", "defect_photo"],
        ["evidence", "add", case_id, str(tmp_path / "nope"), "--type", "chat_log"],
        ["evidence", "add", case_id, str(ok), "--type", "selfie"],
        ["evidence", "add", "2099-0001", str(ok), "--type", "chat_log"],
        ["check", case_id, "--channel", "微博"],
    ):
        result = run(store, *args)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1
        assert " / " in result.output  # Chinese / English
    assert list_evidence(store, case_id) == []


def test_size_limit_from_environment(store: Store, tmp_path: Path) -> None:
    case_id = store.create_case(title="太大", category="quality").id
    big = tmp_path / "big.mp4"
    big.write_bytes(os.urandom(300_000))
    result = CliRunner(env={"CASEWORK_MAX_EVIDENCE_MB": "0.1"}).invoke(
        cli,
        [
            "--home",
            str(store.home),
            "--db",
            store.url,
            "evidence",
            "add",
            case_id,
            str(big),
            "--type",
            "unboxing_video",
        ],
    )
    assert result.exit_code == 2 and "0.1 MB" in result.output


def test_demo_case_has_met_and_missing_evidence(store: Store) -> None:
    case = build_demo(store)
    items = list_evidence(store, case.id)
    kinds = {i.type.value for i in items}
    assert {"order_record", "defect_photo", "chat_log"} <= kinds
    crop = next(i for i in items if i.derived_from is not None)
    assert crop.type.value == "chat_log"
    assert verify(store, case.id).ok
    report = json.loads(run(store, "check", case.id, "--json").output)
    statuses = {i["id"]: i["status"] for i in report["items"]}
    assert statuses["order"] == statuses["quality.defect"] == "met"
    assert statuses["quality.unboxing"] == statuses["quality.test"] == "recommended"
    assert statuses["12315.agent_letter"] == "missing"
    # Building the demo again adds nothing twice.
    build_demo(store)
    assert len(list_evidence(store, case.id)) == len(items)


def test_demo_pictures_are_small_pngs_and_redrawable(tmp_path: Path) -> None:
    for name in (ORDER_PNG, DEFECT_PNG, CHAT_PNG):
        path = data_path(name)
        assert path.stat().st_size < 100_000
        with Image.open(path) as img:
            assert img.format == "PNG"
    for path in draw_demo_files(tmp_path):
        with Image.open(path) as img:
            assert img.size[0] == 540


def test_demo_step_runs_after_other_evidence(store: Store) -> None:
    """Another demo step (an imported bill) may add evidence first; ours still adds its files."""
    from casework.demo import CASE, EVENTS
    from casework.evidence import add_evidence
    from casework.evidence.demo import demo_step

    case = store.create_case(CASE)
    for ev in EVENTS:
        store.add_event(case.id, **ev)
    add_evidence(store, case.id, b"bill" * 50, type="transaction_record", name="bill.csv")
    demo_step(store, case)
    demo_step(store, case)  # twice: nothing stored twice
    kinds = sorted(i.type.value for i in list_evidence(store, case.id))
    assert kinds == ["chat_log", "chat_log", "defect_photo", "order_record", "transaction_record"]
