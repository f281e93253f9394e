"""Word .docx → blocks, the same blocks the Tika text of the same file gives.

The rules, from WordprocessingML and from what Tika writes for it:
- the body's paragraphs and tables, in document order; content controls (``w:sdt``), custom XML,
  hyperlinks, smart tags, simple fields and inserted revisions are looked through; deleted and
  moved-away revisions, field instructions, tab-stop definitions and the fallback copy of alternate
  content are left out;
- a paragraph's own ``w:bookmarkStart`` names go with it (body-level ones, between paragraphs, mark
  nothing, as in Tika); Word's automatic number is written in front (see numbering.py);
- tracked changes are read as accepted: a deleted row (``w:trPr/w:del``) is gone, a paragraph whose
  mark was deleted (``w:pPr/w:rPr/w:del``) joins the next one, and the ``…PrChange`` elements, which
  hold the *old* properties (an old ``vMerge``, an old ``numPr``), are ignored;
- ``w:tab`` is a TAB, ``w:br`` and ``w:cr`` a newline, ``w:sym`` its character (Symbol-font code
  points such as F0B3 as the Unicode character they show, ≥), ``w:noBreakHyphen`` a hyphen;
- a cell's paragraphs are joined with newlines; ``w:gridSpan`` makes one wide cell; a cell continuing
  a vertical merge (``w:vMerge`` without ``restart``) is an empty cell, as Tika writes it; each cell
  knows its first grid column (``w:gridBefore`` and the spans before it);
- Strict Open XML (ISO 29500 strict namespaces) reads as transitional; the main part is found
  through the package relationships, not by its usual name;
- a table nested in a cell becomes text of that cell: rows on lines, cells TAB-separated.
Page headers, footers, comments and text boxes are not body text and are not read.

Speed: the tree is first prepared in C-level passes (deletions removed, TABs and breaks given their
text), then one ``body.iter(tags…)`` hands Python only the elements that matter, in document order,
to a single loop that keeps its state in local variables (method calls per element cost more than
the XML parse itself).
"""

from __future__ import annotations

from itertools import chain

from lxml import etree

from ..blocks import Block, Cell, Document, Paragraph, Row, Table
from .numbering import Numbering
from .ooxml import W, main_part, open_package, parse_xml, read_part, related_part
from .tika_text import blocks_from_lines

_W = f"{{{W}}}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
BODY, P, TBL, TR, TC, R = (f"{_W}{n}" for n in ("body", "p", "tbl", "tr", "tc", "r"))
T, TAB, BR, CR, SYM, NB_HYPHEN = (f"{_W}{n}" for n in ("t", "tab", "br", "cr", "sym", "noBreakHyphen"))
BOOKMARK, GRID_SPAN, V_MERGE, NUM_PR = (f"{_W}{n}" for n in ("bookmarkStart", "gridSpan", "vMerge", "numPr"))
GRID_BEFORE, PPR, RPR, TRPR, DEL = (f"{_W}{n}" for n in ("gridBefore", "pPr", "rPr", "trPr", "del"))
VAL, NAME, CHAR, FONT = f"{_W}val", f"{_W}name", f"{_W}char", f"{_W}font"
# Tracked property changes: the properties before the change, not those in force.
_PROPERTY_CHANGES = tuple(
    f"{_W}{n}"
    for n in (
        "pPrChange",
        "rPrChange",
        "tcPrChange",
        "trPrChange",
        "tblPrChange",
        "tblPrExChange",
        "tblGridChange",
        "sectPrChange",
        "numberingChange",
    )
)
# Removed before reading: deleted or moved-away text, the fallback twin of alternate content,
# text boxes (their paragraphs would otherwise read as body paragraphs) and field instructions.
_DROPPED = (f"{_W}del", f"{_W}moveFrom", f"{_MC}Fallback", f"{_W}txbxContent", f"{_W}instrText")
_MARKS = (TAB, BR, CR, SYM, NB_HYPHEN)
_TEXT = (T, TAB, BR, CR, SYM, NB_HYPHEN)
_TEXT_SET = frozenset(_TEXT)
_STRUCTURE = frozenset((P, TC, TR, TBL))
_ALL = (P, TBL, TR, TC, BOOKMARK, GRID_SPAN, GRID_BEFORE, V_MERGE, NUM_PR, *_TEXT)
# Word's Symbol font puts its glyphs at F020-F0FF; the ones tables use, as Unicode.
_SYMBOL_FONT = {
    0xB3: "≥",
    0xA3: "≤",
    0xB1: "±",
    0xB4: "×",
    0xB8: "÷",
    0xB9: "≠",
    0xBB: "≈",
    0xB0: "°",
    0xD7: "·",
    0xA5: "∞",
    0xAE: "→",
    0xAC: "←",
    0xAD: "↑",
    0xAF: "↓",
    0xB7: "•",
    0xD6: "√",
    0x2D: "−",
    0xBC: "…",
    0xE6: "(",
    0xF6: ")",
}


