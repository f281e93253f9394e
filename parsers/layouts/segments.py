"""Cut the block stream into the stretches that hold one project's tables, and pick each stretch's
layout by the labels it prints.

A stretch starts at a table holding a project-starting label (项目编码, 项目名称, 专项资金名称 …), or
at a table with an indicator header when the open stretch already has one (a layout without a
head, or the next project of one). A table title between tables (``…绩效目标表``) closes the open
stretch; tables before the first stretch (contents, cover tables) are not projects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import regex

from .. import labels as L
from ..blocks import Block, Paragraph, Table
from . import declarations as D
from . import forms
from .cells import fund_kind, keys, label_key, same_labels
from .indicators import implied_level3, is_end

_START_KEYS = keys(D.PROJECT_STARTS)
_LEVEL3_KEYS = keys(
    tuple(label for layout in (*D.LAYOUTS, D.FALLBACK) for label in layout.columns.get("level3", ()))
)
_TARGET_KEYS = keys((*D.TARGET, *D.TARGET_LONG, "目标值", "优"))
_TITLE_MAX_CHARS = 80
_TITLE_RUN = 4  # paragraphs before a table that may title it


@dataclass
class Stretch:
    tables: list[Table]
    first: int  # index of the first block (its title, if any)
    titles: tuple[Paragraph, ...]  # the short paragraphs right before its first table
    labels: set[str] = field(default_factory=set)
    has_header: bool = False


def is_title(block: Block) -> bool:
    """True for a paragraph titling a table: ``1.2022车辆保险费绩效目标表``, ``…绩效目标申报表``."""
    return (
        isinstance(block, Paragraph)
        and block.role == "body"
        and len(block.text) <= _TITLE_MAX_CHARS
        and "表" in block.text  # cheap test first: most paragraphs are not titles
        and _titles(block.text)
    )


@lru_cache(maxsize=4096)  # (asked of a paragraph by every pass over the blocks)
def _titles(text: str) -> bool:
    return L.canon(text).endswith(D.TITLE_SUFFIXES)


# Every label a declaration knows; others are read by their form (forms.py).
_KNOWN = (
    frozenset(
        key
        for layout in (*D.LAYOUTS, D.FALLBACK)
        for mapping in (layout.head, layout.captions, layout.columns)
        for labels in mapping.values()
        for key in keys(labels)
    )
    | _START_KEYS
    | frozenset(key for layout in D.LAYOUTS for group in layout.identify for key in keys(group))
)


# Each role's declared spellings, over every layout: what an undeclared spelling of it stands for.
_SPELLINGS: dict[str, frozenset[str]] = {}
for _layout in (*D.LAYOUTS, D.FALLBACK):
    for _mapping in (_layout.columns, {k: _layout.head.get(k, ()) for k in ("name", "code")}):
        for _role, _labels in _mapping.items():
            _SPELLINGS[_role] = _SPELLINGS.get(_role, frozenset()) | keys(_labels)


def table_labels(table: Table) -> set[str]:
    """The table's labels, compared form; an undeclared spelling as the declarations spell it."""
    return set().union(*_rows_labels(table))


def _rows_labels(table: Table) -> list[set[str]]:
    """Each row's labels (rows are many: one comprehension, the header rows' bare words after)."""
    rows = []
    for row in table.rows:
        labels = set()
        for t in row.texts:
            if t and len(t) <= 40 and (found := _spelled(t)):
                labels |= found
        rows.append(labels)
    for row, labels in zip(table.rows, rows, strict=True):
        if not labels.isdisjoint(_TARGET_KEYS):  # an indicator header: a bare word is a column (单位)
            labels |= {k for t in row.texts if t and len(t) <= 40 for k in _header_spellings(t)}
            if labels.isdisjoint(_LEVEL3_KEYS) and not labels.isdisjoint(_LEVEL12_KEYS):
                labels |= _implied_level3(row.texts)
    return rows


_LEVEL12_KEYS = keys((*D.LEVEL1, *D.LEVEL2))
_LEVEL3_KEY = frozenset(keys(D.LEVEL3[:1]))


def _implied_level3(texts: tuple[str, ...]) -> frozenset[str]:
    """三级指标's spelling where the header prints its column under another word (考核指标, 绩效指标)."""
    found = []
    for t in texts:
        spelled = _spelled(t) if t and len(t) <= 40 else frozenset()
        role = None
        if not spelled.isdisjoint(_TARGET_KEYS):
            role = "value"
        elif not spelled.isdisjoint(_LEVEL12_KEYS):
            role = "level1"
        elif spelled:
            role = "known"
        found.append(role)
    return _LEVEL3_KEY if implied_level3(found, texts) else frozenset()


@lru_cache(maxsize=1024)
def _header_spellings(text: str) -> frozenset[str]:
    role = forms.header_only_role(label_key(text).lstrip("*＊"))
    return _SPELLINGS.get(role, frozenset()) if role else frozenset()


@lru_cache(maxsize=8192)  # labels recur in every table; a publication's data cells in its own
def _spellings_of(text: str) -> frozenset[str]:
    return forms.canonical(label_key(text), _KNOWN, _SPELLINGS)


