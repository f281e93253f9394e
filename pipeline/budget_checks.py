"""Checks of what budget tables print: they report with both amounts and the difference, never fix.

- the halves of a summary table balance (收入总计 = 支出总计);
- a parent line equals the sum of its children (类 = Σ款, 款 = Σ项, 301 = Σ30101 …), column by column;
- a table's 合计 equals the sum of its classes;
- the same class (卫生健康支出) has one amount in every table that prints it;
- 三公 小计 = 因公出国(境) + 公务用车购置及运行 + 公务接待;
- a table that says it is empty prints no amount.

A sum that misses its total by no more than the rounding of the amounts printed can explain (half a
unit of each one's last printed place: 0.01 万元 over 27 items) is reported as a rounding difference
(info), not as a mismatch; the same class printed twice is never excused so.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

from .findings import Finding, finding

_GRAND = re.compile(r"^(?:收入|支出)?(?:总计|合计)$")
_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[.、．]|[(（][一二三四五六七八九十\d]+[)）])\s*")
_SUMMARIES = ("revenue_expenditure_summary", "fiscal_summary")


def check_budget(tables: list[dict], lines: list[dict]) -> list[Finding]:
    """Every finding the budget tables of one document give."""
    by_table: dict[int, list[dict]] = defaultdict(list)
    for line in lines:
        if line["amount_yuan"] is not None:
            by_table[line["table_seq"]].append(line)
    findings: list[Finding] = []
    for table in tables:
        mine = by_table.get(table["table_seq"], [])
        where = f"budget table {table['table_seq']} ({table['title']})"
        if table["empty_note"] and mine:
            findings.append(
                finding("budget_empty_with_amounts", location=where, raw=table["empty_note"], count=len(mine))
            )
        if table["kind"] in _SUMMARIES:
            findings += _balance(mine, where)
        findings += _children(mine, where)
        findings += _row_sums(mine, where)
        findings += _grand_total(mine, where)
        if table["kind"] == "three_public":
            findings += _three_public(mine, where)
    findings += _across(tables, by_table)
    return findings


def _name(line: dict) -> str:
    return _ORDINAL.sub("", "".join((line["subject_name"] or "").split()))


def _mismatch(
    code: str, where: str, what: str, printed: Decimal, summed: Decimal, raw=None, involved=()
) -> Finding:
    """``involved``: the lines of a sum (total and parts), whose rounding may explain the difference."""
    step = max((_step(x) for x in involved), default=Decimal(0))
    amounts = {
        "printed": f"{printed:,.2f}",
        "summed": f"{summed:,.2f}",
        "difference": f"{printed - summed:,.2f}",
    }
    if step and abs(printed - summed) <= step * len(involved) / 2:
        code, amounts = (
            "budget_rounding_difference",
            {**amounts, "count": len(involved), "step": f"{step:,.2f} yuan"},
        )
    return finding(code, location=where, raw=raw, what=what, **amounts)


def _step(line: dict) -> Decimal:
    """The amount, in yuan, of one unit of the last place the line's amount was printed to (2,946.25
    in 万元: 100 yuan); 0 where the raw amount does not tell."""
    raw = "".join((line.get("amount_raw") or "").replace(",", "").split())
    try:
        printed = Decimal(raw)
    except ArithmeticError:
        return Decimal(0)
    amount = line["amount_yuan"]
    if not printed or amount is None:
        return Decimal(0)
    places = len(raw.partition(".")[2])
    return abs(amount / printed) * Decimal(1).scaleb(-places)


def _balance(lines: list[dict], where: str) -> list[Finding]:
    """Each side's last grand total in that side's first amount column."""
    totals: dict[str, Decimal] = {}
    for side in ("revenue", "expenditure"):
        first = next((x["column_label"] for x in lines if x["side"] == side), None)
        grand = [
            x for x in lines if x["side"] == side and x["column_label"] == first and _GRAND.match(_name(x))
        ]
        if grand:
            totals[side] = grand[-1]["amount_yuan"]
    if len(totals) < 2 or totals["revenue"] == totals["expenditure"]:
        return []
    return [
        _mismatch(
            "budget_unbalanced", where, "收入 and 支出 totals", totals["revenue"], totals["expenditure"]
        )
    ]


def _row_sums(lines: list[dict], where: str) -> list[Finding]:
    """合计 = 基本支出 + 项目支出 on every row that prints all three."""
    rows: dict[tuple, dict[str, dict]] = defaultdict(dict)
    others: set[tuple] = set()  # rows whose total has more parts (单位预留机动经费, 上缴上级支出 …)
    for line in lines:
        key = (line["row_seq"], line["side"])
        rows[key].setdefault(line["column_role"], line)
        if line["column_role"] == "other" and line["amount_yuan"]:
            others.add(key)
    findings = []
    for (row_seq, side), roles in rows.items():
        if (row_seq, side) in others:
            continue
        if not {"total", "basic", "project"} <= roles.keys():
            continue
        total, basic, project = roles["total"], roles["basic"], roles["project"]
        summed = basic["amount_yuan"] + project["amount_yuan"]
        if summed != total["amount_yuan"]:
            name = next((_name(x) or x["subject_code"] for x in lines if x["row_seq"] == row_seq), "")
            what = f"row {row_seq} ({name}): 合计 against 基本支出 + 项目支出"
            involved = (total, basic, project)
            findings.append(
                _mismatch("budget_sum_mismatch", where, what, total["amount_yuan"], summed, name, involved)
            )
    return findings


def _children(lines: list[dict], where: str) -> list[Finding]:
    """A coded line against the lines one level below it, in the same column and block."""
    coded = [x for x in lines if x["subject_code"] and x["subject_level"]]
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for line in coded:
        groups[(line["column_label"], line["side"])].append(line)
    findings = []
    for column_lines in groups.values():
        codes: dict[str, dict] = {}
        for line in column_lines:
            codes.setdefault(line["subject_code"], line)
        below: dict[str, list[dict]] = defaultdict(list)  # a code's sub-items: two digits longer
        for c, x in codes.items():
            below[c[:-2]].append(x)
        for code, line in codes.items():
            children = below.get(code, [])
            summed = sum(x["amount_yuan"] for x in children)
            if children and summed != line["amount_yuan"]:
                what = f"{code} against the sum of its {len(children)} sub-items ({column_lines[0]['column_label']})"
                involved = (line, *children)
                findings.append(
                    _mismatch("budget_sum_mismatch", where, what, line["amount_yuan"], summed, code, involved)
                )
    return findings


def _grand_total(lines: list[dict], where: str) -> list[Finding]:
    """合计 against the sum of the classes (3-digit codes) in its column."""
    findings = []
    for line in lines:
        if line["subject_code"] or not _GRAND.match(_name(line)):
            continue
        classes: dict[str, dict] = {}
        for x in lines:
            if (
                x["column_label"] == line["column_label"]
                and x["side"] == line["side"]
                and x["subject_code"]
                and len(x["subject_code"]) == 3
            ):
                classes.setdefault(x["subject_code"], x)
        summed = sum(x["amount_yuan"] for x in classes.values())
        if classes and summed != line["amount_yuan"]:
            what = f"{_name(line)} against the sum of its {len(classes)} classes ({line['column_label']})"
            involved = (line, *classes.values())
            findings.append(
                _mismatch("budget_total_mismatch", where, what, line["amount_yuan"], summed, None, involved)
            )
    return findings


def _three_public(lines: list[dict], where: str) -> list[Finding]:
    """小计 of the 三公 = 因公出国(境) + 公务用车购置及运行 + 公务接待, per 预算数/决算数 column group."""
    findings = []
    groups: dict[str, dict[str, dict]] = defaultdict(dict)
    for line in lines:
        label = "".join((line["column_label"] or "").split())
        suffix = label.rsplit("/", 1)[-1] if label.endswith(("预算数", "决算数")) else ""
        part = _three_public_part(label.removesuffix(suffix).rstrip("/"))
        if part:
            groups[suffix].setdefault(part, line)
    for suffix, parts in groups.items():
        if {"subtotal", "abroad", "car", "reception"} <= parts.keys():
            involved = (parts["subtotal"], parts["abroad"], parts["car"], parts["reception"])
            summed = sum(x["amount_yuan"] for x in involved[1:])
            if summed != parts["subtotal"]["amount_yuan"]:
                what = f"“三公”经费 {suffix or ''} against 因公出国(境) + 公务用车 + 公务接待".replace(
                    "  ", " "
                )
                printed = parts["subtotal"]["amount_yuan"]
                findings.append(
                    _mismatch("budget_three_public_mismatch", where, what, printed, summed, None, involved)
                )
    return findings


def _three_public_part(label: str) -> str | None:
    parts = label.split("/")
    last = parts[-1]
    if "出国" in last:
        return "abroad"
    if "接待" in last:
        return "reception"
    if "公务用车" in label and (last == "小计" and "公务用车" in parts[-2] if len(parts) > 1 else False):
        return "car"
    if "公务用车购置及运行" in last and len(parts) == 2:
        return "car"
    if last == "小计" and "三公" in label and "公务用车" not in label:
        return "subtotal"
    return None


def _across(tables: list[dict], by_table: dict[int, list[dict]]) -> list[Finding]:
    """One class, one amount: its total in each function table and on the expenditure side of the
    summary of the same funds (all funds: 收支总表 and 支出表; 财政拨款: its 总表 and 支出表)."""
    findings = []
    for group in _SAME_FUNDS:
        seen: dict[str, list[tuple[Decimal, str]]] = defaultdict(list)
        for table in (t for t in tables if t["kind"] in group):
            for line in _class_totals(table, by_table.get(table["table_seq"], [])):
                seen[_name(line)].append((line["amount_yuan"], table["title"]))
        for name, amounts in seen.items():
            first_amount, first_title = amounts[0]
            other = next(((a, t) for a, t in amounts[1:] if a != first_amount), None)
            if other is not None:
                what = f"{name} in {first_title} against {other[1]}"
                findings.append(
                    _mismatch(
                        "budget_cross_table_mismatch", "budget tables", what, first_amount, other[0], name
                    )
                )
    return findings


_SAME_FUNDS = (
    ("revenue_expenditure_summary", "expenditure"),
    ("fiscal_summary", "general_expenditure", "fiscal_expenditure"),
)


def _class_totals(table: dict, lines: list[dict]) -> list[dict]:
    """The lines that give a class's total: 类 lines of a function table, expenditure classes of a summary."""
    if table["kind"] in _SUMMARIES:
        side = [x for x in lines if x["side"] == "expenditure" and _name(x).endswith("支出")]
        first = next((x["column_label"] for x in side), None)
        return [x for x in side if x["column_label"] == first]
    first = next((x["column_label"] for x in lines if x["column_role"] in ("total", "budget", "final")), None)
    return [x for x in lines if x["column_label"] == first and x["subject_level"] == "类"]
