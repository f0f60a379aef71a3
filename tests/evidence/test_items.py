"""Adding evidence: content addressing, duplicates, derived files, bad input — on SQLite and PG."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from casework.errors import InvalidInput, NotFound
from casework.evidence import (
    EvidenceError,
    EvidenceType,
    add_evidence,
    custody_log,
    list_evidence,
)
from casework.evidence.files import sha256_file
from casework.store import Store
from casework.store import schema as t

PNG = b"\x89PNG\r\n\x1a\n" + b"fake image body " * 64


def new_case(store: Store, title: str = "耳机左耳无声") -> str:
    return store.create_case(title=title, category="quality").id


def test_add_stores_read_only_file_under_its_hash(store: Store, tmp_path: Path) -> None:
    case_id = new_case(store)
    src = tmp_path / "订单截图.png"
    src.write_bytes(PNG)
    item = add_evidence(
        store,
        case_id,
        src,
        type="order_record",
        description="订单详情页",
        proves="买卖合同成立",
        captured_by="李华",
        captured_how="手机截图",
        captured_from="淘宝 App",
        captured_at="2026-10-03 10:00",
    )
    digest = sha256_file(src)
    assert item.sha256 == digest
    assert item.type is EvidenceType.ORDER_RECORD
    assert item.mime == "image/png"
    stored = item.path(store)
    # SQLite: the evidence folder; PostgreSQL: the register, read through a local cache by hash.
    folder = "evidence" if store.is_sqlite else "cache/blobs"
    assert stored == store.home / folder / digest[:2] / digest[2:4] / digest
    assert stored.read_bytes() == PNG
    assert stat.S_IMODE(stored.stat().st_mode) == 0o444
    assert item.original_name == "订单截图.png"
    assert item.captured_at is not None and item.captured_at.startswith("2026-10-03T10:00")
    [listed] = list_evidence(store, case_id)
    assert listed.id == item.id and listed.proves == "买卖合同成立"
    [entry] = custody_log(store, case_id)
    assert entry["action"] == "add" and entry["evidence_id"] == item.id
    assert entry["detail"]["sha256"] == digest
    # No stray temporary files are left in the evidence folder.
    assert not list((store.home / "evidence").glob(".incoming-*"))


def test_same_file_twice_in_a_case_is_one_item(store: Store) -> None:
    case_id = new_case(store)
    first = add_evidence(store, case_id, PNG, type="defect_photo", name="a.png")
    again = add_evidence(store, case_id, PNG, type="chat_log", name="b.png")
    assert again.duplicate and again.id == first.id
    assert again.type is EvidenceType.DEFECT_PHOTO  # the first record stands
    assert len(list_evidence(store, case_id)) == 1
    assert len(custody_log(store, case_id)) == 1


def test_same_file_in_two_cases_is_stored_once(store: Store) -> None:
    a, b = new_case(store, "案件甲"), new_case(store, "案件乙")
    one = add_evidence(store, a, PNG, type="defect_photo", name="x.png")
    two = add_evidence(store, b, PNG, type="defect_photo", name="x.png")
    assert one.id != two.id and not two.duplicate
    assert one.path(store) == two.path(store)
    if store.is_sqlite:
        stored = [p for p in (store.home / "evidence").rglob("*") if p.is_file()]
        assert len(stored) == 1
    else:
        with store.read() as conn:
            assert len(conn.execute(t.blobs.select()).all()) == 1


def test_derived_file_links_to_its_original(store: Store) -> None:
    case_id = new_case(store)
    original = add_evidence(store, case_id, PNG, type="chat_log", name="chat.png")
    crop = add_evidence(
        store,
        case_id,
        PNG[:200],
        type="chat_log",
        name="chat-crop.png",
        derived_from=original.id,
        description="裁剪：商家拒绝退货的一句",
    )
    assert crop.derived_from == original.id
    actions = [e["action"] for e in custody_log(store, case_id)]
    assert actions == ["add", "derive"]
    other = new_case(store, "另一案件")
    with pytest.raises(NotFound):
        add_evidence(store, other, b"x" * 10, type="other", name="n.txt", derived_from=original.id)


@pytest.mark.parametrize("kind", ["photo", "", "聊天"])
def test_unknown_type_stores_nothing(store: Store, tmp_path: Path, kind: str) -> None:
    case_id = new_case(store)
    src = tmp_path / "a.png"
    src.write_bytes(PNG)
    with pytest.raises(InvalidInput) as err:
        add_evidence(store, case_id, src, type=kind)
    assert "证据类型" in err.value.zh and "evidence type" in err.value.en
    assert list_evidence(store, case_id) == []
    assert not (store.home / "evidence").exists() or not any(
        p.is_file() for p in (store.home / "evidence").rglob("*")
    )


def test_empty_missing_and_folder_paths_store_nothing(store: Store, tmp_path: Path) -> None:
    case_id = new_case(store)
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    for bad, words in [
        (empty, "0 字节"),
        (tmp_path / "nope.png", "不存在"),
        (tmp_path, "普通文件"),
    ]:
        with pytest.raises(EvidenceError) as err:
            add_evidence(store, case_id, bad, type="defect_photo")
        assert words in err.value.zh and str(bad) in err.value.message()
    with pytest.raises(EvidenceError):
        add_evidence(store, case_id, b"", type="defect_photo", name="empty.png")
    assert list_evidence(store, case_id) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file_stores_nothing(store: Store, tmp_path: Path) -> None:
    case_id = new_case(store)
    src = tmp_path / "secret.png"
    src.write_bytes(PNG)
    src.chmod(0)
    with pytest.raises(EvidenceError) as err:
        add_evidence(store, case_id, src, type="defect_photo")
    assert "无法读取" in err.value.zh
    assert list_evidence(store, case_id) == []


def test_size_limit_from_argument_and_environment(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = new_case(store)
    src = tmp_path / "video.mp4"
    src.write_bytes(b"v" * 3000)
    with pytest.raises(EvidenceError) as err:
        add_evidence(store, case_id, src, type="unboxing_video", max_bytes=2048)
    assert "大小上限" in err.value.zh and "limit" in err.value.en
    monkeypatch.setenv("CASEWORK_MAX_EVIDENCE_MB", "0.001")  # 1048 bytes
    with pytest.raises(EvidenceError):
        add_evidence(store, case_id, src, type="unboxing_video")
    with pytest.raises(EvidenceError):
        add_evidence(store, case_id, b"v" * 2000, type="unboxing_video", name="v.mp4")
    monkeypatch.setenv("CASEWORK_MAX_EVIDENCE_MB", "lots")
    with pytest.raises(EvidenceError) as err:
        add_evidence(store, case_id, src, type="unboxing_video")
    assert "CASEWORK_MAX_EVIDENCE_MB" in err.value.en
    assert list_evidence(store, case_id) == []
    assert not any(p.is_file() for p in (store.home / "evidence").rglob("*"))


def test_unknown_case_and_unknown_event_are_refused(store: Store) -> None:
    with pytest.raises(NotFound):
        add_evidence(store, "2099-9999", PNG, type="other", name="a.png")
    case_id = new_case(store)
    with pytest.raises(InvalidInput):
        add_evidence(store, case_id, PNG, type="other", name="a.png", events=[12345])
    ev = store.add_event(case_id, at="2026-10-03 10:20", kind="defect_found")
    assert ev.id is not None
    item = add_evidence(store, case_id, PNG, type="defect_photo", name="a.png", events=[ev.id])
    assert list_evidence(store, case_id)[0].events == [ev.id] == item.events


def test_photo_exif_is_recorded(store: Store, tmp_path: Path) -> None:
    from PIL import Image

    case_id = new_case(store)
    exif = Image.Exif()
    exif[271], exif[272] = "Apple", "iPhone 15"
    exif.get_ifd(0x8769)[36867] = "2026:10:03 10:19:58"
    exif.get_ifd(0x8825)[1] = "N"
    photo = tmp_path / "defect.jpg"
    Image.new("RGB", (64, 48), "red").save(photo, exif=exif)
    item = add_evidence(store, case_id, photo, type="defect_photo")
    assert item.exif["datetime_original"] == "2026:10:03 10:19:58"
    assert item.exif["model"] == "iPhone 15" and item.exif["has_gps"] is True
    assert (item.exif["width"], item.exif["height"]) == (64, 48)
    assert list_evidence(store, case_id)[0].exif == item.exif
    from casework.evidence import evidence_list

    assert "EXIF 拍摄时间 2026-10-03 10:19" in evidence_list(store, case_id)[0]["source"]
    plain = add_evidence(store, case_id, b"not an image" * 10, type="other", name="a.txt")
    assert plain.exif == {}
