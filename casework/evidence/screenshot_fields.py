"""Fields from read screenshots (截图字段): order pages, payment pages and chats.

Pure functions of a :class:`~casework.evidence.ocr.Reading` (no engine, no register):

- order pages (订单详情): order numbers (订单编号), 实付款 / 商品总价 / 运费 as exact fen, the
  创建 / 付款 / 发货 / 成交 times, shop, product title, status, consignee (收货人) masked;
- payment pages (账单详情 / 支付详情): amount, status, 订单号 / 商家订单号, time, counterparty;
- chats (聊天记录): messages ``{side, time, text}``; ``side`` is ``consumer`` for right-hand
  bubbles (the phone's owner) and ``counterpart`` for left-hand ones; the time comes from the
  centred separator above (``10月5日 14:30``, ``昨天 09:12``, ``14:30``), resolved against the
  screenshot's capture time, else the case's purchase date.

Labels are found after NFKC normalisation with spaces removed (the engine sometimes drops the space
in ``2026-09-28 20:16:10``); a field whose line scored low is listed in ``low_confidence``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from ..clock import SHANGHAI
from ..money import to_fen
from .ocr import Line, Reading, normalise

KINDS = ("order", "payment", "chat", "other")

#: Evidence types whose screenshots are read as each kind; other types are guessed from the text.
TYPE_KIND = {
    "order_record": "order",
    "transaction_record": "payment",
    "chat_log": "chat",
    "communication_record": "chat",
}

_AMOUNT = r"[-−]?[¥Y]?(\d{1,3}(?:,\d{3})+|\d+)\.(\d{2})"
_DATETIME = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(\d{1,2}):(\d{2})(?::(\d{2}))?")


@dataclass
class Row:
    """Lines on one visual row, joined; ``flat`` has no spaces (for label matching)."""

    lines: list[Line]

    @property
    def text(self) -> str:
        return " ".join(x.text for x in self.lines)

    @property
    def flat(self) -> str:
        return re.sub(r"\s+", "", normalise(self.text))

    @property
    def score(self) -> float:
        return min(x.score for x in self.lines)


def rows_of(reading: Reading) -> list[Row]:
    """Group the reading's lines (already in reading order) into visual rows."""
    rows: list[Row] = []
    for line in reading.lines:
        if rows:
            last = rows[-1].lines[-1]
            overlap = min(line.y1, last.y1) - max(line.y0, last.y0)
            if line.x0 >= last.x0 and overlap >= min(line.y1 - line.y0, last.y1 - last.y0) / 2:
                rows[-1].lines.append(line)
                continue
        rows.append(Row([line]))
    return rows


def _fen(whole: str, cents: str) -> int | None:
    try:
        return to_fen(Decimal(f"{whole.replace(',', '')}.{cents}"))
    except InvalidOperation:
        return None


def _iso(m: re.Match[str]) -> str | None:
    y, mo, d, h, mi, s = (int(g) if g else 0 for g in m.groups())
    try:
        return datetime(y, mo, d, h, mi, s, tzinfo=SHANGHAI).isoformat()
    except ValueError:
        return None


class _Finder:
    """Label → value over the rows, remembering which lines each value came from."""

    def __init__(self, reading: Reading) -> None:
        self.rows = rows_of(reading)
        self.low: list[str] = []

    def _after(self, labels: tuple[str, ...], pattern: re.Pattern[str], key: str) -> Any:
        for n, row in enumerate(self.rows):
            flat = row.flat
            for label in labels:
                at = flat.find(label)
                if at < 0:
                    continue
                rest = flat[at + len(label) :].lstrip(":")
                m = pattern.match(rest)
                used = row
                if m is None and not rest and n + 1 < len(self.rows):
                    # the value sits under its label (a big 实付款 figure)
                    used = self.rows[n + 1]
                    m = pattern.match(used.flat)
                if m is not None:
                    if used.score < 0.85 or row.score < 0.85:
                        self.low.append(key)
                    return m
        return None

    def text(self, labels: tuple[str, ...], key: str, pattern: str = r"(.+)") -> str | None:
        m = self._after(labels, re.compile(pattern), key)
        return m.group(1) if m else None

    def amount(self, labels: tuple[str, ...], key: str) -> int | None:
        m = self._after(labels, re.compile(_AMOUNT), key)
        return _fen(m.group(1), m.group(2)) if m else None

    def time(self, labels: tuple[str, ...], key: str) -> str | None:
        m = self._after(labels, _DATETIME, key)
        return _iso(m) if m else None


