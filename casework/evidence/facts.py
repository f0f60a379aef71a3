"""What casework itself says of an evidence item it adds (证据说明): kept as facts, put in words
where a reader sees them.

A bill the advocate imports and the excerpt cut from it are described by the program, not by the
advocate. Their description is stored as a kind and its values (``{"kind": "bill", "values":
{"source": "alipay", "rows": 12, …}}`` in the item's ``data``) and written out in the reader's
language by :func:`describe` and :func:`proves`: the Chinese submission in Chinese, the English
one and ``--lang en`` in English. The ``description`` column keeps the Chinese words (what the
custody log seals and what an older casework shows).

Items added before (#16) hold one string for both readers, ``中文 / English``: :func:`half` gives
the half of the reader's language, as the report always did.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

_Words = Callable[[Mapping[str, Any]], str]

#: kind → (description zh, description en, proves zh, proves en), each from the values.
_KINDS: dict[str, tuple[_Words, _Words, _Words, _Words]] = {
    # An imported bill (账单), whole, as the consumer exported it.
    "bill": (
        lambda v: (
            f"{v['source_zh']}账单（{v['layout']}），{v['rows']} 笔交易，{v['start']} 至 {v['end']}"
        ),
        lambda v: (
            f"{v['source']} bill ({v['layout']}), {v['rows']} transactions, {v['start']} to {v['end']}"
        ),
        lambda v: (
            "付款、退款的金额和时间（平台、支付机构的交易记录，电子商务法第五十三条、第六十二条）"
        ),
        lambda v: (
            "amounts and times of payments and refunds (the platform's and payment "
            "provider's transaction records, E-commerce Law Art. 53 and 62)"
        ),
    ),
    # The rows of a bill that the money trail links to the case (账单摘录).
    "bill_excerpt": (
        lambda v: (
            f"{v['file_name']} 中与本案订单有关的 {v['rows']} 笔交易"
            f"（账单期间 {v['start']} 至 {v['end']}）"
        ),
        lambda v: (
            f"the {v['rows']} transactions of {v['file_name']} that concern the case's "
            f"orders (bill period {v['start']} to {v['end']})"
        ),
        lambda v: "",
        lambda v: "",
    ),
}


def facts(kind: str, **values: Any) -> dict[str, Any]:
    """The stored form: ``{"kind": …, "values": {…}}`` (JSON values only)."""
    if kind not in _KINDS:
        raise ValueError(f"unknown evidence fact kind: {kind!r}")  # a bug, found by its test
    return {"kind": kind, "values": values}


def _words(stored: Mapping[str, Any] | None, which: int) -> str | None:
    if not stored or stored.get("kind") not in _KINDS:
        return None
    return _KINDS[stored["kind"]][which](stored.get("values") or {})


def describe(stored: Mapping[str, Any] | None, lang: str) -> str | None:
    """The description in ``lang`` (zh unless ``en``); None when there are no facts."""
    return _words(stored, 1 if lang == "en" else 0)


def proves(stored: Mapping[str, Any] | None, lang: str) -> str | None:
    """What the item proves in ``lang``; None when there are no facts."""
    return _words(stored, 3 if lang == "en" else 2)


def half(text: str, lang: str) -> str:
    """One language of a stored "中文 / English" text (items added before #16): the Chinese
    reader gets no English half, the English one no Chinese half. Any other text as it is."""
    zh, sep, en = text.partition(" / ")
    if not sep or not en.isascii() or zh.isascii():
        return text
    return en if lang == "en" else zh


__all__ = ["describe", "facts", "half", "proves"]
