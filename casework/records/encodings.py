"""Bytes → text for bills: UTF-8 (with or without BOM) or GB18030, a cut-off last character and a
few damaged bytes tolerated (their lines are then rejected, U+FFFD marks them)."""

from __future__ import annotations

from .errors import RecordsError

#: A damaged text file (a few bytes that decode in no encoding: a bad sector, a botched copy) is
#: still read when its first lines are clean and few of its lines are hit; each hit line is then
#: rejected (U+FFFD marks it). More damage than that, and it is not text in that encoding.
_CLEAN_LINES = 10
_DAMAGED_SHARE = 0.02
DAMAGED = "\ufffd"


def _damaged_text(data: bytes, enc: str, first_error: int) -> str | None:
    if data.count(b"\n", 0, first_error) < _CLEAN_LINES:
        return None  # broken near the top: the wrong encoding, or not text at all
    text = data.decode(enc, errors="replace")
    lines = text.split("\n")
    hit = sum(1 for line in lines if DAMAGED in line)
    return text if hit <= max(2, _DAMAGED_SHARE * len(lines)) else None


def decode(data: bytes, where: str) -> tuple[str, str]:
    """Bytes → text. UTF-8 (with or without BOM) first, then GB18030 (the superset of GBK).

    A file cut in the middle of its last character (a truncated download) still decodes: the
    broken tail is dropped, and its line is then rejected like any other incomplete row. A few
    damaged bytes further down become U+FFFD, and their lines are rejected.
    """
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError as exc:
            if exc.start >= len(data) - 3 and exc.reason.startswith(
                ("unexpected end", "incomplete")
            ):
                return data[: exc.start].decode(enc), enc
            text = _damaged_text(data, enc, exc.start)
            if text is not None:
                return text, enc
    raise RecordsError(
        "文件既不是 UTF-8 也不是 GBK/GB18030 编码的文本，可能已损坏",
        "the file is neither UTF-8 nor GBK/GB18030 text; it may be corrupt",
        where=where,
    )


def head_text(data: bytes, n: int) -> tuple[list[str], str]:
    """The first ``n`` lines and the encoding they decode with ("" when neither works)."""
    chunk = data[: 256 * 1024]
    for enc in ("utf-8", "gb18030"):
        try:
            text = chunk.decode(enc)
        except UnicodeDecodeError as exc:
            if exc.start >= len(chunk) - 4:
                text = chunk[: exc.start].decode(enc)  # the chunk ends inside a character
            else:
                damaged = _damaged_text(chunk, enc, exc.start)
                if damaged is None:
                    continue
                text = damaged
        return text.lstrip("\ufeff").replace("\r", "").split("\n")[:n], enc
    return [], ""
