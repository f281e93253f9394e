"""Which fiscal year a publication budgets for, and what a project code says about itself.

The year is weighed from every place that names one — the goal statement, the titles, the project
codes and names, the ``<year>`` folder — each within a plausible range. The year with the most
weight wins; sources that disagree are reported, never silently outvoted.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

from parsers.records import Publication

from .findings import Finding, finding

# 2023年, （2023）年度 (the year a form's blank was filled with), 预算年度：2023
_YEAR_IN_TEXT = re.compile(r"((?:19|20)\d\d)\s*[)）]?\s*年|年度\s*[:：]\s*((?:19|20)\d\d)(?!\d)")
# 二〇二三年度: the year in Chinese numerals, digit by digit
_CN_YEAR = re.compile(r"([一二]〇[〇一二三四五六七八九零]{2})\s*年")
_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_YEAR_AT_START = re.compile(r"^\s*(?:\d+[.、．]\s*)?(?:下达)?((?:19|20)\d\d)(?!\d)")
_CODE = re.compile(r"^(\d{6})(\d{2})")
_FOLDER_YEAR = re.compile(r"^(?:19|20)\d\d$")
EARLIEST_YEAR = 1990  # performance budgeting in China starts in the 2000s; older years are misreads
# Budgets are published before their year begins; later than next year is a misread.
LATEST_AHEAD = 2

# Source → weight. Titles and the statement say which year the document is for; codes and names
# of projects usually agree but carry over grants from earlier years; the folder is the user's.
WEIGHTS = {"title": 3, "statement": 2, "codes": 2, "folder": 2, "names": 1}


@dataclass(frozen=True, slots=True)
class FiscalYear:
    year: int | None
    source: str | None  # the sources that name the chosen year, '+'-joined: 'statement+codes'
    findings: tuple[Finding, ...]


def plausible(year: int | None) -> bool:
    return year is not None and EARLIEST_YEAR <= year <= date.today().year + LATEST_AHEAD


def code_parts(code: str | None) -> tuple[str | None, int | None]:
    """'13030322P003970100093' → ('130303', 2022); the year is None where it is not plausible."""
    match = _CODE.match(code or "")
    if not match:
        return None, None
    year = 2000 + int(match.group(2))
    return match.group(1), year if plausible(year) else None


def folder_year(path: str) -> int | None:
    """The year of the nearest ``<year>`` folder in ``path`` (data/raw/2022/x.txt → 2022)."""
    for part in reversed(PurePath(path).parts[:-1]):
        if _FOLDER_YEAR.match(part) and plausible(int(part)):
            return int(part)
    return None


def infer_fiscal_year(pub: Publication, path: str) -> FiscalYear:
    """Weigh the evidence for the fiscal year of ``pub``; report disagreement and an unknown year."""
    evidence = {
        "title": _majority(_text_year(t) for t in pub.titles),
        "statement": _statement_year(pub),
        "codes": _majority(code_parts(p.code)[1] for p in pub.projects),
        "names": _majority(_leading_year(p.name) for p in pub.projects),
        "folder": folder_year(path),
    }
    evidence = {source: year for source, year in evidence.items() if plausible(year)}
    if not evidence:
        return FiscalYear(None, None, (finding("fiscal_year_undetermined", location=path),))
    weight: Counter = Counter()
    for source, year in evidence.items():
        weight[year] += WEIGHTS[source]
    # evidence keeps the order of WEIGHTS: on a tie, the year its first source names wins.
    year = max(dict.fromkeys(evidence.values()), key=lambda y: weight[y])
    agree = [source for source, y in evidence.items() if y == year]
    others = {source: y for source, y in evidence.items() if y != year}
    findings = []
    if others:
        findings.append(
            finding(
                "fiscal_year_ambiguous",
                location="fiscal year",
                year=year,
                agree="+".join(agree),
                others=", ".join(f"{source} {y}" for source, y in others.items()),
            )
        )
    return FiscalYear(year, "+".join(agree), tuple(findings))


def _statement_year(pub: Publication) -> int | None:
    """The year the 总体目标 names most often (the latest on a tie): it may cite earlier years."""
    for goal in pub.department_goals:
        if goal.kind == "总体目标":
            found = (int(a or b) for a, b in _YEAR_IN_TEXT.findall(goal.text))
            years = Counter(y for y in found if plausible(y))
            if years:
                top = max(years.values())
                return max(y for y, n in years.items() if n == top)
    return None


def _text_year(text: str | None) -> int | None:
    if match := _YEAR_IN_TEXT.search(text or ""):
        return int(match.group(1) or match.group(2))
    if match := _YEAR_AT_START.match(text or ""):
        return int(match.group(1))
    match = _CN_YEAR.search(text or "") if "〇" in (text or "") else None
    return int(match.group(1).translate(_CN_DIGITS)) if match else None


def _leading_year(name: str | None) -> int | None:
    match = _YEAR_AT_START.match(name or "")
    return int(match.group(1)) if match else None


def _majority(years) -> int | None:
    counts = Counter(y for y in years if plausible(y))
    return counts.most_common(1)[0][0] if counts else None
