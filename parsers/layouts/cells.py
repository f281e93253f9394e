"""What a single cell says, whatever the layout: its label key, its column, whether it reads like a
target, an amount unit, a fund kind, a unit's code and name."""

from __future__ import annotations

import re
from functools import lru_cache

import regex

from .. import labels as L
from ..blocks import Cell, Row
from ..records import Unit

MONEY_UNITS = ("亿元", "万元", "千元", "元")
_TRAILING_PAREN = re.compile(r"[(（][^()（）]*[)）]$")
_UNIT_IN_PAREN = re.compile(r"[(（]\s*(?:人民币)?(亿元|万元|千元|元)\s*[)）]")
_UNIT_DECLARED = re.compile(r"单位\s*[:：]\s*(?:人民币)?(亿元|万元|千元|元)")
# A target as a cell prints it: an optional comparator, a number, a short unit, an optional suffix.
_TARGET_SHAPE = regex.compile(
    r"^(?:[≥≤><=≧≦＞＜﹦═]=?|大于|小于|不低于|不高于|不少于|不超过|达到|至少)?\s*"
    r"(?:\d[\d,.]*\s*(?:%|‰|[\p{Han}A-Za-z/·]{0,6})|[一二两三四五六七八九十百]+[\p{Han}]{0,3})"
    r"\s*(?:以上|以下|以内|之内|及以上|及以下)?$"
)
_YES_NO = frozenset("是 否 有 无 是/否 有/无 是或否".split())
_LEADING_ITEM = re.compile(r"^(?:[(（][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十\d]+[、.．])")
_UNIT_CODED = re.compile(r"^\s*[\[【［]\s*(\d{2,})\s*[\]】］]\s*(.+?)\s*$|^\s*(\d{3,})\s*[-－—_]\s*(.+?)\s*$")
_UNIT_LINE = re.compile(r"^\s*(\d{3,})\s*(.*?)\s*$")
_HAN = regex.compile(r"\p{Han}")


@lru_cache(maxsize=8192)
def label_key(text: str) -> str:
    """The form a label is compared in: folded, without a trailing colon or parenthesis."""
    folded = L.fold_label(text)
    stripped = _TRAILING_PAREN.sub("", folded).rstrip(":")
    return stripped or folded


def keys(labels: tuple[str, ...]) -> frozenset[str]:
    return frozenset(label_key(label) for label in labels)


def column(cell: Cell, position: int) -> int:
    """The cell's column: its grid column where the format gives one, else its position."""
    return cell.grid_col if cell.grid_col is not None else position


def spans(row: Row) -> list[tuple[int, int, Cell]]:
    """(first column, last column + 1, cell) for every cell of ``row``."""
    return [
        (position, position + 1, cell)
        if cell.grid_col is None
        else (cell.grid_col, cell.grid_col + cell.grid_span, cell)
        for position, cell in enumerate(row.cells)
    ]


def cell_at(row: Row, first: int, end: int) -> Cell | None:
    """The cell of ``row`` that starts within columns [first, end)."""
    for position, cell in enumerate(row.cells):  # (inline: asked for every field of every row)
        start = position if cell.grid_col is None else cell.grid_col
        if first <= start < end:
            return cell
    return None


