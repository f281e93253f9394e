"""Word's automatic paragraph numbering, written into the text the way Tika writes it.

``word/numbering.xml`` maps a paragraph's ``numId`` to an abstract definition whose levels give a
start value, a format and a level text such as ``%1.`` or ``%1、``. What Tika's list manager
(``AbstractListManager`` / ``XWPFListManager``) does, and so what this does:
- counters run per *abstract* definition; a ``w:lvlOverride`` with its own ``w:lvl`` changes a
  level's format for its ``numId`` (``w:startOverride`` is not read);
- a level resets the deeper levels (``w:lvlRestart`` can say otherwise);
- ``decimal``, and every format Tika does not know (``chineseCounting`` …), is written in Arabic
  digits, so ``一、`` becomes ``1、``; letters and Roman numerals stay letters and Roman numerals;
  ``decimalZero`` pads with a 0; ``bullet`` is ``·``; ``none`` is nothing; ``w:isLgl`` forces digits;
- a level without ``w:start`` starts at 0 for decimal formats and 1 otherwise;
- the number is followed by a space (Tika ignores ``w:suff``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from .ooxml import W

_W = f"{{{W}}}"
BULLET = "\u00b7"
_DECIMAL_STARTS_AT_ZERO = ("decimal", "ordinal", "decimalZero")
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"))
_ROMAN += ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


@dataclass(frozen=True, slots=True)
class Level:
    start: int
    fmt: str
    text: str
    restart: int = -1
    legal: bool = False


class Numbering:
    def __init__(self, root: etree._Element | None) -> None:
        self.abstract_of: dict[str, str] = {}  # numId → abstractNumId
        self.abstract: dict[str, dict[int, Level]] = {}
        self.overrides: dict[str, dict[int, Level]] = {}  # numId → level → its own definition
        self.counts: dict[str, dict[int, int]] = {}  # abstractNumId → level → count
        self.last: dict[str, int] = {}
        if root is not None:
            self._load(root)

    def _load(self, root: etree._Element) -> None:
        self.abstract = {a.get(f"{_W}abstractNumId"): _levels(a) for a in root.iter(f"{_W}abstractNum")}
        for num in root.iter(f"{_W}num"):
            num_id = num.get(f"{_W}numId")
            ref = num.find(f"{_W}abstractNumId")
            if ref is not None:
                self.abstract_of[num_id] = ref.get(f"{_W}val")
            levels = {}
            for override in num.iter(f"{_W}lvlOverride"):
                lvl = override.find(f"{_W}lvl")
                if lvl is not None:
                    levels[_int(override.get(f"{_W}ilvl"), 0)] = _level(lvl)
            if levels:
                self.overrides[num_id] = levels

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the counter of (num_id, ilvl) and return the number as Tika writes it."""
        abstract_id = self.abstract_of.get(num_id)
        levels = self.abstract.get(abstract_id) if abstract_id is not None else None
        if not levels or num_id == "0" or ilvl < 0:
            return ""
        levels = {**levels, **self.overrides.get(num_id, {})}
        counts = self.counts.setdefault(abstract_id, {})
        self._increment(abstract_id, counts, levels, ilvl)
        level = levels.get(ilvl)
        if level is None:
            return ""
        fmt = "decimal" if level.legal else level.fmt
        if fmt == "bullet":
            return f"{BULLET} "
        text = _INTERPOLATE.sub(
            lambda m: self._format(counts, levels, int(m.group(1)) - 1, level.legal), level.text
        )
        return f"{text} " if text else ""

    def _increment(
        self, abstract_id: str, counts: dict[int, int], levels: dict[int, Level], ilvl: int
    ) -> None:
        last = self.last.get(abstract_id, -1)
        for skipped in range(last + 1, ilvl):
            counts.setdefault(skipped, _start(levels, skipped))
        for deeper in [k for k in counts if k > ilvl]:
            restart = levels[deeper].restart if deeper in levels else -1
            if restart == 0:
                break
            if restart == -1 or ilvl <= restart - 1:
                del counts[deeper]
        counts[ilvl] = counts[ilvl] + 1 if ilvl in counts else _start(levels, ilvl)
        self.last[abstract_id] = ilvl

    def _format(self, counts: dict[int, int], levels: dict[int, Level], depth: int, legal: bool) -> str:
        level = levels.get(depth)
        fmt = "decimal" if legal or level is None or level.legal else level.fmt
        count = counts.get(depth, 1)
        count = 1 if count < 0 else count
        if fmt in ("bullet", "none"):
            return ""
        if fmt == "decimalZero":
            return f"0{count}"
        if fmt == "ordinal":
            return f"{count}{_ordinal_suffix(count)}"
        if fmt in ("lowerLetter", "upperLetter") and count > 0:
            return _letters(count, upper=fmt == "upperLetter")
        if fmt in ("lowerRoman", "upperRoman") and count > 0:
            roman = _roman(count)
            return roman.upper() if fmt == "upperRoman" else roman
        return str(count)


_INTERPOLATE = re.compile(r"%(\d+)")


def _start(levels: dict[int, Level], ilvl: int) -> int:
    return levels[ilvl].start if ilvl in levels else 1


def _levels(abstract: etree._Element) -> dict[int, Level]:
    return {_int(lvl.get(f"{_W}ilvl"), 0): _level(lvl) for lvl in abstract.iter(f"{_W}lvl")}


def _level(lvl: etree._Element) -> Level:
    start, fmt = lvl.find(f"{_W}start"), lvl.find(f"{_W}numFmt")
    text, restart = lvl.find(f"{_W}lvlText"), lvl.find(f"{_W}lvlRestart")
    ilvl = _int(lvl.get(f"{_W}ilvl"), 0)
    number_format = (fmt.get(f"{_W}val") if fmt is not None else None) or "decimal"
    if start is not None and start.get(f"{_W}val") is not None:
        first = _int(start.get(f"{_W}val"), 1)
    else:
        first = 0 if number_format in _DECIMAL_STARTS_AT_ZERO else 1
    return Level(
        start=first,
        fmt=number_format,
        text=text.get(f"{_W}val", "") if text is not None else f"%{ilvl}.",
        restart=_int(restart.get(f"{_W}val"), -1) if restart is not None else -1,
        legal=lvl.find(f"{_W}isLgl") is not None,
    )


def _letters(count: int, upper: bool) -> str:
    letters = ""
    while count > 0:
        count, remainder = divmod(count - 1, 26)
        letters = chr(ord("a") + remainder) + letters
    return letters.upper() if upper else letters


def _roman(count: int) -> str:
    out = []
    for value, numeral in _ROMAN:
        while count >= value:
            out.append(numeral)
            count -= value
    return "".join(out)


def _ordinal_suffix(count: int) -> str:
    text = str(count)
    return {"1": "st", "2": "nd", "3": "rd"}.get(text[-1], "th")


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
