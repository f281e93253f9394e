"""Word .docx → blocks, the same blocks the Tika text of the same file gives.

The rules, from WordprocessingML and from what Tika writes for it:
- the body's paragraphs and tables, in document order; content controls (``w:sdt``), custom XML,
  hyperlinks, smart tags, simple fields and inserted revisions are looked through; deleted and
  moved-away revisions, field instructions and comments are left out;
- a paragraph's own ``w:bookmarkStart`` names go with it; Word's automatic number is written in front
  (see numbering.py);
- ``w:tab`` is a TAB, ``w:br`` and ``w:cr`` a newline, ``w:sym`` its character, ``w:noBreakHyphen``
  a hyphen;
- a cell's paragraphs are joined with newlines; ``w:gridSpan`` makes one wide cell; a cell continuing
  a vertical merge (``w:vMerge`` without ``restart``) is an empty cell, as Tika writes it;
- a table nested in a cell becomes text of that cell: rows on lines, cells TAB-separated.
Page headers, footers and text boxes are not body text and are not read.
"""

from __future__ import annotations

from lxml import etree

from .blocks import Block, Cell, Document, Paragraph, Row, Table
from .numbering import Numbering
from .ooxml import W, open_package, parse_xml, read_part

_W = f"{{{W}}}"
P, TBL, TR, TC, SDT, SDT_CONTENT = (f"{_W}{n}" for n in ("p", "tbl", "tr", "tc", "sdt", "sdtContent"))
BOOKMARK, T, TAB, BR, CR, SYM = (f"{_W}{n}" for n in ("bookmarkStart", "t", "tab", "br", "cr", "sym"))
NB_HYPHEN, DEL, MOVE_FROM = f"{_W}noBreakHyphen", f"{_W}del", f"{_W}moveFrom"
# Containers whose children are read as if they stood in the parent.
_TRANSPARENT = {
    f"{_W}{n}"
    for n in ("sdt", "sdtContent", "customXml", "ins", "moveTo", "hyperlink", "smartTag", "fldSimple", "r")
}
_TEXT_TAGS = (T, TAB, BR, CR, SYM, NB_HYPHEN)
_SKIPPED = {DEL, MOVE_FROM}


def read_docx(data: bytes) -> Document:
    """Read the body of a .docx into blocks."""
    package = open_package(data)
    root = parse_xml(read_part(package, "word/document.xml"), "word/document.xml")
    numbering_xml = read_part(package, "word/numbering.xml", required=False)
    numbering = Numbering(parse_xml(numbering_xml, "word/numbering.xml") if numbering_xml else None)
    body = root.find(f"{_W}body")
    reader = _BodyReader(numbering)
    if body is not None:
        reader.read(body)
    return Document(blocks=tuple(reader.blocks), source_format="docx", encoding=None)


class _BodyReader:
    def __init__(self, numbering: Numbering) -> None:
        self.numbering = numbering
        self.blocks: list[Block] = []

    def read(self, parent: etree._Element) -> None:
        for child in parent:
            tag = child.tag
            if tag == P:
                text, bookmarks = self._paragraph(child)
                self.blocks.append(Paragraph(text=text, index=len(self.blocks), bookmarks=bookmarks))
            elif tag == TBL:
                self.blocks.append(Table(rows=tuple(self._rows(child)), index=len(self.blocks)))
            elif tag in _TRANSPARENT:
                self.read(child)

    def _paragraph(self, p: etree._Element) -> tuple[str, tuple[str, ...]]:
        bookmarks = tuple(b.get(f"{_W}name", "") for b in p.iterchildren(BOOKMARK))
        return self._number(p) + paragraph_text(p), bookmarks

    def _number(self, p: etree._Element) -> str:
        num_pr = p.find(f"{_W}pPr/{_W}numPr")
        if num_pr is None:
            return ""
        num_id, ilvl = num_pr.find(f"{_W}numId"), num_pr.find(f"{_W}ilvl")
        if num_id is None:
            return ""
        level = int(ilvl.get(f"{_W}val", "0")) if ilvl is not None else 0
        return self.numbering.label(num_id.get(f"{_W}val"), level)

    def _rows(self, tbl: etree._Element) -> list[Row]:
        return [Row(cells=tuple(self._cell(tc) for tc in _cells(tr))) for tr in _children(tbl, TR)]

    def _cell(self, tc: etree._Element) -> Cell:
        props = tc.find(f"{_W}tcPr")
        span, merge = 1, None
        if props is not None:
            grid = props.find(f"{_W}gridSpan")
            span = int(grid.get(f"{_W}val", "1")) if grid is not None else 1
            v_merge = props.find(f"{_W}vMerge")
            if v_merge is not None:
                merge = "restart" if v_merge.get(f"{_W}val") == "restart" else "continue"
        if merge == "continue":
            return Cell(text="", grid_span=span, v_merge="continue")
        lines, bookmarks = [], []
        for child in _children(tc, P, TBL):
            if child.tag == P:
                text, marks = self._paragraph(child)
                lines.append(text)
                bookmarks.extend(marks)
            else:
                lines.append(nested_table_text(child))
        return Cell(text="\n".join(lines), bookmarks=tuple(bookmarks), grid_span=span, v_merge=merge)


def paragraph_text(p: etree._Element) -> str:
    """The visible text of a paragraph: runs in order, revisions resolved, field codes left out."""
    parts = []
    for node in p.iter(*_TEXT_TAGS):
        if _deleted(node, p):
            continue
        tag = node.tag
        if tag == T:
            parts.append(node.text or "")
        elif tag == TAB:
            parts.append("\t")
        elif tag in (BR, CR):
            parts.append("\n")
        elif tag == SYM:
            parts.append(_symbol(node))
        else:
            parts.append("-")
    return "".join(parts)


def nested_table_text(tbl: etree._Element) -> str:
    rows = []
    for tr in _children(tbl, TR):
        cells = ["\n".join(paragraph_text(p) for p in _children(tc, P)) for tc in _cells(tr)]
        rows.append("\t".join(cells))
    return "\n".join(rows)


def _deleted(node: etree._Element, stop: etree._Element) -> bool:
    """True inside w:del or w:moveFrom (deleted text is w:delText, but tabs and breaks are not)."""
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in _SKIPPED:
            return True
        parent = parent.getparent()
    return False


def _symbol(sym: etree._Element) -> str:
    try:
        return chr(int(sym.get(f"{_W}char", ""), 16))
    except ValueError:
        return ""


def _children(parent: etree._Element, *tags: str):
    """Direct children with ``tags``, looking through content controls and custom XML."""
    for child in parent:
        if child.tag in tags:
            yield child
        elif child.tag in (SDT, SDT_CONTENT, f"{_W}customXml"):
            yield from _children(child, *tags)


def _cells(tr: etree._Element):
    return _children(tr, TC)
