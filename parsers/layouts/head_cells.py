"""What a head cell's text says to a layout's head reader, learned once per text.

A head row asks each of its cells a dozen questions (its label key, the field or caption it names,
the kind of money, an amount, a label with its value after a colon, a form's blank), and the labels
recur in every table of a publication: ``Lexicon.of`` answers them all at once, and keeps the answers
for the short texts (labels, codes, amounts).
"""

from __future__ import annotations

from functools import lru_cache

import regex

from .. import labels as L
from ..blocks import Cell, Paragraph, Row
from . import declarations as D
from . import forms
from .cells import declared_unit, fund_kind, keys, label_key

FUND_COLUMN_KEYS = keys(D.FUND_COLUMNS)


# A head label as forms print them: a few Han characters, maybe a word in parentheses (项目属性,
# 联系电话, 资金性质(类别)); no digit, no sentence.
_LABEL_WORD = regex.compile(r"^\p{Han}{2,10}(?:\(\p{Han}{1,6}\))?$")
# How the captions of a small grid inside the head end (项目实施内容 | 开始时间 | 完成时间).
_CAPTION_END = regex.compile(r"(?:名称|时间|内容|日期|情况|计划|金额|数量|编码|类别|类型|依据|说明|备注)$")


def is_caption_form(key: str) -> bool:
    """A grid's caption by how it ends (任务名称, 主要内容, 开始时间)."""
    return bool(_CAPTION_END.search(key))


class Facts:
    """The answers for one text."""

    __slots__ = (
        "unread",
        "not_a_value",
        "is_label",
        "fundish",
        "key",
        "plan",
        "known",
        "caption",
        "field",
        "fund",
        "column_kind",
        "fund_caption",
        "by_form",
        "amount",
        "pair",
    )

    def __init__(
        self, key, plan, known, caption, field, fund, column_kind, fund_caption, by_form, amount, pair
    ):
        self.key = key  # the label key ("" for a text too long to be a label)
        self.plan = plan  # the spending plan's label
        self.known = known  # a label the layout knows (the plan's too)
        self.caption = caption  # the field a caption names
        self.field = field  # the field a head label names
        self.fund = fund  # the kind of money a funds label names
        self.column_kind = column_kind  # the kind of money a funds grid's column caption names
        self.fund_caption = fund_caption  # a funds grid's declared caption (全年预算数, 年度 …)
        self.by_form = by_form  # a funds grid's caption by its form (1-7月执行数)
        self.amount = amount  # an amount, whole cell
        self.pair = pair  # (label, rest) of a cell holding a label and its value after a colon
        self.unread = self.not_a_value = False  # (set by Lexicon)
        self.is_label: bool | None = None  # a label, not a value (单位(盖章):, a known one); None: not asked
        self.fundish = bool(fund is not None or column_kind or fund_caption or by_form)  # any of these


