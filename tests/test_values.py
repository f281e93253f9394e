"""The 指标值 grammar: a case table of forms from real publications, round-trips, and no crash ever."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.numbers import parse_amount, parse_chinese_number, to_yuan
from pipeline.values import COMPARATOR_PREFIXES, COMPARATOR_SUFFIXES, MEASURE_WORDS, TEXT, normalize_value

D = Decimal
# raw → (kind, comparator, value, value_max, unit)
CASES = {
    # percent
    "≥95%": ("percent", ">=", D(95), None, "%"),
    "100%": ("percent", "=", D(100), None, "%"),
    "100 %": ("percent", "=", D(100), None, "%"),
    "１００％": ("percent", "=", D(100), None, "%"),
    "≥ 95 %": ("percent", ">=", D(95), None, "%"),
    ">=90%": ("percent", ">=", D(90), None, "%"),
    "≧90%": ("percent", ">=", D(90), None, "%"),
    "＞80％": ("percent", ">", D(80), None, "%"),
    "＜5%": ("percent", "<", D(5), None, "%"),
    "≦3%": ("percent", "<=", D(3), None, "%"),
    "<=3%": ("percent", "<=", D(3), None, "%"),
    "=100%": ("percent", "=", D(100), None, "%"),
    "95%以上": ("percent", ">=", D(95), None, "%"),
    "5%以下": ("percent", "<=", D(5), None, "%"),
    "大于90%": ("percent", ">", D(90), None, "%"),
    "不低于95%": ("percent", ">=", D(95), None, "%"),
    "不少于80%": ("percent", ">=", D(80), None, "%"),
    "大于等于85%": ("percent", ">=", D(85), None, "%"),
    "至少90%": ("percent", ">=", D(90), None, "%"),
    "达到100%": ("percent", ">=", D(100), None, "%"),
    "不高于5%": ("percent", "<=", D(5), None, "%"),
    "不超过10%": ("percent", "<=", D(10), None, "%"),
    "小于等于2%": ("percent", "<=", D(2), None, "%"),
    "控制在5%以内": ("percent", "<=", D(5), None, "%"),
    "3%以内": ("percent", "<=", D(3), None, "%"),
    "90%-100%": ("percent", "between", D(90), D(100), "%"),
    "90%~100%": ("percent", "between", D(90), D(100), "%"),
    "90%～100%": ("percent", "between", D(90), D(100), "%"),
    "90-100%": ("percent", "between", D(90), D(100), "%"),
    "百分之九十五": ("percent", "=", D(95), None, "%"),
    "百分之百": ("percent", "=", D(100), None, "%"),
    "98.5%": ("percent", "=", D("98.5"), None, "%"),
    "5‰": ("percent", "=", D("0.5"), None, "%"),
    "≤3‰": ("percent", "<=", D("0.3"), None, "%"),
    "2个百分点": ("percent", "=", D(2), None, "百分点"),
    "≥1百分点": ("percent", ">=", D(1), None, "百分点"),
    "\uf0b395%": ("percent", ">=", D(95), None, "%"),  # ≥ typed in Word's Symbol font
    "\uf0a310%": ("percent", "<=", D(10), None, "%"),
    "95百分比": ("percent", "=", D(95), None, "%"),
    "=100.00(%)": ("percent", "=", D(100), None, "%"),  # Shanghai: the unit in parentheses
    "90%（含）": ("percent", "=", D(90), None, "%"),
    "100%（含）以上": ("percent", ">=", D(100), None, "%"),
    "≤-5%": ("percent", "<=", D(-5), None, "%"),
    "-3%": ("percent", "=", D(-3), None, "%"),
    "万分之五": ("percent", "=", D("0.05"), None, "%"),
    "千分之三": ("percent", "=", D("0.3"), None, "%"),
    "提高2个百分点": ("percent", "=", D(2), None, "百分点"),
    "下降0.5个百分点": ("percent", "=", D("-0.5"), None, "百分点"),
    "≧ %": ("percent", ">=", None, None, "%"),  # the number was never filled in
    "≥13459.00(平方米)": ("quantity", ">=", D(13459), None, "平方米"),
    "=5.00(万人次)": ("quantity", "=", D(50000), None, "人次"),
    "90.00(度)": ("quantity", "=", D(90), None, "度"),
    "公里": ("quantity", None, None, None, "公里"),
    # the indicator's name printed before its target (Shanghai 填报表)
    "满意率100%": ("percent", "=", D(100), None, "%"),
    "党员群众满意度不少于80%": ("percent", ">=", D(80), None, "%"),
    "开展不低于5次的社区法治宣传活动": ("text", None, None, None, None),  # a number inside prose
    "合格率达100%": ("text", None, None, None, None),  # 达: a comparison the name would hide
    "万亩": ("quantity", None, None, None, "万亩"),
    # money
    "6.8万元": ("money", "=", D(68000), None, "元"),
    "=46.16万元": ("money", "=", D("461600"), None, "元"),
    "500元": ("money", "=", D(500), None, "元"),
    "3千元": ("money", "=", D(3000), None, "元"),
    "1.2亿元": ("money", "=", D(120000000), None, "元"),
    "≤620万元/月": ("money", "<=", D(6200000), None, "元/月"),
    "500元/人": ("money", "=", D(500), None, "元/人"),
    "17元/人·天": ("money", "=", D(17), None, "元/人·天"),
    "<=475元/亩": ("money", "<=", D(475), None, "元/亩"),
    "1,250元": ("money", "=", D(1250), None, "元"),
    "十万元": ("money", "=", D(100000), None, "元"),
    # quantity
    "40人": ("quantity", "=", D(40), None, "人"),
    "7社区": ("quantity", "=", D(7), None, "社区"),
    "1辆": ("quantity", "=", D(1), None, "辆"),
    ">=60亩": ("quantity", ">=", D(60), None, "亩"),
    "≥20座": ("quantity", ">=", D(20), None, "座"),
    "0起": ("quantity", "=", D(0), None, "起"),
    "≥70村": ("quantity", ">=", D(70), None, "村"),
    "三个": ("quantity", "=", D(3), None, "个"),
    "两次": ("quantity", "=", D(2), None, "次"),
    "十二个": ("quantity", "=", D(12), None, "个"),
    "１２人次": ("quantity", "=", D(12), None, "人次"),
    "≥2万人次": ("quantity", ">=", D(20000), None, "人次"),
    "7个社区": ("quantity", "=", D(7), None, "个社区"),
    "1次/月": ("quantity", "=", D(1), None, "次/月"),
    "120平方米": ("quantity", "=", D(120), None, "平方米"),
    "5公里": ("quantity", "=", D(5), None, "公里"),
    "10-20人": ("quantity", "between", D(10), D(20), "人"),
    "不少于3场": ("quantity", ">=", D(3), None, "场"),
    # duration
    "≤7工作日": ("duration", "<=", D(7), None, "工作日"),
    "3天": ("duration", "=", D(3), None, "天"),
    "24小时": ("duration", "=", D(24), None, "小时"),
    "12个月": ("duration", "=", D(12), None, "个月"),
    "2周": ("duration", "=", D(2), None, "周"),
    "1年": ("duration", "=", D(1), None, "年"),
    "5个工作日": ("duration", "=", D(5), None, "工作日"),
    "10日以内": ("duration", "<=", D(10), None, "日"),
    # score
    "90分": ("score", "=", D(90), None, "分"),
    "≥90分": ("score", ">=", D(90), None, "分"),
    # boolean
    "是": ("boolean", "=", D(1), None, None),
    "否": ("boolean", "=", D(0), None, None),
    "有": ("boolean", "=", D(1), None, None),
    "无": ("boolean", "=", D(0), None, None),
    "是/否": ("boolean", None, None, None, None),
    "是／否": ("boolean", None, None, None, None),
    # text
    "进一步保障": ("text", None, None, None, None),
    "良好": ("text", None, None, None, None),
    "显著提升": ("text", None, None, None, None),
    "定性 高中低": ("text", None, None, None, None),
    "定性有效": ("text", None, None, None, None),
    "": ("text", None, None, None, None),
    "   ": ("text", None, None, None, None),
    "不低于5%以下": ("text", None, None, None, None),
    "十分满意": ("text", None, None, None, None),
    "1e5人": ("text", None, None, None, None),
    # a bare unit: a target never filled in keeps its kind and unit, no number
    "万元": ("money", None, None, None, "万元"),
    "百人": ("text", None, None, None, None),
    "千元": ("money", None, None, None, "千元"),
    "万人次": ("quantity", None, None, None, "万人次"),
    # Tika's inline footnote annotates the value
    "≥95% [1: 以上年度为基准]": ("percent", ">=", D(95), None, "%"),
    # the indicator's name before a symbol comparator; a time limit ending in 内
    "满意度≥90%": ("percent", ">=", D(90), None, "%"),
    "合格率>=95%": ("percent", ">=", D(95), None, "%"),
    "满意度≥90分": ("score", ">=", D(90), None, "分"),
    "5个工作日内": ("duration", "<=", D(5), None, "工作日"),
    "24小时内": ("duration", "<=", D(24), None, "小时"),
    "一周内": ("duration", "<=", D(1), None, "周"),
    "区域内": ("text", None, None, None, None),
    # both bounds printed; a percent with what it counts after it
    "≥20%且≤30%": ("percent", "between", D(20), D(30), "%"),
    "≥95%，≤100%": ("percent", "between", D(95), D(100), "%"),
    "100%完成": ("percent", "=", D(100), None, "%"),
    "100%覆盖": ("percent", "=", D(100), None, "%"),
    "12月": ("duration", "=", D(12), None, "月"),
    # more than the number: 余, 多
    "100余人": ("quantity", ">", D(100), None, "人"),
    "20多次": ("quantity", ">", D(20), None, "次"),
    "100多万元": ("money", ">", D(1000000), None, "元"),
    # measure words of real tables
    "≥5家次": ("quantity", ">=", D(5), None, "家次"),
    "≥20台（套）": ("quantity", ">=", D(20), None, "台(套)"),
    "≥100平米": ("quantity", ">=", D(100), None, "平米"),
    "≥30万字": ("quantity", ">=", D(300000), None, "字"),
    # about: an estimate, not an exact count
    "约100人": ("quantity", "≈", D(100), None, "人"),
    "大约5000平方米": ("quantity", "≈", D(5000), None, "平方米"),
    "95%左右": ("percent", "≈", D(95), None, "%"),
    "约2万元": ("money", "≈", D(20000), None, "元"),
    "约束性指标": ("text", None, None, None, None),
    "约100人以上": ("text", None, None, None, None),  # about, and at least: says two things
    # session 9: the bound written inside the inclusion mark; thousands of a count
    "≥80%（含80%）": ("percent", ">=", D(80), None, "%"),
    "≥100万元（含本数）": ("money", ">=", D(1000000), None, "元"),
    "≥5千人": ("quantity", ">=", D(5000), None, "人"),
    "5千米": ("quantity", "=", D(5), None, "千米"),  # a unit of its own, not 5000 米
    "5年": ("duration", "=", D(5), None, "年"),
    # the template's blank left in the target: its operator and unit, no number (placeholder_left says it)
    "≥**个": ("quantity", ">=", None, None, "个"),
    "≥**%": ("percent", ">=", None, None, "%"),
    # a word on the target in parentheses, the whole value bracketed, 达 for 达到
    "100%（按时）": ("percent", "=", D(100), None, "%"),
    "≥90%(抽样)": ("percent", ">=", D(90), None, "%"),
    "【≥95%】": ("percent", ">=", D(95), None, "%"),
    "达95%以上": ("percent", ">=", D(95), None, "%"),
    "达标": ("text", None, None, None, None),
    # units written with their own characters, read as NFKC folds them
    "≥1.2万㎡": ("quantity", ">=", D(12000), None, "m2"),
    "100m³": ("quantity", "=", D(100), None, "m3"),
    "20㎏": ("quantity", "=", D(20), None, "kg"),
    # a form's choice marked, the nature before the target, a note on it in parentheses
    "是（√）否（）": ("boolean", "=", D(1), None, None),
    "是（）否（√）": ("boolean", "=", D(0), None, None),
    "□是☑否": ("boolean", "=", D(0), None, None),
    "定量：≥95%": ("percent", ">=", D(95), None, "%"),
    "≥90分（满分100分）": ("score", ">=", D(90), None, "分"),
}
DEADLINES = {
    "12月底前": dt.date(2023, 12, 31),
    "2022年12月31日前": dt.date(2022, 12, 31),
    "年底前": dt.date(2023, 12, 31),
    "6月30日前": dt.date(2023, 6, 30),
    "2月底": dt.date(2023, 2, 28),
    "2024年2月底前": dt.date(2024, 2, 29),
    "11月前": dt.date(2023, 11, 30),
    "2023-06-30": dt.date(2023, 6, 30),
    "2023年底前": dt.date(2023, 12, 31),
    "年内": dt.date(2023, 12, 31),
    "年底前完成": dt.date(2023, 12, 31),
    "2024年6月": dt.date(2024, 6, 30),
    "１２月３１日前": dt.date(2023, 12, 31),
    "2024年": dt.date(2024, 12, 31),  # within the year (it was a duration of 2024 years)
    "2023年度": dt.date(2023, 12, 31),
    "2024年完成": dt.date(2024, 12, 31),
    # a half or a quarter of the year, the year itself, a month of the next one, a month in figures
    "上半年": dt.date(2023, 6, 30),
    "2024年下半年完成": dt.date(2024, 12, 31),
    "2024年第四季度": dt.date(2024, 12, 31),
    "第三季度前": dt.date(2023, 9, 30),
    "一季度末": dt.date(2023, 3, 31),
    "当年": dt.date(2023, 12, 31),
    "本年度内完成": dt.date(2023, 12, 31),
    "次年3月底前": dt.date(2024, 3, 31),
    "次年1月15日前": dt.date(2024, 1, 15),
    "2023.12": dt.date(2023, 12, 31),
    "2024-6底前": dt.date(2024, 6, 30),
    "≤12月底": dt.date(2023, 12, 31),  # the operator before a deadline
    "<=2024年6月30日": dt.date(2024, 6, 30),
}


@pytest.mark.parametrize(("raw", "expected"), CASES.items(), ids=list(CASES))
def test_value_forms(raw, expected):
    got = normalize_value(raw, 2023)
    assert (got.kind, got.comparator, got.value, got.value_max, got.unit) == expected


@pytest.mark.parametrize(("raw", "date"), DEADLINES.items(), ids=list(DEADLINES))
def test_deadlines_resolve_in_the_fiscal_year(raw, date):
    got = normalize_value(raw, 2023)
    assert (got.kind, got.comparator, got.value_date) == ("date", "<=", date)


@pytest.mark.parametrize(
    ("raw", "end"), [("2024-2026年", 2026), ("2023年至2025年", 2025), ("2021~2023年度", 2023)]
)
def test_a_period_of_whole_years_ends_with_its_last(raw, end):
    got = normalize_value(raw, 2024)
    assert (got.kind, got.comparator, got.value_date) == ("date", None, dt.date(end, 12, 31))


def test_a_year_and_month_in_figures_is_an_amount_in_a_row_about_money():
    assert normalize_value("2020.5", 2024, money=True).value == D("2020.5")
    assert normalize_value("2020.5", 2024).value_date == dt.date(2020, 5, 31)
    assert normalize_value("5-10年", 2024).kind == "duration"  # (no years: a duration still)


def test_deadline_without_a_year_keeps_its_kind():
    got = normalize_value("12月底前", None)
    assert got.kind == "date" and got.value_date is None


@pytest.mark.parametrize("raw", ["2月30日前", "13月底", "0月底前"])
def test_impossible_dates_are_text(raw):
    assert normalize_value(raw, 2023) == TEXT


def test_every_comparator_phrase_reads():
    for phrase, comparator in COMPARATOR_PREFIXES.items():
        assert normalize_value(f"{phrase}12人").comparator == comparator, phrase
    for phrase, comparator in COMPARATOR_SUFFIXES.items():
        assert normalize_value(f"12人{phrase}").comparator == comparator, phrase


def test_every_measure_word_reads():
    for word in MEASURE_WORDS:
        got = normalize_value(f"≥3{word}")
        assert (got.kind, got.value, got.unit) == ("quantity", D(3), word), word


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("九十五", 95),
        ("两", 2),
        ("十二", 12),
        ("一百零五", 105),
        ("三千", 3000),
        ("十万", 100000),
        ("二十万零三", 200003),
        ("三点五", D("3.5")),
        ("零", 0),
    ],
)
def test_chinese_numerals(text, number):
    assert parse_chinese_number(text) == D(number)


def test_money_in_wan_is_exact():
    assert to_yuan(D("12.3456"), "万元") == D("123456.00")
    assert to_yuan(D("0.000001"), "万元") == D("0.01")
    assert to_yuan(D("0.0000001"), "万元") is None  # less than a fen: not representable, not rounded


# Round trips: values written in every form read back as the numbers they were made from.
numbers = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
comparators = st.sampled_from(
    [
        ("", "="),
        ("≥", ">="),
        ("≤", "<="),
        ("不低于", ">="),
        ("不超过", "<="),
        (">", ">"),
        ("<", "<"),
        ("＞", ">"),
        ("≧", ">="),
    ]
)


@given(
    numbers,
    comparators,
    st.sampled_from(["%", "％", "人", "个", "次", "户", "辆", "天", "分"]),
    st.sampled_from(["", " "]),
)
@settings(max_examples=300, deadline=None)
def test_round_trip_number_unit(number, comparator, unit, space):
    raw = f"{comparator[0]}{space}{number}{space}{unit}"
    got = normalize_value(raw)
    assert got.comparator == comparator[1] and got.value == number, raw


@given(numbers, st.sampled_from([("元", 1), ("千元", 1000), ("万元", 10000), ("亿元", 10**8)]))
@settings(max_examples=200, deadline=None)
def test_round_trip_money(number, unit):
    got = normalize_value(f"{number}{unit[0]}")
    assert (got.kind, got.value, got.unit) == ("money", number * unit[1], "元")


@given(st.integers(0, 10**6), st.integers(0, 10**6))
@settings(max_examples=200, deadline=None)
def test_round_trip_range(low, high):
    got = normalize_value(f"{low}-{high}%")
    assert (got.comparator, got.value, got.value_max) == ("between", low, high)


@given(st.integers(0, 99999))
@settings(max_examples=200, deadline=None)
def test_round_trip_chinese_numerals(number):
    assert parse_chinese_number(_to_chinese(number)) == number


def _to_chinese(number: int) -> str:
    digits = "零一二三四五六七八九"
    if number == 0:
        return "零"
    out, zero = "", False
    for value, name in ((10000, "万"), (1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, number = divmod(number, value)
        if digit:
            out += ("零" if zero and out else "") + digits[digit] + name
            zero = False
        elif out:
            zero = True
    return out


@given(st.text())
@settings(max_examples=1000, deadline=None)
def test_no_string_raises(raw):
    got = normalize_value(raw, 2023)
    assert got.kind in {"percent", "money", "quantity", "duration", "date", "score", "boolean", "text"}
    if got.kind == "text":
        assert got == TEXT


@given(st.text(alphabet="0123456789.,%-~≥≤<>=万元人个次年月日底前以上下内至是否/ 十百千两", max_size=12))
@settings(max_examples=1000, deadline=None)
def test_no_near_miss_raises(raw):
    normalize_value(raw, 2023)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("万元", ("money", None, None, "万元")),  # a bare unit: a target never filled in, no number
        ("百人", ("text", None, None, None)),
        ("\uf0b395%", ("percent", ">=", D(95), "%")),  # ≥ typed in Word's Symbol font
        ("2个百分点", ("percent", "=", D(2), "百分点")),  # a change in points, not a level
        ("5‰", ("percent", "=", D("0.5"), "%")),  # per mille as percent points
    ],
)
def test_case12_units_that_read_as_what_they_are(raw, expected):
    got = normalize_value(raw, 2023)
    assert (got.kind, got.comparator, got.value, got.unit) == expected


@pytest.mark.parametrize(
    ("raw", "amount", "unit"),
    [
        ("120万元", D("120"), "万元"),
        ("120.00（万元）", D("120.00"), "万元"),  # the unit in parentheses after the amount
        ("人民币120万元", D("120"), "万元"),  # the currency before it
        ("￥1,200,000.00", D("1200000.00"), "元"),  # the yuan sign is the unit
        ("RMB 120", D("120"), None),
        ("1,234.50", D("1234.50"), None),
    ],
)
def test_an_amount_cell_reads_with_its_unit_and_currency(raw, amount, unit):
    assert parse_amount(raw) == (amount, unit)
