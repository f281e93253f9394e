"""指标值 → typed value: kind, comparator, value, value_max, unit, value_date.

Pure functions. The grammar lives in the tables below: a new comparator phrase, measure word or unit
is one line in a table. Anything the grammar does not read is ``text`` with a null value; the raw
string is always kept beside the result by the caller.

Order of reading: fold widths and spaces → 是/否 words → 定性 marker → deadlines and periods → a unit printed before its operator (``%=100``) → comparator prefix/suffix →
tolerance ``±3%`` → range ``a-b`` → number + unit (Arabic digits or Chinese numerals, 百分之N). A
bare number is a quantity with no unit. Where the row is about money (成本指标, 预算金额), ``250万``
is 250 万元.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from .numbers import CN_NUMERAL_CHARS, MONEY_FACTORS, fold_units, parse_number

# phrase → comparator; matched at the start of the value, longest phrase first.
COMPARATOR_PREFIXES: dict[str, str] = {
    "≥": ">=",
    ">=": ">=",
    "≧": ">=",
    "不低于": ">=",
    "不少于": ">=",
    "大于等于": ">=",
    "大于或等于": ">=",
    "至少": ">=",
    "达到": ">=",
    "≤": "<=",
    "<=": "<=",
    "≦": "<=",
    "不高于": "<=",
    "不超过": "<=",
    "不多于": "<=",
    "小于等于": "<=",
    "小于或等于": "<=",
    "控制在": "<=",
    ">": ">",
    "大于": ">",
    "高于": ">",
    "超过": ">",
    "<": "<",
    "小于": "<",
    "低于": "<",
    "少于": "<",
    "=": "=",
    "等于": "=",
    # About: the target is an estimate (约100人, 大约5000平方米), not an exact count.
    "约": "≈",
    "约为": "≈",
    "大约": "≈",
    "≈": "≈",
}
# phrase → comparator; matched at the end of the value.
COMPARATOR_SUFFIXES: dict[str, str] = {
    "及以上": ">=",
    "以上": ">=",
    "及以下": "<=",
    "以下": "<=",
    "以内": "<=",
    "之内": "<=",
    "内": "<=",  # 5个工作日内, 24小时内
    "左右": "≈",  # 100人左右
}
_PREFIXES_LONGEST_FIRST = sorted(COMPARATOR_PREFIXES, key=len, reverse=True)
_SUFFIXES_LONGEST_FIRST = sorted(COMPARATOR_SUFFIXES, key=len, reverse=True)
RANGE_SEPARATORS = ("-", "~", "〜", "至", "到", "—", "–")

# unit → (kind, unit written in the output); money units are converted to 元 by MONEY_FACTORS.
UNITS: dict[str, tuple[str, str]] = {
    "%": ("percent", "%"),
    "‰": ("percent", "%"),  # per mille, converted to percent points (PER_MILLE)
    "百分比": ("percent", "%"),
    # A change in percentage points (提高2个百分点), not a percent level: its own unit.
    "百分点": ("percent", "百分点"),
    "个百分点": ("percent", "百分点"),
    "元": ("money", "元"),
    "千元": ("money", "元"),
    "万元": ("money", "元"),
    "亿元": ("money", "元"),
    "分": ("score", "分"),
    "天": ("duration", "天"),
    "日": ("duration", "日"),
    "工作日": ("duration", "工作日"),
    "个工作日": ("duration", "工作日"),
    "小时": ("duration", "小时"),
    "分钟": ("duration", "分钟"),
    "周": ("duration", "周"),
    "个月": ("duration", "个月"),
    "月": ("duration", "月"),
    "年": ("duration", "年"),
}
# Measure words (量词) and units of count or size: a number with one of these is a quantity. (Units
# written with their own characters, ㎡ m² ㎥ ㎞ ㎏, are read as NFKC folds them: m2 m3 km kg.)
MEASURE_WORDS = frozenset(
    """
