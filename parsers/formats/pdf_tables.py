"""Tables of a PDF, page by page and over page breaks.

A table part is one page's grid (pdf_grid.py) with the text of its cells; consecutive parts join
when a table at the top of a page goes on from the one that ended the page before (the same outer
edges; the rows on each page may use different inner columns, so both are put on one grid). Word's
repeated header row is dropped; a row cut by the break is joined back when a cell's text ran to its
edge and goes on in the same column while every cell that ended on the first page is empty on the
second (a new row would have text there); a cell merged down over the break, left open at the page
foot where its row's other cells are closed, takes back the text printed in its column on the new
page. A label that merely fills its cell at the foot of a page is whole: the next page's label is
the next row's (项目名称 / 主管部门).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from ..blocks import Cell, Row, Table
from .pdf_grid import Grid, Region
from .pdf_text import join_lines, lines_of, paragraphs, token_width

_NUMBER = re.compile(r"^\s*[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?\s*$")
_ORDINAL = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|\d+[.、．](?!\d)|[(（][一二三四五六七八九十\d]+[)）])"
)
# What a number wrapped after it can end with: a decimal point, or a range's or ratio's sign (90%-).
_CONNECTORS = frozenset(".-~～—–至/≥≤><=≧≦＞＜")  # (≥ / 90%: a comparator goes on in its number)
_CELL_PADDING = 5.7  # at most: Word's default cell margin is 5.4 pt, LibreOffice's less


@dataclass(slots=True)
class Shape:
    """Where a cell's text stands: how its last line ends (0 closed, 1 its one line reaches the
    edge, 2 it wrapped and still does), how low, the room left after it in the cell, and the width
    of the first line's first unbreakable run (what had to fit in the room of the cell above for
    the two to be one cell cut by a page break)."""

    end: int = 0
    low: float = 0.0
    room: float = 0.0
    head: float = 0.0
    size: float = 0.0  # of the last line: lines of one row stand a whole line apart or level
    open_foot: bool = False  # no rule under it at the foot of its page, where other cells have one


EMPTY = Shape()  # shared: never changed in place


@dataclass
class TablePart:
    grid: Grid
    page: int
    rows: list[list[Cell]] = field(default_factory=list)
    shapes: list[list[Shape]] = field(default_factory=list)  # where each cell's text starts and ends
    xs: list[float] = field(default_factory=list)  # the grid's columns (of all parts, once joined)
    joins: list[tuple[int, str]] = field(default_factory=list)  # rows cut by a page break: page, text

    def __post_init__(self) -> None:
        self.xs = list(self.grid.xs)


def fill(part: TablePart) -> None:
    grid = part.grid
    texts = {id(region): _cell_text(grid, region) for region in grid.regions}
    if grid.open_foot:
        foot = len(grid.ys) - 1
        for region in grid.regions:
            text, shape = texts[id(region)]
            if text and region.r1 == foot and grid.open_foot.issuperset(range(region.c0, region.c1)):
                texts[id(region)] = text, replace(shape, open_foot=True)
    for r in range(len(grid.ys) - 1):
        cells, shapes = [], []
        for c in range(len(grid.xs) - 1):
            region = grid.at[(r, c)]
            if region.c0 != c:
                continue
            span = region.c1 - region.c0
            if region.r0 == r:
                text, shape = texts[id(region)]
                merge = "restart" if region.r1 - region.r0 > 1 else None
            else:
                text, shape, merge = "", EMPTY, "continue"
            cells.append(Cell(text, part.page, (), span, merge, c))
            shapes.append(shape)
        part.rows.append(cells)
        part.shapes.append(shapes)


def _cell_text(grid: Grid, region: Region) -> tuple[str, Shape]:
    """The cell's paragraphs joined with line breaks, and where its text stands."""
    lines = lines_of(region.chars)
    if not lines:
        return "", EMPTY
    left, _, right, _ = grid.bounds(region)
    # Left-aligned text shows the cell's padding; centred text starts further in than that.
    padding = min(max(min(line.x0 for line in lines) - left, 1.0), _CELL_PADDING)
    edge = right - padding
    text, open_end = paragraphs(lines, edge, left + padding)
    if open_end and _NUMBER.match(text):
        # A right-aligned or centred amount only seems to reach the edge; a left-aligned number
        # wraps like text (a code, 7010 / 02…; 500 / 元/人).
        last = lines[-1]
        if last.x0 - left > _CELL_PADDING + 0.5:
            open_end = 0
    last = lines[-1]
    return text, Shape(open_end, last.bottom, edge - last.x1, token_width(lines[0]), last.size)


