"""The head of a project's table, read through its layout: fields right of their labels or under their
captions, the funds block, the amount unit, the unit line and the Hebei spending plan.

Nothing here knows row or column numbers of a layout; every value is found from a label. A value
cell that is itself a label (``项目责任人(签字): | 单位(盖章):``) is no value.
"""

from __future__ import annotations

from dataclasses import replace

import regex

from .. import labels as L
from ..blocks import Cell, Row
from ..records import FundLine, Note, SpendingPoint, Unit
from . import declarations as D
from .cells import (
    cell_at,
    column,
    declared_unit,
    fund_kind,
    fund_scope,
    is_unit_line,
    joined,
    keys,
    label_key,
    parse_unit,
    spans,
)
from .head_cells import AMOUNT, FUND_COLUMN_KEYS, Facts, Lexicon, fund_column, is_caption_form, labelled

_FUND_BLOCK_KEYS = keys(D.FUND_BLOCKS)
_GOAL_BLOCK_KEYS = keys(D.GOAL_BLOCKS)


_VOCABULARIES: dict[str, tuple] = {}


_SHARED_HEAD = {key: name for name, labels in D.HEAD.items() for key in keys(labels)}
_SHARED_CAPTIONS = {key: name for name, labels in D.CAPTIONS.items() for key in keys(labels)}


def _vocabulary(layout: D.Layout) -> tuple[dict, dict, dict, set]:
    """The layout's labels in compared form, once per layout (a publication has many tables)."""
    if layout.name not in _VOCABULARIES:
        own_head = {key: name for name, labels in layout.head.items() for key in keys(labels)}
        own_captions = {key: name for name, labels in layout.captions.items() for key in keys(labels)}
        continued = {label_key(label): name for label, name in layout.continued.items()}
        # The shared vocabulary under the layout's own labels: a label seen in another family
        # (项目概况 for the purpose) means the same here, unless the layout reads it otherwise.
        own = own_head.keys() | own_captions.keys() | continued.keys()
        head = {key: name for key, name in _SHARED_HEAD.items() if key not in own} | own_head
        captions = {key: name for key, name in _SHARED_CAPTIONS.items() if key not in own} | own_captions
        # (with the labels merged down a block: 总体目标 over the goal captions and their values)
        known = (
            set(head)
            | set(captions)
            | set(continued)
            | FUND_COLUMN_KEYS
            | _FUND_BLOCK_KEYS
            | _GOAL_BLOCK_KEYS
        )
        _VOCABULARIES[layout.name] = (
            head,
            captions,
            continued,
            known,
            Lexicon(layout, head, captions, known),
        )
    return _VOCABULARIES[layout.name]


_CHECKPOINT = regex.compile(r"\d+\s*月")  # 3月底, 6月30日
_PERCENT = regex.compile(r"^\s*[-+]?\d+(?:\.\d+)?\s*[%％]?\s*$")