人 名 个 位 次 人次 户 户次 辆 台 套 件 项 场 批 份 家 所 座 村 社区 街道 镇 乡 校 园 处 起 例 宗 床
篇 期 本 册 张 页 条 块 部 间 栋 幢 棵 株 头 只 匹 架 艘 盏 节 课时 学时 班 组 支 队 单位 企业 个人 人天
平方米 亩 公顷 平方公里 公里 千米 米 吨 千克 公斤 立方米 千瓦 万千瓦 兆瓦 GB TB M m KM km 度
人数 户数 个数 次数 家数 项目 辆次 班次 册数 人/天 人天次
单 笔 台套 批次 场次 车次 架次 片 根 羽 尾 公顷次 亩次 人月 份数 篇次 期次 门 条次 吨次
家次 平米 字 星 台(套)
m2 m3 km2 kg kW KW MW kWh
""".split()
)
BOOLEANS: dict[str, Decimal | None] = {
    "是": Decimal(1),
    "否": Decimal(0),
    "有": Decimal(1),
    "无": Decimal(0),
    "是/否": None,
    "是或否": None,
    "有/无": None,
}
QUALITATIVE_MARKER = "定性"
# Targets that bound spending by the budget without a number: text, comparator <=.
WITHIN_BUDGET = (
    "不超预算",
    "不超过预算",
    "预算以内",
    "预算内",
    "控制在预算内",
    "控制在预算以内",
    "不突破预算",
    "以内",
)
# Periods: 2023.07-2024.01, 2021年1月-12月, 2020年1月--2020年11月, 2021年1月至12月.
_PERIOD = re.compile(
    r"^(?:(\d{4})[.年/-])?(\d{1,2})月?(?:份)?(?:-{1,2}|~|—{1,2}|至|到)(?:(\d{4})[.年/-])?(\d{1,2})月?(?:份|底|末)?$"
)
_UNIT_FIRST = re.compile(r"^([^\d≥≤<>=~.\-]{1,6}?)(>=|<=|≥|≤|>|<|=)(\d[\d,]*(?:\.\d+)?)$")
_TOLERANCE = re.compile(r"^±(\d[\d,]*(?:\.\d+)?)(.*?)(?:以内|之内)?$")
_DONE = "完成|到位|完工|支付|拨付|发放|实施|验收|兑付"
_DONE_WORDS = f"(?:{_DONE})?"

PER_MILLE = Decimal("0.1")  # 5‰ is 0.5 percent points
# A Chinese numeral must hold a digit (or 十): a bare 万元, 千元 or 百人 is a unit word, not a number.
_CN_DIGIT = re.compile("[零〇一二两三四五六七八九十]")
_NUMBER = re.compile(rf"^(-?\d[\d,]*(?:\.\d+)?|-?\.\d+|[{CN_NUMERAL_CHARS}]+)(.*)$")
_PERCENT_WORDS = re.compile(rf"^(百|千|万)分之([\d.]+|[{CN_NUMERAL_CHARS}]+)$")
_PER_WORDS = {"百": Decimal(1), "千": Decimal("0.1"), "万": Decimal("0.01")}  # 万分之五 = 0.05%
# The unit printed in parentheses after the number (Shanghai: ≥13459.00(平方米), =100.00(%)).
_UNIT_IN_PARENS = re.compile(r"^(.*\d)\(([^()\d]{1,6})\)$")
# 90%(含), 100%(含)以上, ≥80%(含80%): the bound is included, which the comparator already says.
_INCLUSIVE = re.compile(r"\(含(?:本数|[\d.]+%?)?\)")  # (含), (含80%), (含本数)
_BOUNDED = re.compile(r"^(?:≥|>=)(\d.*?)(?:且|并且|,|、|;)(?:≤|<=)(\d.*)$")
_MORE_THAN = re.compile(r"^(\d[\d,]*)(?:余|多)(\D{1,4})$")
_PERCENT_DONE = re.compile(rf"^([^%]*\d%)(?:{_DONE}|覆盖|按时|达标|合格|落实|执行)$")
# 提高2个百分点, 下降0.5个百分点: a change, signed.
_CHANGE = re.compile(r"^(提高|增长|增加|上升|下降|降低|减少)(.+)$")
_FALLING = ("下降", "降低", "减少")
_DATE = re.compile(r"^(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号](?:前|之前|以前)?$")
_ISO_DATE = re.compile(r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?:前|之前|以前)?$")
_MONTH_END = re.compile(
    rf"^(?:每年)?(?:(\d{{4}})年)?(\d{{1,2}})月(?:底|末)(?:前|之前|以前)?{_DONE_WORDS}$"
    rf"|^(?:每年)?(?:(\d{{4}})年)?(\d{{1,2}})月(?:前|之前|以前){_DONE_WORDS}$"
    # 2024年12月: a month with its year is a time limit (完成时间); a bare 12月 stays a duration
    rf"|^(\d{{4}})年(\d{{1,2}})月{_DONE_WORDS}$"
)
# 2024.12, 2024-6底前: a year and a month in figures (not a range of 2024 to 12); not in a row about
# money, where 2020.5 is an amount
_YEAR_MONTH = re.compile(rf"^((?:19|20)\d\d)[-./](\d{{1,2}})月?(?:底|末)?(?:前|之前|以前)?{_DONE_WORDS}$")
# 2024年, 2024年度, 2024年完成: within that year, its last day the time limit (a bare 5年 stays a duration).
_YEAR_ONLY = re.compile(rf"^((?:19|20)\d\d)年度?(?:前|之前|以前|内)?{_DONE_WORDS}$")
_YEAR_END = re.compile(rf"^(?:(\d{{4}})年)?(?:年底|年末|年内|底|末)(?:前|之前|以前)?{_DONE_WORDS}$")
# 上半年, 2024年第四季度, 三季度末前: within that half or quarter, its last day the time limit.
_PART_OF_YEAR = re.compile(
    rf"^(?:(\d{{4}})年)?(?:(上|下)半年|第?([一二三四1-4])季度)(?:末|底)?(?:前|之前|以前|内)?{_DONE_WORDS}$"
)
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
# 当年, 本年度内完成: the fiscal year itself; 次年3月底前: a month of the year after it.
_THIS_YEAR = re.compile(rf"^(?:当年度?|本年度?|年度内)(?:内|底|末)?(?:前|之前|以前)?{_DONE_WORDS}$")
_NEXT_YEAR = re.compile(
    rf"^(?:次年|下年度?|明年|下一年度?)(\d{{1,2}})月(?:(\d{{1,2}})[日号]|底|末)?(?:前|之前|以前)?{_DONE_WORDS}$"
)
# 2024-2026年, 2024年至2026年: a period of whole years, its last day the end (5-10年 stays a duration).
_YEARS = re.compile(r"^((?:19|20)\d\d)年?度?(?:-{1,2}|~|—{1,2}|至|到)((?:19|20)\d\d)年度?$")
_SPACES = re.compile(r"\s+")
# Tika writes a footnote inline as " [N: text]"; it annotates the value, it is not part of it.
_FOOTNOTE = re.compile(r"\s*\[\d+:[^\]]*\]")
# Word's Symbol font puts ≥ ≤ ± at private-use code points (w:sym, or text copied from it).
_ASCII_SYMBOLS = {
    "≧": "≥",
    "≦": "≤",
    "＞": ">",
    "＜": "<",
    "～": "~",
    "／": "/",
    "％": "%",
    "\uf0b3": "≥",
    "\uf0a3": "≤",
    "\uf0b1": "±",
    "═": "=",  # box-drawing double line, typed for = in some exports
}


@dataclass(frozen=True, slots=True)
class Value:
    kind: str  # percent | money | quantity | duration | date | score | boolean | text
    comparator: str | None = None
    value: Decimal | None = None
    value_max: Decimal | None = None
    unit: str | None = None
    value_date: dt.date | None = None


TEXT = Value("text")


@lru_cache(maxsize=4096)  # the same few hundred 指标值 recur across thousands of tables
def normalize_value(raw: str | None, fiscal_year: int | None = None, money: bool = False) -> Value:
    """Read one 指标值; never raises, returns TEXT for anything it does not understand.

    ``money``: the row is about money, so a bare 万 or 亿 (250万) means 万元 or 亿元."""
    if raw is None:
        return TEXT
    try:
        return _read(_fold(raw), fiscal_year, money)
    except (ArithmeticError, ValueError):  # absurd numbers (1e999999) are text, not a crash
        return TEXT


def _fold(raw: str) -> str:
    text = fold_units(_FOOTNOTE.sub("", raw))
    for wide, narrow in _ASCII_SYMBOLS.items():
        text = text.replace(wide, narrow)
    text = _SPACES.sub("", text).rstrip("。.;；")
    if text[:1] in "【[" and text[-1:] in "】]":  # 【≥95%】: the whole value bracketed
        text = text[1:-1]
    return text


def _read(text: str, fiscal_year: int | None, money: bool = False) -> Value:
    if not text:
        return TEXT
    if text in BOOLEANS:
        number = BOOLEANS[text]
        return Value("boolean", None if number is None else "=", number)
    if "是" in text and "否" in text and len(text) <= 12:
        checked = (_CHECKED_BEFORE if text[0] in "□☐☑√✓✔" else _CHECKED_AFTER).search(text)
        if checked:
            return Value("boolean", "=", BOOLEANS[checked.group(1)])
    if quantitative := _QUANTITATIVE.match(text):
        return _read(text[quantitative.end() :], fiscal_year, money)
    if text.startswith(QUALITATIVE_MARKER):
        return TEXT
    deadline = read_deadline(text, fiscal_year) or _read_period(text, fiscal_year)
    if deadline is None and text[:1] in "≤<":  # ≤12月底, <=2024年6月30日: by the deadline named
        deadline = read_deadline(text.lstrip("≤<="), fiscal_year)
    if deadline is None and not money and (year_month := _YEAR_MONTH.match(text)):
        date = _date(year_month.group(1), fiscal_year, year_month.group(2), None)
        deadline = Value("date", "<=", None, None, None, date) if date is not False else None
    if deadline is not None:
        return deadline
    if unit_first := _UNIT_FIRST.match(text):
        text = unit_first.group(2) + unit_first.group(3) + unit_first.group(1)
    text = _INCLUSIVE.sub("", text)
    if in_parens := _UNIT_IN_PARENS.match(text):
        text = in_parens.group(1) + in_parens.group(2)
    if change := _CHANGE.match(text):
        read = _read_amount(change.group(2), "=", money)
        if read is not None and read.value is not None and read.unit == "百分点":
            sign = -1 if change.group(1) in _FALLING else 1
            return Value(read.kind, "=", sign * read.value, None, read.unit)
    if tolerance := _TOLERANCE.match(text):
        number, unit = parse_number(tolerance.group(1)), tolerance.group(2)
        bound = _with_unit(number, unit, "=", money) if number is not None else None
        if bound is not None:
            return Value(bound.kind, "between", -bound.value, bound.value, bound.unit)
    if bounded := _BOUNDED.match(text):  # ≥20%且≤30%: both bounds, inclusive
        low, high = (_read_amount(part, "=", money) for part in bounded.groups())
        if (
            low
            and high
            and None not in (low.value, high.value)
            and (low.kind, low.unit) == (high.kind, high.unit)
        ):
            return Value(low.kind, "between", low.value, high.value, low.unit)
    if more := _MORE_THAN.match(text):  # 100余人, 20多次: more than the number
        read = _read_amount(more.group(1) + more.group(2), ">", money)
        if read is not None and read.value is not None:
            return read
    if done := _PERCENT_DONE.match(text):  # 100%完成, 100%覆盖: the percent, a word of what after it
        text = done.group(1)
    if text[:1] == "达" and text[1:2].isdigit():  # 达95%以上: 达到
        text = "达到" + text[1:]
    if placeholder := _PLACEHOLDER.match(text):  # ≥**个: the template's blank, its operator and unit
        text = placeholder.group(1) + placeholder.group(2)
    comparator, body = _split_comparator(text)
    found = _read_range(body, comparator, money) or _read_amount(body, comparator or "=", money)
    found = found or _unit_only(body if comparator else text, comparator) or _named(text, fiscal_year)
    if found is None and (noted := _NOTE_AFTER.match(text)):  # 100%(按时): a word on it, in parentheses
        found = _read(noted.group(1), fiscal_year, money)
        found = found if found.kind != "text" else None
    return found or TEXT


_PLACEHOLDER = re.compile(r"^(\D*?)(?:\*{1,3}|＊{1,3})(\D*)$")
_NOTE_AFTER = re.compile(r"^(.*\d.*?)\(([\u4e00-\u9fff][^()]{0,10})\)$")  # (按时), (满分100分)
# 是（√）否（）, ☑是□否: a form's choice, the marked one the value
_CHECKED_AFTER = re.compile(r"(是|否)\s*\(?\s*[√✓✔☑]")  # 是（√）否（）, 是□否☑
_CHECKED_BEFORE = re.compile(r"[√✓✔☑]\s*(是|否)")  # ☑是□否
_QUANTITATIVE = re.compile(r"^定量(?:指标)?[:：]")  # 定量：≥95%: the nature before the target


# 满意率100%, 党员群众满意度不少于80%: the indicator's name printed before its target. Only a name
# of Han characters that says no comparison itself (不…, …以上, 达…) before a target with a unit.
_NAMED_TARGET = re.compile(
    r"^([\u4e00-\u9fff]{1,12}?)((?:不低于|不少于|不高于|不超过|不大于|不小于|[≥≤><]=?|=)?\d.*)$"
)
_NOT_A_NAME = re.compile(r"[不于至达以上下内约近超]")


def _named(text: str, fiscal_year: int | None) -> Value | None:
    match = _NAMED_TARGET.match(text)
    if match is None or _NOT_A_NAME.search(match.group(1)):
        return None
    tail = _read(match.group(2), fiscal_year)
    plain = tail.unit in ("%", "元", "百分点", "分") or tail.unit in MEASURE_WORDS  # no prose after it
    return tail if tail.kind in ("percent", "money", "quantity", "score") and plain else None


def _unit_only(body: str, comparator: str | None) -> Value | None:
    """A target whose number was never filled in (``公里``, ``≧ %``): its kind and unit, no value."""
    if body in UNITS:
        kind, written = UNITS[body]
        return Value(kind, comparator, None, None, body if kind == "money" else written)
    if body in MEASURE_WORDS or (body[:1] == "万" and body[1:] in MEASURE_WORDS):
        return Value("quantity", comparator, None, None, body)
    return None


def _split_comparator(text: str) -> tuple[str | None, str]:
    comparator = None
    for phrase in _PREFIXES_LONGEST_FIRST:
        if text.startswith(phrase) and len(text) > len(phrase):
            comparator, text = COMPARATOR_PREFIXES[phrase], text[len(phrase) :]
            break
    for phrase in _SUFFIXES_LONGEST_FIRST:
        if text.endswith(phrase) and len(text) > len(phrase):
            suffix = COMPARATOR_SUFFIXES[phrase]
            # 控制在…以内 agrees; 不低于…以下 contradicts itself and stays text below
            comparator = suffix if comparator in (None, suffix) else "conflict"
            text = text[: -len(phrase)]
            break
    return (None, "\x00") if comparator == "conflict" else (comparator, text)


def _read_range(body: str, comparator: str | None, money: bool = False) -> Value | None:
    if comparator is not None:
        return None
    for separator in RANGE_SEPARATORS:
        low, sep, high = body.partition(separator)
        if not sep or not low or not high:
            continue
        upper = _read_amount(high, "=", money)
        if upper is None:
            continue
        lower = _read_amount(low + _borrowed_unit(low, high), "=", money)
        if lower is not None and lower.kind == upper.kind and lower.unit == upper.unit:
            return Value(upper.kind, "between", lower.value, upper.value, upper.unit)
    return None


def _borrowed_unit(low: str, high: str) -> str:
    """In ``90-100%`` the lower bound borrows the upper bound's unit."""
    match = _NUMBER.match(high)
    low_match = _NUMBER.match(low)
    if match and low_match and not low_match.group(2):
        return match.group(2)
    return ""


