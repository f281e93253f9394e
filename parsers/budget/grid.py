"""A budget table's rows on one grid: header rows apart, each column's label, role and block.

A budget table is a grid of label columns (subject code, subject name) and amount columns. Its
header names every column, over one to three rows with merged cells (收入 over 项目 | 预算数); a
summary table prints blocks side by side (收入 | 支出 by 功能分类 | 支出 by 支出用途), each with its own
names and amounts. What the reader needs from the header is, per column, its label and its role:
``code``, ``name`` or ``amount``; a new block starts where a label column follows an amount column.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..blocks import Row
from ..labels import AMOUNT

CODE = regex.compile(r"^\d{3}(?:\s*\d{1,2}){0,2}$")
_CODE_LABEL = regex.compile(r"编码|代码|^[类款项]$|^科目编号$")
_NAME_LABEL = regex.compile(r"名称|^项目$|项目$|科目$|^科目|品目|组织形式")


@dataclass(slots=True)
class GridRow:
    cells: list[str]  # one text per grid column; a merged cell's text stands in its first column
    line: int | None
    block: int
    row: int
    # Columns covered by a cell that spans several (their text is in the first one).
    spans: dict[int, int] = field(default_factory=dict)
    continued: set[int] = field(default_factory=set)  # columns continuing a vertical merge

    @property
    def blank(self) -> bool:
        return not any(t.strip() for t in self.cells)

    def has_amount(self) -> bool:
        return any(AMOUNT.match(t.strip()) and not CODE.match(t.strip()) for t in self.cells)


@dataclass(frozen=True, slots=True)
class Column:
    index: int
    label: str  # header texts over the column, top to bottom, joined with /
    role: str  # code | name | amount
    block: int  # the side-by-side block it belongs to (0, 1, …)


def grid_row(row: Row, block: int, number: int) -> GridRow:
    """The row's cells placed on the grid by their columns (by order where the format gives none)."""
    cells: dict[int, str] = {}
    spans: dict[int, int] = {}
    continued: set[int] = set()
    position = 0
    for cell in row.cells:
        column = cell.grid_col if cell.grid_col is not None else position
        cells[column] = cell.text
        if cell.grid_span > 1:
            spans[column] = cell.grid_span
        if cell.v_merge == "continue":
            continued.add(column)
        position = column + max(cell.grid_span, 1)
    width = max(position, max(cells, default=-1) + 1)
    texts = [cells.get(c, "") for c in range(width)]
    return GridRow(texts, row.line, block, number, spans, continued)


def unmerge(rows: list[GridRow]) -> None:
    """Give each row its own line of a merged cell that holds one line per row it spans.

    A PDF table whose rule between two rows is missing in some columns reads as one merged cell
    there (``208⏎20805`` over the rows of 208 and 20805); its lines belong to the rows below it
    that print something of their own, one each. A one-line code or name merged over a row without
    amounts and the one row that prints them (``301 | 工资福利支出`` above ``13,747.87``) is that row's."""
    for n, row in enumerate(rows):
        for column, text in enumerate(row.cells):
            parts = [p for p in text.split("\n") if p.strip()]
            if not parts or (len(parts) < 2 and row.has_amount()):
                continue
            following = []
            for later in rows[n + 1 :]:
                if column not in later.continued:
                    break
                following.append(later)
            if not following:
                continue
            group = [row, *following]
            merged = {c for c in range(len(row.cells)) if all(c in later.continued for later in following)}
            owners = [r for r in group if any(t.strip() for c, t in enumerate(r.cells) if c not in merged)]
            if len(owners) != len(parts):
                owners = group if len(group) == len(parts) else []
            for owner, part in zip(owners, parts, strict=False):
                owner.cells[column] = part
            if owners and row not in owners:
                row.cells[column] = ""


def split_header(rows: list[GridRow]) -> tuple[list[GridRow], list[GridRow]]:
    """The header rows (those before the first row that prints an amount) and the rest."""
    for n, row in enumerate(rows):
        if row.has_amount():
            return rows[:n], rows[n:]
    return rows, []


def columns(header: list[GridRow], body: list[GridRow]) -> list[Column]:
    """Each grid column's label, role and block."""
    width = max((len(r.cells) for r in [*header, *body]), default=0)
    labels = [_label(header, c) for c in range(width)]
    roles = [_role(labels[c], [r.cells[c] if c < len(r.cells) else "" for r in body]) for c in range(width)]
    out, block, seen_amount = [], 0, False
    for c in range(width):
        if roles[c] in ("code", "name") and seen_amount:
            block, seen_amount = block + 1, False
        seen_amount = seen_amount or roles[c] == "amount"
        out.append(Column(c, labels[c], roles[c], block))
    return out


def _label(header: list[GridRow], column: int) -> str:
    parts: list[str] = []
    for row in header:
        text = _covering(row, column)
        text = "".join(text.split())
        if text and (not parts or parts[-1] != text):
            parts.append(text)
    return "/".join(parts)


def _covering(row: GridRow, column: int) -> str:
    """The text of the header cell over ``column``: its own, or that of a cell spanning it."""
    if column < len(row.cells) and row.cells[column].strip():
        return row.cells[column]
    for start, span in row.spans.items():
        if start < column < start + span:
            return row.cells[start]
    return ""


def _role(label: str, values: list[str]) -> str:
    last = label.rsplit("/", 1)[-1]
    filled = [v.strip() for v in values if v.strip()]
    if _CODE_LABEL.search(last) or (
        filled and all(CODE.match(v) for v in filled) and not _amount_label(last)
    ):
        return "code" if not any("," in v or "." in v for v in filled) else "amount"
    named = _NAME_LABEL.search(last) or (label and not _amount_label(last) and _NAME_LABEL.search(label))
    if named and (not filled or sum(bool(AMOUNT.match(v)) for v in filled) < len(filled) / 2):
        return "name"
    if any(AMOUNT.match(v) for v in filled) or _amount_label(last):
        return "amount"
    return "name"


def _amount_label(label: str) -> bool:
    return bool(regex.search(r"金额|合计|小计|总计|预算数|决算数|支出|收入|经费|费|资金|拨款|预算$", label))
