"""A PDF with a text layer (printed from Word, WPS or LibreOffice) → the blocks its .docx gives.

What printing does to a document, and how this undoes it:
- A table is its ruling lines (pdf_grid.py): cells by grid column, merged cells where a border is
  missing; a vertically merged cell's text goes to its first row, its other rows get empty cells,
  as Word's continued cells read.
- Text wraps inside a cell and at the right margin, in the middle of words (``预算规模`` / ``及资金用`` /
  ``途``, ``1303032`` / ``3P00512``): a line that reaches the right edge of its cell (or of the text
  block) continues on the next, with nothing between CJK or code characters and a space between
  Latin words; a shorter line ends a paragraph, which is a line break inside a cell. An indented
  first line, a numbered item or a wider gap also starts a paragraph.
- A table goes on over a page break, often with its header row repeated (dropped again); a row cut
  by the break (``社会效益指`` at the foot of a page, ``标`` at the top of the next) is joined back.
- Page headers, footers and page numbers (``第 3 页 共 12 页``, ``- 3 -``) are furniture.
- Kangxi radicals and CJK compatibility ideographs (``⼀`` for ``一``) are folded to the characters
  they show; no other character is changed.
- There are no bookmarks; positions are pages: ``line`` is the 1-based page of a block.
A PDF without a text layer (a scan), or one whose text layer maps every character to one glyph,
is refused; so is one that needs a password to open (an owner password alone does not stop
reading). Nothing in the file is run: no JavaScript, no links followed.
"""

from __future__ import annotations

import ctypes
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from .blocks import Block, Cell, Document, Paragraph, Row, Table
from .errors import SourceError
from .pdf_grid import Grid, Region, grids, segments_of

MAX_PAGES = 2000
_FURNITURE_ZONE = 0.08  # top and bottom share of the page where headers and footers print
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–]\s*\d+\s*[-—–]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d{1,4})\s*$"
)
_NEW_ITEM = re.compile(
    r"^\s*(?:第[一二三四五六七八九十\d]+部分|[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]"
    r"|\d+[、.．](?!\d)|[①-⑳])"
)
_LATIN = re.compile(r"[A-Za-z]")
_SPACES = " \u3000\xa0"
# Chinese line breaking keeps closing punctuation off a line's start and opening punctuation off its
# end, carrying a character over with it: such a line stops up to two characters short of the edge.
_NO_LINE_START = frozenset("，。、；：？！）》」』】〕’”…—·%,.;:?!)]}")
_NO_LINE_END = frozenset("（《「『【〔‘“([{")
_SENTENCE_END = ("。", "！", "？", "；", ".", "!", "?")
_SPACE_EM = 0.27  # a space is about a quarter em wide; autospace between scripts is narrower
_CELL_PADDING = 5.7  # at most: Word's default cell margin is 5.4 pt, LibreOffice's less


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class Line:
    chars: list[Char]
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    text: str = ""
    page: int = 0

    def close(self) -> Line:
        self.chars.sort(key=lambda c: c.x0)
        self.x0, self.x1 = self.chars[0].x0, max(c.x1 for c in self.chars)
        self.top, self.bottom = min(c.top for c in self.chars), max(c.bottom for c in self.chars)
        self.size = max(c.size for c in self.chars) or (self.bottom - self.top)
        self.text = _line_text(self.chars).rstrip(_SPACES)
        return self


@dataclass
class _TablePart:
    grid: Grid
    page: int
    rows: list[list[Cell]] = field(default_factory=list)
    # How a cell's text ends: 0 closed, 1 its one line reaches the edge, 2 it wrapped and still does.
    open_ends: list[list[int]] = field(default_factory=list)
    xs: list[float] = field(default_factory=list)  # the grid's columns (of all parts, once joined)

    def __post_init__(self) -> None:
        self.xs = list(self.grid.xs)


