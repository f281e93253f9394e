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
pdf_text.py holds the characters and lines, pdf_tables.py the tables over pages, pdf_grid.py the
geometry of ruling lines.
A PDF without a text layer (a scan), or one whose text layer maps every character to one glyph,
is refused; so is one that needs a password to open (an owner password alone does not stop
reading). Nothing in the file is run: no JavaScript, no links followed.
"""

from __future__ import annotations

import ctypes
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass

from ..blocks import Block, Document, Paragraph, ReadNote
from ..errors import SourceError
from .pdf_calls import address, calls
from .pdf_grid import Grid, grids, segments_of
from .pdf_tables import TablePart, append_part, continues, fill, table_block
from .pdf_text import NEW_ITEM, Char, Line, join_lines, lines_of, page_chars, placement, reaches

MAX_PAGES = 2000
# A table's title: it ends in 表 and holds no sentence (河北省…绩效目标表, 项目支出绩效目标申报表).
_TITLE = re.compile(r"^[^，。；：,;:]*表\s*$")
_FURNITURE_ZONE = 0.08  # top and bottom share of the page where headers and footers print
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–]\s*\d+\s*[-—–]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d{1,4})\s*$"
)


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
    joins: list[ReadNote] = []
    blocks = tuple(_assemble(pages, joins))
    return Document(blocks=blocks, source_format="pdf", encoding=None, notes=tuple(joins))


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
    tables: list[TablePart]
    glyphs: Counter  # the characters on the page, spaces aside (to tell a text layer of junk)


def _read_page(page, number: int) -> _Page:
    import pypdfium2.raw as raw  # noqa: PLC0415

    width, height = page.get_size()  # as shown: a page turned by /Rotate 90 is landscape
    rotation = page.get_rotation() % 360
    unrotated = (height, width) if rotation in (90, 270) else (width, height)
    place = placement(rotation, *unrotated)
    textpage = page.get_textpage()
    try:
        chars = page_chars(raw, textpage.raw, rotation, *unrotated)
    finally:
        textpage.close()
    boxes = []
    for obj in _paths(raw, address(page.raw)):
        boxes += _ruling(raw, obj, place)
    tables = [TablePart(grid, number) for grid in grids(segments_of(boxes))]
    body = _into_cells(chars, [t.grid for t in tables]) if tables else chars
    for table in tables:
        fill(table)
    lines = lines_of(body)
    for line in lines:
        line.page = number
    glyphs = Counter("".join([c.text for c in chars]))
    for space in [g for g in glyphs if g.isspace()]:
        del glyphs[space]
    return _Page(number, width, height, lines, tables, glyphs)


def _into_cells(chars: list[Char], grids: list[Grid]) -> list[Char]:
    """Each character into the cell of a table that holds its centre; the others, the page's body.
    (Inline bisection: this runs for every character of every table.)"""
    body: list[Char] = []
    tables = []
    for g in grids:  # each grid's regions as rows of columns: indexing, not hashing, per character
        rows, columns = len(g.ys) - 1, len(g.xs) - 1
        regions = [[g.at.get((r, c)) for c in range(columns)] for r in range(rows)]
        tables.append((g.xs, g.ys, g.xs[0], g.ys[0], g.xs[-1], g.ys[-1], columns, rows, regions))
    for char in chars:
        x, y = (char.x0 + char.x1) / 2, char.middle
        region = None
        for xs, ys, left, top, right, bottom, columns, rows, regions in tables:
            if left <= x <= right and top <= y <= bottom:
                column, row = bisect_right(xs, x) - 1, bisect_right(ys, y) - 1
                if column < columns and row < rows and (region := regions[row][column]) is not None:
                    break
        if region is None:
            body.append(char)
        else:
            region.chars.append(char)
    return body


def _paths(raw, parent: int, depth: int = 0, form: bool = False):
    """The path objects of a page (``parent``: its address), and of the Form XObjects on it (up to
    15 deep), as raw handles: the other objects (most of them: text) are never wrapped."""
    call = calls(raw)
    count = (call.count_form_objects if form else call.count_page_objects)(parent)
    get, kind_of, path, form_kind = (
        call.form_object if form else call.page_object,
        call.object_type,
        raw.FPDF_PAGEOBJ_PATH,
        raw.FPDF_PAGEOBJ_FORM,
    )
    for index in range(max(count, 0)):
        obj = get(parent, index)
        kind = kind_of(obj)
        if kind == path:
            yield ctypes.cast(obj, raw.FPDF_PAGEOBJECT)
        elif kind == form_kind and depth < 15:
            yield from _paths(raw, obj, depth + 1, form=True)


def _ruling(raw, obj, place) -> list[tuple[float, float, float, float, bool]]:
    """The lines a path draws, as shown: a thin shape is one line (Word prints borders as thin
    filled boxes); a stroked outline (a cell's rectangle) gives its straight edges."""
    edge = [ctypes.c_float() for _ in range(4)]
    if not raw.FPDFPageObj_GetBounds(obj, *edge):
        return []
    left, bottom, right, top = (v.value for v in edge)
    if min(right - left, top - bottom) <= 2.5:
        x0, x1, y0, y1 = place(left, bottom, right, top)
        return [(x0, y0, x1, y1, True)]
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    raw.FPDFPath_GetDrawMode(obj, fill, stroke)
    if not stroke.value:
        return []  # a filled area: shading, not a border
    matrix = raw.FS_MATRIX()
    raw.FPDFPageObj_GetMatrix(obj, matrix)
    a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
    x, y = ctypes.c_float(), ctypes.c_float()
    points, edges = [], []
    for index in range(raw.FPDFPath_CountSegments(obj)):
        segment = raw.FPDFPath_GetPathSegment(obj, index)
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        px, py = a * x.value + c * y.value + e, b * x.value + d * y.value + f
        x0, _, y0, _ = place(px, py, px, py)
        point = (x0, y0)
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == raw.FPDF_SEGMENT_MOVETO or not points:
            points = [point]
        else:
            edges.append((points[-1], point))
            points.append(point)
        if raw.FPDFPathSegment_GetClose(segment) and len(points) > 1:
            edges.append((points[-1], points[0]))
    return [(min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1]), True) for p, q in edges]


