"""The one reader for every declared layout: blocks → projects, through the layout that matches.

Each stretch of tables (segments.py) is read with the layout its labels identify; one that none
identifies is read with the whole vocabulary and reported with the closest layout and the labels it
missed. Rows before the indicator header are the head (head.py), rows after it indicators
(indicators.py) until a total, a note or the sign-off block ends the table.
"""

from __future__ import annotations

from dataclasses import replace

import regex

from .. import labels as L
from ..blocks import Block, Paragraph, Row, Table
from ..errors import SourceError
from ..records import FundLine, Note, Project, Unit
from . import declarations as D
from .cells import (
    budget_of_another_time,
    declared_unit,
    fund_scope,
    keys,
    label_key,
    parse_unit,
    same_labels,
    spent_or_scored,
)
from .head import HeadReader
from .head_cells import expanded, paragraph_row
from .indicators import (
    Header,
    IndicatorReader,
    build_header,
    captions_below,
    is_end,
    is_header,
    is_header_part,
    levels_by_content,
    role_map,
    target_by_content,
)
from .segments import Stretch, choose_layout, is_title, stretches, table_labels

# 2019年度宁晋县高中助学金项目绩效评价指标表 → 高中助学金项目
_TITLE_YEAR = regex.compile(r"^\s*(?:下达)?(?:19|20)\d\d\s*年度?\s*")
_TITLE_PLACE = regex.compile(r"^\p{Han}{2,6}?(?:自治州|自治县|省|市|州|县|区|镇|乡|街道)(?=\p{Han}{2})")
_TITLE_KIND = regex.compile(
    r"(?:项目支出)?(?:预算)?(?:绩效)?(?:目标申报表|评价指标表|自评表|目标表|申报表|指标表)$"
)
_YEAR = regex.compile(r"(?:19|20)\d\d")
_TRAILING_YEAR = regex.compile(r"[(（]\s*(?:19|20)\d\d\s*年度?\s*[)）]$")
# (2021年度), （2023）年度, 2023年度, 预算年度：2023: a cell naming the table's year (not 立项年度 | 2019年,
# the year a project began)
_YEAR_CELL = regex.compile(
    r"^\s*(?:[(（]\s*(?:19|20)\d\d\s*年度?\s*[)）]|[(（]?\s*(?:19|20)\d\d\s*[)）]?\s*年度"
    r"|(?:预算|编制|填报|所属)?年度\s*[:：]\s*(?:19|20)\d\d\s*(?:年度?)?)\s*$"
)
# A label whose year is the project's own, not the table's: 立项年度, 开始时间, 实施年限
_A_TIME_OF_ITS_OWN = regex.compile(r"(?:年度|年份|时间|日期|年限|期限)\s*[:：]?\s*$")
_TRANSFER = regex.compile(r"转移支付|区域(?:年度)?绩效")
# Labels only transfer tables print: the finance departments of each level that pass the money on.
_TRANSFER_LABEL = regex.compile(r"^(?:中央|省级|市级|县级|区级|地方)(?:财政部门|主管部门)$")
_PREFERRED_COLUMNS = ("全年预算数", "金额", "年度", None)


def read_projects(blocks: tuple[Block, ...]) -> tuple[tuple[Project, ...], tuple[Note, ...], tuple[str, ...]]:
    """Every project in ``blocks``, the notes of the layouts met, and the titles above the tables."""
    found, stray = stretches(blocks)
    projects: list[Project] = []
    notes: list[Note] = []
    previous: D.Layout | None = None
    for stretch in found:
        layout, closest, missing = choose_layout(stretch.labels)
        if closest is not None and previous is not None and keys(previous.starts) & stretch.labels:
            # A table cut short, of the same family as the one before it: too little to identify alone.
            layout, closest = previous, None
        previous = layout if closest is None else previous
        if closest is not None:
            first = stretch.tables[0]
            notes.append(
                Note("layout_unmatched", first.line, _first_text(first), _unmatched(closest, missing))
            )
        try:
            read = _ProjectReader(layout, stretch, len(projects) + 1).read()
            projects += _without_empty_forms(read, projects, notes)
        except SourceError as err:  # one table that cannot be read costs only itself
            first = stretch.tables[0]
            notes.append(Note("table_unreadable", first.line, _first_text(first), _where(err)))
    for table in stray:
        _, closest, missing = choose_layout(table_labels(table))
        notes.append(Note("layout_unmatched", table.line, _first_text(table), _unmatched(closest, missing)))
    _check_titles_have_tables(blocks, found)
    # A table titled by its own project's name (1.2022车辆保险费绩效目标表) says no more than the name.
    own = {
        p.title
        for p in projects
        if p.title and p.name and _YEAR.search(p.name) and L.canon(p.name) in L.canon(p.title)
    }
    titles = tuple(dict.fromkeys(t for s in found for p in s.titles if (t := p.text.strip()) not in own))
    return tuple(projects), tuple(notes), (*titles, *_years_in_heads(found))


