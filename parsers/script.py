"""Publications printed in traditional characters (項目名稱 | 一級指標 | 指標值), read as the simplified ones.

A 繁體 page of a government site, or a capture converted on the way, prints every label in
traditional characters; the declarations and forms know them in simplified ones. Such a document is
read through a copy whose characters are folded one for one (項→项, 標→标, 萬→万), and every text of
the records is then given back as printed: the folding is only how the labels are compared.

The character table is OpenCC's (TSCharacters: one traditional character to its simplified one).
"""

from __future__ import annotations

import dataclasses
import importlib.resources
import re
from functools import cache

from .blocks import Cell, Document, Paragraph, Row, Table

# A document is traditional when at least this many of its distinct characters, and this share of
# them, are traditional-only.
_SAMPLE_CHARS = 2000
_MIN_HITS = 10
_MIN_SHARE = 0.05


# Fields the parser fills with a normalized word, not a printed text: they stay simplified (万元,
# a funds grid's caption as the readers name it, 全年预算数).
_NORMALIZED = frozenset(("amount_unit", "header_unit", "column"))


@cache
def _table() -> dict[int, str]:
    text = (importlib.resources.files("opencc") / "dictionary" / "TSCharacters.txt").read_text(
        encoding="utf-8"
    )
    table = {}
    for line in text.splitlines():
        traditional, _, simplified = line.partition("\t")
        simplified = simplified.split(" ")[0]
        if len(traditional) == 1 and len(simplified) == 1 and traditional != simplified:
            table[ord(traditional)] = simplified
    return table


@cache
def _traditional() -> frozenset[str]:
    return frozenset(map(chr, _table()))


def simplified(text: str) -> str:
    """``text`` with its traditional characters folded to simplified ones (the value grammar's units)."""
    return text.translate(_table())


def is_traditional(document: Document) -> bool:
    """Many distinct traditional-only characters among the document's: a simplified document holds a
    few at most (乾 in a name, 著 in 显著), a traditional one dozens (項 標 級 資 預 …)."""
    sample, size = [], 0
    for text in _texts(document):  # (the first few thousand characters tell)
        sample.append(text)
        size += len(text)
        if size > _SAMPLE_CHARS:
            break
    text = "".join(sample)
    # (quick: a simplified document's characters are nearly all GB2312's, traditional-only ones never)
    if len(text) - len(text.encode("gb2312", "ignore").decode("gb2312")) < _MIN_HITS:
        return False
    chars = set(text)
    hits = len(_traditional().intersection(chars))
    return hits >= _MIN_HITS and hits >= _MIN_SHARE * len(chars)


_PIECES = re.compile(r"(\s+|；|: )")


@dataclasses.dataclass(frozen=True)
class Restore:
    """Gives a folded text back as printed: a cell's or paragraph's whole text by the text itself;
    any other (a name joined from two cells, a part of a cell) character by character, where the
    document printed each simplified character from one traditional character and never itself."""

    texts: dict[str, str]
    chars: dict[int, str]

    def __call__(self, text: str) -> str:
        whole = self.texts.get(text)
        if whole is not None:
            return whole
        # A text joined from cells (定量 28.8万元 %, 标签: 值；标签: 值): each piece by itself.
        return "".join(self.texts.get(piece) or piece.translate(self.chars) for piece in _PIECES.split(text))


def folded(document: Document) -> tuple[Document, Restore]:
    """The document in simplified characters, and what gives a folded text back as printed."""
    table = _table()
    printed = set("".join(_texts(document)))
    back: dict[str, str] = {}
    ambiguous: set[str] = set()
    for char in printed:
        simple = table.get(ord(char))
        if simple is None:
            continue
        if simple in printed or (simple in back and back[simple] != char):
            ambiguous.add(simple)
        back[simple] = char
    chars = {ord(s): t for s, t in back.items() if s not in ambiguous}
    texts: dict[str, str] = {}
    for text in _texts(document):
        simple = text.translate(table)
        if simple != text:
            texts.setdefault(simple, text)
            texts.setdefault(simple.strip(), text.strip())
    blocks = tuple(_fold_block(block, table) for block in document.blocks)
    return dataclasses.replace(document, blocks=blocks), Restore(texts, chars)


def restored(value, restore: Restore):
    """``value`` (a record, or a tuple, list or dict of them) with every text given back as printed."""
    if isinstance(value, str):
        return restore(value)
    if isinstance(value, tuple):
        return tuple(restored(v, restore) for v in value)
    if isinstance(value, list):
        return [restored(v, restore) for v in value]
    if isinstance(value, dict):
        return {k: restored(v, restore) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: restored(getattr(value, f.name), restore)
            for f in dataclasses.fields(value)
            if f.init and f.name not in _NORMALIZED
        }
        return dataclasses.replace(value, **changes)
    return value


def _texts(document: Document):
    for block in document.blocks:
        if isinstance(block, Paragraph):
            yield block.text
        else:
            for row in block.rows:
                yield from row.texts


def _fold_block(block, table: dict[int, str]):
    if isinstance(block, Paragraph):
        return dataclasses.replace(block, text=block.text.translate(table))
    rows = tuple(Row(tuple(_fold_cell(cell, table) for cell in row.cells), row.line) for row in block.rows)
    return Table(rows, block.index, block.line, block.nested)


def _fold_cell(cell: Cell, table: dict[int, str]) -> Cell:
    return dataclasses.replace(cell, text=cell.text.translate(table))
