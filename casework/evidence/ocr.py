"""Reading a screenshot (截图文字识别, OCR): image → text lines with box and confidence.

The engine sits behind :class:`Engine` (one method, ``read``) so it can be swapped; the default is
RapidOCR with the PP-OCR models shipped *inside its wheel* (``rapidocr==3.10.0``, see
``notes/screenshot-reading.md``): nothing is downloaded at run time, and a missing model is an
error, never a download. One engine per process, loaded on first use, on one thread (the machine
is shared; more threads were slower under load). Very large images are scaled down first: a 3×
render takes 2–3× longer and reads no better.

:func:`read_image` checks the file (a non-image, a truncated PNG, a 1×1 pixel, a decompression
bomb each get one bilingual message) and returns a :class:`Reading` in reading order, with boxes in
the original image's pixels. :func:`read_evidence` does the same for an evidence item and keeps
the result in the register by file hash, so each screenshot is read once.
"""

from __future__ import annotations

import io
import threading
import time
import unicodedata
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from .types import EvidenceError

if TYPE_CHECKING:
    import numpy as np

    from ..store import Store

#: Long side above which an image is scaled down before reading (measured: no accuracy gain).
MAX_SIDE = 1400
#: Short side cap for long scrolling captures (a 1080×8000 chat must not shrink to 190 px wide).
MAX_SHORT_SIDE = 1000
#: Smallest side we try to read; below this there is no legible text.
MIN_SIDE = 16
#: More pixels than this is refused before decoding (a 40-megapixel screenshot does not exist).
MAX_PIXELS = 40_000_000
#: Lines scored below this are flagged for the advocate to check by eye (never silently used).
LOW_SCORE = 0.85


@dataclass(frozen=True)
class Line:
    """One line of text: ``box`` is four [x, y] corners in the original image's pixels."""

    text: str
    box: list[list[int]]
    score: float

    @property
    def x0(self) -> int:
        return min(p[0] for p in self.box)

    @property
    def x1(self) -> int:
        return max(p[0] for p in self.box)

    @property
    def y0(self) -> int:
        return min(p[1] for p in self.box)

    @property
    def y1(self) -> int:
        return max(p[1] for p in self.box)

    @property
    def low(self) -> bool:
        return self.score < LOW_SCORE

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "box": self.box, "score": round(self.score, 4)}


@dataclass
class Reading:
    """What the engine read in one image, and with what."""

    engine: str
    version: str
    width: int
    height: int
    lines: list[Line] = field(default_factory=list)
    #: The factor the image was scaled by before reading (1.0: read as it is).
    scale: float = 1.0
    seconds: float = 0.0
    sha256: str = ""
    read_at: str = ""

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def low_lines(self) -> list[Line]:
        return [line for line in self.lines if line.low]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["lines"] = [line.to_dict() for line in self.lines]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Reading:
        lines = [Line(str(x["text"]), x["box"], float(x["score"])) for x in data.get("lines", [])]
        fields = {k: data[k] for k in cls.__dataclass_fields__ if k in data and k != "lines"}
        return cls(lines=lines, **fields)


class Engine(Protocol):
    """An OCR engine: name, version (engine and models) and one call."""

    name: str
    version: str

    def read(self, image: Image.Image) -> list[Line]:
        """Lines of an RGB image, boxes in that image's pixels, any order."""
        ...


