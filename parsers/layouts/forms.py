"""Labels read from the domain's forms, for the spellings no layout declares.

The declarations name the labels each layout was seen with; the next province prints them its own
way: a prefix (年度(/项目)指标值, 预期指标值, 计划目标值), a required-field star (*指标值), a space inside
(项目 名称), another word for the funded thing (项目(专项)名称, 专项资金名称, 资金名称). What a label
holds shows in its form: a target column ends in 指标值 or 目标值 and says nothing after it
(指标值确定依据 and 指标值类型 are other columns); the funded thing's name ends in 名称 and starts with
项目, 专项 or 资金. These rules run only for a label no declaration knows.
"""

from __future__ import annotations

from functools import lru_cache

import regex

# Column roles by form: (role, pattern over the compared label, star removed).
COLUMN_FORMS = tuple(
    (role, regex.compile(pattern))
    for role, pattern in (
        ("value_long_term", r"^(?:实施期|实施周期|中期|长期|中长期|项目期)[^确]{0,6}(?:指标值|目标值)$"),
        (
            "value",
            r"^[^确类说内性方]{0,8}(?:指标值|目标值|指标值及单位)$|^[^确类说内性方月]{0,6}(?:预期|计划|期望)值$",
        ),
        # (权重分值, 标准分值, 满分: the points an indicator is worth)
        ("weight", r"^(?:指标)?(?:权重|分值)(?:\(%\))?$|^(?:权重|标准|指标)分值$|^满分(?:值)?$"),
        ("score", r"^(?:实际|自评|评价|考核|考评)?得分$|^评分$"),
        ("actual", r"^[^确]{0,6}实际完成(?:值|情况)$|^(?:全年|年度|年末)?(?:实际)?完成值$"),
        ("level1", r"^[^二三]{0,4}一级(?:绩效)?(?:指标)?(?:名称)?$"),
        ("level2", r"^[^一三]{0,4}二级(?:绩效)?(?:指标)?(?:名称)?$"),
        (
            "level3",
            r"^[^一二]{0,4}三级(?:绩效)?(?:指标)?(?:名称|内容)?$|^(?:具体|明细)(?:绩效)?指标(?:名称)?$",
        ),
        # Why the target is what it is: 指标值确定依据, 指标值设定依据, 设定依据, 确定依据及说明.
        ("basis", r"^(?:指标值|目标值|指标)?(?:确定|设定|设置|取值|测算)?依据(?:及说明|说明)?$"),
        # Hunan prints the operator (≥, ≤, =) in a column of its own called 指标值类型.
        ("operator", r"^指标值类型$|^指标值符号$|^(?:计算|运算|比较)符号$|^(?:运算|比较)符$"),
        # 定量指标 / 定性指标 beside a 指标性质 that holds the operator (Yunnan's 表14)
        ("nature", r"^指标属性$"),
        # Why a target was missed and what is done about it, or any note: 未完成原因和改进措施.
        # (偏差原因分析 alone stays a column of its own: a monitoring table marks its sub-captions)
        ("remark", r"(?:改进|整改)措施$|^(?:情况|备注)说明$|^未完成原因(?:分析|说明)?$"),
    )
)
# (预算项目名称, 绩效项目名称: a word before 项目 too; 项目全称)
_FUNDED_NAME = regex.compile(r"^(?:\p{Han}{0,4}项目|专项|资金|转移支付)[^:]{0,8}名称$|^项目全称$")
_UNIT_NAME = regex.compile(r"^(?:部门|单位|预算单位|部门\(单位\)|单位\(部门\))名称$")
_YEAR_GOAL = regex.compile(
    r"^(?:区域)?(?:年度|当年|本年度?|预期)[^:]{0,6}目标$"  # 区域年度绩效目标, 预期绩效目标
    # a department-wide table's: 部门整体绩效目标, 部门年度总体目标, 整体绩效目标
    r"|^(?:部门|单位)(?:年度|当年|本年度?)?(?:整体|总体)?(?:绩效)?目标$|^整体(?:绩效)?目标$"
    # a self-evaluation's goal as set at the start of the year: 年初设定目标, 年初目标
    r"|^年初(?:设定)?(?:绩效)?目标$|^(?:年度)?设定(?:绩效)?目标$"
    r"|^项目(?:年度|当年|本年度?)(?:绩效)?目标$"  # 项目年度目标
)
_LONG_GOAL = regex.compile(r"^(?:项目总|(?:项目)?(?:实施期|中长期|长期|中期))[^:]{0,4}目标$|^总目标$")
# What was achieved, beside the goal in a self-evaluation: 实际完成情况, 年度实际完成情况, 目标完成情况.
_ACTUAL_GOAL = regex.compile(
    r"^(?:年度|全年)?(?:总体目标)?实际完成(?:情况)?$|^(?:年度|全年)?(?:总体)?目标完成情况$"
)
# 具体实施单位, 项目实施单位, 项目承担单位, 项目实施机构, 承办单位, 资金使用单位; (申报单位 is the
# applying unit, below).
_IMPLEMENTING = regex.compile(
    r"^.{0,4}(?:实施|承担|执行|责任|承办)(?:单位|主体|机构)(?:名称)?$|^项目(?:单位|主体)(?:名称)?$"
    r"|^(?:资金)?(?:使用|用款)单位(?:名称)?$"  # 资金使用单位, 用款单位: who spends the money
)
# Why the project is: 项目立项依据, 政策依据 (立项依据 is declared).
_BASIS = regex.compile(r"^(?:项目)?(?:立项|政策)依据$")
# What the project does, as 项目概况 says it: 项目内容, 项目主要内容, 项目实施内容, 项目简介; 主要用途.
_CONTENT = regex.compile(r"^项目(?:主要)?(?:实施|建设)?(?:内容|简介|概述)$|^(?:资金)?主要用途$|^建设内容$")
# 项目ID, 项目标识码: the project's code as a system names it
_CODE = regex.compile(r"^项目(?:ID|id|Id|标识码|识别码|统一编码)$")
# 主管部门 and the ways it is printed: 主管单位, 主管部门名称, 业务主管部门, 项目主管部门, 归口管理部门.
_DEPARTMENT = regex.compile(r"^(?:项目)?(?:业务)?(?:主管|归口(?:管理)?)(?:部门|单位)(?:名称)?$")
_APPLYING = regex.compile(r"^(?:项目)?(?:申报|申请)单位$")
# What the unit does (部门职责, 部门(单位)职责, 单位职能概述, 部门职能职责概述): a 部门整体 table's
# purpose, where a project's table says what the money is for.
_DUTIES = regex.compile(
    r"^(?:部门|单位)(?:\((?:单位|部门)\))?(?:主要)?(?:职能|职责){1,2}(?:概述|简介|概况)?$"
)
# When the project runs: 项目起止时间, 实施年限, 项目执行期, 项目实施周期.
_PERIOD = regex.compile(
    r"^(?:项目)?(?:实施|执行|起止)(?:起止)?(?:时间|期限|年限|周期|期)$|^项目(?:周期|期限|年限)$"
)
# Shanghai's 填报表 prints the period as two dates: 计划开始日期 | 2023-01-01, 计划完成日期 | 2023-12-31.
_PERIOD_START = regex.compile(r"^计划(?:开始|起始)日期$")
_PERIOD_END = regex.compile(r"^计划(?:完成|结束)日期$")
_STARS = "*＊"


