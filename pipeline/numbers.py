"""Numbers as publications write them: decimals with thousands separators, Chinese numerals, 万元.

Pure functions on strings; money is computed in Decimal, never in binary floating point.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from parsers.script import simplified

MONEY_FACTORS = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(10**8)}
CENT = Decimal("0.01")

_DECIMAL = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^[+-]?\.\d+$")
# A blank amount cell is written many ways; all of them mean "nothing here".
_BLANK_AMOUNTS = {"", "-", "—", "——", "/", "无", "－"}

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL_CHARS = "".join(_CN_DIGITS) + "".join(_CN_UNITS) + "万点"


def fold(text: str) -> str:
    """Full-width to half-width (digits, %, <, >), as NFKC does, without touching the Han text."""
    return unicodedata.normalize("NFKC", text)


def fold_units(text: str) -> str:
    """``fold``, and traditional characters to simplified ones: where units are read (萬元, 個)."""
    return simplified(fold(text))


@lru_cache(maxsize=8192)  # amounts recur: 0.00, 10.00, 100
def parse_decimal(text: str) -> Decimal | None:
    """'1,234.50' → Decimal('1234.50'); None when ``text`` is not a plain number."""
    text = fold(text).strip()
    if not _DECIMAL.match(text):
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        return None


_AMOUNT_WITH_UNIT = re.compile(r"^(.*?\d)\s*\(?\s*(亿元|万元|千元|元|万|亿)\s*\)?$")  # 120万元, 120.00(万元)
# The currency before the amount (人民币120万元, ¥1,200,000.00: the sign is the yuan itself).
_CURRENCY = re.compile(r"^(?:人民币|RMB|CNY|(¥))\s*", re.IGNORECASE)


@lru_cache(maxsize=8192)  # amounts recur: 0.00, 10.00, 100
def parse_amount(text: str) -> tuple[Decimal | None, str | None]:
    """An amount cell: '1,234.50' → (1234.50, None); '250万' → (250, '万元'); '387,664.62元' → (…, '元')."""
    folded = fold_units(text).strip()
    sign = None
    if currency := _CURRENCY.match(folded):
        folded, sign = folded[currency.end() :], currency.group(1)
    match = _AMOUNT_WITH_UNIT.match(folded)
    if match:
        unit = match.group(2)
        return parse_decimal(match.group(1)), unit if unit.endswith("元") else f"{unit}元"
    amount = parse_decimal(folded)
    return amount, "元" if sign and amount is not None else None


@lru_cache(maxsize=8192)  # amounts recur: 0.00, 10.00, 100
def is_blank_amount(text: str | None) -> bool:
    return text is None or fold_units(text).strip() in _BLANK_AMOUNTS


def to_yuan(amount: Decimal, unit: str) -> Decimal | None:
    """Convert ``amount`` in ``unit`` (万元, 元 …) to yuan; None if not exact to the fen."""
    factor = MONEY_FACTORS.get(unit)
    if factor is None:
        return None
    yuan = amount * factor
    if yuan != yuan.quantize(CENT):
        return None
    return yuan.quantize(CENT)


def parse_chinese_number(text: str) -> Decimal | None:
    """'九十五' → 95, '两' → 2, '十二' → 12, '一百零五' → 105, '三点五' → 3.5; None otherwise."""
    if not text or any(ch not in CN_NUMERAL_CHARS for ch in text):
        return None
    whole, _, fraction = text.partition("点")
    if "点" in fraction:
        return None
    value = _cn_integer(whole) if whole else 0
    if value is None:
        return None
    if fraction:
        digits = [_CN_DIGITS.get(ch) for ch in fraction]
        if None in digits:
            return None
        return Decimal(f"{value}.{''.join(map(str, digits))}")
    return Decimal(value)


def _cn_integer(text: str) -> int | None:
    if "万" in text:
        high, _, low = text.partition("万")
        high_value = _cn_integer(high) if high else 1
        low_value = _cn_integer(low) if low else 0
        if high_value is None or low_value is None:
            return None
        return high_value * 10000 + low_value
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            if digit is not None and digit != 0:
                return None  # two digits in a row: 九五 is not a number we read
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


def parse_number(text: str) -> Decimal | None:
    """A number in Arabic digits or Chinese numerals."""
    return parse_decimal(text) if text[:1].isdigit() or text[:1] in "+-." else parse_chinese_number(text)
