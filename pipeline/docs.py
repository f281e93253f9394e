"""Generate docs/ from the code: the data dictionary, the 指标值 grammar and the finding codes.

python -m pipeline.docs          # rewrite docs/
python -m pipeline.docs --check  # exit 1 if docs/ is stale (the tests run this)
"""

from __future__ import annotations

import sys
from pathlib import Path

from parsers.layouts.declarations import END_LABELS, FUND_COLUMNS, LAYOUTS, SIGN_OFF

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
    "2100",
    "%=100",
    "公里=125",
    "±3%以内",
    "≧735人次",
    "═100%",
    "≥80M",
    "80人数",
    "2个百分点",
    "2023.07-2024.01",
    "2021年1月-12月",
    "12月底到位",
    "每年12月底前",
    "万元",
    "不超预算",
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
        "A value starting with `定性` is qualitative: `text`; `定量：≥95%` reads as `≥95%`. A form's choice "
        "with one option marked (`是（√）否（）`, `□是☑否`) is the marked one; `是/否` with none marked is a "
        "boolean without a value.",
        "",
        "Deadlines (`12月底前`, `2022年12月31日前`, `年底前`, `6月30日前`, `年内`, `12月底到位`, `2024年`, "
        "`上半年`, `第四季度`, `当年`, `次年3月底前`, `2024.12`) are kind `date` with comparator `<=`; a date "
        "without a year takes the document's fiscal year (次年: the year after it). `2020.5` in a row about "
        "money is an amount. A period (`2023.07-2024.01`, `2021年1月-12月`, `2024-2026年`) is kind `date` "
        "with no comparator, its end as `value_date`.",
        "",
        "A bare number is a `quantity` with no unit. A unit printed before the operator (`%=100`, "
        "`公里=125`) reads as `=100%`. `±3%` is `between` -3 and 3. Where the indicator is about money "
        "(成本指标, or 金额/资金/经费/费用/预算/成本 in its name), `250万` and `≤620万/月` are 万元.",
        "",
        "A target split over cells (operator | value | unit | 指标性质, in any print order) is read as "
        "operator + value + unit; `定性` in 指标性质 makes it `text`. `value_raw` keeps the cells joined "
        "in print order.",
        "",
    ]
    return "\n".join(out)