class Lexicon:
    """Facts of the texts a layout's heads print: labels and short values, cached; longer texts
    (purposes, goals) learned each time, being unique."""

    _SHORT = 40
    _MAX = 16384

    def __init__(self, layout: D.Layout, head: dict, captions: dict, known: set) -> None:
        self.plan = layout.spending_plan
        self.head, self.captions, self.known = head, captions, known
        self.cache: dict[str, Facts] = {}

    def of(self, text: str) -> Facts:
        found = self.cache.get(text)
        if found is None:
            found = self._learn(text)
            if len(text) <= self._SHORT:
                if len(self.cache) >= self._MAX:
                    self.cache.clear()
                self.cache[text] = found
        return found

    def _learn(self, text: str) -> Facts:
        facts = self._learn_label(text)
        if len(text) <= self._SHORT:  # (a long text is asked only where a value may be a label)
            facts.is_label = labelled(text, facts.key, self.known)
        named = facts.known or facts.field or facts.fund or facts.caption
        # A label by its form that no field takes (项目属性), and a text that is no label's value
        # (a label, a grid's caption: 开始时间).
        bare = facts.key.lstrip("*＊")  # (*部门编码: a required field's star)
        facts.unread = bool(bare and not named and not facts.plan and _LABEL_WORD.match(bare))
        facts.not_a_value = bool(named or facts.is_label or (facts.key and _CAPTION_END.search(facts.key)))
        return facts

    def _learn_label(self, text: str) -> Facts:
        pair = None
        if ("：" in text or ":" in text) and (match := _LABEL_VALUE.match(text)):
            pair = (match.group(1), match.group(2))
        amount = bool(AMOUNT.fullmatch(text.strip()))
        key = label_key(text) if len(text) <= self._SHORT else ""
        if not key:
            return Facts(key, False, False, None, None, fund_kind(text), None, False, False, amount, pair)
        plan = bool(self.plan) and plan_label(self.plan, key)
        caption = self.captions.get(key)
        if caption is None and (form := forms.head_field(key)) in ("goal", "goal_long_term", "goal_actual"):
            caption = form
        fund_caption = key in FUND_COLUMN_KEYS
        by_form = not fund_caption and (
            bool(_FUND_COLUMN_FORM.search(key)) or fund_column(key) in FUND_COLUMN_KEYS
        )
        return Facts(
            key,
            plan,
            key in self.known or plan,
            caption,
            self.head.get(key) or forms.head_field(key),
            fund_kind(text),
            column_kind(text) if len(text) <= 20 else None,
            fund_caption,
            by_form,
            amount,
            pair,
        )


# An amount as a cell prints it, with or without its unit (10606.7522万元): a whole cell (fullmatch)
# or the start of one (match).
AMOUNT = regex.compile(r"[-－]?\s*(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*(?:亿元|万元|千元|元)?")
_LABEL_VALUE = regex.compile(r"^\s*([^:：\n]{2,12})[:：]\s*(\S.*)$", regex.S)
# A form's label with its blank for a stamp or a signature: 承担单位:(盖章), 项目负责人(签字):
_LABEL_BLANK = regex.compile(r"^[^:]{2,12}:?\((?:盖章|签字|签章|公章)\):?$")


def labelled(text: str, key: str, known: set) -> bool:
    """A label, not a value: one that asks for its value (项目责任人(签字):), a form's blank for a stamp
    (单位(盖章)), or a label the layout knows (``key``, "" for a text too long to be one)."""
    folded = L.canon(text)
    return folded.endswith(":") or bool(_LABEL_BLANK.match(folded)) or (bool(key) and key in known)


_PLAN_FORM = regex.compile(r"^(?:资金|预算)?(?:支出|使用|执行)(?:进度)?计划")


@lru_cache(maxsize=4096)  # asked of every cell of every head row
def plan_label(plan: str, key: str) -> bool:
    return key.startswith(plan) or bool(_PLAN_FORM.match(key))


_FUND_COLUMN_FORM = regex.compile(r"(?:预算数|执行数|执行率|决算数)$")
_TOTAL_CAPTIONS = frozenset(("总额", "合计", "总计", "小计", "金额合计"))


# A funds grid's captions as other tables print them, to the names the readers compare.
_FUND_COLUMN_SPELLINGS = (
    (regex.compile(r"^年初预算数?$"), "年初预算数"),
    (regex.compile(r"^(?:全年|年度)预算数?$"), "全年预算数"),
    (regex.compile(r"^(?:全年)?(?:预算)?执行数?$"), "全年执行数"),
    (regex.compile(r"^(?:预算)?执行率$"), "执行率"),
)


@lru_cache(maxsize=4096)
def fund_column(key: str) -> str:
    """A funds grid's caption (compared form) as the readers name it: 全年预算 → 全年预算数,
    全年执行 and 执行数 → 全年执行数, 预算执行率 → 执行率; any other as it is."""
    return next((name for form, name in _FUND_COLUMN_SPELLINGS if form.match(key)), key)


@lru_cache(maxsize=4096)  # asked of every cell of every head row; captions recur
def column_kind(text: str) -> str | None:
    """The kind of money a column caption names: 财政拨款, 其他资金; 总额 and 合计 the total. (Not a
    column of a budget's stages: 年初预算数 | 全年预算数 | 全年执行数 are one kind's columns.)"""
    key = label_key(text) if len(text) <= 20 else ""
    if not key or key in FUND_COLUMN_KEYS:
        return None
    return "total" if key in _TOTAL_CAPTIONS else fund_kind(text)


