"""The document's own labels, as named constants, and the one way they are compared.

Publications write the same label with stray spaces (``其中：财政    资金``), full- or half-width
punctuation and Word's automatic numbers in front; ``canon`` folds all of that away.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Project table (绩效目标表)
TABLE_TITLE_SUFFIX = "绩效目标表"
UNIT_DECLARATION = "单位:"  # 单位：万元, compared after canon()
PROJECT_CODE = "项目编码"
PROJECT_NAME = "项目名称"
BUDGET_BLOCK = "预算规模及资金用途"
BUDGET = "预算数"
FISCAL_FUNDS = ("其中:财政资金", "其中财政资金", "财政资金", "其中:财政拨款", "财政拨款")
OTHER_FUNDS = ("其他资金",)
PURPOSE = ("资金用途", "项目资金用途")
SPENDING_PLAN_PREFIX = "资金支出计划"
PROJECT_GOAL = ("绩效目标", "年度绩效目标", "项目绩效目标", "年度目标")

# Indicator header row
LEVEL1 = "一级指标"
LEVEL2 = "二级指标"
LEVEL3 = "三级指标"
DESCRIPTION = "绩效指标描述"
VALUE = "指标值"
BASIS = "指标值确定依据"

# Part 1: 部门整体绩效目标
OVERALL_HEADING = "总体绩效目标"
ITEMS_HEADING = "分项绩效目标"
MEASURES_HEADING = "工作保障措施"
OVERALL_GOAL = "总体目标"
DUTY_GOALS = "部门职责目标"
DUTY_FIELDS = {
    "主要职责": "main_duty",
    "职责目标": "duty_goal",
    "绩效目标": "performance_goal",
    "绩效指标": "indicator",
    "绩效标准": "standard",
}

# A unit line reads code + name + scope: 613001路南街道办事处部门本级
UNIT_SCOPES = ("部门本级", "单位本级", "部门汇总", "单位汇总", "本级", "汇总")

# Word's "last edit position": marks nothing.
CURSOR_BOOKMARK = "_GoBack"

PART_HEADING = re.compile(r"^第[一二三四五六七八九十\d]+部分")
# Numbering in front of a heading or item: 一、 1、 1. 1． （一） (1)
LEADING_NUMBER = re.compile(
    r"^\s*(?:[(（]\s*([一二三四五六七八九十\d]+)\s*[)）]|([一二三四五六七八九十\d]+)\s*[、.．])\s*"
)

# An amount as printed: 1,234.56, 379.58, -12 (a full-width minus too).
AMOUNT = re.compile(r"^[-－]?\s*(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")

_SPACE = re.compile(r"\s+")


def canon(text: str) -> str:
    """Fold width, spaces and colon forms so that labels compare equal however they were typed."""
    # Labels are short and recur in every table: they are cached. Long cell texts are unique to a
    # document, and caching them would only churn memory over a long run.
    return _canon_cached(text) if len(text) <= _CACHED_LENGTH else _canon(text)


_CACHED_LENGTH = 24


def _canon(text: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


_canon_cached = lru_cache(maxsize=4096)(_canon)


def strip_number(text: str) -> tuple[str | None, str]:
    """Split leading numbering off ``text``: ('1', '办事处本级专项业务') for '1、办事处本级专项业务'."""
    match = LEADING_NUMBER.match(text)
    if not match:
        return None, text.strip()
    return match.group(1) or match.group(2), text[match.end() :].strip()


def is_label(text: str, *labels: str) -> bool:
    """True when ``text`` is one of ``labels`` (compared by canon, a trailing colon ignored)."""
    return fold_label(text) in folded_set(labels)


def fold_label(text: str) -> str:
    """The form labels are compared in: canon, without a trailing colon, 其它 spelled 其他."""
    if len(text) > _CACHED_LENGTH:
        return _variants(_canon(text).rstrip(":"))
    return _fold_label_cached(text)


@lru_cache(maxsize=4096)
def _fold_label_cached(text: str) -> str:
    return _variants(canon(text).rstrip(":"))


def _variants(folded: str) -> str:
    # 其它资金, 其它收入: a spelling as common in forms as the one the declarations use.
    return folded.replace("其它", "其他") if "它" in folded else folded


@lru_cache(maxsize=256)
def folded_set(labels: tuple[str, ...]) -> frozenset[str]:
    """``labels`` in their compared form, for membership tests."""
    return frozenset(fold_label(label) for label in labels)


# Bookmarks Word adds on its own (cursor, hidden links, cross-reference targets) mark no section.
_HIDDEN_BOOKMARK = re.compile(r"^(?:_GoBack|_Hlk\d*|_Ref\d*|OLE_LINK\d*|_MON_\d*)$")


@lru_cache(maxsize=4096)  # (asked of every bookmark of every paragraph)
def is_structural_bookmark(name: str) -> bool:
    """True for a bookmark that marks a heading (``_Toc…`` or one a person named)."""
    return not _HIDDEN_BOOKMARK.match(name)


@lru_cache(maxsize=256)
def _label_pattern(label: str) -> re.Pattern:
    return re.compile(r"^\s*" + r"\s*".join(map(re.escape, label)) + r"\s*")


def after_label(text: str, label: str, joiners: str = "是：:") -> str | None:
    """Return what follows ``label`` (and one of ``joiners``) at the start of ``text``, else None.

    Spaces may stand anywhere inside the label, as in ``其中：财政    资金``; the rest is returned
    as written.
    """
    match = _label_pattern(label).match(text)
    if not match:
        return None
    rest = text[match.end() :]
    if rest[:1] and rest[0] in joiners:
        rest = rest[1:]
    return rest.strip()
