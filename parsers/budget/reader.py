"""Blocks → the budget tables of a 部门预算 or 决算, one record per table and one line per amount.

A budget table is the table (or run of tables, over page breaks) after a title that names a kind
(kinds.py), with the lines between them that number it (公开01表), name its unit (部门：…,
编制单位：…) and its amount unit (单位：万元). Every amount it prints becomes a line, with the row's
subject code and name and the header it stands under (grid.py). The reader decides nothing about
what the numbers mean: it keeps them as printed, and the pipeline converts and checks them.

How printing splits rows is undone here where a table shows it: a row cut by a page break whose
first part lost its rules comes out as a line of text between the two parts of the table
(``十八、住房保障支出 4,716.51``) and is read back as a row; a name that wrapped onto a row of its
own (``八、社会保障和就`` / ``业支出``) is joined to the row it continues.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

import regex

from ..blocks import Block, Paragraph, Table
from ..records import BudgetLine, BudgetTable, Note
from .grid import AMOUNT, GridRow, columns, grid_row, split_header, unmerge
from .kinds import fold, stage_of, strip_ordinal, title_kind

_TABLE_NUMBER = regex.compile(
    r"^(?:公开\s*\d{1,2}\s*表|(?:附)?表\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3}))$"  # 公开01表, 表3, 表十二
)
_AMOUNT_UNIT = regex.compile(r"(?:金额)?单位\s*[:：]\s*(?:人民币)?(亿元|万元|千元|元)")
_UNIT_NAME = regex.compile(
    r"(?:编制部门|编制单位|部门名称|单位名称|预算单位|预算部门|主管部门|部门)\s*[:：]\s*(.+?)\s*"
    r"(?:(?:金额)?单位\s*[:：].*)?$"
)
_EMPTY = regex.compile(r"本表无数据|表无数据|此表为空|为空表|本表为空|无数据|^无$|^[(（]无[^。]{0,12}[)）]$")
_LOOSE_ROW = regex.compile(
    r"^(?:(?P<code>\d{3}(?:\d{2}){0,2})\s+)?(?P<name>[^\d\s][^\t]*?)\s+"
    r"(?P<amounts>[-－]?[\d,]+(?:\.\d+)?(?:\s+[-－]?[\d,]+(?:\.\d+)?)*)$"
)
_ORDINAL_START = regex.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|\d+[.、．]|[(（][一二三四五六七八九十\d]+[)）])"
)
_TOTAL = regex.compile(r"合\s*计|总\s*计|小\s*计")
_SUMMARY_KINDS = ("revenue_expenditure_summary", "fiscal_summary")
_GOAL_WORDS = ("绩效", "指标")
_SECTION = regex.compile(r"^第[一二三四五六七八九十]+部分")


@dataclass
class _Open:
    """A budget table being gathered: its title, what the lines around it say, its rows."""

    kind: str
    title: str
    line: int | None
    block: int
    number: str | None = None
    amount_unit: str | None = None
    unit_name: str | None = None
    empty_note: str | None = None
    rows: list[GridRow] = field(default_factory=list)
    tables: list[int] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    waited: int = 0  # paragraphs since the title that said nothing of the table


def read_budget_tables(blocks: tuple[Block, ...]) -> tuple[tuple[BudgetTable, ...], frozenset[int]]:
    """Every budget table in ``blocks`` and the indexes of the table blocks they were read from."""
    scan = _Scan(blocks)
    for n, block in enumerate(blocks):
        if isinstance(block, Paragraph):
            scan.paragraph(block, n)
        elif isinstance(block, Table) and not block.nested:
            scan.table(block)
    gathered = scan.gathered
    tables = tuple(_table(seq, t, _units(gathered)) for seq, t in enumerate(gathered, start=1))
    return tables, frozenset(i for t in gathered for i in t.tables)


class _Scan:
    """Walks the blocks: a title opens a table to come, the lines around it describe it, the tables
    after it (over page breaks) give its rows, until the next title or the end of the part."""

    def __init__(self, blocks: tuple[Block, ...]) -> None:
        self.blocks = blocks
        self.gathered: list[_Open] = []
        self.pending: _Open | None = None  # a title whose table has not come yet
        self.current: _Open | None = None  # the table whose rows are being read
        self.number: str | None = None  # 公开01表 printed above the next title
        self.before = ""  # the paragraph before this one

    def paragraph(self, block: Paragraph, n: int) -> None:
        text = block.text.strip()
        if not text:
            return
        text, self.before = (self.before + text if text == "表" else text), text  # a title wrapped before 表
        kind = title_kind(text)
        if kind is not None and self._goes_on(strip_ordinal(text)):
            return  # its title printed again over the next page (no number): the same table goes on
        if kind is not None:
            self.pending = _Open(kind, strip_ordinal(text), block.line, block.index, self.number)
            self.current, self.number = None, None
            return
        if self.pending is None and len(text) <= 12 and "表" in text and _TABLE_NUMBER.match(fold(text)):
            self.number = fold(text)
            return
        target = self.pending or self.current
        if target is not None and _meta(target, text):
            return
        if self.current is not None and _loose_row(self.current, block, self.blocks, n):
            return
        if _SECTION.match(text) or len(text) > 60 and not text.startswith("注"):
            self.current = None
        if self.pending is not None:
            self.pending.waited += 1
            if self.pending.waited > 3 or _SECTION.match(text):  # a title in the contents, not over a table
                self.pending = None

    def _goes_on(self, title: str) -> bool:
        current = self.current
        return (
            current is not None
            and self.pending is None
            and self.number is None
            and bool(current.rows)
            and title == current.title
        )

    def table(self, block: Table) -> None:
        titled = _titled_table(block)
        if self.pending is None and self.current is None and titled is None:
            return  # most tables of a goal publication: no budget title before them
        if any(w in "".join(t for row in block.rows[:4] for t in row.texts) for w in _GOAL_WORDS):
            self.pending = self.current = None  # a 绩效目标表: not ours
            return
        if sum(title_kind(t) is not None for row in block.rows for t in row.texts if t.strip()) >= 2:
            self.pending = self.current = None  # a contents page set as a table
            return
        if titled is not None:
            self.pending, self.current = titled, None
        if self.pending is not None:
            self.current, self.pending = self.pending, None
            self.gathered.append(self.current)
        if self.current is not None:
            _add_rows(self.current, block)


def _meta(target: _Open, text: str) -> bool:
    """Read a line that numbers the table, names its unit or says it is empty; False for others."""
    folded = fold(text)
    if _TABLE_NUMBER.match(folded):
        target.number = folded
        return True
    used = False
    if unit := _AMOUNT_UNIT.search(folded):
        target.amount_unit = unit.group(1)
        used = True
    if name := _UNIT_NAME.match(text.strip()):
        target.unit_name = name.group(1).strip() or target.unit_name
        used = True
    if _EMPTY.search(folded) and len(folded) <= 80:
        target.empty_note = text.strip()
        used = True
    return used


def _titled_table(table: Table) -> _Open | None:
    """A table whose first row is its own title (Word tables often carry it)."""
    first = next((row for row in table.rows if any(t.strip() for t in row.texts)), None)
    texts = [t.strip() for t in first.texts if t.strip()] if first else []
    if len(texts) == 1 and (kind := title_kind(texts[0])) is not None:
        return _Open(kind, strip_ordinal(texts[0]), table.line, table.index)
    return None


def _add_rows(target: _Open, table: Table) -> None:
    target.tables.append(table.index)
    for number, row in enumerate(table.rows):
        grid = grid_row(row, table.index, number)
        texts = [t.strip() for t in grid.cells if t.strip()]
        if len(texts) == 1 and (title_kind(texts[0]) is not None or _meta(target, texts[0])):
            continue  # the title or the unit line printed inside the table
        target.rows.append(grid)


def _loose_row(current: _Open, block: Paragraph, blocks: tuple[Block, ...], n: int) -> bool:
    """A row that lost its rules at a page break and came out as text: read it back into the table."""
    match = _LOOSE_ROW.match(block.text.strip())
    if match is None or len(block.text) > 60 or not current.rows:
        return False
    if not (n + 1 < len(blocks) and isinstance(blocks[n + 1], Table)) and not isinstance(
        blocks[n - 1], Table
    ):
        return False
    model = next((r for r in reversed(current.rows) if r.has_amount()), None)
    if model is None:
        return False
    name_col = max(
        (c for c, t in enumerate(model.cells) if t.strip() and not AMOUNT.match(t.strip())), default=None
    )
    if name_col is None:
        return False
    cells = [""] * len(model.cells)
    cells[name_col] = match.group("name")
    if match.group("code") and name_col:
        cells[name_col - 1] = match.group("code")
    for offset, amount in enumerate(match.group("amounts").split(), start=1):
        if name_col + offset < len(cells):
            cells[name_col + offset] = amount
    current.rows.append(GridRow(cells, block.line, block.index, 0))
    current.notes.append(
        Note("budget_row_from_text", block.line, block.text.strip(), "a row cut by a page break")
    )
    return True


def _units(gathered: list[_Open]) -> dict[int, str | None]:
    """Each table's amount unit: its own, else the one the tables before it declared."""
    out, last = {}, None
    for n, table in enumerate(gathered):
        last = table.amount_unit or last
        out[n + 1] = (
            table.amount_unit or last or next((t.amount_unit for t in gathered if t.amount_unit), None)
        )
    return out