# Every form holds one of these: a cheap test first, since most cells are data, not labels.
_MARKER = regex.compile(
    r"指标|目标值|期值|划值|望值|权重|分值|满分|评分|名称|完成|级|依据|单位|得分|符号|运算符|比较符|原因|措施|说明|备注"
    r"|项目"
)


@lru_cache(maxsize=4096)
def column_role(key: str) -> str | None:
    """The role an undeclared column label names by its form, or None."""
    if len(key) > 30 or not _MARKER.search(key):
        return None
    bare = key.lstrip(_STARS)
    return next((role for role, rule in COLUMN_FORMS if rule.search(bare)), None)


# Read in an indicator header row only, where a bare word is no head label: 单位 beside 指标值 is the
# unit column (transfer tables); 单位(盖章) above a table is not.
_HEADER_FORMS = ((regex.compile(r"^(?:指标值?)?单位$"), "unit"),)


@lru_cache(maxsize=4096)
def header_role(key: str) -> str | None:
    """The role of an undeclared label standing in an indicator header row."""
    return column_role(key) or header_only_role(key)


def header_only_role(key: str) -> str | None:
    """The role of a bare word that names a column in an indicator header row only (单位)."""
    return _by_form(_HEADER_FORMS, key)


# 单位(专项)名称; Yunnan's 表14 单位名称、项目名称 (the unit's row, then its projects' rows under it)
_LIST_NAME = regex.compile(
    r"^(?:单位|部门)[(（](?:专项|项目|资金)[)）]名称$|^(?:单位|部门)(?:名称)?[、,，/及和]?(?:项目|专项)名称$"
)
_LIST_GOAL = regex.compile(r"^项目(?:年度|当年|本年度?)?(?:绩效)?目标$")
_LIST_BUDGET = regex.compile(r"^(?:资金总额|预算总额|预算金额|年度资金总额|年度预算数|预算数|年度金额)$")
# (form, field), the first that matches wins.
_HEAD_FORMS = (
    (_IMPLEMENTING, "implementing_unit"),
    (_APPLYING, "department"),
    (_DEPARTMENT, "department"),
    (_FUNDED_NAME, "name"),
    (_UNIT_NAME, "funded_unit"),
    (_LONG_GOAL, "goal_long_term"),
    (_YEAR_GOAL, "goal"),
    (_ACTUAL_GOAL, "goal_actual"),
    (_PERIOD, "period"),
    (_PERIOD_START, "period_start"),
    (_PERIOD_END, "period_end"),
    (_DUTIES, "duties"),
    (_BASIS, "basis"),
    (_CONTENT, "purpose"),
    (_CODE, "code"),
)
_LIST_UNIT_CODE = regex.compile(r"^(?:预算)?(?:单位|部门)(?:代码|编码|编号)$")
_LIST_FORMS = (
    (_LIST_UNIT_CODE, "unit_code"),
    (_FUNDED_NAME, "name"),
    (_LIST_NAME, "name"),
    (_LIST_BUDGET, "budget"),
    (_LONG_GOAL, "goal_long_term"),
    (_YEAR_GOAL, "goal"),
    (_LIST_GOAL, "goal"),
)


