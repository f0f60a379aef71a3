"""The files a reader gets: a fresh JD case with an unrelated Alipay bill and a photo, and the
demo, exported to HTML and PDF in the authority profile (the demo's public export is in
test_export.py). Checked on the parsed HTML and on pdftotext / pdfimages / pdftoppm output.
Two exports (one notebook run each): PDF tests are costly on a shared machine."""

from __future__ import annotations

import io
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from casework.clock import fixed
from casework.demo import build_demo
from casework.evidence import add_evidence
from casework.report import export_many
from casework.report.export import ExportResult
from casework.store import Store

from ..conftest import NOW
from .helpers import INTERNAL, bill_counterparties, jd_case, parse

pytestmark = pytest.mark.slow


@dataclass
class Exported:
    store: Store
    jd: str
    jd_html: ExportResult
    jd_pdf: ExportResult
    demo_pdf: ExportResult


def _photo(width: int, height: int) -> bytes:
    from PIL import Image, ImageDraw

    im = Image.new("RGB", (width, height), "white")
    ImageDraw.Draw(im).rectangle((20, 20, width - 20, height - 20), outline="black", width=6)
    buf = io.BytesIO()
    im.save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Exported]:
    store = Store.open(tmp_path_factory.mktemp("home"), None, clock=fixed(NOW))
    demo = build_demo(store)
    jd = jd_case(store, agent_name="")
    # A small screenshot (scaled up for the page) and a large photo (scaled down).
    add_evidence(store, jd, _photo(320, 560), type="defect_photo", name="漏水.png",
                 description="壶底漏水的照片")  # fmt: skip
    add_evidence(store, jd, _photo(3000, 2000), type="product_photo", name="铭牌.png")
    jd_html, jd_pdf = export_many(
        store, jd, formats=("html", "pdf"), profile="authority", accept_warnings=True
    )
    (demo_pdf,) = export_many(
        store, demo.id, formats=("pdf",), profile="authority", accept_warnings=True
    )
    yield Exported(store, jd, jd_html, jd_pdf, demo_pdf)
    store.close()


def pdftotext(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True)
    return out.stdout


def pdf_images(path: Path) -> list[dict[str, int]]:
    """pdfimages -list: page, width and height of every picture (soft masks left out)."""
    out = subprocess.run(
        ["pdfimages", "-list", str(path)], check=True, capture_output=True, text=True
    ).stdout
    rows = []
    for line in out.splitlines()[2:]:
        cells = line.split()
        if cells[2] == "image":
            rows.append({"page": int(cells[0]), "width": int(cells[3]), "x_ppi": int(cells[12])})
    return rows


def exhibits_start(path: Path) -> int:
    """The page where 附件：证据 (the exhibits) begins."""
    pages = pdftotext(path).split("\f")
    return next(n for n, text in enumerate(pages, 1) if "附件：证据" in text)


def reader_checks(text: str, store: Store, case_id: str) -> None:
    flat = re.sub(r"\s+", "", text)
    for word in INTERNAL:
        assert word.replace(" ", "") not in flat, word
    assert not [c for c in bill_counterparties() if c in flat]
    assert "付款记录尚未核对到" in flat and "消费者陈述已支付¥399.00" in flat
    assert "来源：投诉人登记的购买信息" in flat
    assert "投诉人（签名）" in flat and "日期：" in flat
    # SHA-256 values are not words: pdftotext breaks them over lines (a fragment alone on its
    # line) or glues them to the text before them.
    flat = "".join(t for t in text.split() if not re.fullmatch(r"[0-9a-f]+", t))
    for sha in known_hashes(store, case_id):
        flat = flat.replace(sha, "")
    flat = re.sub(r"[0-9a-f]{16,}", "", flat)
    latin = re.sub(r"SHA-256|\.png|PDF", "", flat)
    assert not re.findall(r"[A-Za-z]{3,}", latin), re.findall(r"[A-Za-z]{3,}", latin)[:10]


def known_hashes(store: Store, case_id: str) -> set[str]:
    from casework.evidence import list_evidence, manifest_sha256

    return {i.sha256 for i in list_evidence(store, case_id)} | {manifest_sha256(store, case_id)}


def test_the_jd_case_html_and_pdf_speak_to_the_reader(exported: Exported) -> None:
    html = parse(exported.jd_html.path.read_text("utf-8")).body_text
    reader_checks(html, exported.store, exported.jd)
    reader_checks(pdftotext(exported.jd_pdf.path), exported.store, exported.jd)
    assert "11月10日首次烧水即漏水" in html  # the case's own facts (#18)


def test_every_image_exhibit_is_at_least_600_px_wide(exported: Exported) -> None:
    for result, expected in ((exported.jd_pdf, 2), (exported.demo_pdf, 4)):
        first = exhibits_start(result.path)
        big = [i for i in pdf_images(result.path) if i["page"] >= first]
        assert all(i["width"] >= 600 for i in big), big
        # Thumbnails (≤ 200 px) sit in the evidence list; each exhibit is its own page.
        assert len(big) >= expected, pdf_images(result.path)
        assert len({i["page"] for i in big}) == len(big)
        assert all(i["width"] <= 1400 for i in big)  # a 3000 px photo is scaled for the page
        # Drawn at least 3 inches (76 mm) wide on the page.
        assert all(i["width"] / i["x_ppi"] >= 3 for i in big), big
    text = pdftotext(exported.demo_pdf.path)
    for n in range(1, 6):
        assert f"证据{n}" in text
    assert exported.demo_pdf.path.stat().st_size < 3_000_000


def test_an_exhibit_page_shows_its_picture(exported: Exported, tmp_path: Path) -> None:
    from PIL import Image

    page = max(i["page"] for i in pdf_images(exported.jd_pdf.path) if i["width"] >= 600)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-f", str(page), "-l", str(page),
         str(exported.jd_pdf.path), str(tmp_path / "p")],
        check=True,
    )  # fmt: skip
    (png,) = tmp_path.glob("p*.png")
    with Image.open(png) as im:
        gray = im.convert("L")
        dark = sum(gray.histogram()[:100])  # pixels darker than 100
    # The photo's black frame is drawn: far more dark pixels than a page of text alone.
    assert dark > 2000
