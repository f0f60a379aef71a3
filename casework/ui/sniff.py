"""What a file that is not a bill looks like, told from its first bytes (文件类型识别), so the
bills panel can say "this is a Windows program" instead of "cannot be decoded as text"."""

from __future__ import annotations

import io
import zipfile

#: (leading bytes, 中文, English) — the common things people pick by mistake.
_MAGIC: list[tuple[bytes, str, str]] = [
    (b"MZ", "Windows 可执行程序（.exe/.dll）", "a Windows executable (.exe/.dll)"),
    (b"\x7fELF", "Linux 可执行程序", "a Linux executable"),
    (b"\xcf\xfa\xed\xfe", "macOS 可执行程序", "a macOS executable"),
    (b"\x89PNG\r\n\x1a\n", "PNG 图片", "a PNG image"),
    (b"\xff\xd8\xff", "JPEG 图片", "a JPEG image"),
    (b"GIF8", "GIF 图片", "a GIF image"),
    (b"RIFF", "WebP 图片或音视频（RIFF）", "a WebP image or audio/video (RIFF)"),
    (b"%PDF", "PDF 文档", "a PDF document"),
    (b"Rar!", "RAR 压缩包", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包", "a 7z archive"),
    (b"\x1f\x8b", "gzip 压缩文件", "a gzip file"),
]


def looks_like(content: bytes) -> tuple[str, str] | None:
    """(中文, English) of what the bytes are when that is not a bill; ``None`` when they could
    be one (text, a spreadsheet) or cannot be told."""
    head = content[:16]
    if head.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(content)).namelist()
        except zipfile.BadZipFile:
            return ("损坏的 ZIP 压缩包", "a damaged zip archive")
        if any(n.startswith("xl/") for n in names):
            return None  # an .xlsx workbook is a zip: let the importer judge it
        if any(n.startswith("word/") for n in names):
            return ("Word 文档（.docx）", "a Word document (.docx)")
        return (
            "ZIP 压缩包（请先解压，再上传其中的账单）",
            "a zip archive (unzip it and upload the bill)",
        )
    for magic, zh, en in _MAGIC:
        if head.startswith(magic):
            return (zh, en)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return None  # an old .xls (OLE2): the importer reads it
    return None