def _mask_name(name: str) -> str:
    return name[:1] + "*" * max(1, len(name) - 1) if name else ""


def _mask_phone(phone: str) -> str:
    digits = phone.replace(" ", "")
    if "*" in digits or len(digits) < 7:
        return digits
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


_SHOP = re.compile(
    r"^(?:店铺:?)?([\w\-·()（）]{2,30}?(?:旗舰店|专营店|专卖店|官方店|企业店|自营店|工厂店|小店|商店|店铺|店))[>›]?$"
)
_STATUS = (
    "交易成功",
    "交易关闭",
    "交易完成",
    "待付款",
    "待发货",
    "卖家已发货",
    "已发货",
    "待收货",
    "已签收",
    "退款成功",
    "退款中",
    "支付成功",
    "已支付",
    "已完成",
)
_LABELISH = re.compile(
    r"(编号|时间|交易号|订单号|收货人|地址|运费|总价|实付|合计|数量|颜色|规格|分类)"
)


def order_fields(reading: Reading) -> dict[str, Any]:
    """Fields of an order-detail page (订单详情)."""
    f = _Finder(reading)
    numbers = []
    for row in f.rows:
        for m in re.finditer(r"(?:订单编号|订单号码|订单号)[::]?(\d{10,25})", row.flat):
            if m.group(1) not in numbers:
                numbers.append(m.group(1))
                if row.score < 0.85:
                    f.low.append("order_numbers")
    shop, shop_row = None, -1
    for n, row in enumerate(f.rows):
        found = _SHOP.match(row.flat)
        if found and not _LABELISH.search(row.flat):
            shop, shop_row = found.group(1), n
            break
    title = None
    if shop_row >= 0:
        # the first line under the shop that is not a price, a label or a status
        for row in f.rows[shop_row + 1 : shop_row + 4]:
            for line in row.lines:
                flat = re.sub(r"\s+", "", normalise(line.text))
                if (
                    len(flat) >= 4
                    and not re.search(r"[¥:×]|\d+\.\d{2}", flat)
                    and flat not in _STATUS
                ):
                    title = line.text
                    break
            if title:
                break
    status = next((s for row in f.rows for s in _STATUS if row.flat.startswith(s)), None)
    consignee = None
    m = f._after(("收货人",), re.compile(r"([^\d*]{1,12}?)(1\d{2}[\d*]{4}\d{4})"), "consignee")
    if m:
        consignee = {"name": _mask_name(m.group(1)), "phone": _mask_phone(m.group(2))}
    return {
        "kind": "order",
        "order_numbers": numbers,
        "payment_txn_id": f.text(
            ("支付宝交易号", "交易号", "支付单号"), "payment_txn_id", r"(\d{16,32})"
        ),
        "paid_fen": f.amount(("实付款", "实付金额", "实付"), "paid_fen"),
        "goods_total_fen": f.amount(("商品总价", "商品总额", "商品金额"), "goods_total_fen"),
        "shipping_fen": f.amount(("运费",), "shipping_fen"),
        "created_at": f.time(("创建时间", "下单时间"), "created_at"),
        "paid_at": f.time(("付款时间", "支付时间"), "paid_at"),
        "shipped_at": f.time(("发货时间",), "shipped_at"),
        "completed_at": f.time(("成交时间", "确认收货时间", "完成时间"), "completed_at"),
        "shop": shop,
        "product": title,
        "status": status,
        "consignee": consignee,
        "low_confidence": sorted(set(f.low)),
    }


