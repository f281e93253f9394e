"""Part 2: each project's 绩效目标表, found by its labels, never by row or column positions.

A project starts at a table holding a 项目编码 cell (with the 绩效目标表 title paragraph before it,
if any) and runs to the next such table. Its rows are read by label: the unit line and 单位：万元,
项目编码/项目名称, 预算数/其中：财政资金/其他资金 and the purpose row under them, the spending plan
(checkpoints in one row, percentages in the next), 绩效目标, then the indicator table from its header
row on. An empty leading cell is a vertically merged cell and continues the value above it.
"""

from __future__ import annotations

import re

from . import labels as L
from .blocks import Block, Paragraph, Row, Table
from .errors import SourceError
from .records import Indicator, Project, SpendingPoint, Unit
from .sections import is_table_title

_UNIT_LINE = re.compile(r"^\s*(\d{3,})\s*(.*?)\s*$")
_HEADER_COLUMNS = {
    "level1": (L.LEVEL1,),
    "level2": (L.LEVEL2,),
    "level3": (L.LEVEL3,),
    "description": (L.DESCRIPTION, "指标内容", "指标解释"),
    "value": (L.VALUE, "目标值", "指标目标值"),
    "basis": (L.BASIS, "确定依据"),
}
_KEYED = {
    "code": (L.PROJECT_CODE,),
    "name": (L.PROJECT_NAME,),
    "budget": (L.BUDGET,),
    "fiscal_funds": L.FISCAL_FUNDS,
    "other_funds": L.OTHER_FUNDS,
    "purpose": L.PURPOSE,
}
# Compared form of each keyed label → the field it fills, for one dictionary lookup per cell.
_FIELD_BY_LABEL = {folded: field for field, names in _KEYED.items() for folded in L.folded_set(names)}
_CODE_LABEL = L.fold_label(L.PROJECT_CODE)
_UNIT_MARK, _SPENDING_MARK = "\x00" + L.UNIT_DECLARATION, "\x00" + L.SPENDING_PLAN_PREFIX
_INDICATOR_FIELDS = ("level1", "level2", "level3", "description", "value", "basis")
_LEVEL1, _LEVEL3 = L.fold_label(L.LEVEL1), L.fold_label(L.LEVEL3)


def parse_projects(blocks: tuple[Block, ...]) -> tuple[Project, ...]:
    """Every project table in ``blocks``, in document order."""
    starts = [i for i, block in enumerate(blocks) if isinstance(block, Table) and _has_code_label(block)]
    projects = []
    for seq, start in enumerate(starts, start=1):
        end = starts[seq] if seq < len(starts) else len(blocks)
        title = _title_before(blocks, start)
        tables = [b for b in blocks[start:end] if isinstance(b, Table)]
        projects.append(_ProjectReader(seq, title, tables).read())
    _check_titles_have_tables(blocks, starts)
    return tuple(projects)


def _has_code_label(table: Table) -> bool:
    # Most tables are indicator tables: one substring test over all their text rules them out.
    if "码" not in "".join(["".join(row.texts) for row in table.rows]):
        return False
    return any(L.fold_label(text) == _CODE_LABEL for row in table.rows for text in row.texts)


def _title_before(blocks: tuple[Block, ...], start: int) -> Paragraph | None:
    for block in reversed(blocks[:start]):
        if isinstance(block, Table):
            return None
        if is_table_title(block):
            return block
        if not block.is_blank and block.role == "body":
            return None
    return None


def _check_titles_have_tables(blocks: tuple[Block, ...], starts: list[int]) -> None:
    """A 绩效目标表 title with no project table before the next title is a table missing."""
    titles = [i for i, block in enumerate(blocks) if is_table_title(block)]
    if not starts:
        if titles:
            title = blocks[titles[0]]
            raise SourceError(
                f"'{title.text.strip()}' has no 绩效目标表 table (no 项目编码 cell)",
                location=_where(title),
                hint="the table may have been lost in conversion; re-export the file",
            )
        return
    claimed = {_claimed_title(blocks, start) for start in starts}
    for position in titles:
        # Titles before the first project are a table of contents, not headings.
        if position > starts[0] and position not in claimed:
            title = blocks[position]
            raise SourceError(
                f"'{title.text.strip()}' has no 绩效目标表 table after it",
                location=_where(title),
                hint="the table may have been lost in conversion",
            )


