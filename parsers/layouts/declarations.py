"""Each layout of performance-goal table, declared as data: the labels that identify it, where each
field sits, and what each indicator column means.

Labels are compared folded (widths, spaces and line breaks removed, a trailing colon and a trailing
parenthesis such as ``(万元)`` or ``(%)`` dropped), so ``资金情况\\n(万元)`` is ``资金情况`` and
``权重(%)`` is ``权重``. Equivalent labels are listed together; a layout's lists are built from the
shared vocabulary below plus what only that layout prints.

Where a field sits:
- ``head``: the value stands right of the label (``项目名称 | 雾炮车降尘抑尘服务``);
- ``captions``: the value stands under the caption, in the next row (``年度目标`` over the goal);
- ``continued``: a label merged over two rows whose second row holds the field (the Hebei
  ``预算规模及资金用途`` row, its purpose under it);
- ``funds``: amount rows (label right of a merged 资金情况 label, amount right of the label, or
  amounts under column captions such as 全年预算数);
- ``columns``: the indicator table, by header label; a header may take two rows, and roles that
  repeat make a second group of columns (long-term targets beside annual ones).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType


def _frozen(mapping: dict) -> MappingProxyType:
    return MappingProxyType(mapping)


@dataclass(frozen=True)
class Layout:
    name: str
    title_zh: str
    description: str
    # Every group must be found among the project's labels: one label of the group is enough.
    identify: tuple[tuple[str, ...], ...]
    # A table holding one of these labels starts a project (else a table with an indicator header).
    starts: tuple[str, ...]
    head: MappingProxyType = field(default_factory=lambda: _frozen({}))
    captions: MappingProxyType = field(default_factory=lambda: _frozen({}))
    continued: MappingProxyType = field(default_factory=lambda: _frozen({}))
    columns: MappingProxyType = field(default_factory=lambda: _frozen({}))
    spending_plan: str | None = None  # label prefix of a cumulative spending-plan row
    unit_line: bool = False  # a code + name + scope line beside 单位：万元 names the unit
    name_from_title: bool = False  # no 项目名称 cell: the project is named in the table's title
    kind: str | None = None  # what every table of the layout funds ('department'), where it says
    example: str = ""


# --- the shared vocabulary ---------------------------------------------------------------------

NAME = ("项目名称", "项目支出名称", "专项资金名称", "二级项目名称", "项目(支出)名称")
CODE = ("项目编码", "项目代码", "项目编号")
DEPARTMENT = ("主管部门", "项目主管部门", "主管部门及代码", "业务主管部门", "预算部门", "预算单位")
IMPLEMENTING = ("实施单位", "项目实施单位", "项目执行单位", "执行单位")
UNIT = ("单位信息", "单位名称", "编制单位", "填报单位")
MANAGER = ("项目负责人及电话", "项目负责人", "项目经办人", "项目责任人", "项目责任人(签字)")
PERIOD = ("项目期", "项目支出实施期", "实施期", "项目周期", "项目实施期")
PURPOSE = ("资金用途", "项目资金用途", "项目概况")
BASIS = ("立项依据",)
GOAL_RIGHT = ("绩效目标", "年度绩效目标", "项目绩效目标", "本年度绩效目标", "当年绩效目标", "整体目标")
GOAL_LONG_RIGHT = ("实施期绩效目标", "中长期绩效目标", "长期绩效目标")
GOAL_CAPTIONS = ("年度目标", "预期目标", "当年目标")
# Labels merged down a goal block, left of its captions: not fields themselves.
GOAL_BLOCKS = ("总体目标", "年度总体目标", "项目总体目标", "总体绩效目标", "年度目标")
GOAL_LONG_CAPTIONS = ("中期目标", "实施期目标", "中长期目标", "长期目标", "实施期总目标")
GOAL_ACTUAL_CAPTIONS = ("实际完成情况", "年度总体目标完成情况", "目标完成情况")

LEVEL1 = ("一级指标", "一级绩效指标")
LEVEL2 = ("二级指标", "二级绩效指标")
LEVEL3 = ("三级指标", "三级绩效指标", "三级指标名称", "指标内容", "指标名称", "绩效指标名称")
DESCRIPTION = ("绩效指标描述", "指标说明", "指标解释", "指标描述")
TARGET = ("指标值", "目标值", "指标值及单位", "年度指标值", "当年度指标值", "年度目标值", "指标目标值")
TARGET_LONG = ("实施期指标值", "实施周期指标值", "中期指标值", "长期指标值", "中长期指标值")
ACTUAL = ("实际完成值", "全年实际值", "实际值", "完成值")
WEIGHT = ("分值", "权重", "指标权重", "分值权重")
SCORE = ("得分", "自评得分")
UNIT_CELL = ("度量单位", "计量单位", "计量单位名称")
OPERATOR = ("计算符号", "符号")
NATURE = ("指标性质", "指标值类型", "指标类型")
DIRECTION = ("指标方向",)
BASIS_COLUMN = ("指标值确定依据", "确定依据", "绩效标准", "评价标准确定依据", "评价标准")
REMARK = ("备注", "偏差原因分析及改进措施", "指标值说明", "评(扣)分标准", "评分标准", "指标值内容")
GRADES = ("优", "良", "中", "差")

INDICATOR_COLUMNS = {
    "level1": LEVEL1,
    "level2": LEVEL2,
    "level3": LEVEL3,
    "description": DESCRIPTION,
    "value": TARGET,
    "value_long_term": TARGET_LONG,
    "actual": ACTUAL,
    "weight": WEIGHT,
    "score": SCORE,
    "unit": UNIT_CELL,
    "operator": OPERATOR,
    "nature": NATURE,
    "direction": DIRECTION,
    "basis": BASIS_COLUMN,
    "remark": REMARK,
}
# A table listing many projects prints project columns in its indicator header.
LIST_COLUMNS = {
    "name": NAME,
    "code": CODE,
    "unit_name": UNIT,
    "unit_code": ("单位代码", "单位编码", "部门代码", "部门编码", "预算单位代码", "预算单位编码"),
    "department": DEPARTMENT,
    "budget": ("预算数", "年度预算数"),
    "goal": ("年度目标", "年度绩效目标"),
    "goal_long_term": ("实施期绩效目标", "实施期目标"),
}
HEAD = {
    "name": NAME,
    "code": CODE,
    "department": DEPARTMENT,
    "implementing_unit": IMPLEMENTING,
    "unit": UNIT,
    "project_manager": MANAGER,
    "period": PERIOD,
    "purpose": PURPOSE,
    "basis": BASIS,
    "goal": GOAL_RIGHT,
    "goal_long_term": GOAL_LONG_RIGHT,
}
CAPTIONS = {"goal": GOAL_CAPTIONS, "goal_long_term": GOAL_LONG_CAPTIONS, "goal_actual": GOAL_ACTUAL_CAPTIONS}

# --- the layouts --------------------------------------------------------------------------------

HEBEI_COUNTY = Layout(
    name="hebei-county",
    title_zh="河北县级部门预算项目绩效目标表",
    description=(
        "One 绩效目标表 per project in a 部门预算 publication: unit line and 单位：万元, 项目编码 / 项目名称, "
        "预算规模及资金用途 with 预算数 / 其中：财政资金 / 其他资金 and the purpose under them, a cumulative "
        "资金支出计划, 绩效目标, then 一级/二级/三级指标, 绩效指标描述, 指标值, 指标值确定依据."
    ),
    identify=(CODE, ("预算规模及资金用途", "资金支出计划")),
    starts=CODE,
    head=_frozen(
        {
            "code": CODE,
            "name": ("项目名称",),
            "purpose": ("资金用途", "项目资金用途"),
            "goal": ("绩效目标", "年度绩效目标", "项目绩效目标", "年度目标"),
        }
    ),
    continued=_frozen({"预算规模及资金用途": "purpose"}),
    columns=_frozen(
        {
            "level1": LEVEL1,
            "level2": LEVEL2,
            "level3": LEVEL3,
            "description": ("绩效指标描述", "指标内容", "指标解释"),
            "value": ("指标值", "目标值", "指标目标值"),
            "basis": ("指标值确定依据", "确定依据"),
        }
    ),
    spending_plan="资金支出计划",
    unit_line=True,
    example="1.2022车辆保险费绩效目标表: 项目编码 13030322P003970100093, 预算数 0.40 (万元), 支付公用经费数量 1辆",
)

SELF_EVALUATION = Layout(
    name="self-evaluation",
    title_zh="项目支出绩效自评表",
    description=(
        "Target and actual side by side: 年度指标值 (sometimes split into 指标性质 / 指标值 / 度量单位), "
        "实际完成值, 分值, 得分, 偏差原因分析及改进措施; a funds grid 年初预算数 / 全年预算数 / 全年执行数 / "
        "执行率; 预期目标 beside 实际完成情况."
    ),
    identify=(ACTUAL, ("全年预算数", "全年执行数", "年初预算数", "预期目标")),
    starts=NAME,
    head=_frozen(HEAD),
    captions=_frozen(CAPTIONS),
    columns=_frozen(INDICATOR_COLUMNS),
    example="学生受资助人数 | ≧ | 735 | 人次 | 实际 735 | 分值 10 | 得分 10",
)

CHONGQING_FLAT = Layout(
    name="chongqing-flat",
    title_zh="重庆一般性项目绩效目标表",
    description=(
        "No level hierarchy: 指标 (or 指标名称) | 指标权重 | 计量单位 | 指标性质 | 指标值, the unit often "
        "before the operator; head labels 专项资金名称 / 业务主管部门 / 当年预算 / 编制单位 and 单位:万元 in a "
        "cell. Several such tables follow each other in one file."
    ),
    identify=(("专项资金名称", "指标权重"), UNIT_CELL, NATURE),
    starts=("专项资金名称", "编制单位"),
    head=_frozen(HEAD),
    captions=_frozen(CAPTIONS),
    columns=_frozen({**INDICATOR_COLUMNS, "level3": (*LEVEL3, "指标")}),
    example="发放人数 | 20 | 人数 | ≥ | 80",
)

YITIHUA_EXPORT = Layout(
    name="yitihua-export",
    title_zh="预算管理一体化系统导出的绩效目标表",
    description=(
        "Targets split over cells by role: 指标性质 | 指标值 | 度量单位 | 权重(%) (Sichuan, Yunnan), "
        "计算符号 | 目标值 | 度量单位 | 指标值说明 (Jiangxi), 指标值 | 指标值内容 | 评(扣)分标准 | 度量单位 | "
        "指标值类型 (Hunan). Levels repeated on every row, in system order; 指标性质 holds the operator or "
        "定性. One table may list many projects (单位名称 | 项目名称 | 预算数 | 年度目标 | …)."
    ),
    identify=(LEVEL1, UNIT_CELL + OPERATOR + NATURE),
    starts=(*NAME, "单位信息"),
    head=_frozen(HEAD),
    captions=_frozen(CAPTIONS),
    columns=_frozen({**INDICATOR_COLUMNS, **LIST_COLUMNS}),
    example="产出指标 | 成本指标 | 检查差旅费 | (指标性质) | 470 | 人/天 | 2",
)

HEBEI_EVALUATION = Layout(
    name="hebei-evaluation",
    title_zh="河北项目绩效评价指标表(2019年前后)",
    description=(
        "评价指标 | 评价内容 | 指标名称 | 指标说明 | 目标值 | 分值 | 备注, the project named only in the "
        "title (2019年度宁晋县高中助学金项目绩效评价指标表); or graded targets 优 | 良 | 中 | 差 with "
        "评价标准确定依据."
    ),
    identify=(("评价指标",), ("指标名称", "评价内容"), ("目标值", "优")),
    starts=(),
    columns=_frozen(
        {
            **INDICATOR_COLUMNS,
            "level1": ("评价指标", *LEVEL1),
            "level2": ("评价内容", *LEVEL2),
            "value": (*TARGET, "优"),
            "grade_good": ("良",),
            "grade_fair": ("中",),
            "grade_poor": ("差",),
        }
    ),
    name_from_title=True,
    example="项目年度绩效目标(定量指标) | 产出数量指标 | 享受资助人数 | 达到预计值 | 2100 | 10",
)

# What the layouts read with the shared vocabulary alone declare (they differ in what identifies them).
SHARED = {
    "starts": NAME,
    "head": _frozen(HEAD),
    "captions": _frozen(CAPTIONS),
    "columns": _frozen(INDICATOR_COLUMNS),
}

MOF_DECLARATION = Layout(
    name="mof-declaration",
    title_zh="财政部项目支出绩效目标申报表及省级变体",
    description=(
        "项目名称, 项目负责人及电话, 主管部门, 实施单位, 资金情况（万元） with 年度资金总额 / 其中：财政拨款 / "
        "其他资金, 总体目标 (年度目标, sometimes 中期目标 beside it), then 一级指标 | 二级指标 | 三级指标 | "
        "指标值 [| 备注]. Variants: Anhui (项目属性, 项目期, 中期 and 年度 columns side by side), Wuhan "
        "(指标内容), Hunan (指标值及单位 / 绩效标准), Sichuan (项目完成指标 / 项目效益指标)."
    ),
    identify=(NAME, LEVEL3, TARGET),
    **SHARED,
    example="产出指标 | 数量指标 | 贫困地区旅游基础设施建设工程 | >=20平方米",
)

# The unit itself as what is funded: 部门(单位)名称 where a project's table prints its name.
UNIT_NAME = ("部门名称", "单位名称", "部门(单位)名称", "单位(部门)名称", "预算单位名称")

DEPARTMENT_WIDE = Layout(
    name="department-wide",
    title_zh="部门(单位)整体绩效目标表",
    description=(
        "The whole unit in place of a project: 部门(单位)名称, its duties (部门职责), its budget "
        "(预算资金 / 年度资金总额, 基本支出, 项目支出), 年度(整体)绩效目标, then 一级指标 | 二级指标 | "
        "三级指标 | 指标值. Identified by a unit's name and no project's; projects.kind is "
        "'department'."
    ),
    identify=(UNIT_NAME, LEVEL3, TARGET),
    **SHARED,
    kind="department",
    example="部门(单位)名称 | 某市生态环境局",
)

# One table for many projects: the project's columns lead the indicator header.
LIST_NAME = ("单位(专项)名称", "单位(项目)名称", "部门(专项)名称", "单位名称、项目名称")

PROJECT_LIST = Layout(
    name="project-list",
    title_zh="项目绩效目标一览表",
    description=(
        "One table for many projects: 单位代码 | 单位(专项)名称 | 资金总额 | 实施期绩效目标 | "
        "年度绩效目标 | 一级指标 | 二级指标 | 三级指标 | 指标值, each project's indicators in the rows "
        "under its own (the project's cells merged down them or printed once)."
    ),
    identify=(LIST_NAME, LEVEL3, TARGET),
    **{**SHARED, "columns": _frozen({**INDICATOR_COLUMNS, **LIST_COLUMNS})},
    example="101001 | 某某市某某局信息化运维 | 50.00 | 保障系统稳定运行 | … | 产出指标 | 数量指标 | 运维系统数 | 3个",
)

# Most specific first: the first layout whose identifying labels are all found is the one.
LAYOUTS: tuple[Layout, ...] = (
    HEBEI_COUNTY,
    SELF_EVALUATION,
    CHONGQING_FLAT,
    YITIHUA_EXPORT,
    HEBEI_EVALUATION,
    MOF_DECLARATION,
    PROJECT_LIST,
    DEPARTMENT_WIDE,
)
# Read when no layout matches: every label any layout knows (and a finding names the closest).
FALLBACK = Layout(
    name="unmatched",
    title_zh="未识别的版式",
    description="A goal-like table no declared layout matches, read with the whole vocabulary.",
    identify=(),
    **SHARED,
)
# Every label that starts a project, whatever the layout.
PROJECT_STARTS = tuple(dict.fromkeys(label for layout in LAYOUTS for label in layout.starts))

# --- funds --------------------------------------------------------------------------------------

# Captions of the columns of a funds grid (the amounts stand under them).
FUND_COLUMNS = ("年初预算数", "全年预算数", "全年执行数", "执行数", "执行率", "金额", "分值", "得分")
# Labels of the blocks that hold the funds, merged down their rows.
FUND_BLOCKS = ("资金情况", "项目资金", "资金来源", "预算规模及资金用途", "项目资金情况")
# Rows that end an indicator table (and everything after them): totals, notes, the sign-off block.
END_LABELS = ("总分", "合计", "总计", "其他需要说明事项", "其他说明事项", "其他需要说明的事项")
SIGN_OFF = ("审核意见", "初审意见", "审批意见", "盖章", "填表人", "负责人签字", "填报日期", "联系电话")
# Paragraph or table titles of a performance-goal table.
TITLE_SUFFIXES = ("绩效目标表", "申报表", "自评表", "评价指标表", "目标表")