def _years_in_heads(found: list[Stretch]) -> list[str]:
    """What a form prints at its top inside the table, where a paragraph would title it: a year in a
    cell of its own ((2021年度) right of 承担单位:(盖章)), or the title merged over the first row
    (某某中心2023年度整体绩效目标表): titles, for the fiscal year."""
    years = []
    for stretch in found:
        for row in stretch.tables[0].rows[:3]:
            texts = row.texts
            years += [
                t.strip()
                for n, t in enumerate(texts)
                if "年" in t and _YEAR_CELL.match(t) and not (n and _A_TIME_OF_ITS_OWN.search(texts[n - 1]))
            ]
            filled = [t.strip() for t in row.texts if t.strip()]
            # (部门预算项目支出绩效自评表(2023年度): the year after the title's own word)
            if (
                len(filled) == 1
                and len(filled[0]) <= 80
                and _TRAILING_YEAR.sub("", L.canon(filled[0])).endswith(D.TITLE_SUFFIXES)
            ):
                years.append(filled[0])
    return list(dict.fromkeys(years))


def _without_empty_forms(read: list[Project], before: list[Project], notes: list[Note]) -> list[Project]:
    """A 项目库 export prints one project on several sheets (申报表, 执行监控, 自评); a sheet whose form
    has headers and no indicator row adds nothing: no second project, a finding."""
    named = {p.name for p in before if p.name}
    kept = []
    for project in read:
        if not project.indicators and project.name in named:
            notes.append(Note("empty_form", project.line, project.name, "a form with no indicator rows"))
            continue
        seq = len(before) + len(kept) + 1
        kept.append(project if project.seq == seq else replace(project, seq=seq))
    return kept


def _says_indicator(text: str) -> bool:
    """指标 spaced out to fill its cell (指 标 名 称)."""
    return "指标" in "".join(text.split())


def _where(err: SourceError) -> str:
    return f"{err.location}: {err.reason}" if err.location else err.reason


def _unmatched(closest: D.Layout | None, missing: tuple[str, ...]) -> str:
    if closest is None:
        return "no declared layout"
    return f"closest layout {closest.name}, missing {', '.join(missing)}"


def _first_text(table: Table) -> str:
    return next((t.strip() for row in table.rows for t in row.texts if t.strip()), "")[:60]


