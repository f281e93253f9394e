"""``python -m pipeline report``: a self-contained HTML page about the dataset, for people who would
rather look than query: documents, totals per unit and year, findings grouped by code with their
locations, and charts (inline PNG, so the file travels alone)."""

from __future__ import annotations

import html
import os
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from . import PARSER_VERSION
from .findings import CODES
from .plotting import bar_chart, font_subset_data_uri, png_data_uri
from .query import connect, template_mix

_TITLE = "绩效目标 ingest report"
LOCATIONS_PER_CODE = 50  # a code with more places lists the first ones and says how many more
_STYLE = """
body{font-family:ReportCJK,system-ui,sans-serif;margin:2rem auto;max-width:72rem;
color:#222;padding:0 1rem}h1{font-size:1.6rem}h2{margin-top:2.2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:.9rem;margin:.5rem 0}td,th{border:1px solid #ddd;padding:.25rem .5rem;
text-align:left;vertical-align:top}th{background:#f4f6f8}td.n{text-align:right;font-variant-numeric:tabular-nums}
.error{color:#b00020}.warning{color:#a15c00}.info{color:#3b6ea5}details{margin:.4rem 0}
summary{cursor:pointer}img{max-width:100%}.muted{color:#777}.wide{overflow-x:auto}
"""


def build_report(out: str | Path = "data/parsed") -> str:
    """The report's HTML for the dataset at ``out``."""
    con = connect(out)
    documents = con.sql("""SELECT source_path, source_format, fiscal_year, unit_code, unit_name, unit_scope,
        project_count, indicator_count, budget_total_yuan FROM documents ORDER BY source_path""").df()
    # A unit is its name where one is printed, else what its tables name (many layouts print no code).
    totals = con.sql("""SELECT coalesce(d.unit_name, p.department, p.implementing_unit, d.unit_code,
            '(no unit named)') AS unit, p.fiscal_year,
        count(*) AS projects, sum(p.budget_yuan) AS budget_yuan, sum(p.fiscal_funds_yuan) AS fiscal_funds_yuan,
        sum(p.other_funds_yuan) AS other_funds_yuan
        FROM projects p JOIN documents d USING (doc_id) GROUP BY ALL
        ORDER BY unit, p.fiscal_year NULLS LAST""").df()
    by_function = con.sql("""SELECT unit_key AS unit, fiscal_year, subject_code AS 类,
        any_value(subject_name) AS name, sum(amount_yuan) AS amount_yuan
        FROM budget_history WHERE kind IN ('general_expenditure', 'fiscal_expenditure')
          AND subject_level = '类' AND column_role = 'total'
          AND table_seq = (SELECT min(t.table_seq) FROM budget_tables t WHERE t.doc_id = budget_history.doc_id
                           AND t.kind IN ('general_expenditure', 'fiscal_expenditure'))
        GROUP BY ALL ORDER BY unit, fiscal_year, 类""").df()
    basic_project = con.sql("""SELECT unit_key AS unit, fiscal_year, column_role AS part,
        sum(amount_yuan) AS amount_yuan FROM budget_history
        WHERE kind = 'expenditure' AND column_role IN ('basic', 'project')
          AND (subject_code IS NULL) AND regexp_matches(coalesce(subject_name, '合计'), '合 *计|总 *计')
        GROUP BY ALL ORDER BY unit, fiscal_year, part""").df()
    findings = con.sql("""SELECT severity, code, source_path, location, message, source_line FROM findings
        ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, code, source_path""").df()
    failed = con.sql("SELECT source_path, error FROM manifest WHERE outcome = 'failed'").df()
    parts = [
        f"<h1>{_TITLE}</h1><p class=muted>{html.escape(str(out))} · generated "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC · parser {PARSER_VERSION}</p>",
        _overview(documents, findings, failed),
        _charts(totals, findings, by_function, basic_project),
        "<h2>Layouts</h2>" + _table(template_mix(out)),
        "<h2>Totals per unit and year</h2>"
        + _table(totals, money=("budget_yuan", "fiscal_funds_yuan", "other_funds_yuan")),
        "<h2>Budget by function (类), one line per unit and year</h2>"
        + (_table(by_function, money=("amount_yuan",)) if len(by_function) else "<p>No budget tables.</p>"),
        "<h2>Findings by code</h2>" + _findings(findings),
        "<h2>Documents</h2>" + _table(documents, money=("budget_total_yuan",)),
    ]
    if len(failed):
        parts.insert(2, "<h2 class=error>Files that failed</h2>" + _table(failed))
    body = "".join(parts)
    # The Chinese on the page, as a font cut to just those characters: no boxes on any machine.
    font = (
        f"@font-face{{font-family:ReportCJK;font-display:block;unicode-range:U+2000-206F,U+3000-9FFF,"
        f"U+FF00-FFEF;src:url({font_subset_data_uri(_TITLE + html.unescape(body))})}}"
    )
    return (
        f"<!doctype html><html lang=zh-CN><meta charset=utf-8><title>{_TITLE}</title>"
        f"<style>{font}{_STYLE}</style><body>{body}</body></html>"
    )