def _table(seq: int, table: _Open, units: dict[int, str | None]) -> BudgetTable:
    rows = table.rows
    unmerge(rows)
    rows = [r for r in rows if not r.blank]
    header, body = split_header(rows)
    header_texts = {"".join(t.split()) for r in header for t in r.cells if t.strip()}
    body = [r for r in body if r.has_amount() or not _all_in(r, header_texts)]
    cols = columns(header, body)
    lines = _lines(table, body, cols)
    empty_note = table.empty_note or next(
        (t.strip() for r in body for t in r.cells if t.strip() and _EMPTY.search(fold(t))), None
    )
    return BudgetTable(
        seq=seq,
        kind=table.kind,
        title=table.title,
        number=table.number,
        stage=stage_of(table.title),
        amount_unit=units[seq],
        unit_name=table.unit_name,
        empty_note=empty_note,
        lines=tuple(lines),
        line=table.line,
        block=table.block,
        notes=tuple(table.notes),
    )


def _all_in(row: GridRow, texts: set[str]) -> bool:
    """A repeated header row: every text it holds is a header text."""
    own = ["".join(t.split()) for t in row.cells if t.strip()]
    return bool(own) and all(t in texts for t in own)


def _lines(table: _Open, body: list[GridRow], cols) -> list[BudgetLine]:
    blocks = sorted({c.block for c in cols})
    lines: list[BudgetLine] = []
    last_named: dict[int, list[int]] = {}  # per block, the lines of the last row that named something
    for row_seq, row in enumerate(body, start=1):
        for block in blocks:
            mine = [c for c in cols if c.block == block]
            code, name = _code_and_name(row, mine)
            amounts = [
                (c, row.cells[c.index].strip())
                for c in mine
                if c.role == "amount" and c.index < len(row.cells)
            ]
            amounts = [(c, a) for c, a in amounts if a]
            previous = [lines[i] for i in last_named.get(block, [])]
            if not amounts and name and code is None and _continues(name, previous):
                for i in last_named[block]:
                    lines[i] = replace(lines[i], name=lines[i].name + name)
                continue
            side = _side(table.kind, mine)
            made = []
            for c, a in amounts:
                if AMOUNT.match(a):
                    made.append(len(lines))
                    lines.append(
                        BudgetLine(row_seq, side, code, name, c.label, a, row.line, row.block, row.row)
                    )
                elif a not in ("-", "—", "－", "/", "无"):
                    table.notes.append(
                        Note("budget_amount_unreadable", row.line, a, f"column {c.label or c.index}")
                    )
            if made or name:
                last_named[block] = made
    return lines


