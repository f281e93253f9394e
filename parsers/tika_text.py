"""Apache Tika's plain text of a Word file → blocks.

The rules Tika's XHTML-to-text handler follows, which this reader undoes:
- every paragraph ends with a newline; an empty paragraph is an empty line;
- every table cell starts with a TAB; a row ends with an empty line and a table with one more;
- a cell holding several paragraphs continues on the following lines without a TAB;
- a nested table's first cell starts with two TABs;
- ``[bookmark: NAME]`` is written where a bookmark starts, all of a paragraph's bookmarks together
  at its start;
- a reviewer comment is written inline as ``\\tComment by AUTHOR: …`` (it looks like a cell);
- page header and footer lines are repeated at the start, at the end and at every section break;
- the names of embedded parts (``image1.png``) are listed after the body.
Word's automatic numbers are already in the text (``1.2022车辆保险费…``); nothing here adds them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from .blocks import Block, Cell, Document, Paragraph, Row, Table
from .encoding import decode_text

_BOOKMARKS = re.compile(r"^(?:\[bookmark: ([^\]\n]*)\])+")
_ONE_BOOKMARK = re.compile(r"\[bookmark: ([^\]\n]*)\]")
_COMMENT = re.compile(r"^\tComment by [^:\n]{1,80}: ")
_EMBEDDED_PART = re.compile(
    r"^[\w.\-]+\.(?:png|jpe?g|gif|bmp|emf|wmf|tiff?|bin|xlsx?|docx?|pptx?|vsdx?)$", re.IGNORECASE
)
# Header/footer lines are short; a repeated long line is content, not page furniture.
_FURNITURE_MAX_CHARS = 60
_FURNITURE_EDGE = 3


def read_tika_text(data: bytes) -> Document:
    """Decode Tika text and return its blocks."""
    text, encoding = decode_text(data)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    blocks = _mark_furniture(_TableBuilder(lines).blocks())
    return Document(blocks=tuple(blocks), source_format="tika_text", encoding=encoding)


def split_bookmarks(text: str) -> tuple[str, tuple[str, ...]]:
    """Split leading ``[bookmark: NAME]`` markers off ``text``."""
    if not text.startswith("[bookmark: "):
        return text, ()
    match = _BOOKMARKS.match(text)
    if not match:
        return text, ()
    names = tuple(_ONE_BOOKMARK.findall(match.group(0)))
    return text[match.end() :], names


class _TableBuilder:
    """A single pass over the lines; open cell, row and table carry the state."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.out: list[Block] = []
        self.rows: list[Row] = []
        self.cells: list[Cell] = []
        self.table_line: int | None = None
        self.nested = False

    def blocks(self) -> list[Block]:
        # Cell lines are most of a publication: they take the inline path, the rest the methods.
        cells = self.cells
        for number, line in enumerate(self.lines, start=1):
            plain_cell = line[:1] == "\t" and line[1:2] != "\t" and line[1:12] != "[bookmark: "
            if plain_cell and (cells or not line.startswith("\tComment by ")):
                if self.table_line is None:
                    self.table_line = number
                cells.append(Cell(line[1:], number))
                continue
            self._feed(line, number)
            cells = self.cells
        self._close_row()
        self._close_table()
        return self.out

    def _feed(self, line: str, number: int) -> None:
        if line[:1] == "\t":
            if line.startswith("\tComment by ") and _COMMENT.match(line) and not self.cells:
                self._close_table()
                self._paragraph(line[1:], number, role="comment")
            else:
                self._cell(line, number)
        elif line == "":
            if self.cells:
                self._close_row()
            elif self.rows:
                self._close_table()
            else:
                self._paragraph("", number)
        elif self.cells:
            # A further paragraph of the open cell: Tika writes it without a TAB.
            self.cells[-1].text += f"\n{line}"
        else:
            self._close_table()
            self._paragraph(line, number)

    def _cell(self, line: str, number: int) -> None:
        if self.table_line is None:
            self.table_line = number
        content = line[1:]
        if content[:1] == "\t" and not self.cells:
            # Two TABs open a nested table's first cell; its cells join the row they stand in.
            self.nested = True
            content = content.lstrip("\t")
        if content[:11] == "[bookmark: ":
            content, bookmarks = split_bookmarks(content)
            self.cells.append(Cell(content, number, bookmarks))
        else:
            self.cells.append(Cell(content, number))

    def _close_row(self) -> None:
        if self.cells:
            self.rows.append(Row(cells=tuple(self.cells), line=self.cells[0].line))
            self.cells = []

    def _close_table(self) -> None:
        self._close_row()
        if self.rows:
            self.out.append(
                Table(rows=tuple(self.rows), index=len(self.out), line=self.table_line, nested=self.nested)
            )
        self.rows, self.table_line, self.nested = [], None, False

    def _paragraph(self, line: str, number: int, role: str = "body") -> None:
        text, bookmarks = split_bookmarks(line)
        self.out.append(
            Paragraph(text=text, index=len(self.out), line=number, bookmarks=bookmarks, role=role)
        )


def _mark_furniture(blocks: list[Block]) -> list[Block]:
    """Mark repeated header/footer lines and the trailing list of embedded part names."""
    paragraphs = [b for b in blocks if isinstance(b, Paragraph) and b.role == "body" and not b.is_blank]
    counts = Counter(p.text.strip() for p in paragraphs)
    edges = paragraphs[:_FURNITURE_EDGE] + paragraphs[-_FURNITURE_EDGE:]
    furniture = {
        p.text.strip()
        for p in edges
        if counts[p.text.strip()] > 1 and len(p.text.strip()) <= _FURNITURE_MAX_CHARS and not p.bookmarks
    }
    trailing_parts = _trailing_embedded(blocks)
    marked: list[Block] = []
    for position, block in enumerate(blocks):
        if isinstance(block, Paragraph) and block.role == "body":
            if position in trailing_parts:
                block = replace(block, role="embedded")
            elif block.text.strip() in furniture:
                block = replace(block, role="furniture")
        marked.append(block)
    return marked


def _trailing_embedded(blocks: list[Block]) -> set[int]:
    positions: set[int] = set()
    for position in range(len(blocks) - 1, -1, -1):
        block = blocks[position]
        if not isinstance(block, Paragraph):
            break
        if block.is_blank:
            continue
        if not _EMBEDDED_PART.match(block.text.strip()):
            break
        positions.add(position)
    return positions
