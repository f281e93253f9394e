"""Checks over one publication's rows: sums, spending plans, indicator types, numbering.

Each check returns findings; none changes a row.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal

from parsers.records import Publication

from .findings import Finding, finding, project_location
from .numbers import parse_number

_HUNDRED = Decimal(100)
_RATE_SUFFIX = "率"
_PLACEHOLDER_VALUE = re.compile(r"[*＊]{2,}|[Xx×]{2,}")
# A number and its measure word inside a name: 村组干部230人
_COUNT_IN_NAME = re.compile(r"\d+\s*(人次|人|个|户|次|辆|台|套|件|项|场|所|家|村|座|亩|公里|吨)")
# An inline list item number: at the start of a field or after a sentence end (1、…。2、…).
_INLINE_NUMBER = re.compile(r"(?:^|(?<=[。；;！!\s]))(\d{1,2})、")


def check_publication(pub: Publication, rows: dict[str, list[dict]], year: int | None) -> list[Finding]:
    """All findings for one publication's rows."""
    found: list[Finding] = []
    found += _funds(rows["projects"], rows.get("project_funds", []))
    for check in (_codes, _duplicates):
        found += check(rows["projects"], year)
    found += _incomplete(pub)
    found += _spending(rows["spending_plan"])
    found += _indicators(rows["indicators"], year)
    found += _numbering(rows["duty_goals"])
    return found


def _where(row: dict) -> str:
    return project_location(row["project_seq"], row.get("project_code"))


def _funds(projects: list[dict], funds: list[dict]) -> Iterator[Finding]:
    lines = defaultdict(list)
    for line in funds:
        lines[line["project_seq"]].append(line)
    for row in projects:
        budget, fiscal, other = row["budget_yuan"], row["fiscal_funds_yuan"], row["other_funds_yuan"]
        if budget is None or (fiscal is None and other is None):
            continue
        if budget != (fiscal or 0) + (other or 0) and budget != _sum_of_sources(lines[row["project_seq"]]):
            yield finding(
                "funds_sum_mismatch",
                location=_where(row),
                project_code=row["project_code"],
                line=row["source_line"],
                raw=row["budget_raw"],
                # (a budget summed from its parts has no printed form)
                budget=(row["budget_raw"] or f"{budget:,.2f} 元 (derived)").strip(),
                fiscal=(row["fiscal_funds_raw"] or "").strip() or "—",
                other=(row["other_funds_raw"] or "").strip() or "—",
            )


# The kinds of money a budget is made of, each printed as a line of its own.
_SOURCES = ("fiscal", "superior", "own", "other", "carryover")


def _sum_of_sources(lines: list[dict]) -> Decimal | None:
    """The budget as its sources add up, where a form prints others than 财政资金 and 其他资金
    (财政拨款 | 自有资金 | 事业收入 | 经营性收入 | 其他; a transfer's 中央补助 | 地方资金): every source
    line beside the total's, in its column (or in its row, where the columns are the kinds). Asked only where 财政资金 + 其他资金 miss the budget."""
    total = next((x for x in lines if x["kind"] == "total"), None)
    if total is None:
        return None
    parts = [x for x in lines if x["kind"] in _SOURCES and x["column_label"] == total["column_label"]]
    if len(parts) < 2:  # a grid whose columns are the kinds (资金总额 | 财政拨款 | 单位自筹 | 其他): one row
        parts = [x for x in lines if x["kind"] in _SOURCES and x["label"] == total["label"]]
    if len(parts) < 2 or any(x["amount_yuan"] is None and (x["amount_raw"] or "").strip() for x in parts):
        return None
    return sum((x["amount_yuan"] or Decimal(0) for x in parts), Decimal(0))


def _codes(projects: list[dict], year: int | None) -> Iterator[Finding]:
    for row in projects:
        if year is not None and row["code_year"] is not None and row["code_year"] != year:
            yield finding(
                "code_year_differs",
                location=_where(row),
                project_code=row["project_code"],
                raw=row["project_code"],
                line=row["source_line"],
                code_year=row["code_year"],
                year=year,
            )


def _duplicates(projects: list[dict], year: int | None) -> Iterator[Finding]:
    first: dict[str, dict] = {}
    for row in projects:
        code = row["project_code"]
        if code and code in first:
            yield finding(
                "duplicate_project_code",
                location=_where(row),
                project_code=code,
                raw=code,
                line=row["source_line"],
                code=code,
                other=first[code]["project_seq"],
            )
        elif code:
            first[code] = row


def _incomplete(pub: Publication) -> Iterator[Finding]:
    for project in pub.projects:
        if project.missing:
            code = project.code.strip() if project.code else None
            yield finding(
                "project_incomplete",
                location=project_location(project.seq, code),
                project_code=code,
                line=project.line,
                missing=", ".join(project.missing),
            )


def _spending(points: list[dict]) -> Iterator[Finding]:
    by_project: dict[int, list[dict]] = defaultdict(list)
    for row in points:
        by_project[row["project_seq"]].append(row)
    for plan in by_project.values():
        yield from _one_plan(plan)


