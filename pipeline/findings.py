"""The registry of finding codes: severity, Chinese title, meaning and message template.

Checks return findings; nothing here raises or changes data. ``docs/findings.md`` is generated
from this registry.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FindingCode:
    code: str
    severity: str  # error | warning | info
    title_zh: str
    meaning: str
    template: str


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: str
    location: str | None
    message: str
    raw: str | None = None
    project_code: str | None = None
    line: int | None = None


_CODES = (
    FindingCode(
        "file_error",
        "error",
        "文件无法入库",
        "The file could not be read as a publication; its earlier rows, if any, are kept.",
        "{reason}",
    ),
    FindingCode(
        "file_refused",
        "warning",
        "非绩效目标文件",
        "The file was read, but it is no publication this reader takes (a letter, a notice); no rows.",
        "{reason}",
    ),
    FindingCode(
        "file_skipped",
        "info",
        "未读取的文件",
        "The file is no document (an image, an Office lock file, a web page, an unsupported archive); "
        "it is named so that nothing in the folder goes unseen.",
        "{reason}",
    ),
    FindingCode(
        "fiscal_year_undetermined",
        "warning",
        "无法确定预算年度",
        "Neither the titles, the goal statement, the project codes and names nor a <year> folder name a "
        "plausible fiscal year; the rows are kept with fiscal_year null.",
        "no plausible fiscal year in the titles, the goal statement, the project codes or names, "
        "or the folder; stored with the year unknown",
    ),
    FindingCode(
        "fiscal_year_ambiguous",
        "warning",
        "预算年度不一致",
        "The places that name a year disagree; the year with the most weight is used "
        "(titles 3, goal statement 2, project codes 2, folder 2, project names 1).",
        "fiscal year {year} ({agree}); {others}",
    ),
    FindingCode(
        "tab_paragraph_or_cell",
        "info",
        "段落或单元格",
        "In Tika text a paragraph led by a TAB and a one-cell table with a blank paragraph in it read "
        "the same; the reader chose by what follows (a cell line before the next empty line: a cell).",
        "'{raw}' is a paragraph led by a TAB or a one-cell table; {detail}",
    ),
    FindingCode(
        "value_out_of_range",
        "warning",
        "数值超出范围",
        "A normalized value does not fit its column (too many digits or decimals); it is stored as null "
        "and its printed text is kept.",
        "{column} from '{raw}' does not fit {type}; stored as null",
    ),
    FindingCode(
        "duplicate_document",
        "warning",
        "重复文件",
        "Two source files have identical bytes; the second is skipped.",
        "same content as {other}",
    ),
    FindingCode(
        "same_publication",
        "info",
        "同一文件的另一形式",
        "Another document says the same (a .docx and its PDF, say): both are kept, linked by "
        "documents.publication_id; only the primary one counts in the views, the report and the notebook.",
        "the same publication as {other} ({role}){detail}",
    ),
    FindingCode(
        "amount_unparsed",
        "warning",
        "金额无法识别",
        "An amount cell holds something that is not a number; the yuan column stays null.",
        "{label} '{raw}' is not a number",
    ),
    FindingCode(
        "amount_inexact",
        "warning",
        "金额精度超出",
        "An amount has more decimals than a fen; the yuan column stays null rather than round.",
        "{label} '{raw}' {unit} is not a whole number of fen",
    ),
    FindingCode(
        "amount_unit_unknown",
        "warning",
        "金额单位未知",
        "The table declares a unit this tool does not convert; the yuan columns stay null.",
        "unknown amount unit '{unit}'",
    ),
    FindingCode(
        "amount_unit_conflict",
        "warning",
        "金额单位不一致",
        "An amount cell carries its own unit (250万, 387,664.62元), not the one its table declares; the "
        "cell's own unit is used.",
        "{label} '{raw}' is in {unit}, the table declares {declared}",
    ),
    FindingCode(
        "amount_derived",
        "info",
        "预算数由分项推算",
        "No total is printed; the budget is the sum of the printed subtotals (budget_derived is true).",
        "no total printed; budget {total} 元 is the sum of {parts}",
    ),
    FindingCode(
        "amount_unit_assumed",
        "info",
        "金额单位缺省",
        "The table declares no unit (单位：…); 万元, the norm for these tables, is assumed.",
        "no amount unit declared; 万元 assumed",
    ),
    FindingCode(
        "funds_sum_mismatch",
        "warning",
        "资金合计不符",
        "预算数 ≠ 其中：财政资金 + 其他资金.",
        "预算数 {budget} ≠ 财政资金 {fiscal} + 其他资金 {other}",
    ),
    FindingCode(
        "spending_plan_unparsed",
        "warning",
        "支出计划无法识别",
        "A spending-plan cell is not a percentage.",
        "{checkpoint} '{raw}' is not a percentage",
    ),
    FindingCode(
        "spending_plan_not_cumulative",
        "warning",
        "支出计划非累计",
        "A checkpoint plans less than the one before; the plan should be cumulative.",
        "{checkpoint} {pct}% < {previous} {previous_pct}%",
    ),
    FindingCode(
        "spending_plan_incomplete",
        "warning",
        "支出计划未达100%",
        "The last checkpoint is not 100%.",
        "last checkpoint {checkpoint} plans {pct}%, not 100%",
    ),
    FindingCode(
        "project_incomplete",
        "warning",
        "绩效目标表不完整",
        "The project's table is cut short: parts of a 绩效目标表 are missing.",
        "missing {missing}",
    ),
    FindingCode(
        "duplicate_project_code",
        "warning",
        "项目编码重复",
        "The same 项目编码 names two tables in one document.",
        "项目编码 {code} also in project {other}",
    ),
    FindingCode(
        "code_year_differs",
        "info",
        "编码年度不同",
        "The project code names another year than the fiscal year (often a carried-over grant).",
        "code year {code_year} ≠ fiscal year {year}",
    ),
    FindingCode(
        "layout_unmatched",
        "warning",
        "版式未识别",
        "A table with performance-goal columns matches no declared layout (docs/templates.md); it is read "
        "with every label the layouts know, or not at all where it has no indicator header.",
        "'{raw}': {detail}",
    ),
    FindingCode(
        "name_from_title",
        "info",
        "项目名称取自标题",
        "The table prints no 项目名称; the project is named from its title, without the year, the place "
        "and the kind of table.",
        "named '{detail}' from the title '{raw}'",
    ),
    FindingCode(
        "indicator_row_placement",
        "warning",
        "指标行位置不确定",
        "A row of Tika text has fewer cells than its header and its content does not say which columns "
        "merged; the .docx of the same file knows (README, Behaviour).",
        "'{raw}': {detail}",
    ),
    FindingCode(
        "operator_from_name",
        "info",
        "比较符取自指标名称",
        "The target prints no operator, the indicator's name keeps the template's placeholder (≥**%); the "
        "placeholder's operator (and unit) is used.",
        "'{raw}' read as '{read}' from the name '{name}'",
    ),
    FindingCode(
        "placeholder_left",
        "warning",
        "模板占位符未填",
        "A target still holds the template's placeholder (≥**个) instead of a value.",
        "target '{raw}' is a placeholder",
    ),
    FindingCode(
        "target_blank",
        "warning",
        "指标值为空",
        "An indicator row prints no target value (at most a unit or an operator).",
        "{levels} has no target value ('{raw}')",
    ),
    FindingCode(
        "actual_unit_differs",
        "warning",
        "实际值单位不同",
        "The actual of a self-evaluation is in another unit than its target.",
        "target in {unit}, actual '{raw}' in {actual_unit}",
    ),
    FindingCode(
        "unit_contradicts_name",
        "warning",
        "单位与名称矛盾",
        "The unit cell says another measure word than the number in the indicator's name (村组干部230人 | 个).",
        "'{name}' counts {name_unit}, the unit cell says {unit}",
    ),
    FindingCode(
        "rate_given_as_count",
        "warning",
        "比率指标给出数量",
        "A rate indicator (…率) has a count or money target instead of a percentage.",
        "rate indicator '{name}' has target '{raw}'",
    ),
    FindingCode(
        "percent_over_100",
        "warning",
        "百分比超过100",
        "A percent target above 100 (≥100% included) cannot be exceeded as written.",
        "target '{raw}' is above 100%",
    ),
    FindingCode(
        "yes_no_placeholder",
        "info",
        "是/否未填写",
        "The template's 是/否 was left as the target instead of choosing one.",
        "target left as '{raw}'",
    ),
    FindingCode(
        "unparsed_value",
        "info",
        "指标值无法识别",
        "A 指标值 holds a number the value grammar does not read; it is kept as text.",
        "'{raw}' holds a number but was not understood",
    ),
    FindingCode(
        "deadline_outside_year",
        "warning",
        "期限超出年度",
        "A deadline target falls outside the fiscal year.",
        "deadline {date} is outside {year}",
    ),
    FindingCode(
        "duplicate_indicator",
        "info",
        "指标重复",
        "The same 一级/二级/三级指标 appears twice in one project.",
        "{levels} repeats indicator {other}",
    ),
    FindingCode(
        "numbering_duplicate",
        "warning",
        "编号重复",
        "A number repeats in a numbered list.",
        "number {number} appears twice",
    ),
    FindingCode(
        "numbering_gap",
        "warning",
        "编号跳号",
        "A numbered list skips a number.",
        "number {missing} is skipped ({before} → {after})",
    ),
    FindingCode(
        "indicator_column_unread",
        "info",
        "未识别的指标列",
        "A column of the indicator header that no role takes (责任科室 …); its cells are kept in remark, "
        "labelled.",
        "column '{raw}' is no column this reader knows: {detail}",
    ),
    FindingCode(
        "target_by_content",
        "info",
        "指标值列按内容识别",
        "A group of indicator columns names its levels but no target; the column no label names whose "
        "cells read as targets (≥95%, 40人, 12月底前) is taken as the target (指标值), or, where the header "
        "names no target at all, the only such column right of the third level. The label is kept.",
        "column '{raw}' read as the target: {detail}",
    ),
    FindingCode(
        "head_label_unread",
        "info",
        "未读取的表头项",
        "A label in the head of a goal table that no field takes (项目属性, 联系电话, 中央主管部门 …), with its "
        "value right of it: no column holds it, the finding keeps both texts.",
        "'{raw}': {detail}",
    ),
    FindingCode(
        "value_unit_header_conflict",
        "warning",
        "指标值单位与表头不符",
        "The target column's header gives a unit (指标值（%）) and the cell says another; the cell is read as printed.",
        "'{raw}' under a header in {header_unit}: read as printed, in {unit}",
    ),
    FindingCode(
        "value_unit_cell_conflict",
        "warning",
        "指标值与计量单位不符",
        "The target prints a unit of its own (28.8万元) and the unit column says another (%); the target is "
        "read with its own unit.",
        "'{raw}' beside the unit cell '{unit_cell}': read with the target's own unit",
    ),
    FindingCode(
        "traditional_script",
        "info",
        "繁体字文档",
        "The publication prints its labels in traditional characters (項目名稱, 指標值): it was read through "
        "their simplified forms, and every text is kept as printed.",
        "{detail}",
    ),
    FindingCode(
        "empty_form",
        "info",
        "空表单",
        "A goal table of a project already read, with headers and no indicator rows (a 项目库 export's "
        "monitoring or self-evaluation sheet not filled in): no second project.",
        "'{raw}': {detail}; the project is the one read before",
    ),
    FindingCode(
        "table_unreadable",
        "error",
        "表格无法读取",
        "One table of the file could not be read; the file's other tables and projects are kept.",
        "table '{raw}' could not be read: {detail}; the file's other tables are kept",
    ),
    FindingCode(
        "pdf_row_joined",
        "info",
        "跨页断行已合并",
        "A table row cut by a page break (its text going on at the top of the next page) was read as one row.",
        "'{raw}': {detail}",
    ),
    FindingCode(
        "label_rejoined",
        "info",
        "跨行标签已合并",
        "A label merged down two rows (a head label, a first-level indicator name) that a printed page "
        "cut between them (资金支 / 出计划（%）, 产出指 / 标) or moved beside the second row was read as "
        "the one label it is.",
        "'{raw}': {detail}",
    ),
    FindingCode(
        "budget_unbalanced",
        "warning",
        "收支不平衡",
        "The revenue and expenditure totals of a summary table differ as printed.",
        "{what}: {printed} against {summed} (difference {difference})",
    ),
    FindingCode(
        "budget_sum_mismatch",
        "warning",
        "上下级科目不符",
        "A subject line differs from the sum of the lines one level below it (类 = Σ款, 款 = Σ项, 301 = Σ30101…).",
        "{what}: printed {printed}, sum {summed} (difference {difference})",
    ),
    FindingCode(
        "budget_total_mismatch",
        "warning",
        "合计与分类不符",
        "A table's 合计 differs from the sum of its classes.",
        "{what}: printed {printed}, sum {summed} (difference {difference})",
    ),
    FindingCode(
        "budget_rounding_difference",
        "info",
        "合计与明细尾差",
        "A printed total differs from the sum of its printed parts by no more than their rounding can "
        "explain (half a unit of the last printed place of each amount): the parts were rounded, not "
        "mistyped. Still reported, with both amounts.",
        "{what}: printed {printed}, sum {summed} (difference {difference}, within the rounding of "
        "{count} amounts printed to {step})",
    ),
    FindingCode(
        "budget_cross_table_mismatch",
        "warning",
        "表间数据不一致",
        "The same class is printed with different amounts in two tables of one publication.",
        "{what}: {printed} against {summed} (difference {difference})",
    ),
    FindingCode(
        "budget_three_public_mismatch",
        "warning",
        "三公经费小计不符",
        "The 三公 小计 differs from 因公出国(境) + 公务用车购置及运行 + 公务接待.",
        "{what}: printed {printed}, sum {summed} (difference {difference})",
    ),
    FindingCode(
        "budget_empty_with_amounts",
        "warning",
        "空表有数",
        "A table says it is empty (本表无数据, 此表为空) and still prints amounts; they are kept.",
        "the table says '{raw}' and prints {count} amounts; they are kept",
    ),
    FindingCode(
        "budget_kind_unknown",
        "info",
        "预算表类别不明",
        "A budget-like table whose title names no known kind; it is kept with kind 'other'.",
        "'{raw}' names no known kind of budget table; read as 'other'",
    ),
    FindingCode(
        "budget_amount_unit_unknown",
        "warning",
        "金额单位不明",
        "Neither the table nor any table before it declares its amount unit; amount_yuan is null.",
        "'{raw}' declares no amount unit (单位：万元 / 元); amounts kept as printed only",
    ),
    FindingCode(
        "budget_amount_unreadable",
        "warning",
        "金额无法读取",
        "An amount cell holds something that is not one number (two numbers run together in print).",
        "'{raw}' in {detail} is not one amount; not read",
    ),
    FindingCode(
        "budget_row_from_text",
        "info",
        "分页断行",
        "A table row that lost its rules at a page break came out as text and was read back as a row.",
        "'{raw}' read back as a row of the table ({detail})",
    ),
    FindingCode(
        "no_goal_tables",
        "info",
        "无绩效目标表",
        "A publication with budget tables and no 绩效目标表: its budget tables are read, and it has no projects.",
        "a {stage} publication with {count} budget tables and no 绩效目标表",
    ),
)
CODES: dict[str, FindingCode] = {c.code: c for c in _CODES}


def project_location(seq: int, code: str | None) -> str:
    """How every finding names a project: 'project 3 (13030322P00410910002Y)'."""
    return f"project {seq} ({code or 'no 项目编码'})"


def finding(
    code: str,
    /,
    *,
    location: str | None = None,
    raw: str | None = None,
    project_code: str | None = None,
    line: int | None = None,
    **params,
) -> Finding:
    """Build a Finding of ``code`` with its message filled from ``params`` (and ``raw``)."""
    spec = CODES[code]
    message = spec.template.format(raw=raw, **params)
    return Finding(code, spec.severity, location, message, raw, project_code, line)