def read_docx(data: bytes) -> Document:
    """Read the body of a .docx into blocks."""
    package = open_package(data)
    name = main_part(package)
    root = parse_xml(read_part(package, name), name)
    body = root.find(BODY)
    if body is None:
        return Document(blocks=(), source_format="docx", encoding=None)
    _prepare(body)
    return Document(
        blocks=tuple(_Walker(lambda: _numbering(package, name)).walk(body)),
        source_format="docx",
        encoding=None,
    )


def _numbering(package, main: str) -> Numbering:
    """The numbering part, read only when a paragraph is numbered (Word's templates carry a large one)."""
    name = related_part(package, main, "numbering") or "word/numbering.xml"
    xml = read_part(package, name, required=False)
    return Numbering(parse_xml(xml, name) if xml else None)


def _prepare(body: etree._Element) -> None:
    """Accept tracked changes, drop what is not text, give TABs, breaks and symbols their characters."""
    for element in list(body.iter(*_PROPERTY_CHANGES)):
        element.getparent().remove(element)
    for deleted in list(body.iter(DEL)):
        holder = deleted.getparent()
        if holder.tag == TRPR:  # a deleted row
            row = holder.getparent()
            if row.getparent() is not None:
                row.getparent().remove(row)
        elif holder.tag == RPR and holder.getparent().tag == PPR:  # a deleted paragraph mark
            _join_next(holder.getparent().getparent())
    for element in list(body.iter(*_DROPPED)):
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
    for element in body.iter(*_MARKS):
        tag = element.tag
        if tag == TAB:
            # Only a TAB in a run is text; w:pPr/w:tabs/w:tab defines a tab stop.
            element.text = "\t" if element.getparent().tag == R else ""
        elif tag == SYM:
            element.text = _symbol(element)
        else:
            element.text = "-" if tag == NB_HYPHEN else "\n"


def _join_next(paragraph: etree._Element) -> None:
    """A paragraph whose mark was deleted runs on into the next paragraph, which keeps its own
    properties (its mark is the one that stays)."""
    following = paragraph.getnext()
    if following is None or following.tag != P:
        return
    anchor = following.find(PPR)
    position = 0 if anchor is None else following.index(anchor) + 1
    for child in [c for c in paragraph if c.tag != PPR]:
        following.insert(position, child)
        position += 1
    paragraph.getparent().remove(paragraph)


class _Walker:
    """Turns the elements, met in document order, into blocks: one tight loop, state in locals."""

    def __init__(self, load_numbering) -> None:
        self.load_numbering = load_numbering
        self.numbering: Numbering | None = None

    def walk(self, body: etree._Element) -> list[Block]:  # noqa: C901, PLR0912, PLR0915 (one loop: speed)
        blocks: list[Block] = []
        parts: list[str] = []  # text of the paragraph being read
        marks: list[str] = []  # its bookmarks
        target = None  # BODY: a body paragraph; TC: a line of the open cell
        number = ""
        table = row = cell = skip = None
        rows: list[Row] = []
        cells: list[Cell] = []
        lines: list[str] = []
        cell_marks: list[str] = []
        span, merge, column = 1, None, 0
        nested = False  # the open table holds a table in a cell
        # No helper functions: a call per element costs more than the XML parse, and variables a
        # closure shares are slower to reach. None after the last element ends the body.
        for element in chain(body.iter(*_ALL), (None,)):
            if element is None:
                tag = None
            else:
                if skip is not None:
                    if _inside(element, skip):
                        continue
                    skip = None
                tag = element.tag
                if tag in _TEXT_SET:
                    parts.append(element.text or "")
                    continue
                if tag not in _STRUCTURE:
                    if tag == BOOKMARK:
                        if element.getparent().tag == P:  # between paragraphs Tika writes no bookmark
                            marks.append(element.get(NAME, ""))
                    elif tag == NUM_PR:
                        number = self._number(element)
                    elif tag == GRID_SPAN:
                        span = _count(element.get(VAL), 1)
                    elif tag == GRID_BEFORE:
                        if row is not None and element.getparent().getparent() is row:
                            column = _count(element.get(VAL), 0)
                    else:  # V_MERGE
                        merge = "restart" if element.get(VAL) == "restart" else "continue"
                    continue
            # A paragraph, cell, row or table begins, or the body ends: the open paragraph ends.
            if target is TC:
                lines.append(number + "".join(parts))
                cell_marks += marks
            elif target is BODY:
                blocks.append(Paragraph(number + "".join(parts), len(blocks), None, tuple(marks)))
            if parts or marks or number:
                parts, marks, number = [], [], ""
            target = None
            if tag == TC:
                if row is not None and (element.getparent() is row or _container(element, (TR,)) is row):
                    if cell is not None:
                        text = "" if merge == "continue" else "\n".join(lines)
                        cells.append(Cell(text, None, tuple(cell_marks), span, merge, column))
                        column += span
                    cell, lines, cell_marks, span, merge = element, [], [], 1, None
                continue
            if tag == P:
                parent = element.getparent()
                if cell is not None and parent is cell:  # (most paragraphs: a cell's own)
                    target = TC
                    continue
                container = parent if parent.tag in (TC, BODY) else _container(element)
                if cell is not None and container is cell:
                    target = TC
                    continue
                target = BODY
            elif tag == TR:
                if table is not None and (
                    element.getparent() is table or _container(element, (TBL,)) is table
                ):
                    if row is not None:
                        rows.append(Row(_row_cells(cells, cell, lines, cell_marks, span, merge, column)))
                    row, cell, cells, column = element, None, [], 0
                continue
            elif tag == TBL and cell is not None and _container(element) is cell:
                nested, skip = True, element
                continue
            if table is not None:  # a body paragraph, a table or the end closes the open table
                if row is not None:
                    rows.append(Row(_row_cells(cells, cell, lines, cell_marks, span, merge, column)))
                cell = None
                if nested:
                    blocks.extend(as_tika_reads(table, len(blocks)))
                else:
                    blocks.append(Table(tuple(rows), len(blocks)))
                table, row, rows, cells, nested = None, None, [], [], False
            if tag == TBL:
                table, rows = element, []
        return blocks

    def _number(self, num_pr: etree._Element) -> str:
        """Word's automatic number for the paragraph ``num_pr`` belongs to."""
        num_id, ilvl = num_pr.find(f"{_W}numId"), num_pr.find(f"{_W}ilvl")
        if num_id is None:
            return ""
        if self.numbering is None:
            self.numbering = self.load_numbering()
        return self.numbering.label(num_id.get(VAL, ""), int(ilvl.get(VAL, "0")) if ilvl is not None else 0)