@lru_cache(maxsize=16384)
def _spelled(text: str) -> frozenset[str]:
    """The text's spellings among the labels that identify layouts, start projects or make a header
    (all the stretches are compared with): most cells are values and have none. A label with its
    value after a colon (部门名称：某县财政局, as 一体化 exports print their 基本信息) has its label's."""
    found = _spellings_of(text) & _RELEVANT
    if not found and (match := _PAIR_LABEL.match(text)):
        return _spellings_of(match.group(1)) & _RELEVANT
    return found


_PAIR_LABEL = regex.compile(r"^\s*([^:：\d]{2,12})[:：]\s*\S")


_RELEVANT = (
    _KNOWN
    | _START_KEYS
    | _TARGET_KEYS
    | _LEVEL3_KEYS
    | frozenset(key for layout in (*D.LAYOUTS, D.FALLBACK) for key in keys(layout.starts))
    | frozenset(key for spellings in _SPELLINGS.values() for key in spellings)
)


def has_indicator_header(labels: set[str]) -> bool:
    """A third level and a target; or, the target read by its cells, the levels above the third or
    two columns of an indicator's (指标名称 | 指标权重 | 计量单位 | 指标性质 | …, a flat table)."""
    if labels.isdisjoint(_LEVEL3_KEYS):
        return False
    return bool(labels & _TARGET_KEYS or labels & _LEVEL12_KEYS) or len(labels & _INDICATOR_COLUMN_KEYS) >= 2


_INDICATOR_COLUMN_KEYS = keys((*D.WEIGHT, *D.UNIT_CELL, *D.NATURE, *D.OPERATOR, *D.DIRECTION))


def split_at_projects(table: Table) -> list[tuple[Table, set[str]]]:
    """A table that runs on from one project's indicators into the next project's head (a PDF joins
    tables that go on over a page, and some writers print every project in one grid): one table per
    project, cut where a row that starts a project follows an indicator header. Each part comes with
    its labels (as table_labels gives them: each row's are found once)."""
    parts, start, seen_header = [], 0, False
    rows = _rows_labels(table)
    for n, labels in enumerate(rows):
        if seen_header and n > start and labels & _START_KEYS:
            cut = n
            while cut - 1 > start and _one_cell(table.rows[cut - 1]):  # the next form's title rows
                cut -= 1
            parts.append(
                (Table(table.rows[start:cut], table.index, table.rows[start].line or table.line), start, cut)
            )
            start, seen_header = cut, False
        seen_header = seen_header or has_indicator_header(labels)
    if not parts:
        return [(table, set().union(*rows))]
    parts.append(
        (Table(table.rows[start:], table.index, table.rows[start].line or table.line), start, len(rows))
    )
    return [(part, set().union(*rows[a:b])) for part, a, b in parts]


def _one_cell(row) -> bool:
    """A row with one cell of text: a form's title (（2023年度）, 财政项目支出绩效目标填报表)."""
    return sum(1 for t in row.texts if t.strip()) == 1


def stretches(blocks: tuple[Block, ...]) -> tuple[list[Stretch], list[Table]]:
    """The project stretches, and the tables that belong to none but print target-like columns."""
    found: list[Stretch] = []
    stray: list[Table] = []
    current: Stretch | None = None
    orphan: tuple[int, Table, set[str]] | None = None  # the last table no stretch took
    adjoining = False  # only what a page break leaves since the last table
    for position, block in enumerate(blocks):
        if isinstance(block, Paragraph):
            if is_title(block) and current is not None and current.tables:
                current = None
            if (adjoining or orphan is not None) and not _between_parts(block):
                adjoining = False
                if orphan is not None:
                    _unread_head(orphan, stray)
                    orphan = None
            continue
        for n, (part, labels) in enumerate(split_at_projects(block)):
            if current is not None and current.has_header and _next_head(part, labels):
                current = None  # (the next table's head, its indicators in a table of their own)
            before = len(found)
            if n == 0 and adjoining and current is not None and _header_goes_on(part, labels, current):
                current.tables.append(part)  # (its header row is read as the header printed again)
                continue
            current = _place(part, labels, blocks, position, n == 0, current, found, stray)
            if current is None:
                _unread_head(orphan, stray)
                orphan = (position, part, labels) if n == 0 else None
                continue
            if len(found) > before and orphan is not None and not labels & _START_KEYS:
                _take_head(current, orphan, blocks)
            else:
                _unread_head(orphan, stray)
            orphan = None
        adjoining = True
    _unread_head(orphan, stray)
    return found, stray