# --- the document -------------------------------------------------------------------------------


def _assemble(pages: list[_Page], joins: list[ReadNote]) -> list[Block]:
    furniture = _furniture(pages)
    left, right = _text_block(pages, furniture)
    blocks: list[Block] = []
    open_table: TablePart | None = None
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
                and continues(open_table, item)
            ):
                append_part(open_table, item)
                blocks[-1] = table_block(open_table, blocks[-1].index)
                joins += [
                    ReadNote("pdf_row_joined", page, text, "a row cut by the page break, joined")
                    for page, text in open_table.joins
                ]
                open_table.joins.clear()
            else:
                open_table = item
                blocks.append(table_block(item, len(blocks)))
        if paragraph:
            blocks.append(_paragraph_block(paragraph, len(blocks), right))
            open_table = None
    return blocks


def _page_has_text_before(page: _Page, part: TablePart) -> bool:
    return any(
        line.top < part.grid.ys[0] and not _PAGE_NUMBER.match(line.text)
        for line in page.lines
        if not _in_margin(line, page)
    )


def _paragraph_block(lines: list[Line], index: int, right: float) -> Paragraph:
    text = lines[0].text
    for line in lines[1:]:
        text = join_lines(text, line.text, False)
    return Paragraph(text, index, lines[0].page)


def _starts_paragraph(previous: Line, line: Line, left: float, right: float) -> bool:
    size = max(line.size, 1.0)
    if not reaches(previous, right, line):  # the line before ended short of the margin
        return True
    if line.x0 > left + 0.8 * size:  # an indented first line
        return True
    if line.top - previous.bottom > 0.9 * size:  # more space than between lines of a paragraph
        return True
    # Two titles one under the other, the first filling the line (left-aligned, it seems to wrap).
    if _TITLE.match(previous.text) and _TITLE.match(line.text):
        return True
    return bool(NEW_ITEM.match(line.text))


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
    # Repeated at the same height: a project title that falls into the bottom margin on two pages
    # (a publication can hold two projects of one name) is not a footer,
    seen: Counter = Counter()
    for page in pages:
        for line in page.lines:
            if _in_margin(line, page):
                seen[(_key(line.text), round(line.top / 3))] += 1
    # and on a good share of the pages, as headers and footers are.
    repeated = {key for (key, _), n in seen.items() if n >= max(2, 0.3 * len(pages))}
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
    texts: Counter = Counter()
    for page in pages:
        texts.update(page.glyphs)
    total = sum(texts.values())
    if total == 0:
        raise SourceError(
            "scanned PDF: no text layer", hint="run OCR on it, or find the .docx or a PDF printed from Word"
        )
    most, count = texts.most_common(1)[0]
    if total >= 50 and (count > 0.4 * sum(texts.values()) or len(texts) < 5):
        raise SourceError(
            f"unreadable text layer: '{most}' stands for {count} of {sum(texts.values())} characters "
            "(printed without its CJK font?)",
            hint="print the document to PDF again with its fonts embedded, or give the .docx",
        )
