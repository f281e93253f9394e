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
class Indicator:
    seq: int
    level1: str | None
    level2: str | None
    level3: str | None
    description: str | None
    value: str | None
    basis: str | None
    line: int | None
    block: int
    row: int


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


@dataclass(frozen=True, slots=True)
class Publication:
    sections: tuple[Section, ...]
    department_goals: tuple[DepartmentGoal, ...]
    duty_goals: tuple[DutyGoal, ...]
    projects: tuple[Project, ...]
    # Titles of the document or of its single table (not the per-project table titles), as printed.
    titles: tuple[str, ...] = ()
