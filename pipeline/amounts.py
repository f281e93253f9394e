"""A project's amounts in exact yuan, whatever unit its table uses, with a finding for every reading
that is not simply what the cell says.

The table's unit is the one it declares (单位：万元, 资金情况（万元）, 金额(元)); a cell that carries its
own unit (250万, 387,664.62元) is read in that unit, and a unit that differs from the declared one
is reported. With no total printed, the budget is the sum of the printed subtotals, and the
``amount_derived`` finding says so. Every amount the funds block prints becomes a project_funds row.
"""

from __future__ import annotations

from decimal import Decimal

from parsers.layouts.cells import budget_of_another_time, spent_or_scored
from parsers.records import FundLine, Project

from .findings import Finding, finding, project_location
from .numbers import MONEY_FACTORS, is_blank_amount, parse_amount, to_yuan
from .values import normalize_value

DEFAULT_AMOUNT_UNIT = "万元"
# Fund kinds that are parts of the total; "part" lines are items inside them.
SUBTOTALS = ("fiscal", "superior", "own", "other", "carryover")


class ProjectAmounts:
    """Converts the amounts of one project; findings go to ``findings``."""

    def __init__(self, project: Project, findings: list[Finding]) -> None:
        self.project, self.findings = project, findings
        self.code = project.code.strip() if project.code else None
        self.where = project_location(project.seq, self.code)
        self.unit, self.known = self._unit()

    def columns(self) -> dict:
        """The projects-table amount columns: raw and yuan side by side."""
        p = self.project
        row: dict = {}
        for field, label, raw in (
            ("budget", "预算数", p.budget),
            ("fiscal_funds", "其中：财政资金", p.fiscal_funds),
            ("other_funds", "其他资金", p.other_funds),
            ("budget_initial", "年初预算数", p.budget_initial),
            ("budget_executed", "全年执行数", p.budget_executed),
        ):
            row[f"{field}_raw"] = raw
            row[f"{field}_yuan"] = self.yuan(raw, label)
        row["budget_derived"] = False
        if not (p.budget or "").strip() and p.funds:  # not printed, or its cell left blank
            derived = self._derived()
            row["budget_yuan"], row["budget_derived"] = derived, derived is not None
        row["execution_rate_raw"] = p.execution_rate
        rate = normalize_value(p.execution_rate) if p.execution_rate else None
        row["execution_rate"] = (
            float(rate.value) if rate and rate.kind == "percent" and rate.value is not None else None
        )
        return row

    def fund_rows(self) -> list[dict]:
        return [
            {
                "line_seq": n,
                "label": line.label,
                "kind": line.kind,
                "column_label": line.column,
                "amount_raw": line.raw,
                "amount_yuan": self.yuan(line.raw, line.label, report=False),
                "source_line": line.line,
            }
            for n, line in enumerate(self.project.funds, start=1)
        ]

    def yuan(self, raw: str | None, label: str, report: bool = True) -> Decimal | None:
        """``raw`` in exact yuan; None (with a finding) where it is not an exact amount."""
        if is_blank_amount(raw):
            return None
        amount, unit = parse_amount(raw)
        if amount is None:
            if report:
                self._note("amount_unparsed", f"{self.where}, {label}", raw, label=label)
            return None
        if unit is not None and unit != self.unit and report and self.project.amount_unit:
            where = f"{self.where}, {label}"
            self._note("amount_unit_conflict", where, raw, label=label, unit=unit, declared=self.unit)
        unit = unit or self.unit
        if unit not in MONEY_FACTORS:
            return None
        yuan = to_yuan(amount, unit)
        if yuan is None and report:
            self._note("amount_inexact", f"{self.where}, {label}", raw, label=label, unit=unit)
        return yuan

    def _derived(self) -> Decimal | None:
        lines = [
            f
            for f in self.project.funds
            if f.kind in SUBTOTALS and not (budget_of_another_time(f.column) or spent_or_scored(f.column))
        ]
        amounts = [(line, self.yuan(line.raw, line.label, report=False)) for line in lines]
        amounts = [(line, amount) for line, amount in amounts if amount is not None]
        if not amounts:
            return None
        total = sum((amount for _, amount in amounts), Decimal(0))
        self._note(
            "amount_derived",
            self.where,
            None,
            total=f"{total:,.2f}",
            parts=", ".join(_label(line) for line, _ in amounts),
        )
        return total

    def _unit(self) -> tuple[str, bool]:
        p = self.project
        has_amounts = (
            any(not is_blank_amount(a) for a in (p.budget, p.fiscal_funds, p.other_funds)) or p.funds
        )
        if not p.amount_unit:
            if has_amounts and not self._units_printed():
                self._note("amount_unit_assumed", self.where, None)
            return DEFAULT_AMOUNT_UNIT, True
        if p.amount_unit not in MONEY_FACTORS:
            self._note("amount_unit_unknown", self.where, None, unit=p.amount_unit)
            return p.amount_unit, False
        return p.amount_unit, True

    def _units_printed(self) -> bool:
        """Every amount carries its own unit (总额 | 10606.7522万元): none is assumed."""
        p = self.project
        raws = [
            r
            for r in (p.budget, p.fiscal_funds, p.other_funds, *(f.raw for f in p.funds))
            if not is_blank_amount(r)
        ]
        return bool(raws) and all(parse_amount(r)[1] is not None for r in raws)

    def _note(self, code: str, where: str, raw: str | None, **params) -> None:
        self.findings.append(
            finding(code, location=where, raw=raw, project_code=self.code, line=self.project.line, **params)
        )


def _label(line: FundLine) -> str:
    return line.label.strip()