class HeadReader:
    def __init__(self, layout: D.Layout) -> None:
        self.layout = layout
        self.fields: dict[str, str] = {}
        self.printed: dict[str, tuple[str, int | None]] = {}  # a field's label as printed, and its line
        self.unit: Unit | None = None
        self.amount_unit: str | None = None
        self.funds: list[FundLine] = []
        self.spending: list[SpendingPoint] = []
        self._head, self._captions, continued, self._known, self._lexicon = _vocabulary(layout)
        self.lexicon = self._lexicon  # (the reader asks it of the lines above the table)
        self._continued = dict(continued)  # (a label found merged over two rows joins it)
        self._pending: list[tuple[int, int, str]] = []  # captions over the next row: columns, field
        self._previous: Row | None = None
        self._previous_kind = ""
        self._fund_columns: list[tuple[int, int, str]] = []  # funds grid: columns, caption
        self._kind_columns: list[tuple[int, int, str, str]] = []  # kinds by column: columns, kind, caption
        self._kind_label = ""  # the label left of those captions
        self._kind_rows = 0  # rows of amounts read under them
        self._scopes: list[tuple[int, str]] = []  # funds in two blocks: first column, 中期 | 年度
        self._in_funds = False
        self.labels: set[str] = set()  # every head label met, compared form (for the table's family)
        self.notes: list[Note] = []
        self._held: Row | None = None  # a row whose label is unknown, until the next one is seen

    def read(self, row: Row) -> None:
        """One head row. A row whose label is not known waits for the next: a label merged down two
        rows and cut by a page break (资金支 / 出计划（%）) is one label again when the two pieces
        make a known one."""
        if self._held is not None:
            held, self._held = self._held, None
            if (rejoined := self._rejoined(held, row)) is not None:
                held, row = rejoined
            self._read(held)
        if self._unknown_label(row):
            self._held = row
        else:
            self._read(row)

    def flush(self) -> None:
        """The head ends: a row still waiting is read as it is."""
        if self._held is not None:
            held, self._held = self._held, None
            self._read(held)

    def _unknown_label(self, row: Row) -> bool:
        first = row.texts[0].strip() if row.texts else ""
        return bool(first) and len(first) <= 20 and not self._lexicon.of(first).known

    def _rejoined_note(self, line: int | None, text: str, detail: str) -> None:
        self.notes.append(Note("label_rejoined", line, text, detail))

    def _declared_label(self, key: str) -> bool:
        """A label the layout declares (its plan label too), not one known by its form alone."""
        plan = self.layout.spending_plan
        return key in self._known or bool(plan and key.startswith(plan))

    def _rejoined(self, held: Row, row: Row) -> tuple[Row, Row] | None:
        below = row.texts[0].strip() if row.texts else ""
        # (a piece known by its form alone, 支出计划（%） under 资金, is still a piece)
        if not below or self._declared_label(label_key(below)):
            return None
        text = held.texts[0].strip() + below
        if not self._lexicon.of(text).known:
            return None
        self._rejoined_note(row.line, text, "a label cut over two rows, read as one")
        first = replace(held.cells[0], text=text)
        rest = replace(row.cells[0], text="", v_merge="continue")
        return Row((first, *held.cells[1:]), held.line), Row((rest, *row.cells[1:]), row.line)

    def _plan_clipped(self, row: Row, folded: list[str]) -> bool:
        """The plan's label cut short by its writer (资金支出计 for 资金支出计划（%）: LibreOffice
        clips a merged cell's text that its rows cannot hold), beside the checkpoints."""
        first, plan = folded[0], self.layout.spending_plan
        if len(first) < 4 or not plan.startswith(first) or first == plan:
            return False
        if not any(_CHECKPOINT.search(t) for t in row.texts[1:]):
            return False
        detail = "the spending plan's label, cut short by the writer"
        self._rejoined_note(row.line, row.texts[0].strip(), detail)
        return True

    def _plan_label_below(self, row: Row) -> bool:
        """The plan's label merged down its two rows, printed beside the values row (a page break
        moved the merged cell's text there): the row above, with no label, named the checkpoints."""
        above = self._previous
        if above is None or above.texts[0].strip() or len(above.cells) != len(row.cells):
            return False
        values = [t for t in row.texts[1:] if t.strip()]
        if not values or not all(_PERCENT.match(t) for t in values):
            return False
        if not any(t.strip() and not _PERCENT.match(t) for t in above.texts[1:]):
            return False
        self._previous = Row((replace(above.cells[0], text=row.texts[0]), *above.cells[1:]), above.line)
        detail = "the plan's label printed beside its values, read with the checkpoints above"
        self._rejoined_note(row.line, row.texts[0].strip(), detail)
        return True

    def _label_moved_down(self, row: Row, folded: list[str]) -> bool:
        """A label merged down two rows printed beside the second (a page break moved the merged
        cell's text there): 预算规模及资金用途 beside the purpose, under its funds row."""
        above = self._previous
        if folded[0] not in self._continued or above is None or above.texts[0].strip():
            return False
        if sum(1 for t in row.texts if t.strip()) != 2:
            return False
        detail = "a label printed beside the second of the two rows it is merged over"
        self._rejoined_note(row.line, row.texts[0].strip(), detail)
        return True

    def _plan_goes_on(self, first: str) -> bool:
        """The spending plan's label cut over its two rows (资金支出计划 / （%）)."""
        text = self._previous.texts[0].strip() + first.strip()
        if self._lexicon.of(first).known or not self._lexicon.of(text).plan:
            return False
        self._rejoined_note(self._previous.line, text, "a label cut over two rows, read as one")
        return True

    def _read(self, row: Row) -> None:
        texts = row.texts
        kind = ""
        if self.amount_unit is None:
            self._amount_unit(texts)
        if self._pending:
            pending, self._pending = self._pending, []
            if not texts[0].strip() or all(cell_at(row, a, b) is not None for a, b, _ in pending):
                self._take_captions(row, pending)
                self._remember(row, "captions")
                return
        of = self._lexicon.of
        facts = [of(t) for t in texts]
        folded = [f.key for f in facts]
        plan = self.layout.spending_plan
        if plan and (any(f.plan for f in facts) or self._plan_clipped(row, folded)):
            kind = "spending"
            if self._plan_label_below(row):
                self._spending_values(row)
                kind = ""
        elif self._previous_kind == "spending" and (not texts[0].strip() or self._plan_goes_on(texts[0])):
            self._spending_values(row)
        elif self._previous_kind in self._continued and not texts[0].strip():
            self._set(self._continued[self._previous_kind], joined(texts[1:]))
        elif self._label_moved_down(row, folded):
            self._set(self._continued[folded[0]], joined(texts[1:]))
        else:
            kind = self._labels(row, folded, facts)
        self._remember(row, kind)

    def _remember(self, row: Row, kind: str) -> None:
        self._previous, self._previous_kind = row, kind

    # --- fields -------------------------------------------------------------------------------

    def _labels(self, row: Row, folded: list[str], facts: list[Facts]) -> str:
        """Fields, funds and captions of one row; returns what the row was, for the next one."""
        texts, kind = row.texts, ""
        cells = None  # (the cells' columns: worked out where a caption or funds need them)
        named = {f.key: f.caption for f in facts if f.caption}
        if named:
            cells = spans(row)
            captions = [(a, b, named[k]) for (a, b, _), k in zip(cells, folded, strict=True) if k in named]
            others = [k for k in folded if k and k not in named]
            # Left of the captions a label merged down the goal block (总体目标, or 项目绩效目标 over
            # 项目总目标 | 年度总体目标): not a field with a value of its own.
            # (A text too long to be a label is a value: 实施期绩效目标 | 通过采购… is a field.)
            if (
                captions
                and all(k in _GOAL_BLOCK_KEYS or self._head.get(k) == "goal" for k in others)
                and all(f.key for f, t in zip(facts, texts, strict=True) if t.strip())
            ):
                self._pending, self._in_funds = captions, False  # the values stand in the next row
                return "captions"
        if self._captions_over_values(row, facts):
            return "captions"
        if self.layout.unit_line and self.unit is None:
            for text in texts:
                if is_unit_line(text) and not declared_unit(text):
                    self.unit = parse_unit(text)
        pairs = {position: f.pair for position, f in enumerate(facts) if f.pair}
        self._funds(row, folded, cells, pairs, facts)
        if pairs:
            self._label_value_cells(pairs)
        self.labels.update(folded)
        self.labels.discard("")
        values = set()  # positions that hold a known label's value
        for position, key in enumerate(folded[:-1]):
            if position in pairs:
                continue  # 承担单位:(盖章) | (2021年度): a label with its value (or its blank) in its own cell
            name = facts[position].field
            if name is not None or facts[position].known or facts[position].fund:
                values.add(position + 1)
            if name is None and key in _GOAL_BLOCK_KEYS and texts[position + 1].strip():
                name = "goal"  # 总体目标 with the goal right of it (no captions): a field, not a block
            if name == "purpose" and position == 0 and facts[1].fund and name not in self.fields:
                # The purpose's label with funds right of it (资金用途 | 预算数 | 0.40) is merged over
                # two rows, like 预算规模及资金用途: its own text is in the row below. (A name that
                # happens to read as funds, 财政拨款项目经费, stays a name.)
                self._continued[key] = name
                kind = key
            elif name is not None:
                value = texts[position + 1]
                self._set(name, "" if self._is_label(value, facts[position + 1]) else value)
                self.printed.setdefault(name, (texts[position].strip(), row.line))
            elif key in self._continued:
                kind = key
        if "unit" in self.fields and self.unit is None:
            self.unit = parse_unit(self.fields["unit"])
        if any(f.unread for f in facts) and not (
            self._kind_columns or (self._in_funds and self._fund_columns)
        ):
            self._unread_labels(row, facts, values | pairs.keys())  # (a grid reads its own rows)
        return kind

    def _captions_over_values(self, row: Row, facts: list[Facts]) -> bool:
        """A row of field labels and nothing else (项目编码 | 项目名称 | 主管部门 | 实施单位), every cell
        filled: captions, their values in the row below (a label's value right of it would be a
        label, or a blank cell where the form leaves it to be filled)."""
        if len(facts) < 2:
            return False
        for f in facts:  # (a plain loop: asked of every head row, most of which hold a value)
            if f.field is None or f.fundish:
                return False
        fields = [f.field for f in facts]
        if len(set(fields)) < len(fields):
            return False
        self._pending = [(a, b, f.field) for (a, b, _), f in zip(spans(row), facts, strict=True)]
        self._in_funds = False
        return True

    def _unread_labels(self, row: Row, facts: list[Facts], values: set[int]) -> None:
        """A label no field takes, its value right of it (项目属性 | 经常性项目, 中央主管部门 | 某某部):
        stored in no column, so said, with both texts."""
        texts = row.texts
        for position in range(len(texts) - 1):
            if not facts[position].unread or position in values or facts[position + 1].not_a_value:
                continue
            value = texts[position + 1].strip()
            if value:
                values.add(position + 1)
                raw = f"{texts[position].strip()} | {value}"
                detail = "no field of the table's head takes it"
                self.notes.append(Note("head_label_unread", row.line, raw, detail))

    def _label_value_cells(self, pairs: dict[int, tuple[str, str]]) -> None:
        """Label and value in one cell (部门名称：某某局, 主管部门:某某局), as 一体化 exports print their
        基本信息 block: the field the label names, read from the rest of the cell."""
        for label, rest in pairs.values():
            value = rest.strip()
            # Not a form's blanks: 填报单位:(盖章) 单位:万元 holds two labels and no value.
            if ":" in value or "：" in value or "盖章" in value or "签字" in value:
                continue
            name = self._lexicon.of(label).field
            if name is not None:
                self._set(name, value)

    def _take_captions(self, row: Row, pending: list[tuple[int, int, str]]) -> None:
        for first, end, name in pending:
            cell = cell_at(row, first, end)
            if cell is not None and cell.text.strip() and not self._is_label(cell.text):
                self._set(name, cell.text.strip())

    def _is_label(self, text: str, facts: Facts | None = None) -> bool:
        facts = facts or self._lexicon.of(text)
        return facts.is_label if facts.is_label is not None else labelled(text, "", self._known)

    def _set(self, name: str, value: str) -> None:
        # The first value wins; a blank (项目名称: | 承担单位:(盖章)) holds the place only until a value.
        if not self.fields.get(name, "").strip():
            self.fields[name] = value

    def _amount_unit(self, texts: tuple[str, ...]) -> None:
        if self.amount_unit is None:
            for text in texts:
                unit = declared_unit(text) if len(text) <= 60 else None
                if unit:
                    self.amount_unit = unit
                    return

    # --- funds --------------------------------------------------------------------------------

    def _funds(
        self,
        row: Row,
        folded: list[str],
        cells: list | None,
        pairs: dict[int, tuple[str, str]],
        facts: list[Facts],
    ) -> None:
        if not _FUND_BLOCK_KEYS.isdisjoint(folded):
            self._block_amounts(row, folded, facts)
        if not pairs and not self._kind_columns and not any(f.fundish for f in facts):
            # (most head rows: no money in them, no grid open)
            if folded[0] and folded[0] not in _FUND_BLOCK_KEYS:
                self._in_funds = False  # a new block of the head begins
            if not (self._in_funds and self._fund_columns and not folded[0] and len(row.cells) > 1):
                return
        if cells is None:
            cells = spans(row)
        if self._kinds_by_column(row, cells, facts):
            return
        inline = self._inline_funds(row, pairs) if pairs else ()
        labelled = [(i, f.fund) for i, f in enumerate(facts) if f.fund is not None and i not in inline]
        if inline and not labelled:
            self._in_funds = True
            return
        if folded[0] and not labelled and folded[0] not in _FUND_BLOCK_KEYS:
            self._in_funds = False  # a new block of the head begins
        # Captions of a funds grid: declared ones, or by their form in a row without amounts (a
        # monitoring table's 1-7月执行数 | 1-7月执行率 beside 年初预算数).
        # (全年预算 is 全年预算数, 预算执行率 执行率: another spelling of a caption, in such a row too)
        bare = any(f.by_form for f in facts) and not any(f.amount for f in facts)
        captions = (
            [
                (a, b, row.cells[i].text)
                for i, ((a, b, _), f) in enumerate(zip(cells, facts, strict=True))
                if f.fund_caption or (bare and f.by_form)
            ]
            if bare or any(f.fund_caption for f in facts)
            else None
        )
        if captions:  # the captions of a funds grid; its amounts come in the rows below
            self._fund_columns, self._in_funds = captions, True
            return
        if labelled:
            self._in_funds = True
        elif not (self._in_funds and self._fund_columns and not folded[0] and len(row.cells) > 1):
            return
        if len(labelled) >= 2 and len({fund_scope(row.texts[i]) for i, _ in labelled} - {None}) >= 2:
            self._scopes = [(column(row.cells[i], i), fund_scope(row.texts[i])) for i, _ in labelled]
        if not labelled:  # a part of a subtotal (1、一般公共预算) under the grid's captions
            label = next((i for i, t in enumerate(row.texts) if t.strip()), None)
            if label is not None and label + 1 < len(row.cells):
                labelled = [(label, "part")]
        for position, kind in labelled:
            self._fund_line(row, position, kind)

    def _block_amounts(self, row: Row, folded: list[str], facts: list[Facts]) -> None:
        """A funds block's label with an amount right of it (项目资金（万元） | 120, 项目资金 | 120万元
        among other pairs): the whole, where no grid of amounts goes on beside it (it was no money)."""
        texts = row.texts
        for i, key in enumerate(folded[:-1]):
            if key not in _FUND_BLOCK_KEYS or not facts[i + 1].amount:
                continue
            after = next((j for j in range(i + 2, len(texts)) if texts[j].strip()), None)
            if after is not None and facts[after].amount:
                continue  # (amounts side by side: a grid's row, read by its captions)
            cell = row.cells[i + 1]
            self.funds.append(FundLine(texts[i].strip(), "total", None, cell.text, cell.line or row.line))

    def _inline_funds(self, row: Row, pairs: dict[int, tuple[str, str]]) -> set[int]:
        """Funds printed label and amount in one cell (财政拨款:6923.3552万元(其中:…), 二、自有资金:0万元,
        as Hunan's 资金总额及构成 prints them): a line each; the positions of those cells."""
        found = set()
        for position, (label, rest) in pairs.items():
            kind = fund_kind(label)
            amount = AMOUNT.match(rest) if kind else None
            if amount:
                cell = row.cells[position]
                self.funds.append(FundLine(label.strip(), kind, None, amount.group(0), cell.line or row.line))
                found.add(position)
        return found

    def _kinds_by_column(self, row: Row, cells: list, facts: list[Facts]) -> bool:
        """A funds grid whose columns are the kinds: 总额 | 财政拨款 | 其他资金 over the tasks of a
        部门整体 table and their 金额合计. The captions stand side by side in a row without amounts;
        each row below with amounts under them gives a line per column: the total row's are the
        table's amounts, a task's are parts of them."""
        if not self._kind_columns:
            count = sum(1 for f in facts if f.column_kind)
            if count == 0 or (count == 1 and len(facts) < 4):
                return False  # (most rows: no grid open, and no captions to open one; see _task_grid)
        kinds = [
            (n, a, b, f.column_kind)
            for n, ((a, b, _), f) in enumerate(zip(cells, facts, strict=True))
            if f.column_kind
        ]
        side_by_side = bool(kinds) and [n for n, *_ in kinds] == list(
            range(kinds[0][0], kinds[0][0] + len(kinds))
        )
        if (
            (len(kinds) >= 2 or self._task_grid(kinds, facts))
            and side_by_side
            and not any(f.amount for f in facts)
        ):
            self._kind_columns = [(a, b, kind, cells[n][2].text) for n, a, b, kind in kinds]
            self._kind_label = _left_of(cells, kinds[0][1])
            self._kind_rows = 0
            return True
        if not self._kind_columns:
            return False
        amounts = [
            (kind, caption, cell)
            for a, b, kind, caption in self._kind_columns
            if (cell := cell_at(row, a, b)) is not None and L.AMOUNT.match(cell.text.strip())
        ]
        if not amounts:
            self._kind_columns = []  # the grid has ended
            return False
        label = _left_of(cells, self._kind_columns[0][0])
        # (项目预算资金 merged down beside 合计 | 财政拨款 | 其他资金 and the amounts under them: the
        # amounts row has no label of its own, the captions row's names the table's money)
        # (or the first caption itself, where nothing stands under it: the label of the block, read
        # as a caption because it names money too)
        a, b, _, caption = self._kind_columns[0]
        if not label and len(self._kind_columns) > 2 and not (cell_at(row, a, b) or _BLANK).text.strip():
            label = caption.strip()
        own = bool(label)
        label = label or self._kind_label
        key = label_key(label)
        total = (
            key in _TOTAL_KEYS
            or fund_kind(label) == "total"
            # (项目资金来源 | 资金总额 | 财政拨款 | 单位自筹 over an amounts row of no label: the table's)
            or (not own and any(block in key for block in _FUND_BLOCK_KEYS))
            # (预算情况（万元） | 资金总额 | 基本支出 | 项目支出 over the one row of amounts, no label of
            # its own: the captions name the table's money whatever the label left of them says)
            or (not own and not self._kind_rows and any(k == "total" for _, _, k, _ in self._kind_columns))
        )
        self._kind_rows += 1
        for kind, caption, cell in amounts:
            line = FundLine(
                label,
                kind if total else "part",
                fund_column(label_key(caption)),
                cell.text,
                cell.line or row.line,
            )
            self.funds.append(line)
        return True

    @staticmethod
    def _task_grid(kinds: list, facts: list[Facts]) -> bool:
        """One money caption among a grid's captions (年度主要任务 | 任务名称 | 主要内容 | 预算金额): the
        tasks of a 部门整体 table, each row a part of its money."""
        if len(kinds) != 1:
            return False
        n = kinds[0][0]
        others = [f for i, f in enumerate(facts) if i and i != n and f.key]
        return len(others) >= 2 and all(is_caption_form(f.key) for f in others)

    def _fund_line(self, row: Row, position: int, kind: str) -> None:
        label = row.texts[position]
        start = column(row.cells[position], position)
        if self._fund_columns and not captions_right_of(self._fund_columns, start):
            return
        if self._fund_columns:
            for first, end, caption in self._fund_columns:
                if first <= start:
                    continue
                cell = cell_at(row, first, end)
                if cell is not None and cell.text.strip():
                    self.funds.append(
                        FundLine(
                            label.strip(),
                            kind,
                            fund_column(label_key(caption)),
                            cell.text,
                            cell.line or row.line,
                        )
                    )
            return
        if position + 1 >= len(row.cells):
            return
        value = row.cells[position + 1]
        facts = self._lexicon.of(value.text)
        if facts.fund or self._is_label(value.text, facts):
            return
        self.funds.append(
            FundLine(label.strip(), kind, self._scope(start), value.text, value.line or row.line)
        )

    def _scope(self, start: int) -> str | None:
        scope = None
        for first, name in self._scopes:
            if first <= start:
                scope = name
        return scope

    # --- Hebei spending plan ------------------------------------------------------------------

    def _spending_values(self, row: Row) -> None:
        labels_row = self._previous.texts
        # The label's column (the first, where the writer clipped the label to a prefix).
        start = next((i for i, t in enumerate(labels_row) if self._lexicon.of(t).plan), 0)
        checkpoints = [(i, t.strip()) for i, t in enumerate(labels_row) if i > start and t.strip()]
        cells = row.cells
        if len(cells) != len(labels_row):  # not aligned: pair the values in order
            values = [c for c in cells[1:] if c.text.strip()]
            pairs = list(zip((name for _, name in checkpoints), values, strict=False))
        else:
            pairs = [(name, cells[i]) for i, name in checkpoints]
        self.spending.extend(SpendingPoint(name, cell.text, cell.line or row.line) for name, cell in pairs)


def _left_of(cells: list, first: int) -> str:
    """The text of the first filled cell left of column ``first`` (a grid row's label)."""
    return next((c.text.strip() for a, _, c in cells if a < first and c.text.strip()), "")


_BLANK = Cell("")
_TOTAL_KEYS = frozenset(("合计", "总计", "金额合计", "资金合计", "预算合计", "合计金额"))


def captions_right_of(columns: list[tuple[int, int, str]], start: int) -> bool:
    return any(first > start for first, _, _ in columns)
