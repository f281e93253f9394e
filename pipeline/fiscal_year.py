"""Which fiscal year a publication budgets for, and what a project code says about itself."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import PurePath

from parsers.records import Publication

from .findings import Finding, finding

_YEAR_IN_TEXT = re.compile(r"((?:19|20)\d\d)\s*年")
_YEAR_AT_START = re.compile(r"^\s*(?:下达)?((?:19|20)\d\d)")
_CODE = re.compile(r"^(\d{6})(\d{2})")
_FOLDER_YEAR = re.compile(r"^(?:19|20)\d\d$")


def code_parts(code: str | None) -> tuple[str | None, int | None]:
    """'13030322P003970100093' → ('130303', 2022); (None, None) where the code carries neither."""
    match = _CODE.match(code or "")
    if not match:
        return None, None
    return match.group(1), 2000 + int(match.group(2))


def folder_year(path: str) -> int | None:
    """The year of the nearest ``<year>`` folder in ``path`` (data/raw/2022/x.txt → 2022)."""
    for part in reversed(PurePath(path).parts[:-1]):
        if _FOLDER_YEAR.match(part):
            return int(part)
    return None


def infer_fiscal_year(pub: Publication, path: str) -> tuple[int | None, list[Finding]]:
    """The year the goal statement names, else most project codes, else project names, else the folder."""
    statement = _statement_year(pub)
    codes = _majority(code_parts(p.code)[1] for p in pub.projects)
    names = _majority(_name_year(p.name) for p in pub.projects)
    folder = folder_year(path)
    year = next((y for y in (statement, codes, names, folder) if y is not None), None)
    findings = []
    if statement is not None and codes is not None and statement != codes:
        findings.append(
            finding("fiscal_year_ambiguous", location="总体目标", statement=statement, codes=codes)
        )
    if year is not None and folder is not None and folder != year:
        findings.append(
            finding("fiscal_year_folder_mismatch", location=f"folder {folder}", folder=folder, year=year)
        )
    return year, findings


def _statement_year(pub: Publication) -> int | None:
    for goal in pub.department_goals:
        if goal.kind == "总体目标":
            match = _YEAR_IN_TEXT.search(goal.text)
            return int(match.group(1)) if match else None
    return None


def _name_year(name: str | None) -> int | None:
    match = _YEAR_AT_START.match(name or "")
    return int(match.group(1)) if match else None


def _majority(years) -> int | None:
    counts = Counter(y for y in years if y is not None)
    return counts.most_common(1)[0][0] if counts else None
