"""Apache Tika's plain text of a Word file → blocks.

The rules Tika's XHTML-to-text handler follows, which this reader undoes:
- every paragraph ends with a newline; an empty paragraph is an empty line;
- every table cell starts with a TAB; a row ends with an empty line and a table with one more;
- a cell holding several paragraphs continues on the following lines without a TAB; a blank
  paragraph inside a cell is an empty line, like a row end: a line of text right after a row end
  (a table ends with a second empty line) continues the last cell;
- a body paragraph that starts with a TAB looks like a table's first cell. Where a one-cell "table"
  meets text after one empty line, either reading is possible: it stays a cell when a cell line
  follows before the next empty line, else it is read back as paragraphs; a note says so;
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

from ..blocks import Block, Cell, Document, Paragraph, ReadNote, Row, Table
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
    builder = _TableBuilder(lines)
    blocks = _mark_furniture(builder.blocks())
    return Document(
        blocks=tuple(blocks), source_format="tika_text", encoding=encoding, notes=tuple(builder.notes)
    )


def blocks_from_lines(lines: list[str]) -> list[Block]:
    """The blocks of Tika text already split into lines (no furniture marking)."""
    return _TableBuilder(lines).blocks()


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
        self.after_row_end = False  # the last line was the empty line that closed a row
        self.notes: list[ReadNote] = []

    def blocks(self) -> list[Block]:
        # Cell lines are most of a publication: they take the inline path, the rest the methods.
        # (The state the inline path changes lives in locals, handed back before each method call.)
        cells, after_row_end, table_line = self.cells, False, None
        for number, line in enumerate(self.lines, start=1):
            if not line:
                if cells:  # a row ends (one per row: inline too)
                    self.rows.append(Row(tuple(cells), cells[0].line))
                    cells = self.cells = []
                    after_row_end = True
                    continue
            elif line[0] == "\t":
                second = line[1:2]
                if (
                    second != "\t"
                    and (second != "[" or not line.startswith("[bookmark: ", 1))
                    and (cells or not line.startswith("\tComment by "))
                ):
                    if table_line is None:
                        table_line = number
                    cells.append(Cell(line[1:], number))
                    after_row_end = False
                    continue
            self.after_row_end, self.table_line = after_row_end, table_line
            self._feed(line, number)
            cells, after_row_end, table_line = self.cells, self.after_row_end, self.table_line
        self.table_line = table_line
        self._close_row()
        self._close_table()
        return self.out

    def _feed(self, line: str, number: int) -> None:
        after_row_end, self.after_row_end = self.after_row_end, False
        if line[:1] == "\t":
            if line.startswith("\tComment by ") and _COMMENT.match(line) and not self.cells:
                self._close_table()
                self._paragraph(line[1:], number, role="comment")
            else:
                self._cell(line, number)
        elif line == "":
            if self.cells:
                self._close_row()
                self.after_row_end = True
            elif self.rows:
                self._close_table()
            else:
                self._paragraph("", number)
        elif self.cells:
            # A further paragraph of the open cell: Tika writes it without a TAB.
            self.cells[-1].text += f"\n{line}"
        elif after_row_end and self._one_cell() and not self._cell_follows(number):
            self._unwind_tab_paragraph(number)
            self._paragraph(line, number)
        elif after_row_end:
            if self._one_cell():
                self.notes.append(
                    ReadNote(
                        "tab_paragraph_or_cell", self.rows[0].line, _short(self.rows[0]), "read as a cell"
                    )
                )
            # The "row end" was a blank paragraph inside the last cell, which goes on.
            self.cells = list(self.rows.pop().cells)
            self.cells[-1].text += f"\n\n{line}"
        else:
            self._close_table()
            self._paragraph(line, number)

    def _one_cell(self) -> bool:
        return len(self.rows) == 1 and len(self.rows[0].cells) == 1 and not self.nested

    def _cell_follows(self, number: int) -> bool:
        """True when a cell line comes before the next empty line (``number`` is 1-based)."""
        for line in self.lines[number:]:
            if line == "":
                return False
            if line[:1] == "\t":
                return True
        return False

    def _unwind_tab_paragraph(self, number: int) -> None:
        """The open "table" is one TAB-led body paragraph (and what followed it): paragraphs again."""
        (cell,) = self.rows[0].cells
        self.rows, self.table_line = [], None
        first, *rest = cell.text.split("\n")
        start = cell.line or number
        self.out.append(Paragraph(f"\t{first}", len(self.out), start, cell.bookmarks))
        for offset, text in enumerate(rest, start=1):
            self.out.append(Paragraph(text, len(self.out), start + offset))
        self.out.append(Paragraph("", len(self.out), number - 1))
        self.notes.append(ReadNote("tab_paragraph_or_cell", start, first[:60], "read as paragraphs"))

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


def _short(row: Row) -> str:
    return row.cells[0].text.split("\n")[0][:60]


def _mark_furniture(blocks: list[Block]) -> list[Block]:
    """Mark repeated header/footer lines and the trailing list of embedded part names."""
    paragraphs = [b for b in blocks if isinstance(b, Paragraph) and b.role == "body" and not b.is_blank]
    counts = Counter(p.text.strip() for p in paragraphs)
    spread: dict[str, list[int]] = {}
    for position, p in enumerate(paragraphs):
        spread.setdefault(p.text.strip(), []).append(position)
    edges = paragraphs[:_FURNITURE_EDGE] + paragraphs[-_FURNITURE_EDGE:]
    # A header repeats across the document; a title printed twice in a row is the document's own.
    furniture = {
        p.text.strip()
        for p in edges
        if counts[p.text.strip()] > 1
        and len(p.text.strip()) <= _FURNITURE_MAX_CHARS
        and not p.bookmarks
        and spread[p.text.strip()][-1] - spread[p.text.strip()][0] >= counts[p.text.strip()]
    }
    # A line right above a table is that table's (单位：万元 above every table of a publication):
    # repeated, it is still no page header.
    furniture -= _above_tables(blocks)
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


def _above_tables(blocks: list[Block]) -> set[str]:
    """The text of the last non-blank paragraph before each table."""
    found, last = set(), None
    for block in blocks:
        if isinstance(block, Paragraph):
            if not block.is_blank:
                last = block.text.strip()
        else:
            if last is not None:
                found.add(last)
            last = None
    return found


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
