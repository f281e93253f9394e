"""Tables of a PDF, page by page and over page breaks.

A table part is one page's grid (pdf_grid.py) with the text of its cells; consecutive parts join
when a table at the top of a page goes on from the one that ended the page before (the same outer
edges; the rows on each page may use different inner columns, so both are put on one grid). Word's
repeated header row is dropped; a row cut by the break is joined back when a cell's text ran to its
edge and goes on in the same column while every cell that ended on the first page is empty on the
second (a new row would have text there); a cell merged down over the break (the 预算规模及资金用途
label beside the next row's cells) takes back the text printed on the new page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..blocks import Cell, Row, Table
from .pdf_grid import Grid, Region
from .pdf_text import join_lines, lines_of, paragraphs

_NUMBER = re.compile(r"^\s*[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?\s*$")
_ORDINAL = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|\d+[.、．](?!\d)|[(（][一二三四五六七八九十\d]+[)）])"
)
_CELL_PADDING = 5.7  # at most: Word's default cell margin is 5.4 pt, LibreOffice's less


@dataclass
class TablePart:
    grid: Grid
    page: int
    rows: list[list[Cell]] = field(default_factory=list)
    # How a cell's text ends: 0 closed, 1 its one line reaches the edge, 2 it wrapped and still does.
    open_ends: list[list[int]] = field(default_factory=list)
    xs: list[float] = field(default_factory=list)  # the grid's columns (of all parts, once joined)
    joins: list[tuple[int, str]] = field(default_factory=list)  # rows cut by a page break: page, text

    def __post_init__(self) -> None:
        self.xs = list(self.grid.xs)


def fill(part: TablePart) -> None:
    grid = part.grid
    texts = {id(region): _cell_text(grid, region) for region in grid.regions}
    for r in range(len(grid.ys) - 1):
        cells, ends = [], []
        for c in range(len(grid.xs) - 1):
            region = grid.at[(r, c)]
            if region.c0 != c:
                continue
            span = region.c1 - region.c0
            if region.r0 == r:
                text, open_end = texts[id(region)]
                merge = "restart" if region.r1 - region.r0 > 1 else None
            else:
                text, open_end, merge = "", 0, "continue"
            cells.append(Cell(text, part.page, (), span, merge, c))
            ends.append(open_end)
        part.rows.append(cells)
        part.open_ends.append(ends)


def _cell_text(grid: Grid, region: Region) -> tuple[str, int]:
    """The cell's paragraphs joined with line breaks; and how its last line ends (see open_ends)."""
    lines = lines_of(region.chars)
    if not lines:
        return "", 0
    left, _, right, _ = grid.bounds(region)
    # Left-aligned text shows the cell's padding; centred text starts further in than that.
    padding = min(max(min(line.x0 for line in lines) - left, 1.0), _CELL_PADDING)
    edge = right - padding
    return paragraphs(lines, edge, left + padding)


def continues(previous: TablePart, part: TablePart) -> bool:
    """A table at the top of a page goes on from the one that ended the page before, with the same
    outer edges (the rows on each page may use different inner columns)."""
    a, b = previous.xs, part.grid.xs
    return part.page == previous.page + 1 and abs(a[0] - b[0]) <= 3 and abs(a[-1] - b[-1]) <= 3


def append_part(table: TablePart, part: TablePart) -> None:
    columns = _union(table.xs, part.grid.xs)
    _regrid(table.rows, table.xs, columns)
    _regrid(part.rows, part.grid.xs, columns)
    table.xs = columns
    rows, ends = part.rows, part.open_ends
    if rows and [c.text for c in rows[0]] == [c.text for c in table.rows[0]]:  # the header row repeated
        rows, ends = rows[1:], ends[1:]
    if rows and _cut(table, rows[0]):  # the row was cut by the page break
        last_ends = table.open_ends[-1]
        below = {(c.grid_col, c.grid_span): (c, end) for c, end in zip(rows[0], ends[0], strict=True)}
        for i, cell in enumerate(table.rows[-1]):
            more, end = below[(cell.grid_col, cell.grid_span)]
            if more.text:
                cell.text = join_lines(cell.text, more.text, False) if cell.text else more.text
                last_ends[i] = end
        joined = " | ".join(c.text for c in table.rows[-1] if c.text)
        table.joins.append((part.page, joined))
        rows, ends = rows[1:], ends[1:]
    elif rows:
        _carry_merged_cells(table, rows[0])
    table.rows += rows
    table.open_ends += ends
    table.page = part.page