def payment_fields(reading: Reading) -> dict[str, Any]:
    """Fields of a payment-detail page (支付宝账单详情, 微信支付凭证)."""
    f = _Finder(reading)
    amount = f.amount(("付款金额", "支付金额", "交易金额", "金额"), "amount_fen")
    if amount is None:  # the big figure at the top, on a line of its own
        for row in f.rows:
            m = re.fullmatch(_AMOUNT + r"元?", row.flat)
            if m:
                amount = _fen(m.group(1), m.group(2))
                break
    status = next((s for row in f.rows for s in _STATUS if s in row.flat), None)
    if status is None:
        status = f.text(("当前状态", "交易状态", "支付状态"), "status", r"(\S{2,8})")
    return {
        "kind": "payment",
        "amount_fen": amount,
        "status": status,
        "order_no": f.text(("订单号", "交易单号", "交易号"), "order_no", r"(\d{10,40})"),
        "merchant_order_no": f.text(
            ("商家订单号", "商户单号", "商户订单号"), "merchant_order_no", r"([0-9A-Za-z\-_]{6,40})"
        ),
        "time": f.time(("创建时间", "支付时间", "付款时间", "交易时间"), "time"),
        "counterparty": f.text(
            ("收款方全称", "商户全称", "收款方", "交易对方", "对方账户", "商户名称"),
            "counterparty",
            r"(.{2,40})",
        ),
        "low_confidence": sorted(set(f.low)),
    }


# -- chats --------------------------------------------------------------------------------------

_WEEKDAYS = "一二三四五六日天"
_SEPARATOR = re.compile(
    r"^(?:(?P<ymd>\d{4}[-/年]\d{1,2}[-/月]\d{1,2}日?)|(?P<md>\d{1,2}月\d{1,2}日)"
    r"|(?P<rel>昨天|前天|今天)|(?:星期|周)(?P<wd>[一二三四五六日天]))?"
    r"(?P<ampm>上午|下午|晚上|凌晨|中午|早上)?(?P<h>\d{1,2}):(?P<m>\d{2})$"
)


@dataclass
class Message:
    """One chat bubble: who, when (ISO, Asia/Shanghai; None when no separator dates it), what."""

    side: str
    time: str | None
    text: str
    time_text: str = ""
    score: float = 1.0
    low: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def resolve_time(
    text: str, captured: datetime | None, purchase: date | None = None
) -> datetime | None:
    """A chat separator as a time, or None. Without a year, the date is the latest one not after
    the capture (a chat is screenshotted after it happened), else the first on or after the
    purchase date; a bare ``14:30`` is on the capture day."""
    m = _SEPARATOR.match(_flat(text))
    if m is None:
        return None
    hour, minute = int(m["h"]), int(m["m"])
    if m["ampm"] in ("下午", "晚上") and hour < 12:
        hour += 12
    if m["ampm"] == "中午" and hour < 11:
        hour += 12
    if hour > 23 or minute > 59:
        return None
    day: date | None = None
    if m["ymd"]:
        y, mo, d = (int(x) for x in re.findall(r"\d+", m["ymd"]))
        try:
            day = date(y, mo, d)
        except ValueError:
            return None
    elif m["md"]:
        mo, d = (int(x) for x in re.findall(r"\d+", m["md"]))
        ref = captured.date() if captured else purchase
        if ref is None:
            return None
        try:
            day = date(ref.year, mo, d)
            if captured is not None and day > captured.date():
                day = date(ref.year - 1, mo, d)
            elif captured is None and purchase is not None and day < purchase:
                day = date(ref.year + 1, mo, d)
        except ValueError:
            return None
    elif captured is None:
        return None
    elif m["rel"]:
        day = captured.date() - timedelta(days={"今天": 0, "昨天": 1, "前天": 2}[m["rel"]])
    elif m["wd"]:
        want = _WEEKDAYS.index(m["wd"]) if m["wd"] not in "日天" else 6
        back = (captured.weekday() - want) % 7 or 7  # 星期三 means a day of the past week
        day = captured.date() - timedelta(days=back)
    else:
        day = captured.date()
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", normalise(text))


def _join(parts: list[str]) -> str:
    out = ""
    for p in parts:
        if out and re.match(r"[A-Za-z0-9]", p) and re.search(r"[A-Za-z0-9.,!?]$", out):
            out += " "
        out += p
    return out


def chat_header(reading: Reading) -> str:
    """The title bar's text (the counterpart's name), or ''."""
    top = [x for x in reading.lines if (x.y0 + x.y1) / 2 < reading.height * 0.08]
    names = [x.text for x in top if not _SEPARATOR.match(_flat(x.text))]
    names = [n for n in names if not re.fullmatch(r"[\d:%. ]+|[<>‹›…]+", n)]
    return max(names, key=len) if names else ""


