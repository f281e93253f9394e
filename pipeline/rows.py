"""Raw records of one publication → rows of every output table, values normalized beside the raw.

Amounts become exact yuan (amounts.py); targets and actuals are read by the value grammar, a
target split over cells from its cells by role. The raw strings are always kept in their own
columns; what could not be read stays null and becomes a finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.records import Indicator, Note, Project, Publication

from .amounts import ProjectAmounts
from .findings import Finding, finding, project_location
from .fiscal_year import code_parts
from .numbers import fold, parse_decimal
from .values import COMPARATOR_PREFIXES, normalize_value

_MONTH = re.compile(r"(\d{1,2})\s*月")
# Checkpoints named by quarter or half: the month each ends (第一季度 → 3, 上半年 → 6, 前三季度 → 9).
_QUARTERS = (
    (re.compile(r"(?:第?[一1]季度|一季度末)"), 3),
    (re.compile(r"(?:第?[二2]季度|上半年|(?<!下)半年)"), 6),
    (re.compile(r"(?:第?[三3]季度|前三季度)"), 9),
    (re.compile(r"(?:第?[四4]季度|下半年|全年|年底|年末)"), 12),
)
# A placeholder the template left in a name: 苗木成活率(≥**%), 受益人口数≥**人
_PLACEHOLDER = re.compile(
    r"(≥|≤|>=|<=|>|<|大于等于|小于等于|不低于|不高于|不少于)\s*[*＊]+\s*([^\s)）]{0,4})"
)
_OPERATORS = tuple(sorted(COMPARATOR_PREFIXES, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class Source:
    doc_id: str
    path: str
    format: str
    encoding: str | None
    size: int


def build_rows(
    pub: Publication, source: Source, year: int | None
) -> tuple[dict[str, list[dict]], list[Finding]]:
    """Every table's rows for one publication (documents excepted), and the findings met on the way."""
    base = {"doc_id": source.doc_id, "fiscal_year": year}
    findings: list[Finding] = [note_finding(n) for n in pub.notes]
    rows: dict[str, list[dict]] = {
        "sections": [
            base
            | {
                "section_seq": s.seq,
                "bookmark": s.bookmark,
                "heading": s.heading,
                "part": s.part,
                "text": s.text,
                "source_line": s.line,
                "source_block": s.block,
            }
            for s in pub.sections
        ],
        "department_goals": [
            base | {"kind": g.kind, "text": g.text, "source_line": g.line} for g in pub.department_goals
        ],
        "duty_goals": [base | _duty_row(d) for d in pub.duty_goals],
        "projects": [],
        "spending_plan": [],
        "indicators": [],
        "project_funds": [],
    }
    for project in pub.projects:
        amounts = ProjectAmounts(project, findings)
        rows["projects"].append(base | _project_row(project, amounts))
        keys = base | {"project_code": _text(project.code), "project_seq": project.seq}
        rows["spending_plan"] += [
            keys | _spending_row(p.checkpoint, p.value, p.line) for p in project.spending
        ]
        rows["indicators"] += [_indicator_row(keys, i, year, project, findings) for i in project.indicators]
        rows["project_funds"] += [keys | row for row in amounts.fund_rows()]
        findings += [note_finding(n, project) for n in project.notes]
    return rows, findings


def note_finding(note: Note, project: Project | None = None) -> Finding:
    """A reader's or parser's note as a finding."""
    code = project.code.strip() if project is not None and project.code else None
    where = project_location(project.seq, code) if project is not None else None
    location = where or (f"line {note.line}" if note.line is not None else None)
    return finding(
        note.code, location=location, raw=note.raw, project_code=code, line=note.line, detail=note.detail
    )


def _duty_row(d) -> dict:
    return {
        "item_seq": d.seq,
        "item_number": d.number,
        "name": d.name,
        "main_duty": d.main_duty,
        "duty_goal": d.duty_goal,
        "performance_goal": d.performance_goal,
        "indicator": d.indicator,
        "standard": d.standard,
        "source_line": d.line,
    }