class RapidEngine:
    """RapidOCR on onnxruntime with the models inside the wheel, one thread."""

    name = "rapidocr"
    #: The wheel's own models; pinning rapidocr pins these (each release ships different ones).
    MODELS: ClassVar[dict[str, str]] = {
        "Det": "PP-OCRv6_det_small.onnx",
        "Cls": "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
        "Rec": "PP-OCRv6_rec_small.onnx",
    }

    def __init__(self) -> None:
        self.version = (
            f"{_version('rapidocr')} PP-OCRv6 small / onnxruntime {_version('onnxruntime')}"
        )
        self._ocr: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._ocr is None:
                try:
                    import rapidocr
                except ImportError as exc:
                    raise EvidenceError(
                        "未安装文字识别引擎 rapidocr（pip install 'rapidocr==3.10.0' onnxruntime）",
                        "the OCR engine rapidocr is not installed "
                        "(pip install 'rapidocr==3.10.0' onnxruntime)",
                        where="ocr",
                    ) from exc
                models = Path(rapidocr.__file__).parent / "models"
                params: dict[str, Any] = {
                    "Global.log_level": "error",
                    "EngineConfig.onnxruntime.intra_op_num_threads": 1,
                    "EngineConfig.onnxruntime.inter_op_num_threads": 1,
                }
                for task, file in self.MODELS.items():
                    path = models / file
                    if not path.is_file():  # never let the engine fetch a model from the network
                        raise EvidenceError(
                            f"文字识别模型缺失: {path}（请重新安装 rapidocr==3.10.0）",
                            f"OCR model missing: {path} (reinstall rapidocr==3.10.0)",
                            where="ocr",
                        )
                    params[f"{task}.model_path"] = str(path)
                self._ocr = rapidocr.RapidOCR(params=params)
            return self._ocr

    def read(self, image: Image.Image) -> list[Line]:
        import numpy as np

        ocr = self._load()
        bgr: np.ndarray = np.asarray(image.convert("RGB"))[:, :, ::-1].copy()
        out = ocr(bgr)
        if out.boxes is None or out.txts is None or out.scores is None:
            return []
        return [
            Line(str(text), [[round(float(x)), round(float(y))] for x, y in box], float(score))
            for box, text, score in zip(out.boxes, out.txts, out.scores, strict=True)
        ]


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


_engine: Engine | None = None
_engine_lock = threading.Lock()


def engine() -> Engine:
    """The process's engine, created on first use (the models load on the first read)."""
    global _engine
    with _engine_lock:
        if _engine is None:
            _engine = RapidEngine()
        return _engine


def use_engine(new: Engine | None) -> Engine | None:
    """Swap the process's engine (``None``: back to the default); returns the previous one."""
    global _engine
    with _engine_lock:
        old, _engine = _engine, new
        return old


# -- images -------------------------------------------------------------------------------------


def _bad(where: str, zh: str, en: str) -> EvidenceError:
    return EvidenceError(zh, en, where=where)


def _load_strictly(img: Image.Image) -> None:
    """Decode every byte, refusing a truncated file whatever the process-wide Pillow setting.

    WeasyPrint sets ``ImageFile.LOAD_TRUNCATED_IMAGES = True`` when it is imported (the export
    does), which would let a cut-off screenshot decode with a grey bottom half and be read as if
    whole; evidence must be refused instead.
    """
    before = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        img.load()
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before


def open_image(source: str | Path | bytes, where: str | None = None) -> Image.Image:
    """Decode an image fully (RGB, EXIF rotation applied), or raise one bilingual message."""
    if isinstance(source, bytes | bytearray):
        where = where or "image"
        stream: Any = io.BytesIO(source)
    else:
        where = where or str(source)
        stream = Path(source)
    try:
        with Image.open(stream) as img:
            w, h = img.size
            if w * h > MAX_PIXELS:
                raise _bad(
                    where,
                    f"图片过大（{w}×{h} 像素，上限 {MAX_PIXELS // 1_000_000} 百万像素），未识别",
                    f"image too large ({w}×{h} pixels, limit {MAX_PIXELS // 1_000_000} "
                    "megapixels); not read",
                )
            if min(w, h) < MIN_SIDE:
                raise _bad(
                    where,
                    f"图片太小（{w}×{h} 像素），无法识别文字",
                    f"image too small ({w}×{h} pixels) to hold legible text",
                )
            _load_strictly(img)
            rotated = ImageOps.exif_transpose(img) or img
            return rotated.convert("RGB")
    except EvidenceError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError) as exc:
        raise _bad(
            where,
            "不是可识别的图片文件（支持 PNG、JPEG、WebP 等截图格式）",
            f"not a readable image (PNG, JPEG, WebP … screenshots): {exc.__class__.__name__}",
        ) from exc
    except (OSError, SyntaxError, ValueError) as exc:
        # Pillow says "image file is truncated" or "broken data stream" for a cut-off file.
        raise _bad(
            where,
            "图片文件已损坏或不完整，无法读取（请重新导出原图）",
            f"the image file is damaged or incomplete and cannot be decoded ({exc})",
        ) from exc