# Where the next label:value pair of a line begins: after two spaces or more (a full-width space,
# a TAB), a short label and its colon (项目名称：某项目      实施单位：某镇).
_NEXT_PAIR = regex.compile(r"(?:[ \t]{2,}|\u3000+|\t)(?=[^\s:：]{2,12}\s*[:：])")


# After one space only where the label after it is one the head knows (a PDF prints the spaces
# between two pairs as one).
_NEXT_LABEL = regex.compile(r"\s(?=([^\s:：]{2,12})\s*[:：])")


def _pairs(text: str, lexicon: Lexicon) -> list[tuple[str, str]] | None:
    """The label:value pairs a text holds side by side, or None where it is not all such pairs."""
    pieces = []
    for piece in _NEXT_PAIR.split(text.strip()):
        start = 0
        for match in _NEXT_LABEL.finditer(piece):
            if _head_word(lexicon.of(match.group(1))):
                pieces.append(piece[start : match.start()])
                start = match.end()
        pieces += _glued(piece[start:], lexicon)
    matches = [_LABEL_VALUE.match(piece) for piece in pieces]
    if not all(matches):
        return None
    return [(m.group(1).strip(), m.group(2).strip()) for m in matches]


def _glued(piece: str, lexicon: Lexicon) -> list[str]:
    """A pair run on into the next with no space between (某县农业农村局项目资金：120万元, as a PDF
    prints full-width spaces): cut before a label the head declares that ends at a later colon (one
    known by its form alone would take the value's end with it: 某村建设实施单位)."""
    colons = [n for n, ch in enumerate(piece) if ch in ":："]
    cuts = []
    for colon in colons[1:]:
        before = piece[:colon]
        if before.count("(") + before.count("（") > before.count(")") + before.count("）"):
            continue  # (财政拨款:960.25万元(其中:上级补助:…): a note on the value, not a pair)
        for size in range(2, min(8, colon - colons[0] - 2) + 1):  # (the shortest: 财政拨款, not 局财政拨款)
            if (facts := lexicon.of(piece[colon - size : colon])).known or facts.fund:
                cuts.append(colon - size)
                break
    bounds = [0, *cuts, len(piece)]
    return [piece[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


def _head_word(facts: Facts) -> bool:
    return bool(facts.field or facts.fund or facts.known)


def expanded(row: Row, lexicon: Lexicon) -> Row:
    """A head row whose cell holds several label:value pairs side by side (项目名称：某项目      实施单位：
    某镇, typed into one merged cell) as the row of label | value cells a form would print."""
    cells, changed = [], False
    for cell in row.cells:
        pairs = _pairs(cell.text, lexicon)
        if pairs is None or len(pairs) < 2:
            cells.append(Cell(cell.text, cell.line, cell.bookmarks))
            continue
        changed = True
        cells += [Cell(t, cell.line) for t in _pair_cells(pairs)]
    # (by position: the pairs' cells have no columns of the grid)
    return Row(tuple(cells), row.line) if changed else row


def _pair_cells(pairs: list[tuple[str, str]]) -> list[str]:
    """label, value, label, value …; an amount unit's pair (单位：万元) stays one cell, which declares it."""
    texts = []
    for label, value in pairs:
        whole = f"{label}：{value}"
        texts += [whole] if declared_unit(whole) else [label, value]
    return texts


def paragraph_row(paragraph: Paragraph, lexicon: Lexicon) -> Row | None:
    """A line above a table that prints head fields as label:value pairs (项目名称：某项目, 主管部门：某局
    实施单位：某镇) as a head row; None for any other line (a title, 单位：万元, a sentence)."""
    text = paragraph.text
    if ("：" not in text and ":" not in text) or len(text) > 120:
        return None
    pairs = _pairs(text, lexicon)
    if not pairs or not any(_head_word(lexicon.of(label)) for label, _ in pairs):
        return None
    return Row(tuple(Cell(t, paragraph.line) for t in _pair_cells(pairs)), paragraph.line)
