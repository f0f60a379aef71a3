"""Hostile file names: kept as given in the register, shown safely, never used as a path."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casework.evidence import add_evidence, list_evidence
from casework.evidence.names import (
    _RESERVED,
    FALLBACK,
    MAX_NAME_BYTES,
    display_name,
    storable_name,
)
from casework.store import Store

HOSTILE = [
    ("../../etc/passwd", "passwd"),
    ("..\\..\\Windows\\System32\\config\\SAM", "SAM"),
    ("CON", "_CON"),
    ("nul.txt", "_nul.txt"),
    ("com1.tar.gz", "_com1.tar.gz"),
    ("LPT9", "_LPT9"),
    ("COM¹.txt", "_COM¹.txt"),  # Windows takes the superscript digit for a 1
    ("conout$.log", "_conout$.log"),
    ("report.pdf. . ", "report.pdf"),  # Windows drops trailing dots and spaces
    ("", FALLBACK),
    ("...", FALLBACK),
    ("   ", FALLBACK),
    (".bashrc", "bashrc"),
    ("a\x00b.png", "a\ufffdb.png"),  # PostgreSQL refuses NUL: shown as the replacement mark
    ("evil\u202egnp.exe", "evilgnp.exe"),  # right-to-left override hides the real extension
    ("zero\u200bwidth.jpg", "zerowidth.jpg"),
    ("tab\tand\nnewline.png", "tabandnewline.png"),
    ('what?<>:"|*.png', "what_______.png"),
    ("订单\u3000截图.png", "订单 截图.png"),
    ("e\u0301te\u0301.png", "été.png"),  # decomposed accents come out composed (NFC)
]


@pytest.mark.parametrize(("given_name", "shown"), HOSTILE)
def test_display_name(given_name: str, shown: str) -> None:
    assert display_name(given_name) == shown


def test_long_name_is_cut_keeping_the_extension() -> None:
    name = "很长的文件名" * 100 + ".jpeg"
    shown = display_name(name)
    assert shown.endswith(".jpeg")
    assert len(shown.encode("utf-8")) <= MAX_NAME_BYTES
    shown.encode("utf-8")  # never a half character


def test_undecodable_bytes_become_storable_text() -> None:
    raw = b"bad\xff\xfename.png".decode("utf-8", "surrogateescape")
    text = storable_name(raw)
    text.encode("utf-8")  # would raise on a lone surrogate
    assert text.startswith("bad") and text.endswith("name.png")


@given(st.text(max_size=300))
def test_any_name_gives_a_safe_single_component(name: str) -> None:
    shown = display_name(name)
    assert shown and shown not in (".", "..")
    assert "/" not in shown and "\\" not in shown and "\x00" not in shown
    assert len(shown.encode("utf-8")) <= MAX_NAME_BYTES
    assert shown.split(".")[0].strip().upper() not in _RESERVED


@pytest.mark.parametrize(("given_name", "shown"), HOSTILE[:9] + HOSTILE[13:15])
def test_hostile_names_are_stored_under_the_hash_only(
    store: Store, given_name: str, shown: str
) -> None:
    case_id = store.create_case(title="文件名测试", category="other").id
    body = f"content for {given_name!r}".encode()
    item = add_evidence(store, case_id, body, type="other", name=given_name)
    [listed] = list_evidence(store, case_id)
    assert listed.original_name == storable_name(given_name)
    assert listed.display_name == shown
    # The file sits at its content address inside the evidence folder, nowhere else.
    root = (store.home / ("evidence" if store.is_sqlite else "cache/blobs")).resolve()
    assert item.path(store).resolve().parent.parent.parent == root
    assert item.path(store).name == item.sha256
    files = [p for p in store.home.rglob("*") if p.is_file() and p.parent != store.home]
    assert files == [item.path(store)]


def test_hostile_name_on_disk_is_read_like_any_other(store: Store, tmp_path: Path) -> None:
    case_id = store.create_case(title="文件名测试", category="other").id
    weird = tmp_path / "CON .txt"
    weird.write_bytes(b"x" * 10)
    item = add_evidence(store, case_id, weird, type="other")
    assert item.original_name == "CON .txt"
    assert item.display_name == "_CON.txt"