def _one_plan(plan: list[dict]) -> Iterator[Finding]:
    previous = None
    for row in plan:
        where, code, line = _where(row), row["project_code"], row["source_line"]
        pct = row["cumulative_pct"]
        if pct is None:
            if (row["cumulative_pct_raw"] or "").strip():
                yield finding(
                    "spending_plan_unparsed",
                    location=where,
                    project_code=code,
                    line=line,
                    raw=row["cumulative_pct_raw"],
                    checkpoint=row["checkpoint"],
                )
            continue
        if previous is not None and pct < previous["cumulative_pct"]:
            yield finding(
                "spending_plan_not_cumulative",
                location=f"{where}, {row['checkpoint']}",
                project_code=code,
                line=line,
                raw=row["cumulative_pct_raw"],
                checkpoint=row["checkpoint"],
                pct=_pct(pct),
                previous=previous["checkpoint"],
                previous_pct=_pct(previous["cumulative_pct"]),
            )
        previous = row
    if previous is not None and previous["cumulative_pct"] != 100:
        yield finding(
            "spending_plan_incomplete",
            location=_where(previous),
            project_code=previous["project_code"],
            line=previous["source_line"],
            raw=previous["cumulative_pct_raw"],
            checkpoint=previous["checkpoint"],
            pct=_pct(previous["cumulative_pct"]),
        )


def _pct(value: float) -> str:
    return f"{value:g}"


def _indicators(indicators: list[dict], year: int | None) -> Iterator[Finding]:
    seen: dict[tuple, dict] = {}
    for row in indicators:
        found = list(_value_findings(row, year))
        # (an indicator set for the long term and again for the year is two targets, not a repeat)
        key = (row["project_seq"], row["horizon"], row["level1"], row["level2"], row["level3"])
        if row["level3"] and key in seen:
            found.append(
                ("duplicate_indicator", {"levels": _levels(row), "other": seen[key]["indicator_seq"]})
            )
        seen.setdefault(key, row)
        if not found:  # (most rows: where a finding would stand is not worked out)
            continue
        common = {
            "location": f"{_where(row)}, indicator {row['indicator_seq']} ({_levels(row)})",
            "project_code": row["project_code"],
            "line": row["source_line"],
            "raw": row["value_raw"],
        }
        for code, params in found:
            yield finding(code, **{**common, **params})


def _value_findings(row: dict, year: int | None) -> Iterator[tuple[str, dict]]:
    """What an indicator's target says is wrong: (code, parameters) each."""
    kind, value, raw = row["value_kind"], row["value"], (row["value_raw"] or "")
    name = row["level3"] or row["description"] or ""
    if kind in ("quantity", "money") and row["unit"] and name.rstrip("。 ").endswith(_RATE_SUFFIX):
        yield "rate_given_as_count", {"name": name}
    if _PLACEHOLDER_VALUE.search(raw):
        yield "placeholder_left", {}
    elif (
        not (row["value_number_raw"] or "").strip()
        and row["value_unit_raw"]
        and row["indicator_nature"] != "定性"
    ) or not raw.strip():
        yield "target_blank", {"levels": _levels(row)}
    yield from _unit_findings(row, name)
    if kind == "percent" and row["unit"] == "%" and _over_100(row):
        yield "percent_over_100", {}
    if kind == "boolean" and value is None:
        yield "yes_no_placeholder", {}
    if kind == "text" and any(ch.isdigit() for ch in raw):
        yield "unparsed_value", {}
    date = row["value_date"]
    if kind == "date" and date is not None and year is not None and date.year != year:
        yield "deadline_outside_year", {"date": date.isoformat(), "year": year}


def _unit_findings(row: dict, name: str) -> Iterator[tuple[str, dict]]:
    unit, actual_unit = row["unit"], row["actual_unit"]
    if row["actual_raw"] and unit and actual_unit and unit != actual_unit:
        yield "actual_unit_differs", {"raw": row["actual_raw"], "unit": unit, "actual_unit": actual_unit}
    printed = (row["value_unit_raw"] or "").strip()
    counted = _COUNT_IN_NAME.search(name)
    if printed and counted and counted.group(1) != printed and printed not in ("%", "百分比"):
        yield "unit_contradicts_name", {"name": name, "name_unit": counted.group(1), "unit": printed}


def _over_100(row: dict) -> bool:
    value, top, comparator = row["value"], row["value_max"], row["comparator"]
    if top is not None and top > _HUNDRED:
        return True
    return value is not None and (value > _HUNDRED or (value == _HUNDRED and comparator in (">=", ">")))


def _levels(row: dict) -> str:
    return "/".join(level for level in (row["level1"], row["level2"], row["level3"]) if level)


def _numbering(items: list[dict]) -> Iterator[Finding]:
    numbers = [(item["item_number"], item) for item in items]
    yield from _sequence(numbers, lambda item: f"分项绩效目标 item {item['item_seq']} ({item['name']})")
    for item in items:
        for field in ("main_duty", "duty_goal", "performance_goal", "indicator", "standard"):
            text = item[field] or ""
            inline = [(m.group(1), item) for m in _INLINE_NUMBER.finditer(text)]
            if len(inline) >= 2:
                yield from _sequence(
                    inline,
                    lambda it, f=field: f"分项绩效目标 item {it['item_seq']} ({it['name']}), {f}",
                    raw=text,
                )


def _sequence(numbers: list[tuple[str | None, dict]], where, raw: str | None = None) -> Iterator[Finding]:
    seen: set[int] = set()
    previous: int | None = None
    for printed, item in numbers:
        number = parse_number(printed) if printed else None
        if number is None:
            continue
        number = int(number)
        line = item.get("source_line")
        if number in seen:
            yield finding(
                "numbering_duplicate", location=where(item), line=line, raw=raw or printed, number=number
            )
        elif previous is not None and number > previous + 1:
            missing = ", ".join(str(n) for n in range(previous + 1, number))
            yield finding(
                "numbering_gap",
                location=where(item),
                line=line,
                raw=raw or printed,
                missing=missing,
                before=previous,
                after=number,
            )
        seen.add(number)
        previous = number
