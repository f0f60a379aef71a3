"""Money is exact: Decimal yuan at the edges, integer fen (分) in the register. Never float."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .errors import InvalidInput

CENT = Decimal("0.01")
#: No amount in a consumer case reaches ¥10 billion; larger is a typo or an attack (1e309 cannot
#: even be rounded to fen, 1e20 fen overflows the register's 64-bit integer).
MAX_AMOUNT = Decimal("10000000000")
_STRIP = re.compile(r"[\s,，¥￥元]|RMB|CNY", re.IGNORECASE)


def parse_amount(text: object, *, field: str = "amount") -> Decimal:
    """Parse ``12.34``, ``¥1,234.56``, ``1234元`` into a Decimal with two places.

    Floats are refused on purpose: they have already lost the exact value.
    """
    if isinstance(text, float):
        raise InvalidInput("金额不能是浮点数", "amount must not be a float", field=field)
    if isinstance(text, Decimal | int):
        value = Decimal(text)
    else:
        raw = _STRIP.sub("", str(text or ""))
        if not raw:
            raise InvalidInput("金额为空", "amount is empty", field=field)
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise InvalidInput(
                f"金额无法识别: {text!r}", f"not an amount: {text!r}", field=field
            ) from None
    if not value.is_finite():
        raise InvalidInput(f"金额无法识别: {text!r}", f"not an amount: {text!r}", field=field)
    if abs(value) >= MAX_AMOUNT:
        raise InvalidInput(
            f"金额超出上限（应小于 ¥{MAX_AMOUNT:,.0f}）: {text!r}",
            f"amount is beyond the limit (must be below ¥{MAX_AMOUNT:,.0f}): {text!r}",
            field=field,
        )
    if value != value.quantize(CENT):
        raise InvalidInput(
            f"金额最多两位小数: {text!r}",
            f"amount has more than two decimals: {text!r}",
            field=field,
        )
    return value.quantize(CENT)


def to_fen(value: Decimal) -> int:
    """Yuan (Decimal) → integer fen."""
    return int((value * 100).to_integral_value(rounding=ROUND_HALF_UP))


def from_fen(fen: int) -> Decimal:
    """Integer fen → Decimal yuan with two places."""
    return (Decimal(fen) / 100).quantize(CENT)


def fmt(value: Decimal | None, *, symbol: str = "¥") -> str:
    """``¥1,234.56`` for people; ``""`` for a missing amount."""
    if value is None:
        return ""
    return f"{symbol}{value:,.2f}"