def _read_amount(body: str, comparator: str, money: bool = False) -> Value | None:
    words = _PERCENT_WORDS.match(body)
    if words:
        number = parse_number(words.group(2))
        if number is None:
            return None
        return Value("percent", comparator, number * _PER_WORDS[words.group(1)], None, "%")
    match = _NUMBER.match(body)
    if not match:
        return None
    digits = match.group(1)
    if not digits.lstrip("-")[:1].isdigit() and digits[0] not in ".-" and not _CN_DIGIT.search(digits):
        return None
    number = parse_number(digits)
    if number is None:
        return None
    return _with_unit(number, match.group(2), comparator, money)


def _with_unit(number: Decimal, unit: str, comparator: str, money: bool = False) -> Value | None:
    if not unit:  # a bare number: a count of what the indicator names
        return Value("quantity", comparator, number, None, None)
    main, slash, per = unit.partition("/")
    if slash and not per:
        return None
    if money and main in ("万", "亿"):
        main = f"{main}元"
    if main in UNITS:
        kind, written = UNITS[main]
        if kind == "money":
            number = number * MONEY_FACTORS[main]
        elif main == "‰":
            number = number * PER_MILLE
        return Value(kind, comparator, number, None, written + (f"/{per}" if slash else ""))
    scaled = _measure(main)
    if scaled is None:
        return None
    factor, word = scaled
    return Value("quantity", comparator, number * factor, None, word + (f"/{per}" if slash else ""))