def read_pdf(data: bytes) -> Document:
    """Read a PDF's pages into blocks."""
    import pypdfium2 as pdfium  # noqa: PLC0415 (pdfium only when a PDF comes)

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        raise _open_error(err) from None
    try:
        if len(pdf) > MAX_PAGES:
            raise SourceError(f"{len(pdf):,} pages is over the cap of {MAX_PAGES:,}", hint="split the file")
        pages = [_read_page(pdf[number], number + 1) for number in range(len(pdf))]
    finally:
        pdf.close()
    _check_text_layer(pages)
    return Document(blocks=tuple(_assemble(pages)), source_format="pdf", encoding=None)


def _open_error(err: Exception) -> SourceError:
    if "password" in str(err).lower():
        return SourceError("password-protected PDF: it needs a password to open", hint="save it without one")
    return SourceError(f"damaged PDF ({err})", hint="download or copy the file again")


# --- one page -------------------------------------------------------------------------------------


@dataclass
class _Page:
    number: int
    width: float
    height: float
    lines: list[Line]  # body lines, outside every table
    tables: list[_TablePart]
    chars: int


def _read_page(page, number: int) -> _Page:
    import pypdfium2.raw as raw  # noqa: PLC0415

    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        chars = _chars(raw, textpage.raw, height)
    finally:
        textpage.close()
    boxes = []
    for obj in page.get_objects():
        if obj.type == raw.FPDF_PAGEOBJ_PATH:
            boxes += _ruling(raw, obj, height)
    tables = [_TablePart(grid, number) for grid in grids(segments_of(boxes))]
    body: list[Char] = []
    for char in chars:
        x, y = (char.x0 + char.x1) / 2, char.middle
        region = next((r for t in tables if (r := t.grid.region_of(x, y)) is not None), None)
        if region is None:
            body.append(char)
        else:
            region.chars.append(char)
    for table in tables:
        _fill(table)
    lines = _lines(body)
    for line in lines:
        line.page = number
    return _Page(number, width, height, lines, tables, len(chars))


def _ruling(raw, obj, height: float) -> list[tuple[float, float, float, float, bool]]:
    """The lines a path draws: a thin shape is one line (Word prints borders as thin filled boxes);
    a stroked outline (a cell's rectangle) gives its straight edges."""
    left, bottom, right, top = obj.get_bounds()
    if min(right - left, top - bottom) <= 2.5:
        return [(left, height - top, right, height - bottom, True)]
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    raw.FPDFPath_GetDrawMode(obj.raw, fill, stroke)
    if not stroke.value:
        return []  # a filled area: shading, not a border
    a, b, c, d, e, f = obj.get_matrix().get()
    x, y = ctypes.c_float(), ctypes.c_float()
    points, edges = [], []
    for index in range(raw.FPDFPath_CountSegments(obj.raw)):
        segment = raw.FPDFPath_GetPathSegment(obj.raw, index)
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        point = (a * x.value + c * y.value + e, height - (b * x.value + d * y.value + f))
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == raw.FPDF_SEGMENT_MOVETO or not points:
            points = [point]
        else:
            edges.append((points[-1], point))
            points.append(point)
        if raw.FPDFPathSegment_GetClose(segment) and len(points) > 1:
            edges.append((points[-1], points[0]))
    return [(min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1]), True) for p, q in edges]


def _chars(raw, textpage, height: float) -> list[Char]:
    count = raw.FPDFText_CountChars(textpage)
    rect = raw.FS_RECTF()
    out = []
    for index in range(count):
        if raw.FPDFText_IsGenerated(textpage, index):  # spaces and line ends pdfium guessed
            continue
        code = raw.FPDFText_GetUnicode(textpage, index)
        if code == 0x02:  # pdfium's mark for a hyphen that ends a line: a printed hyphen here
            code = 0x2D
        if code < 0x20 or 0xD800 <= code <= 0xDFFF:
            continue
        raw.FPDFText_GetLooseCharBox(textpage, index, rect)
        text = _fold(chr(code))
        out.append(
            Char(
                text,
                rect.left,
                rect.right,
                height - rect.top,
                height - rect.bottom,
                raw.FPDFText_GetFontSize(textpage, index),
            )
        )
    return out