def _carry_merged_cells(table: TablePart, first: list[Cell]) -> None:
    """A cell merged down over the page break (预算规模及资金用 / 途 beside the next row's cells): its
    text on the new page belongs to it. Only where the two rows differ in their columns — rows of the
    same shape are a row cut (above) or two rows."""
    last, ends = table.rows[-1], table.open_ends[-1]
    if {(c.grid_col, c.grid_span) for c in last} == {(c.grid_col, c.grid_span) for c in first}:
        return
    below = {(c.grid_col, c.grid_span): c for c in first}
    for cell, open_end in zip(last, ends, strict=True):
        more = below.get((cell.grid_col, cell.grid_span))
        # Only text that already wrapped on the first page: a one-line label that fills its cell
        # (项目编码) is more likely whole.
        if open_end == 2 and cell.text and more is not None and more.text:
            cell.text = join_lines(cell.text, more.text, False)
            more.text, more.v_merge = "", "continue"


def _union(a: list[float], b: list[float]) -> list[float]:
    merged: list[float] = []
    for x in sorted(a + b):
        if not merged or x - merged[-1] > 3:
            merged.append(x)
    return merged


def _regrid(rows: list[list[Cell]], own: list[float], columns: list[float]) -> None:
    """Give the cells their columns in the joined table's grid."""

    def nearest(x: float) -> int:
        return min(range(len(columns)), key=lambda i: abs(columns[i] - x))

    for cells in rows:
        for cell in cells:
            first = nearest(own[cell.grid_col])
            cell.grid_span = max(1, nearest(own[cell.grid_col + cell.grid_span]) - first)
            cell.grid_col = first


def _cut(table: TablePart, first: list[Cell]) -> bool:
    """The last row was cut by the page break: a cell's text ran to its edge and goes on in the same
    column on the new page, and no cell that ended on the first page has text on the second (a new
    row would)."""
    pairs = _aligned(table.rows[-1], table.open_ends[-1], first)
    if pairs is None:
        return False
    goes_on = any(open_end and more.text and not _NUMBER.match(cell.text) for cell, open_end, more in pairs)
    fresh = any(cell.text and more.text and not open_end for cell, open_end, more in pairs)
    # A number never wraps (a right-aligned amount only seems to reach the edge), and an ordinal
    # (十八、, 3.) or a second amount starts a row of its own.
    numbers = any(cell.text and _NUMBER.match(more.text) for cell, _, more in pairs)
    ordinal = bool(first) and bool(_ORDINAL.match(next((c.text for c in first if c.text), "")))
    return goes_on and not fresh and not numbers and not ordinal


def _aligned(last: list[Cell], ends: list[bool], first: list[Cell]):
    """(cell, open end, cell below) for cells in the same columns; None where the rows differ."""
    below = {(c.grid_col, c.grid_span): c for c in first}
    if set(below) != {(c.grid_col, c.grid_span) for c in last}:
        return None
    return [(cell, end, below[(cell.grid_col, cell.grid_span)]) for cell, end in zip(last, ends, strict=True)]


def table_block(part: TablePart, index: int) -> Table:
    rows = tuple(Row(tuple(cells), line=cells[0].line if cells else part.page) for cells in part.rows)
    return Table(rows, index, line=rows[0].line if rows else part.page)
