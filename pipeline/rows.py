"""Raw records of one publication → rows of every output table, values normalized beside the raw.

Amount cells become exact yuan; a cell that does not read as an amount stays null and becomes a
finding — the raw string is always kept in its own column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from parsers.records import Project, Publication

from .findings import Finding, finding, project_location
from .fiscal_year import code_parts
from .numbers import MONEY_FACTORS, is_blank_amount, parse_decimal, to_yuan
from .values import normalize_value

DEFAULT_AMOUNT_UNIT = "万元"
_MONTH = re.compile(r"(\d{1,2})\s*月")


@dataclass(frozen=True, slots=True)
class Source:
    doc_id: str
    path: str
    format: str
    encoding: str | None
    size: int


def _where(project: Project) -> str:
    return project_location(project.seq, _text(project.code))


def build_rows(
    pub: Publication, source: Source, year: int | None
) -> tuple[dict[str, list[dict]], list[Finding]]:
    """Every table's rows for one publication (documents excepted), and the findings met on the way."""
    base = {"doc_id": source.doc_id, "fiscal_year": year}
    findings: list[Finding] = []
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
        "duty_goals": [
            base
            | {
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
            for d in pub.duty_goals
        ],
        "projects": [],
        "spending_plan": [],
        "indicators": [],
    }
    for project in pub.projects:
        code = _text(project.code)
        rows["projects"].append(base | _project_row(project, findings))
        keys = base | {"project_code": code, "project_seq": project.seq}
        rows["spending_plan"] += [
            keys | _spending_row(p.checkpoint, p.value, p.line) for p in project.spending
        ]
        rows["indicators"] += [keys | _indicator_row(i, year) for i in project.indicators]
    return rows, findings


def _project_row(project: Project, findings: list[Finding]) -> dict:
    region, code_year = code_parts(_text(project.code))
    unit, factor_known = _amount_unit(project, findings)
    row = {
        "unit_code": project.unit.code if project.unit else None,
        "project_seq": project.seq,
        "project_code": _text(project.code),
        "project_name": _text(project.name),
        "table_title": project.title,
        "code_region": region,
        "code_year": code_year,
        "amount_unit": project.amount_unit,
        "purpose": _text(project.purpose),
        "performance_goal": _text(project.goal),
        "source_line": project.line,
        "source_block": project.block,
    }
    for field, label, raw in (
        ("budget", "预算数", project.budget),
        ("fiscal_funds", "其中：财政资金", project.fiscal_funds),
        ("other_funds", "其他资金", project.other_funds),
    ):
        row[f"{field}_raw"] = raw
        row[f"{field}_yuan"] = _yuan(raw, unit, label, project, findings) if factor_known else None
    return row


def _amount_unit(project: Project, findings: list[Finding]) -> tuple[str, bool]:
    where = _where(project)
    if not project.amount_unit:
        findings.append(
            finding(
                "amount_unit_assumed", location=where, project_code=_text(project.code), line=project.line
            )
        )
        return DEFAULT_AMOUNT_UNIT, True
    if project.amount_unit not in MONEY_FACTORS:
        findings.append(
            finding(
                "amount_unit_unknown",
                location=where,
                project_code=_text(project.code),
                line=project.line,
                unit=project.amount_unit,
            )
        )
        return project.amount_unit, False
    return project.amount_unit, True


def _yuan(
    raw: str | None, unit: str, label: str, project: Project, findings: list[Finding]
) -> Decimal | None:
    if is_blank_amount(raw):
        return None
    amount = parse_decimal(raw)
    where = f"{_where(project)}, {label}"
    code = _text(project.code)
    if amount is None:
        findings.append(
            finding(
                "amount_unparsed", location=where, raw=raw, project_code=code, line=project.line, label=label
            )
        )
        return None
    yuan = to_yuan(amount, unit)
    if yuan is None:
        findings.append(
            finding(
                "amount_inexact",
                location=where,
                raw=raw,
                project_code=code,
                line=project.line,
                label=label,
                unit=unit,
            )
        )
    return yuan


def _spending_row(checkpoint: str, raw: str, line: int | None) -> dict:
    month = _MONTH.search(checkpoint)
    return {
        "checkpoint": checkpoint,
        "month": int(month.group(1)) if month else None,
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


def _indicator_row(indicator, year: int | None) -> dict:
    value = normalize_value(indicator.value, year)
    return {
        "indicator_seq": indicator.seq,
        "level1": indicator.level1,
        "level2": indicator.level2,
        "level3": indicator.level3,
        "description": indicator.description,
        "value_raw": indicator.value,
        "basis": indicator.basis,
        "value_kind": value.kind,
        "comparator": value.comparator,
        "value": value.value,
        "value_max": value.value_max,
        "unit": value.unit,
        "value_date": value.value_date,
        "source_line": indicator.line,
        "source_block": indicator.block,
        "source_row": indicator.row,
    }


def _text(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None