def write_report(out: str | Path = "data/parsed", path: str | Path = "reports/ingest-report.html") -> Path:
    """Write the report whole or not at all: a reader never opens a half-written or stale page."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    page = build_report(out)  # fails before anything on disk changes
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(page, encoding="utf-8")
    os.replace(partial, path)
    return path


def _overview(documents: pd.DataFrame, findings: pd.DataFrame, failed: pd.DataFrame) -> str:
    severities = findings.severity.value_counts().to_dict()
    years = ", ".join(str(int(y)) for y in sorted(documents.fiscal_year.dropna().unique()))
    return (
        f"<p><b>{len(documents)}</b> documents ({years or 'no years'}), "
        f"<b>{int(documents.project_count.sum())}</b> projects, <b>{int(documents.indicator_count.sum())}</b> "
        f"indicators; findings: "
        + ", ".join(
            f"<span class={s}>{severities.get(s, 0)} {s}</span>" for s in ("error", "warning", "info")
        )
        + (f"; <span class=error>{len(failed)} file(s) failed</span>" if len(failed) else "")
        + ".</p>"
    )


def _charts(
    totals: pd.DataFrame, findings: pd.DataFrame, by_function: pd.DataFrame, basic_project: pd.DataFrame
) -> str:
    charts = []
    if len(totals):
        top = totals.assign(
            label=[f"{u} {_year(y)}" for u, y in zip(totals.unit, totals.fiscal_year, strict=True)],
            wan=totals.budget_yuan.astype(float).fillna(0) / 10_000,
        ).nlargest(25, "wan")
        charts.append(bar_chart(list(top.label), list(top.wan), "预算数 by unit and year (top 25)", "万元"))
    if len(by_function):
        top = by_function.assign(
            label=[
                f"{u} {_year(y)} {n}"
                for u, y, n in zip(by_function.unit, by_function.fiscal_year, by_function.name, strict=True)
            ],
            wan=by_function.amount_yuan.astype(float).fillna(0) / 10_000,
        ).nlargest(25, "wan")
        charts.append(
            bar_chart(list(top.label), list(top.wan), "一般公共预算 spending by 类 (top 25)", "万元")
        )
    if len(basic_project):
        labels = [
            f"{u} {_year(y)} {'基本支出' if p == 'basic' else '项目支出'}"
            for u, y, p in zip(basic_project.unit, basic_project.fiscal_year, basic_project.part, strict=True)
        ]
        wan = list(basic_project.amount_yuan.astype(float).fillna(0) / 10_000)
        charts.append(bar_chart(labels, wan, "基本支出 against 项目支出", "万元"))
    if len(findings):
        counts = findings.code.value_counts()
        labels = [f"{code} {CODES[code].title_zh}" if code in CODES else code for code in counts.index]
        charts.append(bar_chart(labels, list(counts.values), "Findings by code", "count"))
    return "".join(f'<p><img alt="chart" src="{png_data_uri(chart)}"></p>' for chart in charts)


def _year(year) -> str:
    return "year unknown" if year is None or pd.isna(year) else str(int(year))


def _findings(findings: pd.DataFrame) -> str:
    if not len(findings):
        return "<p>No findings.</p>"
    blocks = []
    for code, group in findings.groupby("code", sort=False):
        spec = CODES.get(code)
        severity = group.severity.iloc[0]
        title = f"{spec.title_zh} — {spec.meaning}" if spec else ""
        shown = group.head(LOCATIONS_PER_CODE)
        more = len(group) - len(shown)
        blocks.append(
            f"<details><summary><b class={severity}>{html.escape(code)}</b> ({len(group)}) "
            f"{html.escape(title)}</summary>"
            + _table(shown[["source_path", "location", "source_line", "message"]])
            + (f"<p class=muted>and {more} more</p>" if more else "")
            + "</details>"
        )
    return "".join(blocks)


def _table(frame: pd.DataFrame, money: tuple[str, ...] = ()) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in frame.columns)
    body = []
    for row in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, row, strict=True):
            numeric = isinstance(value, int | float) or column in money
            text = "" if pd.isna(value) else (f"{float(value):,.2f}" if column in money else str(value))
            cells.append(f"<td{' class=n' if numeric else ''}>{html.escape(text)}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f"<div class=wide><table><tr>{head}</tr>{''.join(body)}</table></div>"
