"""The neutral block stream every format reader produces and the domain parser consumes.

A reader turns a file into ``Paragraph`` and ``Table`` blocks in document order. Positions point back
into the source: ``line`` (1-based) for text forms, ``index`` (block ordinal) everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# body: ordinary text; furniture: a page header/footer line repeated by the extractor;
# comment: a reviewer comment; embedded: the name of an embedded part listed after the body.
Role = Literal["body", "furniture", "comment", "embedded"]


# Blocks are plain slotted dataclasses, not frozen ones: readers build thousands per document and a
# frozen __init__ costs several times more. Treat them as read-only all the same.
@dataclass(slots=True)
class Paragraph:
    text: str
    index: int
    line: int | None = None
    bookmarks: tuple[str, ...] = ()
    role: Role = "body"

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()


@dataclass(slots=True)
class Cell:
    """One cell; a cell continuing a vertical merge is empty, as Tika writes it.

    ``grid_col`` is the cell's first column in the table grid (0-based, after the row's
    ``gridBefore`` and the spans of the cells before it); None where the format does not say
    (Tika text), so that a parser must place a short row by its content.
    """

    text: str
    line: int | None = None
    bookmarks: tuple[str, ...] = ()
    grid_span: int = 1
    v_merge: Literal["restart", "continue"] | None = None
    grid_col: int | None = None


@dataclass(slots=True)
class Row:
    cells: tuple[Cell, ...]
    line: int | None = None
    texts: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.texts = tuple([cell.text for cell in self.cells])


@dataclass(slots=True)
class Table:
    rows: tuple[Row, ...]
    index: int
    line: int | None = None
    nested: bool = False


Block = Paragraph | Table


@dataclass(frozen=True, slots=True)
class ReadNote:
    """Something a reader had to decide where the format left it open; the pipeline reports it."""

    code: str
    line: int | None
    text: str  # the text concerned, as written
    detail: str = ""  # how the reader decided


@dataclass(slots=True)
class Document:
    """What a reader saw in one file."""

    blocks: tuple[Block, ...]
    source_format: str
    encoding: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    notes: tuple[ReadNote, ...] = ()