class _ProjectReader:
    """Reads one stretch through its layout into one project (or several, for a list table)."""

    def __init__(self, layout: D.Layout, stretch: Stretch, seq: int) -> None:
        self.layout, self.stretch, self.seq = layout, stretch, seq
        self.head = HeadReader(layout)
        self.roles = role_map(layout)
        self.indicators: IndicatorReader | None = None
        self._content_notes: list[Note] = []  # columns read by their cells, not their labels

    def read(self) -> list[Project]:
        above, ended, header_texts, header_labels = None, False, None, set()
        skipped = None  # the row of sub-captions read with the header above it
        for paragraph in self.stretch.titles:  # (项目名称：某项目 above the table: its head too)
            if (row := paragraph_row(paragraph, self.head.lexicon)) is not None:
                self.head.read(row)
        for table in self.stretch.tables:
            for number, row in enumerate(table.rows):
                if not row.cells or (skipped is not None and skipped == (table, number)):
                    continue  # (<w:tr/> says nothing; a row of sub-captions was read with its header)
                if self.indicators is None:
                    # Every header names a third-level column, and every such label says 指标
                    # (spaced out to fill its cell too: 指 标 名 称).
                    joined = "".join(row.texts)
                    if ("指标" in joined or ("标" in joined and _says_indicator(joined))) and (
                        header := self._header(table, number, row, above)
                    ):
                        self.head.flush()
                        if (with_captions := self._captions_below(table, number, row)) is not None:
                            header, row, skipped = *with_captions, (table, number + 1)
                        self.indicators = IndicatorReader(header)
                        # (a later block's header repeats the labels: a cheap test before the roles)
                        header_texts, header_labels = row.texts, {t for t in row.texts if t.strip()}
                        self._report_unread(table)
                    else:  # (pairs side by side in a cell: two colons in the row at least)
                        pairs = joined.count("：") + joined.count(":") >= 2
                        self.head.read(expanded(row, self.head.lexicon) if pairs else row)
                        above = row
                elif not ended:
                    if is_end(row):
                        ended = True
                    elif len(header_labels.intersection(row.texts)) < 2:
                        self.indicators.read(table, number, row)
                    elif same_labels(row.texts, header_texts):
                        continue  # the header printed again over a page (its empty cells aside)
                    elif self._repeats_header(row):
                        # Another block of indicators (总目标绩效指标, then 本年度绩效指标): its own
                        # header, never an indicator.
                        try:
                            header = self._header(table, number, row, None)
                        except SourceError as err:  # a block whose target no label or cell names
                            self.indicators.notes.append(
                                Note("table_unreadable", row.line, row.texts[0], _where(err))
                            )
                            ended = True
                            continue
                        self.indicators.next_block(header)
                        header_texts, header_labels = row.texts, {t for t in row.texts if t.strip()}
                        self._report_unread(table)
                    else:
                        self.indicators.read(table, number, row)
        self.head.flush()
        return self._projects()

    def _report_unread(self, table: Table) -> None:
        reported = {n.raw for n in self.indicators.notes if n.code == "indicator_column_unread"}
        for label in self.indicators.header.unread:
            if label not in reported:  # (once, though each block of indicators prints it)
                detail = "its cells are kept in remark"
                self.indicators.notes.append(Note("indicator_column_unread", table.line, label, detail))

    def _header(self, table: Table, number: int, row: Row, above: Row | None) -> Header | None:
        """The indicator header ``row`` makes (with ``above``, a row of captions over it), or None.
        One that names its levels but no target column is refused, unless the target's caption
        stands in the row above over its empty cell (绩效指标 | 指标值 over 一级指标 | 二级指标 |
        三级指标 | ␣), or a column's cells read as targets (标准值 over ≥95%, 40人 …)."""
        below = table.rows[number + 1 :]
        if is_header(row, self.roles):
            part = above if above is not None and is_header_part(above, self.roles) else None
            return self._by_content(
                table, levels_by_content(build_header(row, part, self.roles), below), below
            )
        found = self._roles_of(row)
        # (levels above the third, or two more columns: 指标名称 | 指标权重 | 计量单位 …, a flat table)
        if "level3" not in found or found & {"value", "value_long_term"}:
            return None
        if not found & {"level1", "level2"} and len(found - {None, "level3", "extra"}) < 2:
            return None
        if above is not None:
            header = build_header(row, above, self.roles)
            if any(c.role in ("value", "value_long_term") for c in header.columns):
                return levels_by_content(header, below)
        header = self._by_content(table, levels_by_content(build_header(row, None, self.roles), below), below)
        if any(c.role == "value" for c in header.columns):
            return header
        code = self.head.fields.get("code") or self.head.fields.get("name") or "?"
        where = f"line {table.line}" if table.line is not None else f"block {table.index}"
        raise SourceError(
            f"no {L.VALUE} column in the indicator header",
            location=f"table at {where} ({code})",
        )

    def _captions_below(self, table: Table, number: int, row: Row) -> tuple[Header, Row] | None:
        """The header with the sub-captions of its target in the row under it (指标值 over 数值 |
        单位), read as one row: its cells were an indicator and the unit column was lost."""
        if number + 1 >= len(table.rows):
            return None
        joined = captions_below(row, table.rows[number + 1], self.roles)
        if joined is None:
            return None
        below = table.rows[number + 2 :]
        header = build_header(joined, None, self.roles)
        if not any(c.role == "level3" for c in header.columns):
            return None
        return self._by_content(table, levels_by_content(header, below), below), joined

    def _repeats_header(self, row: Row) -> bool:
        """A row naming the columns again: a third level and a target, or the levels above the third."""
        if is_header(row, self.roles):
            return True
        found = self._roles_of(row)
        return "level3" in found and bool(found & {"level1", "level2"})

    def _roles_of(self, row: Row) -> set[str | None]:
        return {self.roles.get(label_key(t)) for t in row.texts if t and len(t) <= 40}

    def _by_content(self, table: Table, header: Header, below: tuple[Row, ...]) -> Header:
        """The header with targets no label names read by their cells (target_by_content), said."""
        found = target_by_content(header, below)
        if found is None:
            return header
        header, taken = found
        for label, by_cells in taken:
            why = (
                "its cells read as targets"
                if by_cells
                else "the only column right of the third level no label names"
            )
            self._content_notes.append(
                Note("target_by_content", table.line, label, f"{why}; no label says 指标值")
            )
        return header

    def _projects(self) -> list[Project]:
        records = self.indicators.records if self.indicators else []
        groups: dict[str, list] = {}
        for fields, indicator in records:
            groups.setdefault(fields.get("name", ""), []).append((fields, indicator))
        if self.indicators is None or not self.indicators.header.is_list or not groups:
            return [self._project(self.seq, {}, [i for _, i in records])]
        return [  # the table's notes once, with its first project
            self._project(self.seq + n, rows[0][0], [i for _, i in rows], with_notes=n == 0)
            for n, rows in enumerate(groups.values())
        ]

    def _project(
        self, seq: int, listed: dict[str, str], indicators: list, with_notes: bool = True
    ) -> Project:
        listed = {("unit" if k == "unit_name" else k): v for k, v in listed.items() if v}
        fields = {**self.head.fields, **listed}
        title = next((p for p in reversed(self.stretch.titles) if is_title(p)), None) or self._title_row()
        notes = (
            [*self.head.notes, *self._content_notes, *(self.indicators.notes if self.indicators else [])]
            if with_notes
            else []
        )
        kind = self._kind(fields, title.text if title else "")
        name = fields.get("name") or fields.get("funded_unit")  # a table for the whole unit names it
        if name is None and kind == "department":
            name = fields.get("unit")  # 单位名称 | 某某局 in a 部门整体 table: the unit is what is funded
        if name is None and self.layout.name_from_title and title is not None:
            name = name_from_title(title.text)
            notes.append(Note("name_from_title", title.line, title.text.strip(), name))
        funds = tuple(self.head.funds)
        by_kind: dict[str, list[FundLine]] = {}  # (the lines of each kind, asked for nine times)
        for line in funds:
            if line.column != "中期":
                by_kind.setdefault(line.kind, []).append(line)
        budget = listed.get("budget") or _amount(by_kind, "total")
        first = self.stretch.tables[0]
        purpose = fields.get("purpose")
        if fields.get("duties") and kind == "department":
            purpose = purpose or fields["duties"]  # what the unit does is what its money is for
        elif fields.get("duties"):  # (a unit's duties above a project's table: no column holds them)
            label, line = self.head.printed.get("duties", ("", None))
            raw = f"{label} | {fields['duties'].strip()}"
            notes.append(Note("head_label_unread", line, raw, "the unit's duties beside a project's table"))
        if indicators and indicators[0].seq != 1:  # a list table's later projects (seqs run on)
            indicators = [replace(i, seq=n) for n, i in enumerate(indicators, start=1)]
        return Project(
            seq=seq,
            title=title.text.strip() if title else None,
            unit=self._unit(fields),
            amount_unit=self.head.amount_unit or self._unit_in_titles(),
            code=fields.get("code"),
            name=name,
            budget=budget,
            fiscal_funds=_amount(by_kind, "fiscal")
            or _amount(by_kind, "superior", prefix="其中")
            or _amount(by_kind, "own", prefix="其中"),
            other_funds=_amount(by_kind, "other"),
            purpose=purpose,
            goal=fields.get("goal"),
            spending=tuple(self.head.spending),
            indicators=tuple(indicators),
            line=title.line if title else first.line,
            block=title.index if title else first.index,
            missing=self._missing(fields, budget is not None, indicators),
            template=self.layout.name,
            kind=kind,
            department=fields.get("department"),
            implementing_unit=fields.get("implementing_unit"),
            project_manager=fields.get("project_manager"),
            goal_long_term=fields.get("goal_long_term"),
            goal_actual=fields.get("goal_actual"),
            basis=fields.get("basis"),
            period=fields.get("period") or _period(fields),
            budget_initial=_amount(by_kind, "total", column="年初预算数"),
            budget_executed=_amount(by_kind, "total", column="全年执行数"),
            execution_rate=_amount(by_kind, "total", column="执行率"),
            funds=funds,
            notes=tuple(notes),
        )

    def _title_row(self) -> Paragraph | None:
        """The table's title printed in its own top row, merged across (某县2019年度高中助学金项目绩效评价
        指标表): a title as a paragraph above it would be (the project it names was lost)."""
        first = self.stretch.tables[0]
        for row in first.rows[:2]:
            filled = [t.strip() for t in row.texts if t.strip()]
            if len(filled) == 1 and len(filled[0]) <= 80:
                title = Paragraph(filled[0], first.index, row.line)
                if is_title(title):
                    return title
        return None

    def _kind(self, fields: dict[str, str], title: str) -> str:
        """What the table is for: a project, the whole unit (部门整体), or a transfer to a region."""
        words = title + "".join(t.text for t in self.stretch.titles)
        if _TRANSFER.search(words) or any(
            k.endswith("部门") and _TRANSFER_LABEL.search(k) for k in self.head.labels
        ):
            return "transfer"
        if (
            "整体" in words
            or ("funded_unit" in fields and "name" not in fields)
            or self.layout.kind == "department"
        ):
            return "department"
        return "project"

    def _unit(self, fields: dict[str, str]):
        if self.head.unit is not None:
            return self.head.unit
        if fields.get("unit_code"):  # a list table's 单位代码 column, its unit's name beside it
            code = fields["unit_code"].strip()
            return Unit(raw=code, code=code, name=fields.get("unit"), scope=None)
        implementing = fields.get("implementing_unit")
        if implementing:
            unit = parse_unit(implementing)
            if unit.code:
                return unit
        return None

    def _unit_in_titles(self) -> str | None:
        return next((u for p in self.stretch.titles if (u := declared_unit(p.text))), None)

    def _missing(self, fields: dict, budget: bool, indicators: list) -> tuple[str, ...]:
        wanted = []
        if self.layout.spending_plan:  # the Hebei form prints all of these
            wanted += [
                (L.PROJECT_CODE, "code" in fields),
                (L.BUDGET, budget),
                (L.SPENDING_PLAN_PREFIX, bool(self.head.spending)),
            ]
        wanted += [
            ("指标表", self.indicators is not None),
            (L.VALUE, bool(indicators) or self.indicators is None),
        ]
        return tuple(label for label, present in wanted if not present)


