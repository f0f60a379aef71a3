"""How the timeline figure looks: the shipped CJK font, the marker and colour of each kind of
event, the colours of clock states and the figure's sizes (the drawing is in timeline_drawing)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cases import EventKind
from .vocabulary import ClockState

FONT_PATH = Path(__file__).parent / "assets" / "fonts" / "wqy-microhei.ttc"
FONT_FAMILY = "WenQuanYi Micro Hei"

_font_lock = threading.Lock()


def register_font() -> str:
    """Add the shipped CJK font to matplotlib once; returns its family name."""
    from matplotlib import font_manager

    with _font_lock:
        if not any(f.name == FONT_FAMILY for f in font_manager.fontManager.ttflist):
            font_manager.fontManager.addfont(str(FONT_PATH))
    return FONT_FAMILY


def font_rc() -> Any:
    """rcParams for Chinese text: our font first, DejaVu for anything it lacks."""
    return {
        "font.family": [register_font(), "DejaVu Sans"],
        "axes.unicode_minus": False,
        "svg.fonttype": "path",
    }


@dataclass(frozen=True)
class Style:
    marker: str
    color: str
    zh: str
    en: str


FAMILIES: dict[str, Style] = {
    "purchase": Style("o", "#1565c0", "下单/付款", "order / payment"),
    "delivery": Style("s", "#6d4c41", "发货/签收", "shipping / delivery"),
    "problem": Style("X", "#c62828", "发现问题", "problem found"),
    "request": Style("^", "#ef6c00", "请求/投诉", "request / complaint"),
    "answer": Style("v", "#6a1b9a", "答复/决定", "answer / decision"),
    "return": Style("D", "#00838f", "退货", "return"),
    "refund": Style("P", "#2e7d32", "退款/补偿", "refund"),
    "contact": Style(">", "#546e7a", "沟通记录", "contact"),
    "evidence": Style("*", "#757575", "证据", "evidence"),
    "other": Style(".", "#9e9e9e", "其他", "other"),
}
KIND_FAMILY = {
    "purchase": "purchase",
    "payment": "purchase",
    "transaction": "other",
    "income": "other",
    "shipped": "delivery",
    "delivered": "delivery",
    "defect_found": "problem",
    "contacted_seller": "request",
    "return_requested": "request",
    "refund_requested": "request",
    "platform_complaint": "request",
    "complaint_filed": "request",
    "report_filed": "request",
    "seller_replied": "answer",
    "reply_received": "answer",
    "complaint_accepted": "answer",
    "complaint_rejected": "answer",
    "mediation_ended": "answer",
    "return_shipped": "return",
    "goods_returned": "return",
    "refund_received": "refund",
    "refund": "refund",
    "contact_out": "contact",
    "contact_in": "contact",
    "evidence": "evidence",
}
DENSE_COLOR = "#90a4ae"
STATUS_COLOR = {"met": "#2e7d32", "open": "#f9a825", "overdue": "#c62828"}
STATUS_TEXT = {s.value: (s.zh, s.en) for s in ClockState}  # one vocabulary (#16)

FONT_SIZE = 8.0
LANE_INCH = 1.1
WIDTH_INCH = 12.0
BINS = 48  # the time axis is cut into this many stretches to find dense ones
DENSE = 4  # events of one lane in one stretch from which they are summarised
BUSY = 40  # a lane with more events than this is summarised more eagerly
LABEL_LEVELS = (0.16, 0.33)  # label heights above a lane's line (data units)
CLOCK_LABEL = -0.30  # deadline labels hang below the lane
LONG_CLOCK_DAYS = 45  # window clocks due later than this after the last event are not drawn


def kind_label(kind: str, lang: str) -> str:
    """An event kind as the timeline names it (the kind's own words; its value in English)."""
    try:
        k = EventKind(kind)
    except ValueError:
        return kind
    return k.value.replace("_", " ") if lang == "en" else k.zh