def _measure(unit: str) -> tuple[Decimal, str] | None:
    """'人' → (1, '人'); '万人次' → (10000, '人次'); '千人' → (1000, '人'); '个社区' → (1, '个社区'); else None."""
    if unit in MEASURE_WORDS:
        return Decimal(1), unit
    if unit.startswith("万") and unit[1:] in MEASURE_WORDS:
        return Decimal(10000), unit[1:]
    if unit.startswith("千") and unit[1:] in MEASURE_WORDS:  # 5千人 (千米 and 千克 are units of their own)
        return Decimal(1000), unit[1:]
    if unit.startswith(("个", "名", "位")) and unit[1:] in MEASURE_WORDS:
        return Decimal(1), unit
    return None


def read_deadline(text: str, fiscal_year: int | None) -> Value | None:
    """'12月底前', '2022年12月31日前', '年底前', '6月30日前' → a date value (comparator <=)."""
    date = None
    if match := _DATE.match(text) or _ISO_DATE.match(text):
        year, month, day = match.groups()
        date = _date(year, fiscal_year, month, day)
    elif match := _MONTH_END.match(text):
        groups = match.groups()
        year, month = next((groups[i], groups[i + 1]) for i in (0, 2, 4) if groups[i + 1])
        date = _date(year, fiscal_year, month, None)
    elif match := _YEAR_ONLY.match(text):
        date = _date(match.group(1), fiscal_year, "12", "31")
    elif match := _YEAR_END.match(text):
        if match.group(1) is None and text.startswith(("底", "末")):
            return None
        date = _date(match.group(1), fiscal_year, "12", "31")
    elif match := _PART_OF_YEAR.match(text):
        year, half, quarter = match.groups()
        month = (6 if half == "上" else 12) if half else 3 * _QUARTERS[quarter]
        date = _date(year, fiscal_year, str(month), None)
    elif _THIS_YEAR.match(text):
        date = _date(None, fiscal_year, "12", "31")
    elif match := _NEXT_YEAR.match(text):
        if fiscal_year is None:
            date = None
        else:
            date = _date(str(fiscal_year + 1), None, match.group(1), match.group(2))
    else:
        return None
    if date is False:
        return None
    return Value("date", "<=", None, None, None, date)


def _read_period(text: str, fiscal_year: int | None) -> Value | None:
    """A period (2023.07-2024.01, 2021年1月-12月, 2024-2026年): kind date, its end as the deadline."""
    if (years := _YEARS.match(text)) and years.group(1) < years.group(2):
        return Value("date", None, None, None, None, dt.date(int(years.group(2)), 12, 31))
    match = _PERIOD.match(text)
    if not match:
        return None
    first_year, first_month, last_year, last_month = match.groups()
    if "月" not in text and not (first_year or last_year):
        return None  # 1-2 is a range of numbers, not of months
    if not 1 <= int(first_month) <= 12:
        return None
    date = _date(last_year or first_year, fiscal_year, last_month, None)
    if date is False:
        return None
    return Value("date", None, None, None, None, date)


def _date(year: str | None, fiscal_year: int | None, month: str, day: str | None):
    """The date, None when no year is known, False when no such date exists."""
    resolved = int(year) if year else fiscal_year
    month_number = int(month)
    if not 1 <= month_number <= 12:
        return False
    if resolved is None:
        return None
    last = calendar.monthrange(resolved, month_number)[1]
    day_number = int(day) if day else last
    if not 1 <= day_number <= last:
        return False
    return dt.date(resolved, month_number, day_number)