def _continues(fragment: str, previous: list[BudgetLine]) -> bool:
    """``业支出`` after ``八、社会保障和就``: a short piece of a name that wrapped onto its own row."""
    if not previous or not previous[0].name or len(fragment) > 5:
        return False
    if _ORDINAL_START.match(fragment) or _TOTAL.search(fragment):
        return False
    return bool(_ORDINAL_START.match(previous[0].name)) and not previous[0].name.endswith(
        ("支出", "收入", "计")
    )


def _code_and_name(row: GridRow, mine) -> tuple[str | None, str | None]:
    codes = [row.cells[c.index].strip() for c in mine if c.role == "code" and c.index < len(row.cells)]
    names = [row.cells[c.index] for c in mine if c.role == "name" and c.index < len(row.cells)]
    name = next((_clean(n) for n in reversed(names) if n.strip()), None)
    if name is None:  # 支出合计 merged over the name and amount columns of the block before
        spanning = [
            row.cells[start]
            for c in mine
            if c.role == "name"
            for start, span in row.spans.items()
            if start < c.index < start + span and row.cells[start].strip()
        ]
        name = _clean(spanning[0]) if spanning else None
    pieces = [p for p in codes if p]
    words = [p for p in pieces if not regex.fullmatch(r"\d{1,7}", p)]
    if words:  # 合 计, or a name whose merged cell starts in a code column
        name = name or _clean(" ".join(words))
        pieces = [p for p in pieces if p not in words]
    code = " ".join(pieces) or None
    if code is None and name and (split := regex.match(r"^(\d{3}(?:\d{2}){0,2})\s*(\D.*)$", name)):
        code, name = split.group(1), split.group(2).strip()
    return code, name