def _row_cells(cells: list[Cell], cell, lines, marks, span: int, merge, column: int) -> tuple[Cell, ...]:
    """The cells of a row that ends, its open ``cell`` (if any) closed: its paragraphs' ``lines``."""
    if cell is not None:
        text = "" if merge == "continue" else "\n".join(lines)
        cells.append(Cell(text, None, tuple(marks), span, merge, column))
    return tuple(cells)


def as_tika_reads(tbl: etree._Element, first_index: int) -> list[Block]:
    """A table holding tables, as the Tika reader reads Tika's text of it.

    Tika writes a nested table's cells on their own TAB-led lines inside the outer cell, and its row
    and table ends as empty lines, which end the outer row and table too: the text no longer says
    which cells were nested. Rendering the table as Tika writes it and reading that text back gives
    the same blocks the Tika text of the file gives. (Automatic numbers inside such tables are not
    written.)
    """
    blocks = blocks_from_lines(_tika_lines(tbl))
    for offset, block in enumerate(blocks):
        block.index, block.line = first_index + offset, None
        for row in block.rows if isinstance(block, Table) else ():
            row.line = None
            for one in row.cells:
                one.line = None
    return blocks


def _tika_lines(tbl: etree._Element) -> list[str]:
    """The lines Tika writes for ``tbl``: TAB before a cell, a line per paragraph, an empty line
    after each row and after the table."""
    out: list[str] = []
    for tr in (r for r in tbl.iter(TR) if _container(r, (TBL,)) is tbl):
        for tc in (c for c in tr.iter(TC) if _container(c, (TR,)) is tr):
            prefix = "\t"
            for child in (e for e in tc.iter(P, TBL) if _owner(e) is tc):
                if child.tag == TBL:
                    nested = _tika_lines(child)
                    out += [prefix + nested[0], *nested[1:]]
                else:
                    out.append(prefix + _tika_paragraph(child))
                prefix = ""
            if prefix:
                out.append(prefix)
        out.append("")
    out.append("")
    return out


def _owner(element: etree._Element) -> etree._Element | None:
    """The cell a paragraph or table belongs to directly (wrappers such as w:sdt looked through)."""
    parent = element.getparent()
    while parent is not None and parent.tag not in (TC, TBL, BODY):
        parent = parent.getparent()
    return parent


def _tika_paragraph(p: etree._Element) -> str:
    marks = "".join(f"[bookmark: {b.get(NAME, '')}]" for b in p.iter(BOOKMARK) if b.getparent() is p)
    return marks + "".join(t.text or "" for t in p.iter(*_TEXT))


def _container(element: etree._Element, stops: tuple[str, ...] = (TC, BODY)) -> etree._Element | None:
    """The nearest ancestor whose tag is in ``stops`` (content controls and wrappers in between)."""
    parent = element.getparent()
    while parent is not None and parent.tag not in stops:
        parent = parent.getparent()
    return parent


def _inside(element: etree._Element, ancestor: etree._Element) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.getparent()
    return False


def _symbol(sym: etree._Element) -> str:
    try:
        code = int(sym.get(CHAR, ""), 16)
    except ValueError:
        return ""
    if 0xF000 <= code <= 0xF0FF and (sym.get(FONT) or "").lower() == "symbol":
        low = code - 0xF000
        if low in _SYMBOL_FONT:
            return _SYMBOL_FONT[low]
        if 0x30 <= low <= 0x39 or low in b" %+=<>/.,:;()[]":  # the same as ASCII in Symbol
            return chr(low)
    return chr(code) if 0 < code < 0x110000 else ""


def _count(value: str | None, default: int) -> int:
    """A span or offset attribute; junk counts as the default rather than failing the file."""
    try:
        return max(int(value), 0) if value is not None else default
    except ValueError:
        return default
