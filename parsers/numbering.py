"""Word's automatic paragraph numbering, written into the text the way Tika writes it.

``word/numbering.xml`` maps a paragraph's ``numId`` to an abstract definition whose levels give a
start value, a format and a level text such as ``%1.`` or ``%1、``. Counters run per numId; a level
resets the levels below it. Tika writes every counter in Arabic digits, so ``一、`` becomes ``1、``.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from .ooxml import W

_W = f"{{{W}}}"


@dataclass(frozen=True, slots=True)
class Level:
    start: int
    fmt: str
    text: str


class Numbering:
    def __init__(self, root: etree._Element | None) -> None:
        self.levels: dict[str, dict[int, Level]] = {}
        self.starts: dict[tuple[str, int], int] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if root is not None:
            self._load(root)

    def _load(self, root: etree._Element) -> None:
        abstract = {a.get(f"{_W}abstractNumId"): _levels(a) for a in root.iter(f"{_W}abstractNum")}
        for num in root.iter(f"{_W}num"):
            num_id = num.get(f"{_W}numId")
            ref = num.find(f"{_W}abstractNumId")
            if ref is not None:
                self.levels[num_id] = abstract.get(ref.get(f"{_W}val"), {})
            for override in num.iter(f"{_W}lvlOverride"):
                start = override.find(f"{_W}startOverride")
                if start is not None:
                    self.starts[(num_id, int(override.get(f"{_W}ilvl", "0")))] = int(start.get(f"{_W}val"))

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the counter of (num_id, ilvl) and return the level text with Arabic numbers."""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels or num_id == "0":
            return ""
        counters = self.counters.setdefault(num_id, {})
        level = levels[ilvl]
        start = self.starts.get((num_id, ilvl), level.start)
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level.fmt == "none":
            return ""
        text = level.text
        for depth in range(ilvl + 1):
            value = counters.get(depth, self._start(num_id, depth))
            text = text.replace(f"%{depth + 1}", str(value))
        return text

    def _start(self, num_id: str, ilvl: int) -> int:
        level = self.levels[num_id].get(ilvl)
        return self.starts.get((num_id, ilvl), level.start if level else 1)


def _levels(abstract: etree._Element) -> dict[int, Level]:
    levels = {}
    for lvl in abstract.iter(f"{_W}lvl"):
        start, fmt, text = lvl.find(f"{_W}start"), lvl.find(f"{_W}numFmt"), lvl.find(f"{_W}lvlText")
        levels[int(lvl.get(f"{_W}ilvl", "0"))] = Level(
            start=int(start.get(f"{_W}val")) if start is not None else 1,
            fmt=fmt.get(f"{_W}val") if fmt is not None else "decimal",
            text=text.get(f"{_W}val", "") if text is not None else "",
        )
    return levels