# One of them stands in every label a head form reads (a cheap test: most cells are values).
_HEAD_WORDS = tuple(
    "名称 目标 单位 部门 完成 期 时间 年限 全称 主体 依据 内容 简介 概述 用途 机构 项目".split()
)


@lru_cache(maxsize=4096)
def head_field(key: str) -> str | None:
    """The field an undeclared head label names by its form: the funded thing's name, the unit's,
    the year's goal (年度总体目标, 当年整体绩效目标) or the long-term one (项目总目标, 实施期总目标)."""
    if not any(word in key for word in _HEAD_WORDS):
        return None
    return _by_form(_HEAD_FORMS, key)


@lru_cache(maxsize=1024)
def list_role(key: str) -> str | None:
    """The project column a header cell of a table listing many projects names by its form
    (单位(专项)名称 | 资金总额 | 实施期绩效目标 | 年度绩效目标 | 一级指标 …), or None. Asked of the
    indicator header's own cells only: above it, the same words are head labels."""
    return _by_form(_LIST_FORMS, key)


def _by_form(forms: tuple, key: str) -> str | None:
    bare = key.lstrip(_STARS)
    return next((name for form, name in forms if form.match(bare)), None)


def canonical(key: str, known: frozenset[str], spellings: dict[str, frozenset[str]]) -> frozenset[str]:
    """A label as the declarations spell it: itself when declared, else every declared spelling of
    the role its form names (so that a layout identified by 目标值 is found under 预期指标值 too)."""
    if key in known or len(key) > 30 or not _MARKER.search(key):
        return frozenset((key,))
    bare = key.lstrip(_STARS)
    if bare in known:
        return frozenset((bare,))
    role = column_role(bare) or head_field(bare)
    return spellings.get(role, frozenset((key,)))
