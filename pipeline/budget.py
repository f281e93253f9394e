"""Budget tables → rows of ``budget_tables`` and ``budget_lines``: codes normalized, amounts in exact yuan.

Each table converts its amounts with its own unit (a 三公 table in 万元 inside an 元 publication);
the code printed over 类/款/项 columns (``212 01 01``) is one code (2120101), and a 款 printed without
its leading zero (``301 2``) is read as 30102 with the code as printed kept beside it.
"""

from __future__ import annotations

import re

from parsers.records import BudgetLine, BudgetTable, Publication

from .findings import Finding, finding
from .numbers import parse_decimal, to_yuan
from .rows import note_finding

_LEVELS = {"function": {3: "类", 5: "款", 7: "项"}, "economic": {3: "类", 5: "款"}}
# What a column means, from the last part of its label; first match wins.
_ROLES = (
    ("personnel", re.compile(r"人员经费|人员支出")),
    ("public", re.compile(r"公用经费|公用支出")),
    ("basic", re.compile(r"基本支出")),
    ("project", re.compile(r"项目支出")),
    ("final", re.compile(r"决算数|执行数")),
    ("budget", re.compile(r"预算数")),
    ("total", re.compile(r"^(?:本年收入|本年支出|收入|支出)?(?:合计|小计|总计)$|^金额$|^金\s*额$")),
)


def budget_rows(pub: Publication, base: dict) -> tuple[list[dict], list[dict], list[Finding]]:
    """Rows of budget_tables and budget_lines for ``pub``, and the findings met converting them."""
    tables, lines, findings = [], [], []
    for table in pub.budget_tables:
        where = f"budget table {table.seq} ({table.title})"
        findings += [_located(note_finding(n), where) for n in table.notes]
        if table.kind == "other":
            findings.append(finding("budget_kind_unknown", location=where, raw=table.title, line=table.line))
        if table.amount_unit is None and table.lines:
            findings.append(
                finding("budget_amount_unit_unknown", location=where, raw=table.title, line=table.line)
            )
        tables.append(base | _table_row(table))
        lines += [base | _line_row(table, line) for line in table.lines]
    return tables, lines, findings


def _located(f: Finding, where: str) -> Finding:
    return Finding(f.code, f.severity, where, f.message, f.raw, f.project_code, f.line)


def _table_row(table: BudgetTable) -> dict:
    return {
        "table_seq": table.seq,
        "kind": table.kind,
        "title": table.title,
        "table_number": table.number,
        "stage": table.stage,
        "amount_unit": table.amount_unit,
        "unit_name": table.unit_name,
        "empty": not table.lines,
        "empty_note": table.empty_note,
        "line_count": len(table.lines),
        "source_page": table.line,
        "source_block": table.block,
    }


def _line_row(table: BudgetTable, line: BudgetLine) -> dict:
    code = subject_code(line.code)
    amount = parse_decimal(line.raw.replace("－", "-").replace(" ", ""))
    return {
        "table_seq": table.seq,
        "row_seq": line.row_seq,
        "side": line.side,
        "subject_code": code,
        "subject_code_raw": line.code,
        "subject_level": subject_level(code),
        "subject_name": line.name,
        "column_label": line.column or None,
        "column_role": column_role(line.column),
        "amount_raw": line.raw,
        "amount_yuan": to_yuan(amount, table.amount_unit)
        if amount is not None and table.amount_unit
        else None,
        "source_page": line.line,
        "source_block": line.block,
        "source_row": line.row,
    }


def subject_code(raw: str | None) -> str | None:
    """'212 01 01' and '2120101' → '2120101'; '301 2' → '30102' (a 款 printed without its zero)."""
    if not raw:
        return None
    pieces = raw.split()
    if len(pieces) == 1:
        return pieces[0]
    return pieces[0] + "".join(p.zfill(2) for p in pieces[1:])


def subject_level(code: str | None) -> str | None:
    """类 / 款 / 项 by the code's length: function codes start with 2, economic codes with 3 or 5."""
    if not code:
        return None
    family = "function" if code[0] == "2" else "economic" if code[0] in "35" else None
    return _LEVELS[family].get(len(code)) if family else None


def column_role(label: str | None) -> str:
    """What the column means, so that 合计, 金额 and 小计 compare across publications."""
    last = "".join((label or "").rsplit("/", 1)[-1].split())
    return next((role for role, rule in _ROLES if rule.search(last)), "other")