def _amount(
    by_kind: dict[str, list[FundLine]], kind: str, column: str | None = "", prefix: str = ""
) -> str | None:
    """The amount of ``kind`` (its lines outside the 中期 block): in ``column`` if given, else in the
    annual column a budget is read from."""
    lines = by_kind.get(kind)
    if not lines:
        return None
    if prefix:
        lines = [f for f in lines if L.canon(f.label).startswith(prefix)]
    # A blank beside a label (预算金额 | ␣ over a grid of tasks) is no amount where another is printed.
    lines = [f for f in lines if f.raw.strip()] or lines
    if column != "":
        return next((f.raw for f in lines if f.column == column), None)
    for preferred in _PREFERRED_COLUMNS:
        found = [line for line in lines if line.column == preferred]
        if found:
            # (项目资金总额 above 年度资金申请总额: the project's whole funds, then the year's, which
            # the budget is; 其中：财政资金 above 其中：当年财政拨款, a part of it: the first)
            if kind != "total":
                return found[0].raw
            return next((line.raw for line in found if fund_scope(line.label) == "年度"), found[0].raw)
    # Else any column but the stages that are not the budget; else the initial budget (a
    # monitoring table prints no other).
    other = next(
        (f.raw for f in lines if not (budget_of_another_time(f.column) or spent_or_scored(f.column))), None
    )
    return other or next((f.raw for f in lines if f.column == "年初预算数"), None)


