"""A team on one PostgreSQL register (#12 item 1): evidence content lives in the register, so
what advocate A adds, advocate B — another home folder — lists, opens, verifies and exports."""

from __future__ import annotations

import hashlib
import json
import os
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from casework.cli import cli
from casework.clock import fixed
from casework.evidence import (
    add_evidence,
    check_bundle,
    custody_log,
    export_bundle,
    list_evidence,
    verify,
)
from casework.evidence.content import FolderContent
from casework.evidence.files import CHUNK
from casework.store import Store
from casework.store import schema as t

from ..conftest import NOW, pg_only, pg_schema_url

pytestmark = [pg_only, pytest.mark.pg]
PHOTO = b"\xff\xd8\xff" + b"left earbud, no sound" * 500


@pytest.fixture
def pg_url() -> Iterator[str]:
    yield from pg_schema_url()


def open_home(tmp_path: Path, name: str, url: str) -> Store:
    home = tmp_path / name
    home.mkdir()
    return Store.open(home, url, clock=fixed(NOW), actor=name)


def test_what_a_adds_b_lists_opens_verifies_and_exports(pg_url: str, tmp_path: Path) -> None:
    a, b = open_home(tmp_path, "a", pg_url), open_home(tmp_path, "b", pg_url)
    case_id = a.create_case(title="团队", category="quality").id
    added = add_evidence(a, case_id, PHOTO, type="defect_photo", name="左耳.jpg")
    [seen] = list_evidence(b, case_id)
    assert seen.sha256 == added.sha256
    assert seen.path(b).read_bytes() == PHOTO  # opened from B's own home, via its cache
    assert str(b.home) in str(seen.path(b))
    assert not (a.home / "evidence" / seen.stored_name).exists()  # nothing on A's disk needed
    assert verify(b, case_id).ok
    bundle = export_bundle(b, case_id, tmp_path / "bundle.zip")
    assert check_bundle(bundle.path) == [] and bundle.files == 1
    run = CliRunner().invoke(cli, ["--home", str(b.home), "--db", pg_url, "verify", case_id])
    assert run.exit_code == 0, run.output
    # add by A, the bundle by B, the CLI's verify (the CLI's default actor)
    # the CLI names the connection's user on a team register (#17)
    cli_actor = make_url(pg_url).username or "advocate"
    assert [e["actor"] for e in custody_log(a, case_id)] == ["a", "b", cli_actor]
    a.close()
    b.close()


def test_content_is_kept_once_across_cases_and_homes(pg_url: str, tmp_path: Path) -> None:
    a, b = open_home(tmp_path, "a", pg_url), open_home(tmp_path, "b", pg_url)
    one = a.create_case(title="甲", category="quality").id
    two = b.create_case(title="乙", category="quality").id
    add_evidence(a, one, PHOTO, type="defect_photo", name="x.jpg")
    add_evidence(b, two, PHOTO, type="defect_photo", name="y.jpg")
    with a.read() as conn:
        assert conn.execute(select(func.count()).select_from(t.blobs)).scalar_one() == 1
    assert verify(a, two).ok and verify(b, one).ok


@pytest.mark.slow
def test_a_large_video_streams_in_and_out_of_the_register(pg_url: str, tmp_path: Path) -> None:
    store = open_home(tmp_path, "a", pg_url)
    case_id = store.create_case(title="开箱视频", category="quality").id
    src = tmp_path / "unboxing.mp4"
    digest = hashlib.sha256()
    with open(src, "wb") as fh:
        for i in range(40):
            block = i.to_bytes(4, "big") * (CHUNK // 4)
            digest.update(block)
            fh.write(block)
    other = open_home(tmp_path, "b", pg_url)
    tracemalloc.start()
    try:
        item = add_evidence(store, case_id, src, type="unboxing_video")
        assert verify(other, case_id).ok
        out = item.path(other)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert item.sha256 == digest.hexdigest() and out.stat().st_size == 40 * CHUNK
    assert peak < 8 * CHUNK  # one chunk at a time, in and out
    with store.read() as conn:
        assert conn.execute(select(func.count()).select_from(t.blob_chunks)).scalar_one() == 40


def test_a_folder_store_migrates_into_the_register(pg_url: str, tmp_path: Path) -> None:
    """Evidence added before content lived in the register (in A's folder) moves in, every
    hash checked; a file that no longer matches stays out and is named."""
    a = open_home(tmp_path, "a", pg_url)
    a._evidence_content = FolderContent(a)  # type: ignore[attr-defined]  # the old way
    case_id = a.create_case(title="迁移", category="quality").id
    good = add_evidence(a, case_id, PHOTO, type="defect_photo", name="good.jpg")
    bad = add_evidence(a, case_id, b"chat" * 300, type="chat_log", name="chat.png")
    bad_path = a.home / "evidence" / bad.stored_name
    os.chmod(bad_path, 0o644)
    bad_path.write_bytes(b"edited afterwards")
    b = open_home(tmp_path, "b", pg_url)
    assert {p["problem"] for p in verify(b, case_id).problems} == {"missing"}
    hints = [p["en"] for p in verify(a_again(a), case_id).problems]
    assert all("casework evidence migrate" in h for h in hints)
    run = CliRunner().invoke(
        cli, ["--home", str(a.home), "--db", pg_url, "evidence", "migrate", "--json"]
    )
    assert run.exit_code == 1
    result = json.loads(run.output)
    assert result["moved"] == [good.sha256] and result["changed"] == [bad.sha256]
    found = verify(b, case_id)
    assert [(p["evidence_id"], p["problem"]) for p in found.problems] == [(bad.id, "missing")]
    # The original file is found again and put back: migrate once more moves it too.
    os.chmod(bad_path, 0o644)
    bad_path.write_bytes(b"chat" * 300)
    again = CliRunner().invoke(
        cli, ["--home", str(a.home), "--db", pg_url, "evidence", "migrate", "--json"]
    )
    assert again.exit_code == 0, again.output
    assert json.loads(again.output)["already"] == [good.sha256]
    assert verify(b, case_id).ok
    assert [e["action"] for e in custody_log(b, case_id)][-2:] == ["migrate", "migrate"]


def a_again(a: Store) -> Store:
    """A's home opened afresh: its content store is the register's now."""
    return Store.open(a.home, a.url, clock=fixed(NOW))


def test_migrate_on_sqlite_says_there_is_nothing_to_move(sqlite_store: Store) -> None:
    run = CliRunner().invoke(cli, ["--home", str(sqlite_store.home), "evidence", "migrate"])
    assert run.exit_code == 2 and "PostgreSQL" in run.output


@pytest.mark.slow
def test_b_exports_the_submission_of_a_case_a_built(pg_url: str, tmp_path: Path) -> None:
    """The whole submission (HTML with its exhibits) from another home on the team register."""
    from casework.demo import build_demo
    from casework.report.export import export_case
    from casework.report.verify import verify_submission

    a, b = open_home(tmp_path, "a", pg_url), open_home(tmp_path, "b", pg_url)
    case_id = build_demo(a).id
    assert not list((b.home / "evidence").rglob("*.*"))
    result = export_case(b, case_id, to="html", accept_warnings=True)
    page = result.path.read_text("utf-8")
    for item in list_evidence(a, case_id):
        assert item.sha256 in page
    check = verify_submission(a, result.path)  # A checks what B filed
    assert check.ok, check.problems
