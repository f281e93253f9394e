"""Ruled tables of a PDF page, from its ruling lines alone: grid columns and rows, and the cells that
merge where an inner border is missing.

Word, WPS and LibreOffice print a table's borders as stroked line segments or as thin filled
rectangles. Collinear pieces are joined, pieces that touch form one table, the distinct x of its
vertical lines and y of its horizontal lines make its grid, and two neighbouring grid cells are one
cell where no border runs between them (a 一级指标 label merged down its rows, 预算数 spanning three
columns). Coordinates are PDF points with y growing downwards.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

TOLERANCE = 1.6  # points: borders printed at one place differ by less
_MIN_LENGTH = 4.0  # shorter strokes are glyph parts or dots, not borders


@dataclass(slots=True)
class Segment:
    horizontal: bool
    at: float  # y of a horizontal segment, x of a vertical one
    start: float
    end: float


@dataclass(slots=True)
class Region:
    """A cell: grid rows r0..r1-1 and columns c0..c1-1."""

    r0: int
    r1: int
    c0: int
    c1: int
    chars: list = field(default_factory=list)


@dataclass
class Grid:
    xs: list[float]
    ys: list[float]
    regions: list[Region]
    at: dict[tuple[int, int], Region]
    # Columns with no rule under the last row while others have one: a cell merged down over the
    # page break (its rule is drawn under its last row, on the next page).
    open_foot: frozenset[int] = frozenset()

    @property
    def box(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def region_of(self, x: float, y: float) -> Region | None:
        column = bisect_right(self.xs, x) - 1
        row = bisect_right(self.ys, y) - 1
        if 0 <= column < len(self.xs) - 1 and 0 <= row < len(self.ys) - 1:
            return self.at.get((row, column))
        return None

    def bounds(self, region: Region) -> tuple[float, float, float, float]:
        return self.xs[region.c0], self.ys[region.r0], self.xs[region.c1], self.ys[region.r1]


def segments_of(boxes: list[tuple[float, float, float, float, bool]]) -> list[Segment]:
    """Ruling segments from drawn pieces: (x0, top, x1, bottom, is_line) — a stroked line or a thin box."""
    found = []
    for x0, top, x1, bottom, _ in boxes:
        width, height = x1 - x0, bottom - top
        if height <= 2.5 and width >= _MIN_LENGTH:
            found.append(Segment(True, (top + bottom) / 2, x0, x1))
        elif width <= 2.5 and height >= _MIN_LENGTH:
            found.append(Segment(False, (x0 + x1) / 2, top, bottom))
    return _joined(found)


def _joined(segments: list[Segment]) -> list[Segment]:
    """Collinear pieces that touch or overlap become one segment.

    Pieces are grouped by where they stand first (within the tolerance), then joined along it: two
    tables whose borders stand 0.1 pt apart (one ending where the other begins lower on the page)
    must not swallow each other's pieces."""
    out: list[Segment] = []
    for horizontal in (True, False):
        pieces = sorted((s for s in segments if s.horizontal is horizontal), key=lambda s: s.at)
        lines: list[list[Segment]] = []
        for piece in pieces:
            if lines and piece.at - lines[-1][0].at <= TOLERANCE:
                lines[-1].append(piece)
            else:
                lines.append([piece])
        for line in lines:
            line.sort(key=lambda s: s.start)
            start = len(out)
            for piece in line:
                last = out[-1] if len(out) > start else None
                if last and piece.start <= last.end + TOLERANCE:
                    last.end = max(last.end, piece.end)
                else:
                    out.append(Segment(horizontal, piece.at, piece.start, piece.end))
    return out