def _claimed_title(blocks, start: int) -> int | None:
    title = _title_before(blocks, start)
    return title.index if title is not None else None


def _where(block: Block) -> str:
    return f"line {block.line}" if block.line is not None else f"block {block.index}"


class _ProjectReader:
    """Reads the rows of one project's tables in order, keeping what each label said."""

    def __init__(self, seq: int, title: Paragraph | None, tables: list[Table]) -> None:
        self.seq, self.title, self.tables = seq, title, tables
        self.fields: dict[str, str] = {}
        self.unit: Unit | None = None
        self.amount_unit: str | None = None
        self.spending: list[SpendingPoint] = []
        self.indicators: list[Indicator] = []
        self.header: dict[str, int] | None = None
        self.previous: tuple[str, ...] = ()  # what the row above was, for continuation rows

    def read(self) -> Project:
        for table in self.tables:
            for row_number, row in enumerate(table.rows):
                if not row.texts:  # a Word row without cells (<w:tr/>) says nothing
                    continue
                if self.header is not None:
                    self._indicator(table, row_number, row)
                elif _is_indicator_header(row):
                    self.header = self._header_map(table, row)
                    self.columns = tuple(self.header.get(field) for field in _INDICATOR_FIELDS)
                else:
                    self._head_row(row)
        first = self.tables[0]
        return Project(
            seq=self.seq,
            title=self.title.text.strip() if self.title else None,
            unit=self.unit,
            amount_unit=self.amount_unit,
            code=self.fields.get("code"),
            name=self.fields.get("name"),
            budget=self.fields.get("budget"),
            fiscal_funds=self.fields.get("fiscal_funds"),
            other_funds=self.fields.get("other_funds"),
            purpose=self.fields.get("purpose"),
            goal=self.fields.get("goal"),
            spending=tuple(self.spending),
            indicators=tuple(self.indicators),
            line=self.title.line if self.title else first.line,
            block=self.title.index if self.title else first.index,
            missing=self._missing(),
        )

    def _head_row(self, row: Row) -> None:
        texts = row.texts
        kind = "other"
        # One string of the row's compared cells, each after a NUL: prefix tests become substring tests.
        folded = "\x00" + "\x00".join(map(L.fold_label, texts))
        if _UNIT_MARK in folded:
            self._unit_row(texts)
            kind = "unit"
        elif _SPENDING_MARK in folded:
            kind = "spending"
        elif self.previous and self.previous[0] == "spending" and not texts[0].strip():
            self._spending_values(row)
        elif self.previous and self.previous[0] == "budget" and not texts[0].strip():
            self._set("purpose", _joined(texts[1:]))
        elif texts and L.is_label(texts[0], *L.PROJECT_GOAL):
            self._set("goal", _joined(texts[1:]))
        else:
            found = self._keyed(texts)
            kind = "budget" if "budget" in found else "other"
        self.previous = (kind, *texts)

    def _unit_row(self, texts: tuple[str, ...]) -> None:
        for text in texts:
            folded = L.canon(text)
            if folded.startswith(L.UNIT_DECLARATION):
                self.amount_unit = folded[len(L.UNIT_DECLARATION) :] or None
            elif self.unit is None and _UNIT_LINE.match(text):
                self.unit = parse_unit(text)

    def _keyed(self, texts: tuple[str, ...]) -> set[str]:
        found = set()
        for position, text in enumerate(texts[:-1]):
            field = _FIELD_BY_LABEL.get(L.fold_label(text))
            if field is not None:
                self._set(field, texts[position + 1])
                found.add(field)
        return found

    def _spending_values(self, row: Row) -> None:
        labels_row = self.previous[1:]
        start = next(i for i, t in enumerate(labels_row) if L.canon(t).startswith(L.SPENDING_PLAN_PREFIX))
        checkpoints = [(i, t.strip()) for i, t in enumerate(labels_row) if i > start and t.strip()]
        cells = row.cells
        if len(cells) != len(labels_row):  # not aligned: pair the values in order
            values = [c for c in cells[1:] if c.text.strip()]
            pairs = list(zip((name for _, name in checkpoints), values, strict=False))
        else:
            pairs = [(name, cells[i]) for i, name in checkpoints]
        self.spending.extend(SpendingPoint(name, cell.text, cell.line or row.line) for name, cell in pairs)

    def _header_map(self, table: Table, row: Row) -> dict[str, int]:
        columns = {}
        for field, names in _HEADER_COLUMNS.items():
            found = [i for i, text in enumerate(row.texts) if L.is_label(text, *names)]
            if found:
                columns[field] = found[0]
        if "value" not in columns:
            code = self.fields.get("code", "?")
            raise SourceError(
                f"no {L.VALUE} column in the indicator header — is this a 绩效目标表?",
                location=f"table at {_where(table)} (项目编码 {code})",
            )
        columns["width"] = len(row.cells)
        return columns

    def _indicator(self, table: Table, row_number: int, row: Row) -> None:
        texts = row.texts
        if not "".join(texts).strip():
            return
        count = len(texts)
        shift = self.header["width"] - count  # a shorter row lost its leading merged cells
        level1, level2, level3, description, value, basis = (
            texts[c - shift] if c is not None and 0 <= c - shift < count else None for c in self.columns
        )
        if self.indicators and not level1:
            previous = self.indicators[-1]
            level1 = previous.level1
            if not level2:
                level2 = previous.level2
        self.indicators.append(
            Indicator(
                seq=len(self.indicators) + 1,
                level1=_clean(level1),
                level2=_clean(level2),
                level3=_clean(level3),
                description=_clean(description),
                value=value,
                basis=_clean(basis),
                line=_value_line(row, self.header["value"] - shift),
                block=table.index,
                row=row_number,
            )
        )

    def _set(self, field: str, value: str) -> None:
        self.fields.setdefault(field, value)

    def _missing(self) -> tuple[str, ...]:
        wanted = [
            (L.PROJECT_CODE, "code" in self.fields),
            (L.BUDGET, "budget" in self.fields),
            (L.SPENDING_PLAN_PREFIX, bool(self.spending)),
            ("指标表", self.header is not None),
            (L.VALUE, bool(self.indicators) or self.header is None),
        ]
        return tuple(label for label, present in wanted if not present)


def parse_unit(text: str) -> Unit:
    """Split a unit line ``613001路南街道办事处部门本级`` into code, name and scope."""
    match = _UNIT_LINE.match(text)
    if not match:
        return Unit(raw=text, code=None, name=text.strip() or None, scope=None)
    code, rest = match.groups()
    scope = next((s for s in L.UNIT_SCOPES if rest.endswith(s)), None)
    name = rest[: len(rest) - len(scope)] if scope else rest
    return Unit(raw=text, code=code, name=name.strip() or None, scope=scope)


def _is_indicator_header(row: Row) -> bool:
    if "级" not in "".join(row.texts):  # 一级指标 … 三级指标
        return False
    folded = {L.fold_label(t) for t in row.texts}
    return _LEVEL1 in folded and _LEVEL3 in folded


def _at(texts: tuple[str, ...], column: int) -> str | None:
    return texts[column] if 0 <= column < len(texts) else None


def _clean(text: str | None) -> str | None:
    return text.strip() or None if text is not None else None


def _joined(texts) -> str:
    return "\n".join(t.strip() for t in texts if t.strip())


def _value_line(row: Row, column: int) -> int | None:
    if 0 <= column < len(row.cells) and row.cells[column].line is not None:
        return row.cells[column].line
    return row.line