def _header_goes_on(table: Table, labels: set[str], current: Stretch) -> bool:
    """A table that starts by printing the open stretch's indicator header again, right after its
    last table (a page break, the header repeated over the next page, as a PDF or a capture cuts a
    long table): the same indicators go on. Not after the table's end (总分, 其他说明, the sign-off),
    not where the table names a project of its own."""
    if labels & _START_KEYS or not current.has_header or not has_indicator_header(labels):
        return False
    first = next((row for row in table.rows if any(t.strip() for t in row.texts)), None)
    last = current.tables[-1].rows
    if first is None or (last and any(is_end(row) for row in last[-3:])):
        return False
    header = next(
        (
            row
            for t in current.tables
            for row, found in zip(t.rows, _rows_labels(t), strict=True)
            if has_indicator_header(found)
        ),
        None,
    )
    return header is not None and same_labels(first.texts, header.texts)


def _unread_head(orphan: tuple[int, Table, set[str]] | None, stray: list[Table]) -> None:
    """A table of head labels that no indicator table follows is read by no layout: said (with the
    stray tables), never dropped without a word."""
    if orphan is not None and orphan[1] not in stray and _is_head(orphan[1]):
        stray.append(orphan[1])


# Between a head table and its indicator table only what a page break leaves (blank lines, page
# headers and footers, page numbers: - 3 -, 第3页) or a short line of the table's (单位：万元).
_PAGE_NUMBER = regex.compile(r"^[\s\-—－第页共/\d]*$")


def _between_parts(paragraph: Paragraph) -> bool:
    """Blank lines, page furniture and numbers, or a short line that titles nothing (单位：万元, 续表)."""
    if paragraph.role != "body" or _PAGE_NUMBER.match(paragraph.text) is not None:
        return True
    return len(paragraph.text.strip()) <= 20 and not is_title(paragraph)


def _take_head(stretch: Stretch, orphan: tuple[int, Table, set[str]], blocks) -> None:
    """A table of head labels right above an indicator table that starts a stretch is its head: a
    部门整体 table's (部门(单位)名称, 预算资金, 年度整体绩效目标), or any head a page break or the writer
    printed as a table of its own, whose labels start no project."""
    position, table, labels = orphan
    if not _is_head(table):
        return
    titles = _titles_before(blocks, position)
    stretch.tables.insert(0, table)
    stretch.labels |= labels
    stretch.titles = titles
    stretch.first = titles[0].index if titles else position


def _next_head(table: Table, labels: set[str]) -> bool:
    """After a project's indicators, a table of head labels naming a unit or a project (部门名称, no
    label that starts a project) opens the next table's head; it is none of the project's rows."""
    if labels & _START_KEYS or has_indicator_header(labels) or not _is_head(table):
        return False
    for row in table.rows:
        first = next((t.strip() for t in row.texts if t.strip()), "")
        if first and len(first) <= 30 and forms.head_field(label_key(first)) in ("name", "funded_unit"):
            return True
    return False


def _is_head(table: Table) -> bool:
    """Two labels or more a goal table's head prints (known, or by their form), each starting a row
    or standing in a row of label | value pairs (部门编码: | 316 | 部门名称: | 某局)."""
    found = 0
    for row in table.rows:
        first = next((t.strip() for t in row.texts if t.strip()), "")
        if first and len(first) <= 30 and _head_label(first):
            found += 1 + (len(row.texts) >= 4 and sum(1 for t in row.texts[2::2] if _head_label(t.strip())))
            if found >= 2:
                return True
    return False


@lru_cache(maxsize=4096)
def _head_label(text: str) -> bool:
    if not text or len(text) > 30:
        return False
    key = label_key(text).lstrip("*＊")  # (*联系人: a required field's star, as 一体化 exports print it)
    return key in _KNOWN or forms.head_field(key) is not None or fund_kind(text) is not None


def _place(block: Table, labels: set[str], blocks, position: int, first_part: bool, current, found, stray):
    """Put one table into the stretch it belongs to; return the stretch that is open after it."""
    header = has_indicator_header(labels)
    if labels & _START_KEYS or (header and (current is None or current.has_header)):
        titles = (
            _titles_before(blocks, position) if first_part else ()
        )  # a later part has no title of its own
        current = Stretch([], titles[0].index if titles else position, titles)
        found.append(current)
    if current is None:
        if labels & _TARGET_KEYS:
            stray.append(block)
        return None
    current.tables.append(block)
    current.labels |= labels
    current.has_header |= header
    return current


def _titles_before(blocks: tuple[Block, ...], position: int) -> tuple[Paragraph, ...]:
    run: list[Paragraph] = []
    for block in reversed(blocks[:position]):
        if isinstance(block, Table) or len(run) == _TITLE_RUN:
            break
        if block.is_blank or block.role != "body":
            continue
        if len(block.text) > _TITLE_MAX_CHARS:
            break
        run.append(block)
    return tuple(reversed(run))


def choose_layout(labels: set[str]) -> tuple[D.Layout, D.Layout | None, tuple[str, ...]]:
    """The first layout whose identifying labels are all among ``labels``; else the fallback, with the
    closest layout and the labels it missed."""
    best, best_missing = None, ()
    for layout in D.LAYOUTS:
        missing = tuple(group[0] for group in layout.identify if not keys(group) & labels)
        if not missing:
            return layout, None, ()
        if best is None or len(missing) < len(best_missing):
            best, best_missing = layout, missing
    return D.FALLBACK, best, best_missing