def _clean(text: str) -> str:
    """A name as printed: lines of a wrapped cell joined, the indent that shows its level removed."""
    return "".join(part.strip() for part in text.split("\n")).strip()


def _side(kind: str, mine) -> str | None:
    if kind not in _SUMMARY_KINDS:
        return None
    for c in mine:
        first = c.label.split("/", 1)[0]
        if "收入" in first:
            return "revenue"
        if "支出" in first:
            return "expenditure"
    return None


def cover_unit_and_stage(blocks: tuple[Block, ...]) -> tuple[str | None, str | None]:
    """The unit the cover or the statement names, and whether it is a 预算 or a 决算."""
    head: list[str] = []
    for block in blocks[:12]:
        if not isinstance(block, Paragraph) or not block.text.strip():
            continue
        text = block.text.strip()
        if fold(text) in ("目录", "目 录"):
            break
        head.append(text)
    statement = next(
        (
            m.group(1)
            for t in head
            if (m := regex.match(r"^(?:预算主管部门|预算单位|主管部门)\s*[:：]\s*(\S.*)$", t))
        ),
        None,
    )
    cover = "".join("".join(t.split()) for t in head)
    stage = stage_of(cover) if regex.search(r"(?:预算|决算)", cover) else None
    if statement:
        return statement.strip(), stage
    match = regex.search(
        r"^(?P<before>.*?)(?:19|20)\d\d年度?(?P<after>.*?)(?:区级|市级|省级|县级)?(?:部门|单位)?(?:预算|决算)",
        cover,
    )
    if match is None:
        return None, stage
    for candidate in (match.group("before"), match.group("after")):
        if len(candidate) >= 4 and not regex.fullmatch(r".{2,12}?(?:省|市|区|县)", candidate):
            return candidate, stage
    return None, stage


def common_unit(tables: tuple[BudgetTable, ...]) -> str | None:
    """The unit most budget tables name, for a publication whose cover names none."""
    names = Counter(t.unit_name for t in tables if t.unit_name)
    return names.most_common(1)[0][0] if names else None
