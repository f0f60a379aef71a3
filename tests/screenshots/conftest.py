"""Pages rendered once per session and read once each: the engine costs ~1.5 s an image.

Seeds are chosen here, at test time, and differ from any the reader was developed on; the pages
vary numbers, amounts, times, shops, chat lines and fonts. Readings are shared by every test
through :class:`ReplayEngine`, which answers from the real engine's result for an image it has
seen (the store and CLI tests then exercise the register, not the engine again).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from PIL import Image

from casework.evidence import ocr
from tests.ui.lab import find_chromium

from . import pages as P

CHROMIUM = find_chromium()
#: Seeds of the pages under test (development used other ones).
SEEDS = {"order": 52117, "payment": 60331, "chat": 71943}


@dataclass
class Shot:
    name: str
    page: P.Page
    image: bytes
    reading: ocr.Reading


class ReplayEngine:
    """The real engine, remembered per image (by its pixels)."""

    def __init__(self, real: ocr.Engine) -> None:
        self.real = real
        self.name, self.version = real.name, real.version
        self.seen: dict[str, list[ocr.Line]] = {}
        self.calls = 0

    def read(self, image: Image.Image) -> list[ocr.Line]:
        key = hashlib.sha256(image.tobytes()).hexdigest()
        if key not in self.seen:
            self.calls += 1
            self.seen[key] = self.real.read(image)
        return self.seen[key]


@pytest.fixture(scope="session")
def engine() -> Iterator[ReplayEngine]:
    replay = ReplayEngine(ocr.RapidEngine())
    old = ocr.use_engine(replay)
    yield replay
    ocr.use_engine(old)


@pytest.fixture(scope="session")
def shots(engine: ReplayEngine) -> dict[str, Shot]:
    """Five screenshots: order (two fonts, one degraded), payment, chat (two fonts, one
    degraded: 0.6× and JPEG quality 60)."""
    if CHROMIUM is None:
        pytest.skip("no Chromium found (/usr/bin/chromium); `make test` as root installs it")
    fonts = P.cjk_fonts()
    pick = lambda n: fonts[n % len(fonts)]  # noqa: E731
    plan = [
        ("order", P.order_page(SEEDS["order"], pick(1)), False),
        ("order_degraded", P.order_page(SEEDS["order"] + 1, pick(0)), True),
        ("payment", P.payment_page(SEEDS["payment"], pick(2)), False),
        ("chat", P.chat_page(SEEDS["chat"], pick(0)), False),
        ("chat_degraded", P.chat_page(SEEDS["chat"] + 1, pick(1)), True),
    ]
    images = P.shoot([p for _, p, _ in plan], CHROMIUM)
    out = {}
    for (name, page, worse), png in zip(plan, images, strict=True):
        data = P.degrade(png) if worse else png
        out[name] = Shot(name, page, data, ocr.read_image(data, where=name))
    return out


def png_bytes(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()