def _fold(char: str) -> str:
    """Kangxi radicals, CJK radicals and compatibility ideographs as the characters they show."""
    code = ord(char)
    if 0x2E80 <= code <= 0x2FDF or 0xF900 <= code <= 0xFAFF:
        return unicodedata.normalize("NFKC", char)
    return char


def _lines(chars: list[Char]) -> list[Line]:
    """Characters into lines: those whose middles stand within half a line of each other."""
    lines: list[Line] = []
    for char in sorted(chars, key=lambda c: c.middle):
        if lines and abs(char.middle - lines[-1].chars[-1].middle) <= 0.5 * max(char.size, 1.0):
            lines[-1].chars.append(char)
        else:
            lines.append(Line([char]))
    return [line.close() for line in lines if any(c.text not in _SPACES for c in line.chars)]


def _line_text(chars: list[Char]) -> str:
    """The line's characters; a space where the printer left one's width between them.

    A space printed as a glyph is a space. Word and LibreOffice often print one as a gap instead;
    between Latin and CJK text they also add a narrower gap of their own (autospace), which is not a
    space, and CJK characters stand closer than a space unless spaces were typed (or the line is
    spread out)."""
    out = []
    previous = None
    for char in chars:
        if char.text in _SPACES:
            out.append(char.text if char.text != "\xa0" else " ")
            previous = None
            continue
        if previous is not None:
            size = max(char.size, 1.0)
            gap = char.x0 - previous.x1
            both_cjk = _cjk(previous.text) and _cjk(char.text)
            if gap >= _SPACE_EM * size and (not both_cjk or gap >= 0.9 * size):
                out.append(" ")  # how many were typed, a gap cannot tell: one
        out.append(char.text)
        previous = char
    return "".join(out)


def _cjk(text: str) -> bool:
    return ord(text[0]) >= 0x2E80


def _token_width(line: Line) -> float:
    """The width of a line's first unbreakable run: what had to fit at the end of the line before."""
    chars = [c for c in line.chars if c.text not in _SPACES]
    end = 0
    while end + 1 < len(chars):
        a, b = chars[end].text, chars[end + 1].text
        glued = (
            b in _NO_LINE_START or a in _NO_LINE_END or (a in _NO_LINE_START and b.isascii() and b.isalnum())
        )
        if glued or (a.isascii() and a.isalnum() and b.isascii() and b.isalnum()):
            end += 1
        else:
            break
    return chars[end].x1 - chars[0].x0 if chars else 0.0


def _reaches(line: Line, edge: float, following: Line | None) -> bool:
    """True when ``line`` wrapped: the first run of the next line would not have fitted after it.
    With no next line (the foot of a cell on a page), a line within two characters of the edge."""
    if following is None:
        return line.x1 >= edge - 2.2 * max(line.size, 1.0)
    return line.x1 + _token_width(following) > edge + 0.5


def _join(previous: str, following: str, space_before: bool) -> str:
    """Two wrapped lines of one paragraph: CJK and codes join; Latin words, wrapped where a space
    was, keep one (a long code broken mid-token does not)."""
    if space_before or (_LATIN.match(previous[-1:]) and _LATIN.match(following[:1]) and " " in previous):
        return f"{previous} {following}" if not previous.endswith(" ") else previous + following
    return previous + following


# --- tables ---------------------------------------------------------------------------------------


def _fill(part: _TablePart) -> None:
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
    lines = _lines(region.chars)
    if not lines:
        return "", 0
    left, _, right, _ = grid.bounds(region)
    # Left-aligned text shows the cell's padding; centred text starts further in than that.
    padding = min(max(min(line.x0 for line in lines) - left, 1.0), _CELL_PADDING)
    edge = right - padding
    return _paragraphs(lines, edge, left + padding)