def chat_messages(
    reading: Reading, captured: datetime | None = None, purchase: date | None = None
) -> list[Message]:
    """The bubbles of a chat screenshot, top to bottom, with side and time."""
    items = _chat_items(reading)
    texts = [x for kind, x in items if kind == "text"]
    if not texts:
        return []
    sides = _Sides.of(texts, reading.width)
    messages = []
    for bubble, when, when_text in _bubbles(items, sides.near, captured, purchase):
        score = min(x.score for x in bubble)
        messages.append(
            Message(
                side=sides.side(min(x.x0 for x in bubble), max(x.x1 for x in bubble)),
                time=when.isoformat() if when else None,
                text=_join([x.text for x in bubble]),
                time_text=when_text,
                score=round(score, 4),
                low=score < 0.85,
            )
        )
    return messages


def _chat_items(reading: Reading) -> list[tuple[str, Line]]:
    """The chat's lines between the title bar and the input bar, each a time separator
    (``sep``, centred) or ``text``."""
    w, h = reading.width, reading.height
    body = [
        x
        for x in reading.lines
        if (x.y0 + x.y1) / 2 >= h * 0.08 and x.y0 <= h * 0.93  # no title bar, no input bar
    ]
    items: list[tuple[str, Line]] = []
    for line in body:
        centre = (line.x0 + line.x1) / 2
        if _SEPARATOR.match(_flat(line.text)) and abs(centre - w / 2) < 0.15 * w:
            items.append(("sep", line))
        else:
            items.append(("text", line))
    return items


@dataclass
class _Sides:
    """Which side a bubble is on, from where the text lines start and end."""

    left: int
    right: int
    near: float
    has_left: bool

    @classmethod
    def of(cls, texts: list[Line], w: int) -> _Sides:
        left = min(x.x0 for x in texts)
        # someone's bubbles start at the left margin
        return cls(left, max(x.x1 for x in texts), 0.035 * w, left < 0.22 * w)

    def side(self, x0: int, x1: int) -> str:
        at_left = self.has_left and x0 - self.left <= self.near
        at_right = self.right - x1 <= self.near
        if at_left and at_right:
            return "counterpart" if x0 - self.left <= self.right - x1 else "consumer"
        # a bubble that does not start at the left margin is the owner's (right-hand) bubble
        return "counterpart" if at_left else "consumer"


def _bubbles(
    items: list[tuple[str, Line]], near: float, captured: datetime | None, purchase: date | None
) -> Iterator[tuple[list[Line], datetime | None, str]]:
    """The lines grouped into bubbles, each with the time of the separator above it."""
    bubble: list[Line] = []
    when: datetime | None = None
    when_text = ""
    for kind, line in items:
        if kind == "sep":
            if bubble:
                yield bubble, when, when_text
                bubble = []
            when, when_text = resolve_time(line.text, captured, purchase), line.text
            continue
        if bubble:
            last = bubble[-1]
            height = max(1, last.y1 - last.y0)
            # a wrapped line of the same bubble: close below, starting where the bubble starts
            same = line.y0 - last.y1 < 0.6 * height and abs(line.x0 - bubble[0].x0) <= near
            if not same:
                yield bubble, when, when_text
                bubble = []
        bubble.append(line)
    if bubble:
        yield bubble, when, when_text


# -- all together -------------------------------------------------------------------------------


def guess_kind(reading: Reading, evidence_type: str = "") -> str:
    """order, payment, chat or other: from the evidence type, else from the labels read."""
    if evidence_type in TYPE_KIND:
        return TYPE_KIND[evidence_type]
    flat = _flat(reading.text)
    if re.search(r"订单编号|订单号码", flat) and re.search(r"实付|商品总价|收货人", flat):
        return "order"
    if re.search(r"商家订单号|商户单号|账单详情|支付成功|交易单号", flat):
        return "payment"
    seps = sum(1 for x in reading.lines if _SEPARATOR.match(_flat(x.text)))
    return "chat" if seps else "other"


def extract(
    reading: Reading,
    kind: str,
    captured: datetime | None = None,
    purchase: date | None = None,
) -> tuple[dict[str, Any], list[Message]]:
    """(fields, messages) for a reading of the given kind."""
    if kind == "order":
        return order_fields(reading), []
    if kind == "payment":
        return payment_fields(reading), []
    if kind == "chat":
        return {"kind": "chat", "counterpart": chat_header(reading)}, chat_messages(
            reading, captured, purchase
        )
    return {"kind": "other"}, []