def templates() -> str:
    """docs/templates.md: each declared layout, the labels that identify it, its columns, an example."""
    out = [
        "# Layouts (templates)",
        "",
        "Generated from `parsers/layouts/declarations.py` by `make docs`; do not edit. A project's table "
        "is read with the first layout whose identifying labels it all prints (one label of each "
        "group is enough); `projects.template` and `documents.template` name it. A goal-like table that "
        "matches none is read with every label below and reported (`layout_unmatched`), naming the "
        "closest layout and the labels it missed. Labels compare without spaces, widths, a trailing "
        "colon or a trailing parenthesis (`资金情况（万元）` is `资金情况`).",
        "",
    ]
    for layout in LAYOUTS:
        out += [f"## `{layout.name}` — {layout.title_zh}", "", layout.description, ""]
        out.append("Identified by: " + "; ".join(" / ".join(group) for group in layout.identify) + ".")
        if layout.starts:
            out.append(f"A project starts at a table holding {' / '.join(layout.starts)}.")
        if layout.name_from_title:
            out.append("The project is named from the table's title.")
        out += ["", "| field or column | where | labels |", "| --- | --- | --- |"]
        out += [
            f"| {name} | right of the label | {' / '.join(labels)} |" for name, labels in layout.head.items()
        ]
        out += [
            f"| {name} | under the caption | {' / '.join(labels)} |"
            for name, labels in layout.captions.items()
        ]
        out += [f"| {name} | the row under the label | {label} |" for label, name in layout.continued.items()]
        if layout.spending_plan:
            out.append(f"| spending plan | checkpoints, percentages under them | {layout.spending_plan}… |")
        out += [
            f"| indicator `{role}` | column | {' / '.join(labels)} |"
            for role, labels in layout.columns.items()
        ]
        out += ["", f"Example: {layout.example}", ""]
    out += [
        "## Labels no layout declares: read by their form",
        "",
        "Under each layout's own labels stands the shared vocabulary: a label any family declares for "
        "a head field, a caption or an indicator column (项目概况, 指标描述, 项目编号) means the same in "
        "every layout, unless that layout reads it otherwise. A head label with funds right of it "
        "(资金用途 | 预算数 | 0.40) is merged over two rows: its text is in the row below. A spending plan's "
        "label may say 资金支出进度计划 or 支出计划（%）. 总体目标 with the goal right of it (no captions "
        "under it) is the goal. A label and its value in one cell (部门名称：某某局, as 一体化 exports "
        "print their 基本信息) give the field, unless the rest is a form's blank (填报单位:(盖章)).",
        "",
        "The declarations name the labels each layout was seen with; `parsers/layouts/forms.py` reads "
        "the spellings the next province prints by their form, wherever a declared label would stand "
        "(choosing the layout, cutting the stretches, naming the columns and the head fields):",
        "",
        "| role | form | examples |",
        "| --- | --- | --- |",
        "| target (`value`) | ends in 指标值, 目标值 or 指标值及单位, nothing after it | 年度(/项目)指标值, 预期指标值, "
        "计划目标值, *指标值; not 指标值确定依据 or 指标值类型 |",
        "| long-term target | 实施期/中期/长期… before 指标值 | 实施周期指标值 |",
        "| levels | 一级/二级/三级指标 with little before, 名称 after | *一级指标, 二级指标名称, 三级绩效指标名称, 具体指标 |",
        "| basis | ends in 依据 (and 及说明) | 指标值设定依据, 设定依据, 指标值确定依据及说明 |",
        "| weight | 权重, 指标权重, 分值, 指标分值 | a 权重 column in any layout is the weight |",
        "| score | 得分 after 实际, 自评 or 评价 | 实际得分 |",
        "| operator | 指标值类型, 计算/运算/比较符号 | 运算符号 |",
        "| what was achieved | 实际完成情况, 年度实际完成情况, 目标完成情况 | a self-evaluation's goal_actual |",
        "| funds stages | 年初预算(数), 全年预算(数), 全年执行(数) or 执行数, (预算)执行率 | in a row without amounts |",
        "| the funded thing's name | ends in 名称 after (a word and) 项目, 专项, 资金; 项目全称 | 项目(专项)名称, "
        "专项资金名称, 资金名称, 预算项目名称 |",
        "| the unit's name | 部门名称, 单位名称, 部门(单位)名称 | the name of a department-wide table |",
        "| the year's goal | 年度…目标; in a department-wide table 部门整体绩效目标, 部门年度总体目标, "
        "整体绩效目标; 项目年度目标 | |",
        "| department | 主管部门 or 主管单位, 归口(管理)部门, 名称 after | 主管单位, 主管部门名称, 业务主管部门, "
        "归口管理部门 |",
        "| implementing unit | 实施/承担/执行/责任/承办 before 单位, 主体 or 机构, 名称 after; 项目单位; "
        "(资金)使用单位, 用款单位 | 项目承担单位, 实施单位名称, 项目实施主体, 责任单位, 项目实施机构 |",
        "| purpose | 项目(主要)内容, 项目简介, 项目概述, (资金)主要用途 | beside the declared 项目概况, 资金用途 |",
        "| approval basis | (项目)立项依据, 政策依据 | |",
        "| period | 起止/实施/执行 before 时间, 期限, 年限, 周期 or 期; 计划开始日期 and 计划完成日期, joined "
        "with 至 | 项目起止时间, 实施年限 |",
        "| purpose of a department-wide table | 部门/单位 (主要)职责 or 职能, 概述 after | 部门职责, "
        "部门(单位)职责, *部门职能职责概述; above a project's table the unit's, said |",
        "| the goal set, beside what was achieved | 年初设定目标, 设定目标 | a self-evaluation's goal |",
        "| actual (column) | 完成值, 全年完成值, 实际完成值 | |",
        "| remark (column) | ends in 改进措施 or 整改措施; 情况说明; 未完成原因(分析) | 未完成原因和改进措施 |",
        "| nature (column) | 指标属性, beside a 指标性质 that holds the operator | 定量指标 / 定性指标 (Yunnan's 表14) |",
        "| a list's project (column) | 单位(专项)名称, 单位名称、项目名称; 项目年度绩效目标 | one list for a unit's projects |",
        "| unit column | 单位 alone, in an indicator header only | 指标值 \\| 单位 (transfer tables) |",
        "| a list's unit code (column) | 单位代码, 单位编码, 部门编码 | each project's unit |",
        "| budget (head) | ends in 金额 or 资金规模, no stage or spending named; 合计, 总计 among funds | "
        "项目金额（元）, 项目总金额, 年度申请金额; not 执行金额 |",
        "| target (column) | 预期值, 计划值, 期望值 (a prefix before) | 年度预期值 |",
        "| weight / score (column) | 权重分值, 标准分值, 满分 / 考核得分, 评分 | |",
        "| code (head) | 项目ID, 项目标识码 | beside the declared 项目编码, 项目编号 |",
        "",
        "Where no label says it, the place and the content of a column or a cell do:",
        "",
        "- the one column between the levels and the target that no role takes is the third level "
        "(一级指标 \\| 二级指标 \\| 考核指标 \\| 指标值; 绩效指标, 三级指标内容);",
        "- a column no role takes whose cells are level names (they end in 指标) holds a level no label "
        "names: the first left of the others, the second between the first and the third (满意度指标 under "
        "满意度指标 too), else the one kind its cells all are (指标类别 over 产出指标 / 效益指标);",
        "- a group of columns naming its levels and no target: the first column no label names right of its "
        "third level (or a standard: 绩效标准, 评价标准) whose cells mostly read as targets is the target "
        "(标准值, 考核标准, 年度目标), or, where "
        "the header names no target at all, the only such column (a column saying 备注 is never one), with "
        "a `target_by_content` finding; a flat header (指标名称 \\| 指标权重 \\| 计量单位 …) too; a target "
        "caption in the row above, over an empty cell of the levels row (绩效指标 \\| 指标值 "
        "over 一级指标 \\| 二级指标 \\| 三级指标 \\| ␣), makes the header with it;",
        "- head labels printed as captions over a row of their values (项目编码 \\| 项目名称 \\| 主管部门 \\| "
        "实施单位, every cell a field's label) are those fields;",
        "- a table of head labels right above an indicator table that starts a stretch (nothing between "
        "them but blank lines, page furniture or a page number) is that table's head: a 部门整体 table's "
        "部门(单位)名称, funds and goal cut from its indicators by a page break or by its writer;",
        "- funds captions by kind (合计 \\| 财政拨款 \\| 其他资金) beside a block label merged down its rows "
        "(项目预算资金, 项目资金来源) over a row of amounts with no label of its own are the table's money; "
        "a grid of tasks with one money column (任务名称 \\| 主要内容 \\| 预算金额) gives a part per task;",
        "- a table that starts by printing the open table's indicator header again, right after it (a "
        "page break), goes on with the same indicators under the same levels;",
        "- head fields typed as label：value pairs side by side in one cell (项目名称：某项目      实施单位：某镇; "
        "in a PDF one space or none between, where a label the head knows starts the next pair), or "
        "printed as lines right above the indicator table, are the table's head;",
        "- a target's sub-captions in the row under the header (指标值 over 数值 \\| 单位, 绩效目标值 over "
        "符号 \\| 值 \\| 计量单位) or under a target caption above the levels' row (指标值 over 年度 \\| "
        "中期) make one header; a target printed over two cells under one caption (≥ \\| 100人) is one "
        "target;",
        "- both levels in one cell (产出指标/数量指标) are split; level names under the block's caption "
        "(绩效指标 over 产出指标 …) or under a nature's label (指标类型) are the first level; a level name "
        "wrapped in its cell (项目完成 / 指标) is joined;",
        "- a table's title printed in its own top row is its title, as a paragraph above it would be.",
        "",
        "A unit in the target header (`指标值（%）`, `目标值(万元)`) is the unit of its bare numbers; a cell "
        "with another unit is read as printed (`value_unit_header_conflict`). A header cell no role "
        "takes keeps its cells in `remark`, labelled (`indicator_column_unread`); a head label no field "
        "takes, with its value right of it (项目属性 | 延续项目, 联系电话), is a `head_label_unread` finding "
        "that keeps both texts. A table that cannot "
        "be read is an error finding for itself (`table_unreadable`); the file's other tables land "
        "and its outcome is `partial`.",
        "",
        "## Families of goal tables (`projects.kind`)",
        "",
        "- `project`: a project's 绩效目标表 (申报表, 自评表, 评价指标表, 一体化 exports …);",
        "- `department`: 部门(单位)整体绩效目标表 / 部门整体支出绩效目标申报表 — the unit takes the project's "
        "place (部门名称 names it);",
        "- `transfer`: 转移支付区域绩效目标表 and 区域绩效自评表 (专项名称 / 资金名称; 中央/省级/市级/区级 "
        "财政部门 and 主管部门).",
        "",
        "Budget tables (收支总表, 功能科目 and 经济科目 tables, 三公 …) are never goal tables: they are "
        "read into `budget_tables` and `budget_lines` (`parsers/budget/`).",
        "",
        "## Every layout",
        "",
        "Funds: a row label names its kind (资金总额/预算数/本年预算/项目(总)预算 total, 财政拨款/财政资金 fiscal, "
        "上级资金, 自有资金/自筹资金, 其他资金/其他收入, 事业收入/经营收入 the unit's own, 上年结转; under a "
        "funds block 总额 and 其他; beside 项目资金总额 the year's 年度资金申请总额 is the budget); the "
        "amount stands right of it, in the same cell (财政拨款:960.25万元), or under column captions "
        f"({' / '.join(FUND_COLUMNS)}). A budget that is the sum of its printed sources is consistent "
        "though no line says 其他资金. Indicator tables end at "
        f"{' / '.join(END_LABELS)}, 其他说明的问题 and its like, or the "
        f"sign-off block ({' / '.join(SIGN_OFF)}, 填报人: / 单位负责人:).",
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


PAGES = {
    "data-dictionary.md": data_dictionary,
    "values.md": value_grammar,
    "findings.md": finding_codes,
    "templates.md": templates,
}


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