def _paragraphs(lines: list[Line], edge: float, start: float) -> tuple[str, int]:
    out: list[str] = []
    for n, line in enumerate(lines):
        previous = lines[n - 1] if n else None
        if previous is not None and _reaches(previous, edge, line) and not _NEW_ITEM.match(line.text):
            out[-1] = _join(out[-1], line.text, line.chars[0].text in _SPACES)
        else:
            out.append(line.text)
    last = lines[-1]
    if not _reaches(last, edge, None) or last.text.endswith(_SENTENCE_END):
        return "\n".join(out), 0
    return "\n".join(out), 2 if len(lines) > 1 and _reaches(lines[-2], edge, last) else 1


# --- the document -------------------------------------------------------------------------------


def _assemble(pages: list[_Page]) -> list[Block]:
    furniture = _furniture(pages)
    left, right = _text_block(pages, furniture)
    blocks: list[Block] = []
    open_table: _TablePart | None = None
    for page in pages:
        items: list[tuple[float, object]] = [(t.grid.ys[0], t) for t in page.tables]
        items += [(line.top, line) for line in page.lines]
        items.sort(key=lambda item: item[0])
        paragraph: list[Line] = []
        for _, item in items:
            if isinstance(item, Line) and _key(item.text) in furniture and _in_margin(item, page):
                continue
            if isinstance(item, Line):
                if paragraph and _starts_paragraph(paragraph[-1], item, left, right):
                    blocks.append(_paragraph_block(paragraph, len(blocks), right))
                    paragraph = []
                paragraph.append(item)
                open_table = None
                continue
            if paragraph:
                blocks.append(_paragraph_block(paragraph, len(blocks), right))
                paragraph = []
            if (
                open_table is not None
                and not _page_has_text_before(page, item)
                and _continues(open_table, item)
            ):
                _append_part(open_table, item)
                blocks[-1] = _table_block(open_table, blocks[-1].index)
            else:
                open_table = item
                blocks.append(_table_block(item, len(blocks)))
        if paragraph:
            blocks.append(_paragraph_block(paragraph, len(blocks), right))
            open_table = None
    return blocks


def _page_has_text_before(page: _Page, part: _TablePart) -> bool:
    return any(
        line.top < part.grid.ys[0] and not _PAGE_NUMBER.match(line.text)
        for line in page.lines
        if not _in_margin(line, page)
    )


def _continues(previous: _TablePart, part: _TablePart) -> bool:
    """A table at the top of a page goes on from the one that ended the page before, with the same
    outer edges (the rows on each page may use different inner columns)."""
    a, b = previous.xs, part.grid.xs
    return part.page == previous.page + 1 and abs(a[0] - b[0]) <= 3 and abs(a[-1] - b[-1]) <= 3


def _append_part(table: _TablePart, part: _TablePart) -> None:
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
                cell.text = _join(cell.text, more.text, False) if cell.text else more.text
                last_ends[i] = end
        rows, ends = rows[1:], ends[1:]
    elif rows:
        _carry_merged_cells(table, rows[0])
    table.rows += rows
    table.open_ends += ends
    table.page = part.page


def _carry_merged_cells(table: _TablePart, first: list[Cell]) -> None:
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
            cell.text = _join(cell.text, more.text, False)
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


def _cut(table: _TablePart, first: list[Cell]) -> bool:
    """The last row was cut by the page break: a cell's text ran to its edge and goes on in the same
    column on the new page, and no cell that ended on the first page has text on the second (a new
    row would)."""
    pairs = _aligned(table.rows[-1], table.open_ends[-1], first)
    if pairs is None:
        return False
    goes_on = any(open_end and more.text for _, open_end, more in pairs)
    fresh = any(cell.text and more.text and not open_end for cell, open_end, more in pairs)
    return goes_on and not fresh


