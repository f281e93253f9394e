"""Raw records: what a publication says, strings exactly as written, with where they stand.

``line`` is the 1-based source line (text forms); ``block`` and ``row`` locate a record in the block
stream of any format.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Section:
    seq: int
    bookmark: str | None
    heading: str | None
    part: str | None
    text: str
    line: int | None
    block: int


@dataclass(frozen=True, slots=True)
class DepartmentGoal:
    kind: str  # 总体目标 | 部门职责目标 | 工作保障措施
    text: str
    line: int | None


@dataclass(frozen=True, slots=True)
class DutyGoal:
    seq: int
    number: str | None
    name: str
    main_duty: str | None
    duty_goal: str | None
    performance_goal: str | None
    indicator: str | None
    standard: str | None
    line: int | None


@dataclass(frozen=True, slots=True)
class Unit:
    raw: str
    code: str | None
    name: str | None
    scope: str | None


@dataclass(frozen=True, slots=True)
class SpendingPoint:
    checkpoint: str
    value: str
    line: int | None


@dataclass(frozen=True, slots=True)
class FundLine:
    """One amount a project's funds block prints: its row label, its column, the cell as printed."""

    label: str  # the row's label as printed (年度资金总额, 其中：财政拨款, (一)财政拨款小计 …)
    kind: str  # total | fiscal | other | superior | own | carryover | part
    column: str | None  # the column caption (全年预算数, 年度, 中期 …) where the block has columns
    raw: str
    line: int | None


@dataclass(frozen=True, slots=True)
class Note:
    """Something the parser decided or noticed about the document; the pipeline reports it."""

    code: str
    line: int | None
    raw: str | None = None
    detail: str = ""


# Not frozen, unlike the other records: a publication has hundreds, and a frozen __init__ costs
# several times more. Treat it as read-only all the same.
@dataclass(slots=True)
class Indicator:
    seq: int
    level1: str | None
    level2: str | None
    level3: str | None
    description: str | None
    value: str | None  # the target as printed; split target cells joined in print order
    basis: str | None
    line: int | None
    block: int
    row: int
    horizon: str = "annual"  # annual | long_term
    # The separate cells of a target split over cells (operator, value, unit, 指标性质), as printed.
    operator_cell: str | None = None
    number_cell: str | None = None
    unit_cell: str | None = None
    nature: str | None = None  # 定量 | 定性 where printed
    direction: str | None = None  # 正向 | 反向 where printed
    weight: str | None = None
    score: str | None = None
    actual: str | None = None
    remark: str | None = None
    # The row is about money (成本指标, 预算金额): 250万 then means 250 万元.
    money_context: bool = False
    header_unit: str | None = None  # the unit the target column's header gives (指标值（%）)


@dataclass(frozen=True, slots=True)
class Project:
    seq: int
    title: str | None
    unit: Unit | None
    amount_unit: str | None
    code: str | None
    name: str | None
    budget: str | None
    fiscal_funds: str | None
    other_funds: str | None
    purpose: str | None
    goal: str | None
    spending: tuple[SpendingPoint, ...]
    indicators: tuple[Indicator, ...]
    line: int | None
    block: int
    # Parts of the 绩效目标表 the parser looked for and did not find (labels, for findings).
    missing: tuple[str, ...] = ()
    template: str | None = None
    kind: str = (
        "project"  # project | department (a table for the whole unit) | transfer (转移支付 区域 table)
    )
    department: str | None = None
    implementing_unit: str | None = None
    project_manager: str | None = None
    goal_long_term: str | None = None
    goal_actual: str | None = None  # 实际完成情况 of a self-evaluation
    basis: str | None = None  # 立项依据
    period: str | None = None  # 项目期, 实施期
    budget_initial: str | None = None  # 年初预算数 (self-evaluation)
    budget_executed: str | None = None  # 全年执行数 (self-evaluation)
    execution_rate: str | None = None  # 执行率 (self-evaluation)
    funds: tuple[FundLine, ...] = ()
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True, slots=True)
class BudgetLine:
    """One amount a budget table prints, with the row's code and name and the column it stands under."""

    row_seq: int  # 1-based data row of the table
    side: str | None  # revenue | expenditure (the halves of a summary table); None elsewhere
    code: str | None  # the subject code as printed (``212 01 01`` where 类/款/项 stand apart)
    name: str | None  # the row's name as printed, indent removed
    column: str  # the printed header the amount stands under, joined over header rows with /
    raw: str  # the amount cell as printed
    line: int | None
    block: int
    row: int


@dataclass(frozen=True, slots=True)
class BudgetTable:
    """One budget table of a 部门预算 or 决算, its lines in print order."""

    seq: int
    kind: str
    title: str
    number: str | None  # 公开01表
    stage: str | None  # budget | final
    amount_unit: str | None  # 万元 | 元 as the table declares
    unit_name: str | None  # the unit the table names (部门：…, 编制单位：…)
    empty_note: str | None  # 本表无数据, 此表为空 … as printed
    lines: tuple[BudgetLine, ...]
    line: int | None
    block: int
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True, slots=True)
class Publication:
    sections: tuple[Section, ...]
    department_goals: tuple[DepartmentGoal, ...]
    duty_goals: tuple[DutyGoal, ...]
    projects: tuple[Project, ...]
    # Titles of the document or of its single table (not the per-project table titles), as printed.
    titles: tuple[str, ...] = ()
    notes: tuple[Note, ...] = ()
    budget_tables: tuple[BudgetTable, ...] = ()
    stage: str | None = None  # budget | final, for a publication with budget tables
    cover_unit: str | None = None  # the unit its cover or statement names (预算主管部门：…)