def _scale_for(w: int, h: int) -> float:
    long_side, short_side = max(w, h), min(w, h)
    if long_side <= MAX_SIDE:
        return 1.0
    if long_side / short_side > MAX_SIDE / MAX_SHORT_SIDE * 1.6:  # a long scrolling capture
        return min(1.0, MAX_SHORT_SIDE / short_side)
    return MAX_SIDE / long_side


def normalise(text: str) -> str:
    """NFKC (￥→¥, ：→:, full-width digits), for matching labels and comparing text; what is
    shown and stored keeps the engine's own characters (a Chinese comma stays ，)."""
    return unicodedata.normalize("NFKC", text).strip()


def reading_order(lines: list[Line]) -> list[Line]:
    """Top to bottom; lines whose vertical extents overlap by half are one row, left to right."""
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda x: (x.y0 + x.y1) / 2):
        mid = (line.y0 + line.y1) / 2
        if rows:
            last = rows[-1]
            top = min(x.y0 for x in last)
            bottom = max(x.y1 for x in last)
            height = min(line.y1 - line.y0, bottom - top) or 1
            if top <= mid <= bottom and min(line.y1, bottom) - max(line.y0, top) >= height / 2:
                last.append(line)
                continue
        rows.append([line])
    return [x for row in rows for x in sorted(row, key=lambda x: x.x0)]


def read_image(source: str | Path | bytes, where: str | None = None) -> Reading:
    """Read the text of one image (not stored; see :func:`read_evidence`)."""
    img = open_image(source, where)
    eng = engine()
    w, h = img.size
    scale = _scale_for(w, h)
    if scale < 1.0:
        img = img.resize(
            (max(1, round(w * scale)), max(1, round(h * scale))), Image.Resampling.LANCZOS
        )
    start = time.perf_counter()
    raw = eng.read(img)
    seconds = time.perf_counter() - start
    lines = []
    for line in raw:
        text = line.text.strip()
        if not text:
            continue
        box = [[round(x / scale), round(y / scale)] for x, y in line.box]
        lines.append(Line(text, box, line.score))
    return Reading(
        engine=eng.name,
        version=eng.version,
        width=w,
        height=h,
        lines=reading_order(lines),
        scale=round(scale, 4),
        seconds=round(seconds, 3),
    )


# -- evidence items -----------------------------------------------------------------------------

#: Evidence files we try to read: images only (a PDF or video is not a screenshot).
IMAGE_MIMES = ("image/",)


def read_evidence(store: Store, evidence_id: int, *, force: bool = False) -> Reading:
    """The text of an evidence image, read once per file hash and kept in the register.

    ``force=True`` reads again (a new engine version) and replaces what was kept. A file that is
    not an image, or cannot be decoded, raises :class:`EvidenceError` and nothing is stored.
    """
    from ..store import screenshots as sql
    from .items import get_evidence

    item = get_evidence(store, evidence_id)
    where = f"{item.case_id} #{item.id} {item.display_name}"
    if not force:
        with store.read() as conn:
            kept = sql.get_reading(conn, item.sha256)
        if kept is not None:
            return Reading.from_dict(kept)
    if item.mime and not item.mime.startswith(IMAGE_MIMES):
        raise _bad(
            where,
            f"证据 #{item.id} 不是图片（{item.mime}），无法识别文字",
            f"evidence #{item.id} is not an image ({item.mime}); nothing to read",
        )
    reading = read_image(item.path(store), where=where)
    reading.sha256 = item.sha256
    reading.read_at = store.now()
    with store.write() as conn:
        sql.put_reading(conn, reading.to_dict())
        store.log(
            conn,
            item.case_id,
            "evidence.ocr",
            None,
            {
                "id": item.id,
                "sha256": item.sha256,
                "engine": f"{reading.engine} {reading.version}",
                "lines": len(reading.lines),
            },
        )
    return reading


def kept_reading(store: Store, sha256: str) -> Reading | None:
    """The reading kept for a file hash, or None if it was never read (no engine is loaded)."""
    from ..store import screenshots as sql

    with store.read() as conn:
        kept = sql.get_reading(conn, sha256)
    return None if kept is None else Reading.from_dict(kept)