def _aligned(last: list[Cell], ends: list[bool], first: list[Cell]):
    """(cell, open end, cell below) for cells in the same columns; None where the rows differ."""
    below = {(c.grid_col, c.grid_span): c for c in first}
    if set(below) != {(c.grid_col, c.grid_span) for c in last}:
        return None
    return [(cell, end, below[(cell.grid_col, cell.grid_span)]) for cell, end in zip(last, ends, strict=True)]


def _table_block(part: _TablePart, index: int) -> Table:
    rows = tuple(Row(tuple(cells), line=cells[0].line if cells else part.page) for cells in part.rows)
    return Table(rows, index, line=rows[0].line if rows else part.page)


def _paragraph_block(lines: list[Line], index: int, right: float) -> Paragraph:
    text = lines[0].text
    for line in lines[1:]:
        text = _join(text, line.text, False)
    return Paragraph(text, index, lines[0].page)


def _starts_paragraph(previous: Line, line: Line, left: float, right: float) -> bool:
    size = max(line.size, 1.0)
    if not _reaches(previous, right, line):  # the line before ended short of the margin
        return True
    if line.x0 > left + 0.8 * size:  # an indented first line
        return True
    if line.top - previous.bottom > 0.9 * size:  # more space than between lines of a paragraph
        return True
    return bool(_NEW_ITEM.match(line.text))


def _text_block(pages: list[_Page], furniture: set[str]) -> tuple[float, float]:
    """The body text's left and right edges: where most lines start and where most full lines end
    (a line with hanging punctuation reaches past the margin). With few long lines to tell, the
    right margin mirrors the left one."""
    lines = [line for page in pages for line in page.lines if _key(line.text) not in furniture]
    if not lines:
        return 0.0, 0.0
    left = Counter(round(line.x0) for line in lines).most_common(1)[0][0]
    mirrored = max(page.width for page in pages) - left
    widest = max(line.x1 for line in lines)
    full = Counter(round(line.x1) for line in lines if line.x1 - left > 0.5 * (widest - left))
    right, count = max(full.most_common(), key=lambda item: (item[1], item[0]))
    if count < 3 or right < left + 0.6 * (mirrored - left):
        right = max(right, mirrored)
    return float(left), float(right)


def _furniture(pages: list[_Page]) -> set[str]:
    """Header and footer lines: page numbers, and lines in the margins repeated on several pages."""
    seen: Counter = Counter()
    for page in pages:
        for line in page.lines:
            if _in_margin(line, page):
                seen[_key(line.text)] += 1
    repeated = {key for key, n in seen.items() if n >= 2}
    numbers = {
        _key(line.text)
        for page in pages
        for line in page.lines
        if _in_margin(line, page) and _PAGE_NUMBER.match(line.text)
    }
    return repeated | numbers


def _in_margin(line: Line, page: _Page) -> bool:
    return line.bottom < page.height * _FURNITURE_ZONE or line.top > page.height * (1 - _FURNITURE_ZONE)


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip())


def _check_text_layer(pages: list[_Page]) -> None:
    total = sum(page.chars for page in pages)
    if total == 0:
        raise SourceError(
            "scanned PDF: no text layer", hint="run OCR on it, or find the .docx or a PDF printed from Word"
        )
    texts = Counter(
        c.text
        for page in pages
        for holder in ([*page.lines] + [r for t in page.tables for r in t.grid.regions])
        for c in holder.chars
        if not c.text.isspace()
    )
    most, count = texts.most_common(1)[0]
    if total >= 50 and (count > 0.4 * sum(texts.values()) or len(texts) < 5):
        raise SourceError(
            f"unreadable text layer: '{most}' stands for {count} of {sum(texts.values())} characters "
            "(printed without its CJK font?)",
            hint="print the document to PDF again with its fonts embedded, or give the .docx",
        )
