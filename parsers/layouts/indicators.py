"""The indicator table: its header, read through the layout's column roles, and its rows.

- The header is the row that names a third-level column (三级指标, 指标内容, 指标 …) and a target
  column (指标值, 目标值 …). A header row above it fills the columns it leaves empty (年度指标值 over
  指标性质 | 指标值 | 度量单位, 实际完成值 beside them).
- Roles that repeat in the header start a second group of columns: long-term targets beside annual
  ones give two records per row, with their horizon.
- A merged label (一级指标 down many rows) is an empty cell in every format: it continues the
  label above, also across rows that are only labels (``效益指标 | 经济效益指标 |`` with no
  indicator under it).
- A cell takes the columns its grid position covers (.docx). Tika text has no grid: a row as wide
  as the header is read by position; a shorter one is placed by its content where exactly one
  placement puts a target-shaped cell under the target column, and reported where none or several
  do.
- A target split over cells (operator | value | unit | 指标性质, in any order) is one target: the
  cells joined in print order, and each cell kept by its role.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

from .. import labels as L
from ..blocks import Row, Table
from ..records import Indicator, Note
from . import declarations as D
from . import forms
from .cells import cell_at, keys, label_key, looks_like_target, spans

# A second 二级/三级/指标值 column starts a second group of columns (long-term beside annual).
_GROUP_STARTERS = frozenset(("level2", "level3", "value", "value_long_term"))
# Roles of one group of columns (the others, level1 and a list table's project columns, are shared).
_GROUPED = frozenset(
    "level2 level3 description value value_long_term actual weight score unit operator nature direction basis "
    "remark grade_good grade_fair grade_poor".split()
)
_TARGETS = ("value", "value_long_term")
_SPLIT = ("operator", "nature", "unit")
_GRADE_ROLES = ("grade_good", "grade_fair", "grade_poor")
# A target printed in one cell: its text, no split cells.
_PLAIN_TARGET = {"value": None, "number_cell": None, "operator_cell": None, "unit_cell": None, "nature": None}
# Texts of an indicator that a row cut by a page break goes on with.
_CONTINUED = frozenset(("level3", "description", "basis", "remark"))
_GRADES = (("value", "优"), ("grade_good", "良"), ("grade_fair", "中"), ("grade_poor", "差"))
_NATURES = ("定性", "定量")
_MONEY = re.compile("金额|资金|经费|费用|预算|成本|补助标准|补贴标准")
_END_KEYS = keys(D.END_LABELS)
_SIGN_OFF = re.compile("|".join(map(re.escape, D.SIGN_OFF)))
# Notes and the sign-off as other forms word them: 其他说明的问题, 其他需说明情况; 填报人:, 单位负责人:
_END_FORM = re.compile(
    r"^其他(?:需要?)?说明(?:的)?(?:问题|事项|情况)|^(?:填报人|经办人|单位负责人|财务负责人)$"
)
LIST_ROLES = frozenset(D.LIST_COLUMNS)


@dataclass(frozen=True, slots=True)
class Column:
    first: int
    end: int
    role: str
    group: int  # -1: shared by every group
    label: str = ""  # the header text as printed (for a column no role takes, its name in remark)
    unit: str | None = None  # the unit the header gives its cells: 指标值（%）, 指标值(万元)


@dataclass
class Header:
    columns: list[Column]
    width: int  # cells of the header row, for placing rows of Tika text
    horizons: dict[tuple[int, str], str]  # (group, target role) → annual | long_term
    gridded: bool
    unread: tuple[str, ...] = ()  # labels of header cells no role takes: kept in remark, reported
    long_term_block: bool = False  # a caption says its indicators are the long term's (总目标绩效指标)

    def of(self, role: str) -> list[Column]:
        return [c for c in self.columns if c.role == role]

    # (Cached: asked for every row; a header's columns are fixed once built.)
    @cached_property
    def groups(self) -> list[int]:
        return sorted({c.group for c in self.columns if c.group >= 0}) or [0]

    @cached_property
    def is_list(self) -> bool:
        return any(c.role == "name" for c in self.columns)


_ROLE_MAPS: dict[str, dict[str, str]] = {}
# The shared vocabulary, under each layout's own labels: 指标描述 is the description in any layout.
_SHARED_ROLES = {key: role for role, labels in D.INDICATOR_COLUMNS.items() for key in keys(labels)}


class RoleMap(dict):
    """Compared header label → column role: the layout's labels over the shared vocabulary, then
    the domain's forms (forms.py): a target column is a header ending in 指标值 or 目标值 whatever
    stands before it, a 权重 column is the weight in any layout."""

    def __init__(self, roles: dict[str, str]) -> None:
        super().__init__(roles)
        self.headers: dict[tuple, Header] = {}  # header rows read through this map (build_header)

    def get(self, key, default=None):
        found = super().get(key)
        if found is not None or not key:
            return found if found is not None else default
        bare = key.lstrip("*＊")
        if bare != key and (found := super().get(bare)) is not None:
            return found
        return forms.header_role(bare) or default

    def __contains__(self, key) -> bool:
        return self.get(key) is not None


def role_map(layout: D.Layout) -> dict[str, str]:
    """Compared header label → column role, once per layout."""
    if layout.name not in _ROLE_MAPS:
        own = {key: role for role, labels in layout.columns.items() for key in keys(labels)}
        _ROLE_MAPS[layout.name] = RoleMap(_SHARED_ROLES | own)
    return _ROLE_MAPS[layout.name]


def is_header(row: Row, roles: dict[str, str]) -> bool:
    found = [roles.get(label_key(t)) if t and len(t) <= 40 else None for t in row.texts]
    if not set(found) & set(_TARGETS):
        return False
    return "level3" in found or bool(implied_level3(found, row.texts))


def implied_level3(found: list[str | None], texts) -> list[int]:
    """The third level's columns where no label says 三级: in each group of columns (levels, then a
    target), the one column between the levels named and the target that no role takes (一级指标 |
    二级指标 | 考核指标 | 指标值; 绩效指标, 指标 too). Empty where a group names its third level."""
    implied, last_level, start = [], None, 0
    for n, role in enumerate(found):
        if role in ("level1", "level2"):
            last_level = n
        elif role == "level3":
            last_level = None
            start = n + 1
        elif role in _TARGETS:
            if last_level is not None and last_level >= start:
                between = [i for i in range(last_level + 1, n) if found[i] is None and texts[i].strip()]
                if len(between) == 1:
                    implied.append(between[0])
            last_level, start = None, n + 1
    return implied


def is_header_part(row: Row, roles: dict[str, str]) -> bool:
    """A row of captions over the header row (年度指标值, 实际完成值 …): two or more column labels."""
    return sum(1 for t in row.texts if t and len(t) <= 40 and label_key(t) in roles) >= 2


def build_header(row: Row, above: Row | None, roles: RoleMap) -> Header:
    """The header ``row`` prints (``above``: a row of captions over it), read through ``roles``.

    A publication prints the same header over every project's table: each is read once (the role
    map keeps the headers it read), and every table gets its own copy (a reader may change its
    horizons)."""
    headers = roles.headers
    key = (_shape(row), _shape(above) if above is not None else None)
    known = headers.get(key)
    if known is None:
        if len(headers) >= 512:
            headers.clear()
        known = headers[key] = _read_header(row, above, roles)
    return replace(known, columns=list(known.columns), horizons=dict(known.horizons))


def captions_below(row: Row, below: Row, roles: dict[str, str]) -> Row | None:
    """The header ``row`` with the row under it where that row holds sub-captions of a target
    caption (指标值 over 数值 | 单位, 绩效目标值 over 符号 | 值 | 计量单位, 指标值 over 年度 | 中期): one
    header row, each sub-caption named by its own label where it has a role (符号, 计量单位), else by
    itself and the caption (数值指标值, 中期指标值). None where ``below`` is no such row."""
    if _DIGIT.search("".join(below.texts)):
        return None  # (the first indicator row: most hold a number)
    subs = [t.strip() for t in below.texts if t.strip()]
    if not subs or any(len(t) > 8 or level_kind(t) for t in subs):
        return None
    gridded = all(c.grid_col is not None for c in (*row.cells, *below.cells))
    cells, under_target = [], False
    for position, (first, _, cell) in enumerate(spans(below)):
        above = _caption_over(row, position, first, gridded)
        role_above = roles.get(label_key(above)) if above else None
        text = cell.text.strip()
        if not text:
            text = above
        elif role_above in ("level1", "level2", "level3"):
            return None  # (an indicator row: its cells stand under the levels)
        elif role_above in _TARGETS:
            under_target = True
            text = text if roles.get(label_key(text)) else text + above
        elif above:
            text = f"{above}/{text}"
        cells.append(replace(cell, text=text))
    return Row(tuple(cells), row.line) if under_target else None


def _caption_over(above: Row, position: int, first: int, gridded: bool) -> str:
    """The caption over a cell of the row below: the cell of ``above`` at its place (by the grid, or
    in Tika text, its spans gone, by position), or over empty cells the nearest filled one left of
    it (a caption spanning its sub-columns, or a writer's span printed as empty cells)."""
    if gridded and all(c.grid_col is not None for c in above.cells):
        cells = [cell for start, _, cell in spans(above) if start <= first]
    else:
        cells = list(above.cells[: position + 1]) if position >= 0 else []
    for cell in reversed(cells):
        if cell.text.strip():
            return cell.text.strip()
    return ""


def _shape(row: Row) -> tuple:
    return tuple((c.text, c.grid_col, c.grid_span) for c in row.cells)


def _read_header(row: Row, above: Row | None, roles: dict[str, str]) -> Header:
    cells = spans(row)
    gridded = all(c.grid_col is not None for c in row.cells)
    named: list[tuple[int, int, str | None]] = []
    labels: list[str] = []
    for position, (first, end, cell) in enumerate(cells):
        label = cell.text
        if not label.strip() and above is not None:
            label = _text_above(above, position, first, len(cells), gridded)
        role = roles.get(label_key(label)) if label.strip() else None
        if role is None and cell.text.strip() and above is not None:
            # 年度 | 中期 under a target's caption (指标值): 年度指标值, 中期指标值
            caption = _text_above(above, position, first, len(cells), gridded).strip()
            if not caption:  # (a caption's span printed as empty cells right of it)
                caption = _caption_over(above, position - (len(cells) - len(above.cells)), first, gridded)
            if caption and roles.get(label_key(caption)) in _TARGETS:
                label = cell.text.strip() + caption
                role = roles.get(label_key(label))
        if role is None and cell.text.strip():
            role = forms.list_role(label_key(label))  # a project's column in a table of many
        named.append((first, end, role))
        labels.append(label.strip())
    for third in implied_level3([role for _, _, role in named], labels):
        first, end, _ = named[third]
        named[third] = (first, end, "level3")
    columns: list[Column] = []
    group, seen = 0, set()
    unread: list[str] = []
    long_term_block = False
    for (first, end, role), label in zip(named, labels, strict=True):
        if role is None:
            bare = "".join(label.split())
            if label and len(label) <= 40 and not _FILLER.match(bare):
                columns.append(Column(first, end, "extra", -1, label))  # kept in remark, reported
                unread.append(label)
            elif label and not columns:
                # The block's caption left of every column (绩效指标, 年度绩效指标), merged down its
                # rows: nothing of its own, unless its cells name the first level (levels_by_content).
                columns.append(Column(first, end, "filler", -1, label))
            elif not label and columns and columns[-1].role == "extra":
                # An unread caption merged over the cells right of it (偏差原因分析 over 经费保障 |
                # 制度保障 …): their cells are its too, never dropped.
                columns.append(Column(first, end, "extra", -1, columns[-1].label))
            # The caption of the block says whose indicators these are: 总目标绩效指标, 实施期绩效指标.
            long_term_block = long_term_block or bool(_LONG_TERM_BLOCK.match(bare))
            continue
        if role in _GROUPED:
            if role in seen and role in _GROUP_STARTERS:
                group, seen = group + 1, set()
            seen.add(role)
        unit = header_unit(label) if role in _TARGETS else None
        columns.append(Column(first, end, role, group if role in _GROUPED else -1, label, unit))
    horizons = _horizons(columns)
    if long_term_block:
        horizons = dict.fromkeys(horizons, "long_term")
    return Header(columns, len(row.cells), horizons, gridded, tuple(unread), long_term_block)


def levels_by_content(header: Header, rows: tuple[Row, ...]) -> Header:
    """A column no label names whose cells are level names (指标类别 over 产出指标, 效益指标 …) holds a
    level no label of the header names: the first level left of the others, the second between the
    first and the third (满意度指标 under 满意度指标 too); else the one kind its cells all are."""
    # (and a column whose label names the nature, 指标类型, holding level names, not 定量 | 定性)
    extras = [n for n, c in enumerate(header.columns) if c.role in ("extra", "nature", "filler")]
    if not extras:
        return header
    roles = {c.role for c in header.columns}
    columns, unread, changed = list(header.columns), list(header.unread), False
    for n in extras:
        column = columns[n]
        # (the header printed again over a second block of indicators is no cell of the column)
        texts = [
            t.strip() for t in _column_texts(header, column, rows) if t and t.strip() and t != column.label
        ]
        found = [level_kind(t) for t in texts]
        shaped = sum(1 for t, k in zip(texts, found, strict=True) if k or L.canon(t).endswith("指标"))
        if not texts or 5 * shaped < 4 * len(texts):
            continue  # (a level's name says 指标, 社会公众或服务对象满意度指标 too; a slip or two aside)
        if column.role == "nature" and (None in found or any(t.startswith(_NATURES) for t in texts)):
            continue  # (定量指标 | 定性指标 under 指标属性 are natures, as its label says)
        kinds = set(found) - {None}
        # (by its place, one name is enough: 实施效果指标 merged down them all; by its cells alone, two)
        kind = _level_by_place(columns, n)
        if kind is None and len(kinds) == 1 and len(texts) >= 2:
            kind = kinds.pop()
        if kind is None or kind in roles:
            continue
        third = next((c.group for c in columns[n:] if c.role == "level3"), 0)
        columns[n] = replace(column, role=kind, group=-1 if kind == "level1" else third)
        changed = True
        if column.label in unread:
            unread.remove(column.label)
    if not changed:
        return header
    return replace(header, columns=columns, unread=tuple(unread))


def _level_by_place(columns: list[Column], n: int) -> str | None:
    """The level a column of level names holds by where it stands: left of every level and of a
    second level before its third, the first; right of a first level with no second before its
    third, the second. None where its place does not say."""
    third = next((m for m in range(n + 1, len(columns)) if columns[m].role == "level3"), None)
    if third is None:
        return None
    before = {c.role for c in columns[:n]}
    between = {c.role for c in columns[n + 1 : third]}
    if not before & {"level1", "level2", "level3"} and "level2" in between:
        return "level1"
    if "level1" in before and "level2" not in between:
        return "level2"
    return None


def target_by_content(header: Header, rows: tuple[Row, ...]) -> tuple[Header, list[tuple[str, bool]]] | None:
    """Targets no label names: in each group of columns (a third level, the columns right of it up to
    the next group's levels) that has no target column, the first column no role takes whose cells
    read as targets (more than half, two or more: ≥95%, 40人) is its target (标准值, 考核标准, 年度目标
    …); else, where the header names no target at all, the only such column there. The header with
    them, and each one's label and whether its cells said so; None where no group gains a target."""
    columns = list(header.columns)
    thirds = [n for n, c in enumerate(columns) if c.role == "level3"]
    # (the only unread column is the target where the header names none; beside named targets, a
    # column is one only by its cells)
    alone = not any(c.role in _TARGETS for c in columns)
    taken = []
    for k, third in enumerate(thirds):
        stop = thirds[k + 1] if k + 1 < len(thirds) else len(columns)
        group = []  # the columns right of the third level, up to the next group's levels
        for n in range(third + 1, stop):
            if columns[n].role in ("level1", "level2"):
                break
            group.append(n)
        if any(columns[n].role in _TARGETS for n in group):
            continue
        # (a label that says 备注 is no target; a list's project column never stands right of the levels)
        unread = [n for n in group if columns[n].role == "extra" or columns[n].role in LIST_ROLES]
        # A standard (绩效标准, 评价标准) is what the target is judged by: where no target is named, one
        # whose cells read as targets is the target.
        judged = [n for n in group if columns[n].role == "basis"]
        found = next((n for n in unread + judged if _reads_as_targets(header, columns[n], rows)), None)
        by_cells = found is not None
        if found is None and alone and len(unread) == 1:
            found = unread[0]
        if found is not None:
            column = columns[found]
            group_of = columns[third].group
            columns[found] = replace(column, role="value", group=group_of, unit=header_unit(column.label))
            taken.append((column.label, by_cells))
    if not taken:
        return None
    labels = {label for label, _ in taken}
    horizons = _horizons(columns)
    if header.long_term_block:
        horizons = dict.fromkeys(horizons, "long_term")
    unread = tuple(label for label in header.unread if label not in labels)
    return replace(header, columns=columns, horizons=horizons, unread=unread), taken


def _reads_as_targets(header: Header, column: Column, rows) -> bool:
    """More than half of the column's cells, two or more, read as targets (≥95%, 40人, 12月底前)."""
    texts = [t for t in _column_texts(header, column, rows) if t and t.strip()]
    return len(texts) >= 2 and 2 * sum(1 for t in texts if looks_like_target(t)) > len(texts)


def _column_texts(header: Header, column: Column, rows) -> list[str | None]:
    """The column's cells in ``rows`` (the first 60)."""
    rows = rows[:60]
    if header.gridded:
        return [(cell.text if (cell := cell_at(row, column.first, column.end)) else None) for row in rows]
    # (Tika text: a row as wide as the header holds the column's cell at its position)
    return [row.texts[column.first] for row in rows if len(row.texts) == header.width]


_HEADER_UNIT = re.compile(r"[(（]\s*([^()（）\d]{1,6}?)\s*[)）]\s*$")
# Not columns of their own: numbering, and the caption of the block at its left (绩效指标).
_FILLER = re.compile(
    r"^(?:序号|编号|行次|栏次|[\d\s]+|指标|.{0,6}绩效指标(?:\(\d+分\))?|绩效目标"
    r"|(?:三年|年度|本年度|当年|中期|中长期|实施期|长期)(?:总体)?指标)$"
)
# A block of the long term's indicators (总目标绩效指标, 实施期绩效指标, 三年总体指标), beside the year's.
_LONG_TERM_BLOCK = re.compile(
    r"^(?:项目)?(?:总目标|三年|实施期|中长期|长期|中期)(?:目标)?(?:总体)?(?:绩效)?指标$"
)


def header_unit(label: str) -> str | None:
    """The unit a target header gives its cells: 指标值（%） → %, 目标值(万元) → 万元."""
    match = _HEADER_UNIT.search(label)
    return match.group(1) if match else None


def _text_above(above: Row, position: int, first: int, width: int, gridded: bool) -> str:
    """The caption over an empty header cell: the text of the cell above that spans it."""
    if gridded and all(c.grid_col is not None for c in above.cells):
        for start, end, cell in spans(above):
            if start <= first < end:
                return cell.text
        return ""
    # Tika text: the row above has fewer cells (its spans are gone); its last cells stand over the
    # header row's last columns.
    offset = width - len(above.cells)
    index = position - offset
    return above.texts[index] if 0 <= index < len(above.cells) else ""


def _horizons(columns: list[Column]) -> dict[tuple[int, str], str]:
    targets = [(c.group, c.role) for c in columns if c.role in _TARGETS]
    annual_groups = [g for g, role in targets if role == "value"]
    explicit = any(role == "value_long_term" for _, role in targets)
    horizons = {}
    for g, role in targets:
        long_term = role == "value_long_term" or (
            not explicit and len(annual_groups) > 1 and g != annual_groups[-1]
        )
        horizons[(g, role)] = "long_term" if long_term else "annual"
    return horizons


def is_end(row: Row) -> bool:
    """A row that ends the indicator table: 总分, 合计, 其他需要说明事项, the sign-off block."""
    for text in row.texts:  # (the first text of the row: asked of every indicator row)
        if text and not text.isspace():
            return _ends(text) if len(text) <= 40 else _ends_uncached(text)
    return False


def _ends_uncached(first: str) -> bool:
    key = label_key(first)
    return key in _END_KEYS or bool(_SIGN_OFF.search(L.canon(first)) or _END_FORM.match(key))


_ends = lru_cache(maxsize=4096)(_ends_uncached)  # first-level names recur in every table


@dataclass
class _Context:
    level1: str | None = None
    level2: dict[int, str | None] = field(default_factory=dict)


class IndicatorReader:
    """Reads indicator rows under one header into records; the list-table project fields ride along.

    A row's cells are placed as a list aligned with the header's columns; each group reads its
    roles from it by index (rows are many: no per-cell hashing)."""

    def __init__(self, header: Header) -> None:
        self.records: list[tuple[dict[str, str], Indicator]] = []
        self.notes: list[Note] = []
        self.next_block(header)

    def next_block(self, header: Header) -> None:
        """Read the rows below under ``header``: the first, or the next block's (总目标绩效指标,
        then 本年度绩效指标), whose records join those read so far."""
        self.header = header
        self.context = _Context()
        self._level1_from = len(self.records)  # the first record under the current first-level name
        self.list_fields: dict[str, str] = {}
        columns = header.columns
        self._firsts = [c.first for c in columns]
        self._shared = [(c.role, i) for i, c in enumerate(columns) if c.group < 0 and c.role != "extra"]
        self._extras = [(c.label, i) for i, c in enumerate(columns) if c.role == "extra"]
        self._sub_captions: bool | None = None  # not yet known
        self._picks: dict[tuple, list[int | None]] = {}  # a grid row's cell starts → cell per column
        self._spread: dict[tuple, list] = {}  # … → the target columns over several of its cells
        self._orphans: dict[tuple, list[int]] = {}  # … → the cells no column takes
        self._units = {(c.group, c.role): c.unit for c in columns if c.unit}
        self._groups = [
            (g, [(c.role, i) for i, c in enumerate(columns) if c.group == g]) for g in header.groups
        ]
        self._lines = {(c.group, c.role): i for i, c in enumerate(columns) if c.role in _TARGETS}
        self._target_columns = tuple(self._lines.values())
        # Per group, what its columns are (asked of every row): its target roles in print order, and
        # whether a target is only its own cell (no operator, unit, nature or grade columns beside it).
        self._targets = {g: tuple(dict.fromkeys(r for r, _ in m if r in _TARGETS)) for g, m in self._groups}
        self._plain = {g: not any(r in _SPLIT or r in _GRADE_ROLES for r, _ in m) for g, m in self._groups}
        self._repeated = {g for g, m in self._groups if len({r for r, _ in m}) < len(m)}

    def read(self, table: Table, number: int, row: Row) -> None:
        texts = self._place(row)
        if self._sub_captions is None:  # the row right under the header: its sub-captions?
            self._rejoin_block_caption(texts, row)
            self._sub_captions = self._read_sub_captions(texts)
            if self._sub_captions:
                return
        if not "".join(filter(None, texts)).strip():
            return
        shared = {role: texts[i] for role, i in self._shared}
        if self.header.is_list:
            self._list_project(shared)
        level1 = _clean(shared.get("level1"))
        if level1 and "\n" in level1:
            level1 = _unwrapped(level1)
        if self._continues_above(texts, level1, row):
            return
        level2 = None
        if level1 and self._rejoins_level1(level1, row):
            level1 = None
        elif level1:
            level1, level2 = _both_levels(level1)
            self.context.level1, self.context.level2 = level1, {}
            self._level1_from = len(self.records)
        extra = (
            "；".join(f"{label}: {t.strip()}" for label, i in self._extras if (t := texts[i]) and t.strip())
            if self._extras
            else ""
        )
        for group, members in self._groups:
            if group in self._repeated:
                values: dict[str, str | None] = {}
                for role, i in members:  # a role printed twice in a group (two remark columns): both kept
                    values[role] = _both(values[role], texts[i]) if role in values else texts[i]
            else:
                values = {role: texts[i] for role, i in members}
            if extra:
                values["remark"] = _both(values.get("remark"), extra) if values.get("remark") else extra
            if level2 and not (values.get("level2") or "").strip():
                values["level2"] = level2  # (产出指标/数量指标 in the first level's column)
            self._group(table, number, row, group, values, level1)

    def _rejoin_block_caption(self, texts: list[str | None], row: Row) -> None:
        """The block's caption merged down its rows and cut by a page break under the header
        (总目标绩效 / 指标): the two pieces make a caption, not a column and its first value. Or moved
        whole beside the first row (a page break between the header and its rows)."""
        moved = next((t for t in row.texts if _LONG_TERM_BLOCK.match("".join(t.split()))), None)
        if moved is not None:  # (under a column of the header or under none: its cell was empty)
            self.header.horizons = dict.fromkeys(self.header.horizons, "long_term")
            texts[:] = [None if t == moved else t for t in texts]
            detail = "the caption of a block of indicators printed beside its first row"
            self.notes.append(Note("label_rejoined", row.line, moved.strip(), detail))
            return
        for n, (label, i) in enumerate(self._extras):
            below = (texts[i] or "").strip()
            whole = "".join((label + below).split())
            if below and _FILLER.match(whole) and not _FILLER.match("".join(label.split())):
                del self._extras[n]
                texts[i] = None
                if _LONG_TERM_BLOCK.match(whole):
                    self.header.horizons = dict.fromkeys(self.header.horizons, "long_term")
                detail = "the caption of a block of indicators cut over two rows"
                self.notes.append(Note("label_rejoined", row.line, whole, detail))
                return

    def _read_sub_captions(self, texts: list[str | None]) -> bool:
        """A row of captions under the header's unread ones (偏差原因分析 over 经费保障 | 制度保障 …,
        完成目标可能性 over 确定能 | 有可能): text under those columns alone. Their cells are then named
        by both (偏差原因分析/制度保障: ✔), not by the caption alone."""
        extras = {i for _, i in self._extras}
        filled = [i for i, t in enumerate(texts) if t and t.strip()]
        if len(filled) < 2 or not set(filled) <= extras:
            return False
        self._extras = [
            (f"{label}/{texts[i].strip()}" if texts[i] and texts[i].strip() else label, i)
            for label, i in self._extras
        ]
        return True

    def _continues_above(self, texts: list[str | None], level1: str | None, row: Row) -> bool:
        """The rest of the row above, cut by a page break and not joined by the reader: no target,
        and level names that are pieces completing the names above (项目效益 / 指标, 社会效益 /
        指标). Its texts go on the last indicator's; the names are made whole."""
        if not self.records or len(self._groups) != 1:
            return False
        for i in self._target_columns:  # (a plain loop: asked of every indicator row)
            text = texts[i]
            if text and not text.isspace():
                return False
        group, members = self._groups[0]
        level2 = _clean(next((texts[i] for role, i in members if role == "level2"), None))
        if level2 and "\n" in level2:
            level2 = _unwrapped(level2)
        pieces = [(level1, self.context.level1, "level1"), (level2, self.context.level2.get(group), "level2")]
        pieces = [(piece, above, kind) for piece, above, kind in pieces if piece]
        if not pieces or not all(
            above and not level_kind(above) and not level_kind(piece) and level_kind(above + piece) == kind
            for piece, above, kind in pieces
        ):
            return False
        whole = {kind: above + piece for piece, above, kind in pieces}
        cut = {kind: above for _, above, kind in pieces}
        for n in range(len(self.records) - 1, -1, -1):  # the indicators under the cut names
            fields, indicator = self.records[n]
            names = {kind: name for kind, name in whole.items() if getattr(indicator, kind) == cut[kind]}
            if not names:
                break
            self.records[n] = (fields, replace(indicator, **names))
        if "level1" in whole:
            self.context.level1 = whole["level1"]
        if "level2" in whole:
            self.context.level2[group] = whole["level2"]
        fields, last = self.records[-1]
        more = {}
        for role, i in members:
            text = _clean(texts[i])
            if text and role in _CONTINUED and (before := getattr(last, role)):
                more[role] = before + text
        self.records[-1] = (fields, replace(last, **more))
        detail = "a row cut by a page break, read with the row above"
        self.notes.append(Note("label_rejoined", row.line, " ".join(whole.values()), detail))
        return True

    def _rejoins_level1(self, text: str, row: Row) -> bool:
        """A first-level name merged down its rows and cut by a page break (产出指 / 标): neither
        piece is a level name, the two make one. The rows read so far under it get the whole name."""
        before = self.context.level1
        if not before or level_kind(text) or level_kind(before) or level_kind(before + text) != "level1":
            return False
        whole = before + text
        for n in range(self._level1_from, len(self.records)):
            fields, indicator = self.records[n]
            self.records[n] = (fields, replace(indicator, level1=whole))
        self.context.level1 = whole
        self.notes.append(Note("label_rejoined", row.line, whole, "a first-level name cut over two rows"))
        return True

    def _group(
        self, table: Table, number: int, row: Row, group: int, values: dict, level1: str | None
    ) -> None:
        # Every cell stripped once, a blank one None (what _clean does, for the whole row).
        clean = {role: text.strip() or None for role, text in values.items() if text is not None}
        level2 = clean.get("level2")
        if level2 and "\n" in level2:
            level2 = _unwrapped(level2)
        if level2:
            self.context.level2[group] = level2
        elif not level1:
            level2 = self.context.level2.get(group)
        level3 = clean.get("level3")
        plain = self._plain[group]
        for role in self._targets[group]:  # in print order
            target = _PLAIN_TARGET | {"value": values[role]} if plain else _target(values, role)
            if not level3 and not (
                target["value"] or target["operator_cell"] or target["unit_cell"] or target["nature"]
            ):
                continue
            actual = values.get("actual")
            indicator = Indicator(
                seq=len(self.records) + 1,
                level1=self.context.level1,
                level2=level2,
                level3=level3,
                description=clean.get("description"),
                basis=clean.get("basis"),
                line=self._line(row, group, role),
                block=table.index,
                row=number,
                horizon=self.header.horizons[(group, role)],
                direction=clean.get("direction"),
                weight=clean.get("weight"),
                score=clean.get("score"),
                actual=actual if clean.get("actual") else None,
                remark=clean.get("remark"),
                money_context=_about_money(level2, level3),
                header_unit=self._units.get((group, role)),
                **target,
            )
            self.records.append((dict(self.list_fields) if self.list_fields else {}, indicator))

    def _list_project(self, shared: dict) -> None:
        name = _clean(shared.get("name"))
        if name and name != self.list_fields.get("name"):
            self.list_fields = {role: _clean(shared.get(role)) or "" for role in LIST_ROLES if role in shared}

    # --- where each cell goes -----------------------------------------------------------------

    def _place(self, row: Row) -> list[str | None]:
        header = self.header
        if header.gridded:
            starts = tuple([c.grid_col for c in row.cells])
            picks = self._picks.get(starts)
            if picks is None and None not in starts:
                picks = self._picks[starts] = self._pick(starts)
            if picks is not None:
                cells = row.cells
                placed = [None if n is None else cells[n].text for n in picks]
                for column, spread in self._spread.get(starts, ()):
                    placed[column] = " ".join(t for n in spread if (t := cells[n].text.strip()))
                if starts in self._orphans:
                    self._take_orphans(row, placed, picks, self._orphans[starts])
                return placed
        texts = row.texts
        if len(texts) > header.width:
            return self._positional(self._longer(row, list(texts)))
        if len(texts) == header.width:
            return self._positional(texts)
        return self._by_content(row, list(texts))

    def _longer(self, row: Row, texts: list[str]) -> list[str]:
        """A row of Tika text with more cells than its header: a target printed over two cells under
        one caption (≥ | 100人 under 指标值, its span gone) is joined; a cell no column takes is said."""
        for first in sorted((c.first for c in self.header.columns if c.role in _TARGETS), reverse=True):
            if (
                len(texts) > self.header.width
                and first + 1 < len(texts)
                and _joins(texts[first], texts[first + 1])
            ):
                texts[first : first + 2] = [f"{texts[first].strip()} {texts[first + 1].strip()}"]
        firsts = set(self._firsts)
        self._said_dropped(row, [t.strip() for n, t in enumerate(texts) if n not in firsts and t.strip()])
        return texts

    def _take_orphans(self, row: Row, placed: list, picks: list, orphans: list[int]) -> None:
        """A grid row's cells no column takes (the header's caption not merged over them): one right of
        a target's cell that completes it (≥ | 100人) is joined to it, any other is said."""
        targets = {picks[i]: i for i, c in enumerate(self.header.columns) if c.role in _TARGETS}
        dropped = []
        for m in orphans:
            text = row.cells[m].text.strip()
            column = targets.get(m - 1)
            if column is not None and _joins(placed[column] or "", text):
                placed[column] = f"{placed[column].strip()} {text}"
            elif text:
                dropped.append(text)
        self._said_dropped(row, dropped)

    def _said_dropped(self, row: Row, dropped: list[str]) -> None:
        if dropped:
            detail = f"{len(row.cells)} cells under {self.header.width} columns; no column takes "
            self.notes.append(
                Note("indicator_row_placement", row.line, " | ".join(row.texts), detail + ", ".join(dropped))
            )

    def _pick(self, starts: tuple[int, ...]) -> list[int | None]:
        """Which cell each column takes in a row whose cells start at ``starts``: the first starting
        within the column's span (cell_at; cells stand in grid order, so a bisection finds it). Rows
        of a table share a few such shapes: each is worked out once. A target's caption spanning
        cells a row prints apart (≥ | 100人 under 指标值): all of them, joined (_spread)."""
        picks: list[int | None] = []
        spread = []
        for index, column in enumerate(self.header.columns):
            n = bisect_left(starts, column.first)
            picks.append(n if n < len(starts) and starts[n] < column.end else None)
            if column.role in _TARGETS and n + 1 < len(starts) and starts[n + 1] < column.end:
                spread.append((index, [m for m in range(n, len(starts)) if starts[m] < column.end]))
        if spread:
            self._spread[starts] = spread
        taken = {n for n in picks if n is not None} | {m for _, cells in spread for m in cells}
        if len(taken) < len(starts):
            self._orphans[starts] = [m for m in range(len(starts)) if m not in taken]
        return picks

    def _positional(self, texts) -> list[str | None]:
        # Without a grid, a header column is the header row's cell at that position.
        count = len(texts)
        return [texts[first] if first < count else None for first in self._firsts]

    def _by_content(self, row: Row, texts: list[str]) -> list[str | None]:
        """A row of Tika text shorter than its header: the placement its content supports.

        Candidates: leading cells missing (a row starting late), trailing ones missing, or one cell
        spanning the missing columns. A placement must put a target-shaped cell under every target
        column; among those, the one whose level columns hold level-shaped names wins, if alone."""
        width, missing = self.header.width, self.header.width - len(texts)
        candidates = [[None] * missing + texts, texts + [None] * missing]
        for position in range(len(texts)):  # cell `position` spans the missing columns
            candidates.append(texts[: position + 1] + [None] * missing + texts[position + 1 :])
        targets = [c.first for c in self.header.columns if c.role in _TARGETS and c.first < width]
        scored: list[tuple[int, list]] = []
        for candidate in candidates:
            if not targets or not all(looks_like_target(candidate[t]) for t in targets):
                continue
            placed = self._positional(candidate)
            if all(placed != other for _, other in scored):
                scored.append((self._level_fit(placed), placed))
        best = max((score for score, _ in scored), default=None)
        winners = [placed for score, placed in scored if score == best]
        if len(winners) == 1:
            return winners[0]
        self.notes.append(
            Note(
                "indicator_row_placement",
                row.line,
                " | ".join(texts),
                f"{len(texts)} cells under {width} columns; read as missing its leading cells",
            )
        )
        return self._positional(candidates[0])

    def _level_fit(self, placed: list[str | None]) -> int:
        """How well the level columns hold level names: +1 for each in its own column, -1 elsewhere;
        +1 for a 三级指标 (it names the indicator; a description may be merged away)."""
        score = 0
        for column, text in zip(self.header.columns, placed, strict=True):
            if column.role == "level3" and text and text.strip():
                score += 1
            kind = level_kind(text)
            if kind and column.role in ("level1", "level2"):
                score += 1 if kind == column.role else -1
            elif kind:
                score -= 1
        return score

    def _line(self, row: Row, group: int, role: str) -> int | None:
        column = self.header.columns[self._lines[(group, role)]]
        cell = cell_at(row, column.first, column.end) if self.header.gridded else None
        if cell is None and column.first < len(row.cells):
            cell = row.cells[column.first]
        return cell.line if cell is not None and cell.line is not None else row.line


_LEVEL1_WORDS = (
    "产出指标",
    "效益指标",
    "满意度指标",
    "成本指标",
    "项目完成指标",
    "项目效益指标",
    "效果指标",
    "预期产出指标",
    "实施效果指标",
)
_LEVEL2_WORDS = ("数量", "质量", "时效", "成本", "经济效益", "社会效益", "生态效益", "可持续影响", "满意度")


def _joins(here: str, after: str) -> bool:
    """An operator alone and a target-shaped cell after it (≥ | 100人): one target printed apart."""
    here, after = here.strip(), after.strip()
    return bool(here and after and _OPERATOR_ONLY.match(here) and looks_like_target(after))


_DIGIT = re.compile(r"\d")
_OPERATOR_ONLY = re.compile(
    r"^(?:[≥≤><=＝≧≦＞＜]=?|大于等于|小于等于|大于|小于|不低于|不高于|不少于|不超过|等于)$"
)
_TWO_LEVELS = re.compile(r"^(.{2,10}?指标)\s*[/／\-—－|｜>]\s*(.{2,14}?指标)$")


def _both_levels(text: str) -> tuple[str, str | None]:
    """Both levels in one cell (产出指标/数量指标, 效益指标-社会效益指标), as some exports print a column
    of 一级指标/二级指标: split where the pieces are a first and a second level's names."""
    match = _TWO_LEVELS.match(text) if "指标" in text[:-2] else None
    if match and level_kind(match.group(1)) == "level1" and level_kind(match.group(2)) == "level2":
        return match.group(1), match.group(2)
    return text, None


def level_kind(text: str | None) -> str | None:
    """'level1' for a first-level name (产出指标), 'level2' for a second-level one (数量指标), else None."""
    folded = L.canon(text or "")
    if not folded.endswith("指标") and "指标(" not in folded:
        return None
    if folded.startswith(_LEVEL1_WORDS):  # 产出指标, 产出指标(50分)
        return "level1"
    if any(word in folded for word in _LEVEL2_WORDS) and len(folded) <= 12:
        return "level2"
    return None


def _target(values: dict, role: str) -> dict:
    """The target of one target column: its text, and the split cells by role."""
    number = values.get(role)
    parts = {r: values.get(r) for r in _SPLIT if r in values}
    grades = [(label, values.get(r)) for r, label in _GRADES if r in values and r != "value"]
    if grades and role == "value":
        text = "；".join(
            f"{label}{t.strip()}" for label, t in ((("优", number),) + tuple(grades)) if t and t.strip()
        )
        return {
            "value": text or None,
            "number_cell": number,
            "operator_cell": None,
            "unit_cell": None,
            "nature": None,
        }
    if not parts:
        return {
            "value": number,
            "number_cell": None,
            "operator_cell": None,
            "unit_cell": None,
            "nature": None,
        }
    # (two nature columns, 指标性质 holding =, 指标属性 定量指标: each piece to what it says)
    pieces = (_clean(parts.get("nature")) or "").split("\n")
    nature = next((p for p in pieces if p.startswith(_NATURES)), None)
    other = next((p for p in pieces if p and not p.startswith(_NATURES)), None)
    operator = _clean(parts.get("operator")) or other
    # (every split cell as printed, 定量 and 定性 too: the raw text keeps what the row says; two
    # nature columns' pieces side by side, not one above the other)
    cells = (" ".join(pieces) if r == "nature" else values.get(r) for r in _print_order(values, role))
    printed = [t.strip() for t in cells if t and t.strip()]
    return {
        "value": " ".join(printed) or None,
        "number_cell": number,
        "operator_cell": operator,
        "unit_cell": _clean(parts.get("unit")),
        "nature": nature,
    }


def _print_order(values: dict, role: str) -> list[str]:
    # dicts keep the header's column order, which is the print order.
    return [r for r in values if r == role or r in _SPLIT]


def _about_money(level2: str | None, level3: str | None) -> bool:
    return bool(_MONEY.search(f"{level2 or ''}{level3 or ''}"))


def _both(first: str | None, second: str | None) -> str | None:
    parts = [t.strip() for t in (first, second) if t and t.strip()]
    return "\n".join(parts) if parts else first


def _clean(text: str | None) -> str | None:
    return text.strip() or None if text is not None else None


_WRAPPED = re.compile(r"[ \t]*\n\s*")


def _unwrapped(name: str) -> str:
    """A first or second level's name with its lines joined: a name wrapped in its cell (项目完成 /
    指标) is one category, which an analyst groups by. (Asked only of a name holding a line break.)"""
    return _WRAPPED.sub("", name)
