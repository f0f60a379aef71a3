"""Shared steps of the draft scenarios: render a PDF page to PNG and read its text back."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from pypdf import PdfReader


def pdf_text(path: Path) -> str:
    return "".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def pdf_pages(path: Path) -> int:
    return len(PdfReader(str(path)).pages)


def render_png(path: Path, out_dir: Path) -> list[Path]:
    """``pdftoppm -r 60 -png`` every page (the pictures the advocate and we look at)."""
    if shutil.which("pdftoppm") is None:
        return []
    prefix = out_dir / path.stem
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(prefix)], check=True)
    return sorted(out_dir.glob(f"{path.stem}*.png"))