def _project_row(project: Project, amounts: ProjectAmounts) -> dict:
    region, code_year = code_parts(_text(project.code))
    return {
        "unit_code": project.unit.code if project.unit else None,
        "project_seq": project.seq,
        "project_code": _text(project.code),
        "project_name": project.name.strip() if project.name is not None else None,
        "template": project.template,
        "kind": project.kind,
        "department": _text(project.department),
        "implementing_unit": _text(project.implementing_unit),
        "project_manager": _text(project.project_manager),
        "period": _text(project.period),
        "table_title": project.title,
        "code_region": region,
        "code_year": code_year,
        "amount_unit": project.amount_unit,
        **amounts.columns(),
        "purpose": _text(project.purpose),
        "approval_basis": _text(project.basis),
        "performance_goal": _text(project.goal),
        "goal_long_term": _text(project.goal_long_term),
        "goal_actual": _text(project.goal_actual),
        "source_line": project.line,
        "source_block": project.block,
    }


def _spending_row(checkpoint: str, raw: str, line: int | None) -> dict:
    month = _MONTH.search(checkpoint)
    quarter = None if month else next((m for form, m in _QUARTERS if form.search(checkpoint)), None)
    return {
        "checkpoint": checkpoint,
        "month": int(month.group(1)) if month else quarter,
        "cumulative_pct_raw": raw,
        "cumulative_pct": _percent(raw),
        "source_line": line,
    }


def _percent(raw: str) -> float | None:
    value = normalize_value(raw)
    if value.kind == "percent" and value.unit == "%" and value.comparator == "=":
        return float(value.value)
    number = parse_decimal(raw)  # a bare 25 in a column headed （%）
    return float(number) if number is not None else None


def _indicator_row(
    keys: dict, indicator: Indicator, year: int | None, project: Project, findings: list[Finding]
) -> dict:
    value = normalize_value(target_text(indicator), year, indicator.money_context)
    value = _operator_from_name(indicator, value, year, project, findings)
    if indicator.header_unit:
        value = _in_header_unit(indicator, value, year, project, findings)
    if unit_cell_overruled(indicator):
        findings.append(
            _indicator_finding(
                "value_unit_cell_conflict", indicator, project, unit_cell=indicator.unit_cell.strip()
            )
        )
    actual = _actual(indicator, year, value)
    return {
        **keys,
        "indicator_seq": indicator.seq,
        "horizon": indicator.horizon,
        "level1": indicator.level1,
        "level2": indicator.level2,
        "level3": indicator.level3,
        "description": indicator.description,
        "value_raw": indicator.value,
        "value_operator_raw": indicator.operator_cell,
        "value_number_raw": indicator.number_cell,
        "value_unit_raw": indicator.unit_cell,
        "indicator_nature": indicator.nature,
        "direction": indicator.direction,
        "basis": indicator.basis,
        "value_kind": value.kind,
        "comparator": value.comparator,
        "value": value.value,
        "value_max": value.value_max,
        "unit": value.unit,
        "value_date": value.value_date,
        "weight_raw": indicator.weight,
        "weight": _number(indicator.weight),
        "score_raw": indicator.score,
        "score": _number(indicator.score),
        "actual_raw": indicator.actual,
        "actual_kind": actual.kind if actual else None,
        "actual_comparator": actual.comparator if actual else None,
        "actual_value": actual.value if actual else None,
        "actual_unit": actual.unit if actual else None,
        "remark": indicator.remark,
        "source_line": indicator.line,
        "source_block": indicator.block,
        "source_row": indicator.row,
    }


def _actual(indicator: Indicator, year: int | None, target):
    """What was achieved, read as the target is: a bare number (100 under 完成值) in the unit the
    row's unit cell or the target header gives (100 %), as its target would be."""
    if not indicator.actual:
        return None
    value = normalize_value(indicator.actual, year, indicator.money_context)
    unit = (indicator.unit_cell or "").strip() or indicator.header_unit
    if not unit and target.kind in ("quantity", "percent", "money", "score"):
        unit = _unit_printed(target_text(indicator))
    if unit and value.kind == "quantity" and value.unit is None and value.value is not None:
        reread = normalize_value(f"{indicator.actual.strip()}{unit}", year, indicator.money_context)
        return reread if reread.kind != "text" else value
    return value


# The unit a target prints after its number: ≥50个 → 个, ≤90万元 → 万元, ≥100百分比 → 百分比.
_PRINTED_UNIT = re.compile(r"\d\s*([^\d\s.,，、;；]{1,6})\s*$")