def _period(fields: dict[str, str]) -> str | None:
    """The period printed as its two dates (计划开始日期, 计划完成日期), as one: 2023-01-01 至 2023-12-31."""
    dates = [fields[k].strip() for k in ("period_start", "period_end") if fields.get(k, "").strip()]
    return " 至 ".join(dates) or None


def name_from_title(title: str) -> str:
    """The project a table's title names: without the year, the place and the kind of table."""
    name = _TITLE_KIND.sub("", _TITLE_YEAR.sub("", L.canon(title)))
    return _TITLE_PLACE.sub("", name) or name


def _check_titles_have_tables(blocks: tuple[Block, ...], found: list[Stretch]) -> None:
    """A table title after the first project with no table before the next title is a table lost."""
    if not found:
        return
    claimed = {p.index for s in found for p in s.titles}
    titles = [i for i, block in enumerate(blocks) if is_title(block)]
    for n, position in enumerate(titles):
        if position <= found[0].first or position in claimed:
            continue
        end = titles[n + 1] if n + 1 < len(titles) else len(blocks)
        if not any(isinstance(b, Table) for b in blocks[position:end]):
            title = blocks[position]
            raise SourceError(
                f"'{title.text.strip()}' has no 绩效目标表 table after it",
                location=f"line {title.line}" if title.line is not None else f"block {title.index}",
                hint="the table may have been lost in conversion",
            )