def grids(segments: list[Segment]) -> list[Grid]:
    """The tables the segments draw: touching segments, with two or more lines each way."""
    parent = list(range(len(segments)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # (Inline: every horizontal meets every vertical of the page.)
    t = TOLERANCE
    vertical = [
        (i, s.at - t, s.at + t, s.start - t, s.end + t) for i, s in enumerate(segments) if not s.horizontal
    ]
    for h, s in enumerate(segments):
        if not s.horizontal:
            continue
        start, end, at = s.start, s.end, s.at
        for v, low, high, top, bottom in vertical:
            if high >= start and low <= end and top <= at <= bottom:
                parent[find(h)] = find(v)
    groups: dict[int, list[Segment]] = {}
    for i, segment in enumerate(segments):
        groups.setdefault(find(i), []).append(segment)
    found = []
    for members in groups.values():
        hs = [s for s in members if s.horizontal]
        vs = [s for s in members if not s.horizontal]
        if hs and len(vs) >= 2:
            hs += _open_ends(hs, vs)
        if len(hs) >= 2 and len(vs) >= 2:
            found.append(_grid(hs, vs))
    return sorted(found, key=lambda g: g.ys[0])


def _open_ends(hs: list[Segment], vs: list[Segment]) -> list[Segment]:
    """A row cut by a page break is often left open: its cells' borders run down to the page foot
    (or from the page top) with no rule across. The rule they stop at is drawn in, so the row is
    cells, not text outside the table."""
    out = []
    top, bottom = min(h.at for h in hs), max(h.at for h in hs)
    for ends, beyond in (([v.end for v in vs], bottom), ([v.start for v in vs], top)):
        edge = max(ends) if beyond == bottom else min(ends)
        if abs(edge - beyond) <= _MIN_LENGTH:
            continue
        reaching = [v for v, end in zip(vs, ends, strict=True) if abs(end - edge) <= TOLERANCE]
        if len(reaching) >= 2:
            out.append(Segment(True, edge, min(v.at for v in reaching), max(v.at for v in reaching)))
    return out


def _grid(hs: list[Segment], vs: list[Segment]) -> Grid:
    xs = _positions([s.at for s in vs])
    ys = _positions([s.at for s in hs])
    rows, columns = len(ys) - 1, len(xs) - 1
    parent = {(r, c): (r, c) for r in range(rows) for c in range(columns)}

    def find(cell):
        while parent[cell] != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    # The segments that stand at each grid line (asked once per cell border below).
    at_x = [[s for s in vs if abs(s.at - x) <= TOLERANCE] for x in xs]
    at_y = [[s for s in hs if abs(s.at - y) <= TOLERANCE] for y in ys]
    for r in range(rows):
        middle_y = (ys[r] + ys[r + 1]) / 2
        for c in range(columns - 1):
            if not _covered(at_x[c + 1], xs[c + 1], middle_y):
                parent[find((r, c + 1))] = find((r, c))
    for c in range(columns):
        middle_x = (xs[c] + xs[c + 1]) / 2
        for r in range(rows - 1):
            if not _covered(at_y[r + 1], ys[r + 1], middle_x):
                parent[find((r + 1, c))] = find((r, c))
    members: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for cell in parent:
        members.setdefault(find(cell), []).append(cell)
    regions, at = [], {}
    for cells in members.values():
        region = Region(
            min(r for r, _ in cells),
            max(r for r, _ in cells) + 1,
            min(c for _, c in cells),
            max(c for _, c in cells) + 1,
        )
        regions.append(region)
        for cell in cells:
            at[cell] = region
    open_foot = frozenset(
        c for c in range(columns) if not _covered(at_y[-1], ys[-1], (xs[c] + xs[c + 1]) / 2)
    )
    return Grid(xs, ys, regions, at, open_foot)


def _positions(values: list[float]) -> list[float]:
    """Distinct positions: values closer than the tolerance are one (their mean)."""
    clusters: list[list[float]] = []
    for value in sorted(values):
        if clusters and value - clusters[-1][-1] <= TOLERANCE:
            clusters[-1].append(value)
        else:
            clusters.append([value])
    return [sum(c) / len(c) for c in clusters]


def _covered(segments: list[Segment], at: float, point: float) -> bool:
    """True when a segment runs at ``at`` through ``point``: a border between two grid cells."""
    return any(
        abs(s.at - at) <= TOLERANCE and s.start - TOLERANCE <= point <= s.end + TOLERANCE for s in segments
    )