def continues(previous: TablePart, part: TablePart) -> bool:
    """A table at the top of a page goes on from the one that ended the page before, with the same
    outer edges (the rows on each page may use different inner columns)."""
    a, b = previous.xs, part.grid.xs
    if not (part.page == previous.page + 1 and abs(a[0] - b[0]) <= 3 and abs(a[-1] - b[-1]) <= 3):
        return False
    # The first row's inner cell edges stand on the table's columns (most of them, or most of the
    # columns the table showed so far: a row of the same table may use columns the rows above did
    # not): a table of other columns that happens to start the page (the indicator table after
    # the goal table) is a table of its own.
    first = part.rows[0] if part.rows else []
    edges = sorted({b[c.grid_col + c.grid_span] for c in first[:-1]})
    inner = a[1:-1]
    if not edges or not inner:
        return True
    on_columns = sum(any(abs(x - y) <= 3 for y in inner) for x in edges)
    columns_met = sum(any(abs(x - y) <= 3 for x in edges) for y in inner)
    return 2 * on_columns > len(edges) or 2 * columns_met > len(inner)


def append_part(table: TablePart, part: TablePart) -> None:
    columns = _union(table.xs, part.grid.xs)
    _regrid(table.rows, table.xs, columns)
    _regrid(part.rows, part.grid.xs, columns)
    table.xs = columns
    rows, shapes = part.rows, part.shapes
    if rows and [c.text for c in rows[0]] == [c.text for c in table.rows[0]]:  # the header row repeated
        rows, shapes = rows[1:], shapes[1:]
    if rows and _cut(table, rows[0], shapes[0]):  # the row was cut by the page break
        below = {(c.grid_col, c.grid_span): (c, shape) for c, shape in zip(rows[0], shapes[0], strict=True)}
        for cell, (r, i) in zip(table.rows[-1], _owners(table), strict=True):
            more, shape = below[(cell.grid_col, cell.grid_span)]
            if more.text:
                owner = table.rows[r][i]
                owner.text = join_lines(owner.text, more.text, False) if owner.text else more.text
                table.shapes[r][i] = replace(table.shapes[r][i], end=shape.end)
        joined = " | ".join(c.text for c in table.rows[-1] if c.text)
        table.joins.append((part.page, joined))
        rows, shapes = rows[1:], shapes[1:]
    elif rows:
        _carry_open_cells(table, rows[0])
    table.rows += rows
    table.shapes += shapes
    table.page = part.page


def _carry_open_cells(table: TablePart, first: list[Cell]) -> None:
    """A cell left open at the page foot, where its row's other cells are closed, is merged down
    over the break (社会公众或服务对象 / 满意度指标 beside two whole rows): the text in its column on the
    new page is its own, and that cell continues it."""
    owners = _owners(table)
    shapes = [table.shapes[r][i] for r, i in owners]
    if not any(s.open_foot for s in shapes) or all(s.open_foot or s is EMPTY for s in shapes):
        return
    below = {(c.grid_col, c.grid_span): c for c in first}
    for cell, (r, i), shape in zip(table.rows[-1], owners, shapes, strict=True):
        more = below.get((cell.grid_col, cell.grid_span))
        if shape.open_foot and more is not None and more.text and not _NUMBER.match(more.text):
            owner = table.rows[r][i]
            owner.text = join_lines(owner.text, more.text, False)
            more.text, more.v_merge = "", "continue"


def _union(a: list[float], b: list[float]) -> list[float]:
    merged: list[float] = []
    for x in sorted(a + b):
        if not merged or x - merged[-1] > 3:
            merged.append(x)
    return merged


def _regrid(rows: list[list[Cell]], own: list[float], columns: list[float]) -> None:
    """Give the cells their columns in the joined table's grid (nothing to do where the grids are
    one: a long table's rows are not walked again for every page)."""
    if own == columns:
        return
    # Each of the old grid's positions → the nearest column of the new grid.
    to = []
    for x in own:
        i = bisect_left(columns, x)
        to.append(i if i == 0 or (i < len(columns) and columns[i] - x < x - columns[i - 1]) else i - 1)
    for cells in rows:
        for cell in cells:
            first = to[cell.grid_col]
            cell.grid_span = max(1, to[cell.grid_col + cell.grid_span] - first)
            cell.grid_col = first


