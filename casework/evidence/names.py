"""File names of evidence: kept as given, shown only in a safe form, never used as a path.

A consumer's file may be called anything — ``../../etc/passwd``, ``CON``, 300 characters, a
right-to-left override. The register keeps the name as given (so the 证据清单 can say what the
consumer sent); :func:`display_name` gives the form used in lists, reports and exports.
Files on disk are named by their SHA-256 only.
"""

from __future__ import annotations

import re
import unicodedata

#: Names Windows refuses whatever the extension (a consumer may unpack an export there).
_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    "CONIN$",
    "CONOUT$",
    # Windows reads the superscript digits ¹ ² ³ as digits: COM¹ is COM1.
    *(f"{dev}{i}" for dev in ("COM", "LPT") for i in (*range(1, 10), "¹", "²", "³")),
}
_FORBIDDEN = re.compile(r'[<>:"/\\|?*]')
#: A name longer than this (in UTF-8 bytes) is cut, keeping its extension: most file systems stop
#: at 255 bytes, and a long name wrecks a printed evidence list.
MAX_NAME_BYTES = 150
FALLBACK = "未命名证据"


def storable_name(name: str) -> str:
    """The given name made storable text: PostgreSQL rejects NUL and neither database takes
    lone surrogates (what Python makes of undecodable bytes in a file name)."""
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = name.encode("utf-8", "replace")
    return raw.decode("utf-8", "replace").replace("\x00", "\ufffd")


def _cut(text: str, limit: int) -> str:
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", "ignore")


def display_name(name: str) -> str:
    """A safe, readable single file name: no folders, no control or format characters, no
    Windows-reserved name, no leading dot, at most :data:`MAX_NAME_BYTES` bytes; never empty."""
    text = storable_name(name)
    # The last component only, whichever separator the sender's system used.
    text = re.split(r"[/\\]", text)[-1]
    text = unicodedata.normalize("NFC", text)
    # Cc (controls), Cf (bidi overrides, zero-width), Cs/Co/Cn: invisible or misleading in a list.
    text = "".join(
        " " if unicodedata.category(ch).startswith("Z") else ch
        for ch in text
        if not unicodedata.category(ch).startswith("C")
    )
    text = _FORBIDDEN.sub("_", text)
    text = re.sub(r"\s+", " ", text).strip(" .")
    if not text:
        return FALLBACK
    stem, dot, ext = text.rpartition(".")
    if not dot:
        stem, ext = text, ""
    if stem.split(".")[0].strip().upper() in _RESERVED:
        stem = "_" + stem
    ext = _cut(ext, 16) if dot else ""
    suffix = f".{ext}" if ext else ""
    stem = _cut(stem, MAX_NAME_BYTES - len(suffix.encode("utf-8"))).strip(" .") or FALLBACK
    return stem + suffix