def _unit_printed(target: str | None) -> str | None:
    match = _PRINTED_UNIT.search(target or "")
    return match.group(1) if match else None


def _in_header_unit(indicator: Indicator, value, year, project: Project, findings: list[Finding]):
    """A bare number under 指标值（%） is in %; a cell with a unit of its own that contradicts it is said."""
    unit = indicator.header_unit
    if value.kind == "quantity" and value.unit is None and value.value is not None:
        reread = normalize_value(f"{target_text(indicator)}{unit}", year, indicator.money_context)
        return reread if reread.kind != "text" else value
    expected = normalize_value(f"1{unit}", year, indicator.money_context)
    if value.unit and expected.kind != "text" and value.unit != expected.unit and value.kind != "text":
        findings.append(
            _indicator_finding(
                "value_unit_header_conflict", indicator, project, header_unit=unit, unit=value.unit
            )
        )
    return value


def _indicator_finding(code: str, indicator: Indicator, project: Project, **params) -> Finding:
    """A finding about one indicator, located and tied to its project as every such finding is."""
    project_code = _text(project.code)
    return finding(
        code,
        location=f"{project_location(project.seq, project_code)}, indicator {indicator.seq}",
        raw=indicator.value,
        project_code=project_code,
        line=indicator.line,
        **params,
    )


def target_text(indicator: Indicator) -> str | None:
    """The text the grammar reads: the target, or its split cells put back as operator, value, unit."""
    if indicator.operator_cell is None and indicator.unit_cell is None and indicator.number_cell is None:
        return indicator.value
    number = (indicator.number_cell or "").strip()
    if not number or indicator.nature == "定性":
        return indicator.value
    operator = (indicator.operator_cell or "").strip()
    unit = (indicator.unit_cell or "").strip()
    if operator and number.startswith(_OPERATORS):
        operator = ""
    if unit and (number.endswith(unit) or unit_cell_overruled(indicator)):
        unit = ""
    return f"{operator}{number}{unit}"


def unit_cell_overruled(indicator: Indicator) -> bool:
    """A target that prints a unit of its own beside a unit cell that says another (28.8万元 | %): the
    target's own unit stands, and the finding says so."""
    if not indicator.unit_cell or not indicator.number_cell:  # (most tables: no unit column)
        return False
    number, unit = indicator.number_cell.strip(), indicator.unit_cell.strip()
    if not number or not unit or number.endswith(unit):
        return False
    own = normalize_value(number)
    return own.kind not in ("text", "percent") and own.unit is not None and own.unit != unit


def _operator_from_name(indicator: Indicator, value, year, project: Project, findings: list[Finding]):
    """苗木成活率(≥**%) | 85: the operator (and unit) only the name's placeholder prints, used and said."""
    name = indicator.level3 or ""
    if "*" not in name and "＊" not in name:  # (most names: no placeholder)
        return value
    if value.kind == "text" or indicator.operator_cell or _has_operator(indicator.value):
        return value
    match = _PLACEHOLDER.search(name)
    if not match:
        return value
    operator, unit = match.groups()
    text = f"{operator}{target_text(indicator)}{'' if value.unit else unit}"
    better = normalize_value(text, year, indicator.money_context)
    if better.kind == "text":
        return value
    findings.append(
        _indicator_finding("operator_from_name", indicator, project, name=indicator.level3, read=text)
    )
    return better


def _has_operator(text: str | None) -> bool:
    folded = (text or "").strip()
    return folded.startswith(_OPERATORS) or folded.endswith(("以上", "以下", "以内", "之内"))


def _number(raw: str | None):
    """A weight or a score: 10, 10分, 10%, and in parentheses as some forms print it: （10分）, 10（分）."""
    if raw is None:
        return None
    number = parse_decimal(raw.strip().rstrip("%").rstrip("分"))
    if number is None and (points := _POINTS.match(fold(raw).strip())):
        number = parse_decimal(points.group(1))
    return number


_POINTS = re.compile(r"^\(?\s*([+-]?\d+(?:\.\d+)?)\s*\(?\s*(?:分|%)?\s*\)?\s*(?:分|%)?$")


def _text(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None
