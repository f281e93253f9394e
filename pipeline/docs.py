"""Generate docs/ from the code: the data dictionary, the 指标值 grammar and the finding codes.

python -m pipeline.docs          # rewrite docs/
python -m pipeline.docs --check  # exit 1 if docs/ is stale (the tests run this)
"""

from __future__ import annotations

import sys
from pathlib import Path

from .findings import CODES
from .schema import TABLES
from .values import BOOLEANS, COMPARATOR_PREFIXES, COMPARATOR_SUFFIXES, MEASURE_WORDS, UNITS, normalize_value

DOCS = Path(__file__).resolve().parent.parent / "docs"
EXAMPLE_YEAR = 2022
# Each example is run through the normalizer when the page is written, so the page cannot drift.
VALUE_EXAMPLES = (
    "≥95%",
    "100%",
    "95%以上",
    "不低于95%",
    "控制在5%以内",
    "90%-100%",
    "90-100%",
    "百分之九十五",
    "5‰",
    "6.8万元",
    "=46.16万元",
    "≤620万元/月",
    "500元/人",
    "17元/人·天",
    "40人",
    "7社区",
    "≥2万人次",
    "三个",
    "两次",
    "1次/月",
    ">=60亩",
    "≤7工作日",
    "12个月",
    "≥90分",
    "12月底前",
    "2022年12月31日前",
    "年底前",
    "6月30日前",
    "是",
    "否",
    "是/否",
    "定性 高中低",
    "进一步保障",
)


def data_dictionary() -> str:
    out = [
        "# Data dictionary",
        "",
        "Generated from `pipeline/schema.py` by `make docs`; do not edit.",
        "",
        "Every table is a Parquet dataset under `data/parsed/<table>/`, its files grouped in one "
        "folder per fiscal year (`2022/`, and `unknown/` for rows whose year nothing names) unless "
        "said otherwise; `fiscal_year` is a column inside the files. Each field's metadata carries "
        "`label_zh`, `description` and, where it has them, `unit` and `raw_column` (the column with "
        "the printed text a value was normalized from).",
        "",
    ]
    for table in TABLES.values():
        partition = f"a folder per `{table.partition}`" if table.partition else "one folder"
        out += [
            f"## `{table.name}` — {table.label_zh}",
            "",
            f"{table.description} ({partition})",
            "",
            "| column | type | 中文 | unit | meaning |",
            "| --- | --- | --- | --- | --- |",
        ]
        for column in table.columns:
            null = "" if column.nullable else " (never null)"
            out.append(
                f"| `{column.name}` | {column.type} | {column.label_zh} | {column.unit or ''} | "
                f"{column.description}{null} |"
            )
        out.append("")
    return "\n".join(out)


def value_grammar() -> str:
    out = [
        "# 指标值 value grammar",
        "",
        "Generated from `pipeline/values.py` by `make docs`; do not edit. "
        "The raw string is always kept in `value_raw`; anything not read below is `text` with a null value.",
        "",
        f"## Examples (fiscal year {EXAMPLE_YEAR})",
        "",
        "| 指标值 | kind | comparator | value | value_max | unit | value_date |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for raw in VALUE_EXAMPLES:
        v = normalize_value(raw, EXAMPLE_YEAR)
        cells = [v.kind, v.comparator, _num(v.value), _num(v.value_max), v.unit, v.value_date]
        out.append(f"| `{raw}` | " + " | ".join("" if c is None else str(c) for c in cells) + " |")
    out += ["", "## Comparators", "", "| written | comparator | where |", "| --- | --- | --- |"]
    out += [f"| `{p}` | `{c}` | before the number |" for p, c in COMPARATOR_PREFIXES.items()]
    out += [f"| `{p}` | `{c}` | after the number |" for p, c in COMPARATOR_SUFFIXES.items()]
    out += [
        "",
        "A range `a-b`, `a~b`, `a～b`, `a至b` gives `between` with `value` and `value_max`.",
        "",
        "## Units",
        "",
        "| unit | kind | written as |",
        "| --- | --- | --- |",
    ]
    out += [f"| `{u}` | {kind} | {written} |" for u, (kind, written) in UNITS.items()]
    out += [
        "",
        "Money is converted to 元 exactly (千元 ×1000, 万元 ×10000, 亿元 ×10⁸); a per-unit money value "
        "keeps its compound unit (`元/人`).",
        "",
        "## Measure words (quantity)",
        "",
        " ".join(f"`{w}`" for w in sorted(MEASURE_WORDS)),
        "",
        "A 万 before a measure word multiplies by 10000 (`2万人次` → 20000 人次); 个/名/位 may precede "
        "one (`7个社区`). Chinese numerals (`三个`, `两次`, `十二个`) and full-width digits read as numbers.",
        "",
        "## Words",
        "",
        "| written | kind | value |",
        "| --- | --- | --- |",
    ]
    out += [f"| `{w}` | boolean | {'' if n is None else n} |" for w, n in BOOLEANS.items()]
    out += [
        "",
        "A value starting with `定性` is qualitative: `text`.",
        "",
        "Deadlines (`12月底前`, `2022年12月31日前`, `年底前`, `6月30日前`, `年内`) are kind `date` with "
        "comparator `<=`; a date without a year takes the document's fiscal year.",
        "",
    ]
    return "\n".join(out)


def finding_codes() -> str:
    out = [
        "# Finding codes",
        "",
        "Generated from `pipeline/findings.py` by `make docs`; do not edit. Findings "
        "report what the checks saw; they never change the data.",
        "",
        "| code | severity | 中文 | meaning | message |",
        "| --- | --- | --- | --- | --- |",
    ]
    out += [
        f"| `{c.code}` | {c.severity} | {c.title_zh} | {c.meaning} | `{c.template}` |" for c in CODES.values()
    ]
    return "\n".join(out) + "\n"


def _num(value) -> str | None:
    return None if value is None else f"{value.normalize():f}"


PAGES = {"data-dictionary.md": data_dictionary, "values.md": value_grammar, "findings.md": finding_codes}


def stale_pages() -> list[str]:
    return [
        name
        for name, build in PAGES.items()
        if not (DOCS / name).exists() or (DOCS / name).read_text(encoding="utf-8") != build()
    ]


def main(argv: list[str]) -> int:
    if "--check" in argv:
        stale = stale_pages()
        for name in stale:
            print(f"docs/{name} is stale; run make docs", file=sys.stderr)
        return 1 if stale else 0
    DOCS.mkdir(exist_ok=True)
    for name, build in PAGES.items():
        (DOCS / name).write_text(build(), encoding="utf-8")
        print(f"wrote docs/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
