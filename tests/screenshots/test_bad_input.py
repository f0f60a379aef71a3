"""Bad images: one clear bilingual message, nothing kept in the register."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner
from PIL import Image
from sqlalchemy import func, select

from casework.cli import cli
from casework.evidence import add_evidence, ocr
from casework.evidence.screenshots import read_screenshot
from casework.evidence.types import EvidenceError
from casework.store import Store
from casework.store import schema as t

from .conftest import ReplayEngine, Shot, png_bytes


def _kept(store: Store) -> int:
    with store.read() as conn:
        return conn.execute(select(func.count()).select_from(t.screenshot_text)).scalar_one()


def _case(store: Store) -> str:
    return store.create_case(title="截图测试", category="quality").id


def _huge() -> bytes:
    # 8000 × 6000 = 48 megapixels of one colour: a small file, a large image
    return png_bytes(Image.new("1", (8000, 6000)))


BAD = {
    "not_an_image": (
        b"%PDF-1.4 this is not a picture\n",
        "不是可识别的图片",
        "not a readable image",
    ),
    "one_pixel": (png_bytes(Image.new("RGB", (1, 1), "white")), "图片太小", "too small"),
    "huge": (_huge(), "图片过大", "too large"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_image_gets_one_message(name: str) -> None:
    data, zh, en = BAD[name]
    with pytest.raises(EvidenceError) as err:
        ocr.read_image(data, where=name)
    message = err.value.message()
    assert zh in message and en in message and message.startswith(name)


def test_truncated_png_is_refused(shots: dict[str, Shot]) -> None:
    data = shots["order"].image
    with pytest.raises(EvidenceError) as err:
        ocr.read_image(data[: len(data) // 2], where="cut.png")
    assert "已损坏或不完整" in err.value.message()
    assert "damaged or incomplete" in err.value.message()


def test_truncated_png_is_refused_after_the_export_loaded_weasyprint(
    shots: dict[str, Shot],
) -> None:
    """WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES at import; a cut file is still refused."""
    import weasyprint  # noqa: F401  (imported for its side effect on Pillow)
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES
    data = shots["order"].image
    with pytest.raises(EvidenceError) as err:
        ocr.read_image(data[: len(data) // 2], where="cut.png")
    assert "damaged or incomplete" in err.value.message()
    assert ImageFile.LOAD_TRUNCATED_IMAGES, "the process-wide setting is left as it was"


def test_bad_evidence_is_not_kept_and_the_cli_says_one_line(
    store: Store, engine: ReplayEngine
) -> None:
    case_id = _case(store)
    data = png_bytes(Image.new("RGB", (1, 1), "white"))
    item = add_evidence(store, case_id, data, type="chat_log", name="dot.png")
    with pytest.raises(EvidenceError):
        read_screenshot(store, item.id)
    assert _kept(store) == 0
    cut = add_evidence(store, case_id, _cut_png(), type="order_record", name="cut.png")
    runner = CliRunner()
    args = ["--home", str(store.home)] + (["--db", store.url] if not store.is_sqlite else [])
    result = runner.invoke(cli, [*args, "evidence", "read", case_id, str(cut.id)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "错误 error:" in result.output and "damaged or incomplete" in result.output
    assert _kept(store) == 0


def _cut_png() -> bytes:
    img = Image.effect_noise((400, 300), 60).convert("RGB")
    data = png_bytes(img)
    return data[: len(data) * 2 // 3]


def test_an_image_without_text_reads_as_no_lines_and_says_so(
    store: Store, engine: ReplayEngine
) -> None:
    case_id = _case(store)
    img = Image.new("RGB", (480, 640), "#dfe5ec")
    item = add_evidence(store, case_id, png_bytes(img), type="product_photo", name="blank.png")
    read = read_screenshot(store, item.id)
    assert read.reading.lines == [] and read.text == ""
    assert read.kind == "other" and read.messages == []
    assert _kept(store) == 1  # "no text" is a true reading, kept so it is not read again
    runner = CliRunner()
    args = ["--home", str(store.home)] + (["--db", store.url] if not store.is_sqlite else [])
    result = runner.invoke(cli, [*args, "evidence", "read", case_id, str(item.id)])
    assert result.exit_code == 0, result.output
    assert "未识别到文字 no text found" in result.output


def test_a_large_image_is_scaled_down_first_and_boxes_come_back_in_its_pixels(
    shots: dict[str, Shot],
) -> None:
    with Image.open(io.BytesIO(shots["payment"].image)) as img:
        big = img.resize((img.width * 2, img.height * 2))
    reading = ocr.read_image(png_bytes(big))
    assert reading.scale < 1.0 and (reading.width, reading.height) == big.size
    small = shots["payment"].reading
    # the same text, boxes twice as far out
    assert reading.lines[0].text == small.lines[0].text
    assert abs(reading.lines[-1].x1 - 2 * small.lines[-1].x1) <= 12
