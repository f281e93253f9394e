"""What a budget table is, from its title: the kinds of a 部门预算 / 决算 publication and their labels.

Titles overlap (一般公共预算机关运行经费支出预算表 holds 一般公共预算…支出 too), so the first rule that
fits wins. Provinces word the same table differently (收支预算总表, 部门财务收支预算总表, 收入支出决算总表),
so the rules look for the words that say what the table holds, not for one spelling.
"""

from __future__ import annotations

import regex

# (kind, pattern over the title with spaces removed and quotes folded); first match wins.
KIND_RULES: tuple[tuple[str, regex.Pattern], ...] = tuple(
    (kind, regex.compile(pattern))
    for kind, pattern in (
        ("three_public", r'"三公"经费|三公经费'),
        ("operating", r"机关运行经费"),
        ("government_fund", r"政府性基金"),
        ("state_capital", r"国有资本经营"),
        ("procurement", r"政府采购"),
        ("project_expenditure", r"项目支出"),
        ("fiscal_summary", r"财政拨款收支.*总(?:体情况)?表|财政拨款收入支出.*总表"),
        ("revenue_expenditure_summary", r"收支.*总表|收入支出.*总表|收支总体情况表"),
        ("general_basic", r"一般公共预算.*基本支出"),
        ("general_expenditure", r"一般公共预算.*支出"),
        ("fiscal_basic", r"财政拨款.*基本支出"),
        ("fiscal_expenditure", r"财政拨款.*支出"),
        ("revenue", r"收入.*表"),
        ("expenditure", r"支出.*总表|支出.*决算表|支出.*预算表|支出总体情况表"),
    )
)
# A table title: ends in 表, perhaps followed by what it is classified by: 支出预算表（功能科目）.
_TITLE_END = regex.compile(r"表(?:[(（][^)）]{1,12}[)）])?$")
# (central and many local publications title the first tables without 预算: 收支总表, 部门收入总体情况表)
# A review of a publication (预算公开情况检查表, 自查表, 评分表) names budgets and is no budget table.
_REVIEW = regex.compile(r"(?:检查|审核|核查|自查|评分|打分|考核|整改)(?:情况)?表(?:[(（][^)）]{1,12}[)）])?$")
_BUDGET_WORD = regex.compile(r"预算|决算|经费|采购|(?:收支|收入|支出)总(?:体情况)?表")
_ORDINAL = regex.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．])"
)
_QUOTES = str.maketrans({"“": '"', "”": '"', "＂": '"', "「": '"', "」": '"', "‘": '"', "’": '"'})
_SPACE = regex.compile(r"\s+")
# Whole parts of a publication, not one table: 2019年度部门预算表, 上海市…局2024年度部门决算表.
_PART_TITLE = regex.compile(r"^(?:.{0,30}?\d{4}年度?)?(?:部门|单位)?(?:预算|决算)(?:公开)?表$")


def fold(text: str) -> str:
    """The title as the rules read it: no spaces, straight quotes."""
    return _SPACE.sub("", text).translate(_QUOTES)


def title_kind(text: str) -> str | None:
    """The kind a budget-table title names, 'other' for a budget-like title no rule fits, else None."""
    if "表" not in text or len(text) > 80:  # cheap test first: most paragraphs and cells are no title
        return None
    title = _ORDINAL.sub("", fold(text))
    if (
        not title
        or len(title) > 60
        or not _TITLE_END.search(title)
        or "绩效" in title
        or _REVIEW.search(title)
    ):
        return None
    if not _BUDGET_WORD.search(title) or _PART_TITLE.search(title) and not _names_content(title):
        return None
    return next((kind for kind, rule in KIND_RULES if rule.search(title)), "other")


def _names_content(title: str) -> bool:
    return any(rule.search(title) for _, rule in KIND_RULES)


def strip_ordinal(text: str) -> str:
    """The title without the number a contents list gives it (一、, （二）, 3.)."""
    return _ORDINAL.sub("", text.strip()).strip()


def stage_of(text: str) -> str | None:
    """'final' for a 决算, 'budget' for a 预算."""
    folded = fold(text)
    if "决算" in folded:
        return "final"
    return "budget" if "预算" in folded else None