def _cut(table: TablePart, first: list[Cell], first_shapes: list[Shape]) -> bool:
    """The last row was cut by the page break: a cell's text ran to its edge and goes on in the same
    column on the new page, and no cell that ended on the first page has text on the second (a new
    row would). The page cuts every cell at one height, so a cell whose text ended above the row's
    lowest text was whole: text below it starts a new row. A cell merged down into the last row
    (预算规模及资金用 beside two rows) goes on like the last row's own cells.

    Where some cell finished on the first page (text above, nothing below, not in the first column)
    the row was cut and the others' lines need only reach near their edge (a line may stop short where it broke at a space:
    其中：财政 / 资金). Where every cell goes on, two whole rows of one-line cells look the same: each
    first word below must not have fitted after the line above."""
    below = {(c.grid_col, c.grid_span): (c, shape) for c, shape in zip(first, first_shapes, strict=True)}
    last = table.rows[-1]
    if set(below) != {(c.grid_col, c.grid_span) for c in last}:
        return False
    seams = []
    for c, (r, i) in zip(last, _owners(table), strict=True):
        more, head = below[(c.grid_col, c.grid_span)]
        shape, text = table.shapes[r][i], table.rows[r][i].text
        full = shape.end and (
            _no_room(shape, head)
            or (_spelled_down(text) and _spelled_down(more.text, 1))
            or _unit_after_number(text, more.text)
        )
        # Text that ended a whole line above the row's lowest text was whole; lines of one row
        # stand level or a line apart, a merged cell's keep a pitch of their own (within a line).
        seams.append(
            _Seam(
                text,
                more.text,
                shape.end,
                bool(full),
                shape.low,
                shape.low + 0.8 * shape.size,
                r < len(table.rows) - 1,
            )
        )
    # A cell that finished (text above, none below) outside the first column: empty cells below
    # the first column's label are that label merged down (产出指标 over its indicators).
    finished = any(s.above and not s.below for s in seams[1:])
    # A row cut for sure (a cell finished, one of its own went on without room for the next word):
    # a label merged down into it goes on below however its text stood (printed in the middle of
    # the rows it is merged over, the break between its lines: 项目效益 / 指标).
    cut_for_sure = finished and any(s.goes_on and s.below and not s.merged for s in seams)
    # (the row's own lowest text: a cell merged down into it from above stands at its own height,
    # the middle of all the rows it spans, as often below this row's text as not)
    own = [s.low for s in seams if not s.merged]
    bottom = max(own or [s.low for s in seams], default=0.0)

    def ends_open(s: _Seam) -> bool:  # where a cell finished, reaching near the edge is enough
        return bool(s.end) if finished else s.goes_on

    # A cell that says again what the cell above said (年度工作计划 under 年度工作计划), or says
    # the like (社会效益指标 under 生态效益指标: items of one kind end alike), is a new row's.
    fresh = any(
        s.above
        and s.below
        and (
            (s.above == s.below and len(s.above) > 1)
            or _alike(s.above, s.below)
            or (not (s.merged and cut_for_sure) and (not ends_open(s) or s.reach < bottom))
        )
        for s in seams
    )
    # An amount never continues text, nor a complete amount (59.00 / 59.00: two rows, the first
    # right-aligned); only a token cut at the cell's edge (6130022 / 093, 206.0 / 0, 90%- / 100%)
    # goes on in digits. An ordinal (十八、, 3.) starts a row of its own.
    numbers = any(
        s.above
        and _NUMBER.match(s.below)
        and (not ends_open(s) or not (s.above[-1].isalnum() or s.above[-1] in _CONNECTORS))
        for s in seams
    )
    goes_on = any(ends_open(s) and s.below for s in seams)
    ordinal = bool(_ORDINAL.match(next((c.text for c in first if c.text), "")))
    return goes_on and not fresh and not numbers and not ordinal


_ENDS_IN_DIGIT = re.compile(r"\d\s*$")
_UNIT_ALONE = re.compile(r"^(?:%|‰|[^\W\d_]{1,4}(?:/[^\W\d_]{1,3})?)$")


class _Seam(NamedTuple):
    """One column where the page broke: the text above and below, and how the text above ended."""

    above: str
    below: str
    end: int  # see Shape.end
    goes_on: bool  # it reached the edge and the first word below would not have fitted
    low: float
    reach: float  # how low a line of the same row could stand
    merged: bool  # merged down into the last row from a row above


def _alike(above: str, below: str) -> bool:
    """Two texts of one kind: both of four characters or more, ending in the same two CJK
    characters (a word: codes and amounts end alike by chance)."""
    a, b = "".join(above.split()), "".join(below.split())
    return len(a) >= 4 and len(b) >= 4 and a[-2:] == b[-2:] and all(ord(c) >= 0x2E80 for c in a[-2:])


def _unit_after_number(above: str, below: str) -> bool:
    """A number ending the line above and its unit alone below (3000 / 平方米, 95 / %): one target
    the writer wrapped between them, whatever room the measure of the unit's first character left."""
    return bool(_ENDS_IN_DIGIT.search(above)) and bool(_UNIT_ALONE.match(below.strip()))


def _spelled_down(text: str, lines: int = 2) -> bool:
    """A label printed a character to a line (总 / 体 / 目 in a narrow column): its width says
    nothing of where it was cut."""
    parts = text.split("\n")
    return len(parts) >= lines and all(len(part.strip()) == 1 for part in parts)


def _no_room(above: Shape, below: Shape) -> bool:
    """The first run of the text below would not have fitted after the last line above."""
    return below.head > above.room - 0.5


def _owners(table: TablePart) -> list[tuple[int, int]]:
    """(row, index) of the cell that holds the text of each cell of the last row: itself, or the
    first cell of the merge it continues."""
    out = []
    for i, cell in enumerate(table.rows[-1]):
        r, j = len(table.rows) - 1, i
        while r > 0 and table.rows[r][j].v_merge == "continue":
            above = next(
                (
                    n
                    for n, c in enumerate(table.rows[r - 1])
                    if (c.grid_col, c.grid_span) == (cell.grid_col, cell.grid_span)
                ),
                None,
            )
            if above is None:
                break
            r, j = r - 1, above
        out.append((r, j))
    return out


def table_block(part: TablePart, index: int) -> Table:
    rows = tuple(Row(tuple(cells), line=cells[0].line if cells else part.page) for cells in part.rows)
    return Table(rows, index, line=rows[0].line if rows else part.page)