def same_labels(texts: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Two rows printing the same labels in the same order (a header printed again over a page),
    whatever cells either leaves empty."""
    return [t.strip() for t in texts if t.strip()] == [t.strip() for t in other if t.strip()]


def looks_like_target(text: str | None) -> bool:
    """True for a cell that reads like a target value: ≥95%, 40人, 6.8万元, 是, 12月底前."""
    if not text:
        return False
    folded = L.canon(text)
    return folded in _YES_NO or bool(_TARGET_SHAPE.match(folded)) or folded.endswith(("前", "底"))


@lru_cache(maxsize=4096)  # asked of the same lines in every table
def declared_unit(text: str) -> str | None:
    """The amount unit a cell or paragraph declares: 单位：万元, 资金情况（万元）, 金额(元).

    A cell that is only ``单位：X`` declares X whatever it is (an unknown unit is reported, not
    guessed); elsewhere only money units are taken."""
    folded = L.canon(text)
    if folded.startswith(L.UNIT_DECLARATION):
        rest = folded[len(L.UNIT_DECLARATION) :].removeprefix("人民币")  # 单位：人民币万元
        return rest if 0 < len(rest) <= 6 else None
    if "元" not in folded:
        return None
    match = _UNIT_DECLARED.search(folded) or _UNIT_IN_PAREN.search(folded)
    return match.group(1) if match else None


# One of them stands in every funds label (额 他 它 出 费 筹 计 政: 总额, 其他, 其它, 基本支出, 公用经费, 单位自筹, 合计,
# 本级财政).
_FUND_CHARS = frozenset("资预拨收结补额他它出费筹计政")


# Money from above (a transfer's 中央/省级/市级资金 too) and the unit's or the locality's own.
_SUPERIOR = ("上级资金", "上级补助", "中央补助", "省级补助", "中央资金", "省级资金", "市级资金")
_OWN = (
    "自有资金",
    "本级资金",
    "单位资金",
    "地方资金",
    "县级资金",
    "区级资金",
    "事业收入",
    "经营收入",
    "经营性收入",
    "自筹",  # 自筹资金, 单位自筹
)


def fund_kind(text: str) -> str | None:
    """What a funds row's label names: total, fiscal, other, superior, own, carryover, part (or None)."""
    if len(text) > 40 or _FUND_CHARS.isdisjoint(text):
        return None
    return _fund_kind(text)


# Short words that name funds only by themselves, under a funds block: 总额 | 120 under 资金总额及构成,
# 三、其他: 30 beside 自有资金; 其中：基本支出 | 1,200 | 项目支出 | 650 beside a 部门整体 table's total,
# its parts by purpose.
_FUND_WORDS = {
    "总额": "total",
    "合计": "total",  # 预算资金 | 合计：100 | 财政拨款：80 | 其他资金：20
    "总计": "total",
    "其他": "other",
    **dict.fromkeys(("基本支出", "项目支出", "人员经费", "公用经费", "人员支出", "公用支出"), "part"),
}


@lru_cache(maxsize=8192)  # labels recur in every head of every table
def _fund_kind(text: str) -> str | None:
    key = label_key(_LEADING_ITEM.sub("", L.canon(text)))
    key = key.removeprefix("其中:").removeprefix("其中").removesuffix("小计")
    if not key or len(key) > 16:
        return None
    if key in _FUND_WORDS:
        return _FUND_WORDS[key]
    if (
        "资金总额" in key
        or "总资金" in key  # 项目总资金
        or "预算总额" in key  # 年度预算总额
        or "预算金额" in key
        or key in ("预算数", "当年预算", "年度预算", "年度预算数", "预算总额", "本年预算", "本年度预算")
        or key in ("项目预算", "项目总预算", "项目经费", "经费预算", "预算经费")
        # 转移支付预算数, 区级支出预算总量, 本年度申请市财政预算资金 / 中期市财政预算 (Dongguan)
        or key.endswith(("预算数", "预算总量", "预算资金", "财政预算"))
        or "预算内投资" in key  # 中央预算内投资: the NDRC plan's money
        or key.endswith("申请总额")  # 年度资金申请总额 (Shanghai's 填报表: the year's request)
        or key.endswith(("预算申请", "申请预算", "申请数"))  # 年度预算申请, 本年申请数
    ):
        return "total"
    if "财政拨款" in key or "财政资金" in key or "财政性资金" in key or key == "财政":
        return "fiscal"
    if key.endswith("财政") and len(key) <= 4:  # 本级财政 | 上级财政 beside 总额: as 本级资金, 上级资金
        key = key.removesuffix("财政") + "资金"
    if any(word in key for word in _SUPERIOR):
        return "superior"
    if "其他资金" in key or "其他收入" in key or "其他来源" in key:  # 其他来源资金
        return "other"
    if any(word in key for word in _OWN):
        return "own"
    if "结转" in key:
        return "carryover"
    # 项目金额, 项目总金额, 年度申请金额, 资金规模: the whole, where no source, stage or spending is named
    if key.endswith(("金额", "资金规模")) and not any(word in key for word in _NOT_THE_BUDGET):
        return "total"
    return None


# Amounts of another stage than the budget: spent, executed, completed, left over.
_NOT_THE_BUDGET = ("执行", "实际", "完成", "结余", "支出", "支付", "使用", "到位", "拨付")


@lru_cache(maxsize=4096)
def fund_scope(text: str) -> str | None:
    """中期资金总额 and its kind are long-term; 年度资金总额 annual; None where the label says neither."""
    folded = L.canon(text)
    if any(word in folded for word in ("中期", "实施期", "长期", "总预算")):
        return "中期"
    if "年度" in folded or "当年" in folded:
        return "年度"
    return None


def is_subtotal(text: str) -> bool:
    """(一)财政拨款小计 is a subtotal; 1、一般公共预算 under it is a part."""
    folded = L.canon(text)
    return folded.startswith(("(", "（")) or folded.endswith("小计") or not _LEADING_ITEM.match(folded)


@lru_cache(maxsize=4096)  # asked of the same lines in every table
def parse_unit(text: str) -> Unit:
    """A unit as printed: ``613001路南街道办事处部门本级``, ``[610001]湖南…``, ``324001-甘孜…``."""
    match = _UNIT_CODED.match(text)
    if match:
        code, rest = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
    else:
        line = _UNIT_LINE.match(text)
        if not line or not line.group(2):
            return Unit(raw=text, code=None, name=text.strip() or None, scope=None)
        code, rest = line.groups()
    scope = next((s for s in L.UNIT_SCOPES if rest.endswith(s) and rest != s), None)
    name = rest[: len(rest) - len(scope)] if scope else rest
    return Unit(raw=text, code=code, name=name.strip() or None, scope=scope)


@lru_cache(maxsize=4096)  # asked of the same lines in every table
def is_unit_line(text: str) -> bool:
    """A Hebei unit line: a code of three or more digits, then the unit's name."""
    match = _UNIT_LINE.match(text)
    return bool(match and match.group(2) and _HAN.search(match.group(2)))


def joined(texts) -> str:
    return "\n".join(t.strip() for t in texts if t and t.strip())


# Columns of a funds grid that hold no budget: what was spent (全年执行数, 1-7月执行数, 决算数), a rate,
# a score.
_SPENT_OR_SCORED = re.compile(r"执行|决算|分值|得分")


def spent_or_scored(column: str | None) -> bool:
    return bool(column) and bool(_SPENT_OR_SCORED.search(column))


def budget_of_another_time(column: str | None) -> bool:
    """The initial budget (年初预算数) or the medium term's (中期): read only where nothing else is."""
    return column in ("年初预算数", "中期")
