"""The single source of truth for the output tables: names, columns, Arrow types, units, labels.

Writers, the data dictionary and the tests read it from here. Each table's files are grouped in one
folder per fiscal year (``2022/``, and ``unknown/`` for rows whose year nobody printed); the
``fiscal_year`` column is inside the files, so every reader sees the same integer column, nulls
included. Each field carries its Chinese label, meaning and unit in its metadata.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

import pyarrow as pa

YUAN = pa.decimal128(20, 2)  # exact yuan: 0.40 万元 → 4000.00
VALUE = pa.decimal128(28, 6)  # normalized indicator values: yuan, percent points, counts


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    label_zh: str
    description: str
    unit: str | None = None
    nullable: bool = True
    raw: str | None = None  # the column holding the printed text this one is normalized from

    def field(self) -> pa.Field:
        meta = {"label_zh": self.label_zh, "description": self.description}
        if self.unit:
            meta["unit"] = self.unit
        if self.raw:
            meta["raw_column"] = self.raw
        return pa.field(self.name, self.type, nullable=self.nullable, metadata=meta)


@dataclass(frozen=True)
class Table:
    name: str
    label_zh: str
    description: str
    columns: tuple[Column, ...]
    partition: str | None = "fiscal_year"  # files are grouped in one folder per value; None: one folder

    def schema(self) -> pa.Schema:
        return _schema(self)

    def _build_schema(self) -> pa.Schema:
        return pa.schema(
            [c.field() for c in self.columns],
            metadata={
                "table": self.name,
                "label_zh": self.label_zh,
                "description": self.description,
                "pandas": _pandas_metadata(self.columns),
            },
        )

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _pandas_metadata(columns: tuple[Column, ...]) -> str:
    """pandas reads integers with nulls as float64 (2018.0) unless told their nullable dtype; this is
    the part of pandas' own Parquet metadata that tells it (Int32, Int64, boolean)."""
    nullable = {"int32": "Int32", "int64": "Int64", "bool": "boolean"}
    entries = [
        {
            "name": c.name,
            "field_name": c.name,
            "pandas_type": str(c.type),
            "numpy_type": nullable[str(c.type)],
            "metadata": None,
        }
        for c in columns
        if str(c.type) in nullable
    ]
    return json.dumps(
        {"index_columns": [], "column_indexes": [], "columns": entries, "creator": {"library": "pyarrow"}}
    )


@functools.cache
def _schema(table: Table) -> pa.Schema:
    """Each table's Arrow schema, built once (rows are converted per document)."""
    return table._build_schema()


def _c(name, type_, label_zh, description, unit=None, nullable=True, raw=None) -> Column:
    return Column(name, type_, label_zh, description, unit, nullable, raw)


_DOC_ID = _c("doc_id", pa.string(), "文档标识", "sha256 (hex) of the source file's bytes", nullable=False)
_YEAR = _c(
    "fiscal_year",
    pa.int32(),
    "预算年度",
    "fiscal year the publication budgets for (null where nothing names it); files are grouped by it",
)
_PROJECT_CODE = _c("project_code", pa.string(), "项目编码", "budget project code as printed")
_LINE = _c(
    "source_line",
    pa.int32(),
    "源文件行号",
    "1-based line in the source text; the page of a PDF; null for .docx",
)
_BLOCK = _c(
    "source_block",
    pa.int32(),
    "源文件块号",
    "0-based position of the paragraph or table in the document's block stream (any format)",
)
_ROW = _c("source_row", pa.int32(), "源表格行号", "0-based row of the table at source_block")
# Columns that point into the source; the only ones allowed to differ between a .docx and its Tika text.
POSITION_COLUMNS = ("source_line", "source_block", "source_row")

DOCUMENTS = Table(
    "documents",
    "文档",
    "One row per ingested publication.",
    (
        _DOC_ID,
        _c("source_path", pa.string(), "源文件路径", "path of the source file as ingested", nullable=False),
        _c(
            "source_format",
            pa.string(),
            "源文件格式",
            "tika_text | docx | pdf | doc | wps | rtf | odt",
            nullable=False,
        ),
        _c("encoding", pa.string(), "文本编码", "text encoding the reader used (null for .docx)"),
        _c("source_bytes", pa.int64(), "文件大小", "size of the source file", "byte"),
        _YEAR,
        _c(
            "fiscal_year_source",
            pa.string(),
            "年度来源",
            "where the fiscal year was read: title, statement, codes, names, folder ('+'-joined)",
        ),
        _c("unit_code", pa.string(), "单位编码", "budget unit code (预算单位编码), e.g. 613001"),
        _c("unit_name", pa.string(), "单位名称", "the publishing unit's name, without a code before it"),
        _c(
            "unit_name_source",
            pa.string(),
            "单位名称来源",
            "where unit_name was read: unit line | cover | 部门名称 | 实施单位 | 主管部门",
        ),
        _c("unit_scope", pa.string(), "单位范围", "部门本级, 单位本级, 部门汇总 … as printed"),
        _c("template", pa.string(), "版式", "layouts of its tables ('+'-joined, docs/templates.md)"),
        _c("project_count", pa.int32(), "项目数", "number of 绩效目标表 (projects) read"),
        _c("indicator_count", pa.int32(), "指标数", "number of indicator rows read"),
        _c("budget_total_yuan", YUAN, "预算合计", "sum of the projects' 预算数", "元"),
        _c(
            "stage",
            pa.string(),
            "预决算阶段",
            "budget (预算) | final (决算), for a publication with budget tables",
        ),
        _c(
            "budget_table_count",
            pa.int32(),
            "预算表数",
            "number of budget tables read (收支总表, 功能科目 …)",
        ),
        _c("budget_line_count", pa.int32(), "预算金额数", "number of amounts its budget tables print"),
        _c(
            "content_fingerprint",
            pa.string(),
            "内容指纹",
            "sha256 of its projects, indicators and budget lines, blanks ignored (null: nothing named)",
        ),
        _c(
            "publication_key",
            pa.string(),
            "出版物指纹",
            "sha256 of unit, year, project names and amounts and budget lines: what two printings share",
        ),
        _c(
            "publication_id",
            pa.string(),
            "出版物标识",
            "one id for the documents of one publication (a .docx, its PDF, its text), decided every run",
        ),
        _c(
            "is_primary",
            pa.bool_(),
            "主文档",
            "true for the one document of its publication that counts (docx > doc/wps > text > PDF)",
        ),
        _c("parser_version", pa.string(), "解析器版本", "version of the parser that read it", nullable=False),
        _c(
            "ingested_at",
            pa.timestamp("us", tz="UTC"),
            "入库时间",
            "when it was ingested (UTC)",
            nullable=False,
        ),
    ),
)

SECTIONS = Table(
    "sections",
    "章节",
    "The document cut at its headings; every non-blank line lands in one.",
    (
        _DOC_ID,
        _YEAR,
        _c("section_seq", pa.int32(), "章节序号", "1-based order in the document", nullable=False),
        _c("bookmark", pa.string(), "书签", "Word bookmark on the heading (null where none)"),
        _c("heading", pa.string(), "标题", "heading text as printed (null for text before any heading)"),
        _c("part", pa.string(), "部分", "第一部分, 第二部分 … the section belongs to"),
        _c(
            "text", pa.string(), "正文", "the section's non-blank lines, heading first; table rows TAB-joined"
        ),
        _LINE,
        _BLOCK,
    ),
)

DEPARTMENT_GOALS = Table(
    "department_goals",
    "部门整体绩效目标",
    "Department-wide goals of part 1.",
    (
        _DOC_ID,
        _YEAR,
        _c("kind", pa.string(), "类别", "总体目标 | 部门职责目标 | 工作保障措施", nullable=False),
        _c("text", pa.string(), "内容", "the goal text, paragraphs joined by newlines"),
        _LINE,
    ),
)

DUTY_GOALS = Table(
    "duty_goals",
    "分项绩效目标",
    "One row per numbered item of 分项绩效目标, in order.",
    (
        _DOC_ID,
        _YEAR,
        _c("item_seq", pa.int32(), "序号", "1-based order of the item", nullable=False),
        _c("item_number", pa.string(), "编号", "the item's number as printed (may repeat or skip)"),
        _c("name", pa.string(), "名称", "item name"),
        _c("main_duty", pa.string(), "主要职责", "主要职责"),
        _c("duty_goal", pa.string(), "职责目标", "职责目标"),
        _c("performance_goal", pa.string(), "绩效目标", "绩效目标"),
        _c("indicator", pa.string(), "绩效指标", "绩效指标"),
        _c("standard", pa.string(), "绩效标准", "绩效标准 (null where absent)"),
        _LINE,
    ),
)

PROJECTS = Table(
    "projects",
    "预算项目",
    "One row per project 绩效目标表.",
    (
        _DOC_ID,
        _YEAR,
        _c("unit_code", pa.string(), "单位编码", "budget unit code from the table's unit line"),
        _c("project_seq", pa.int32(), "项目序号", "1-based order in the document", nullable=False),
        _PROJECT_CODE,
        _c("project_name", pa.string(), "项目名称", "project name as printed (or read from the title)"),
        _c("template", pa.string(), "版式", "the layout the table was read with (docs/templates.md)"),
        _c(
            "kind",
            pa.string(),
            "目标表类别",
            "project | department (部门整体 table: the unit in the project's place) | transfer (转移支付 区域 table)",
        ),
        _c("department", pa.string(), "主管部门", "主管部门 / 预算部门 as printed"),
        _c("implementing_unit", pa.string(), "实施单位", "实施单位 / 执行单位 as printed"),
        _c("project_manager", pa.string(), "项目负责人", "项目负责人 (and telephone) as printed"),
        _c(
            "period",
            pa.string(),
            "项目期",
            "项目期 / 实施期 as printed; 计划开始日期 and 计划完成日期 (Shanghai) joined with 至",
        ),
        _c("table_title", pa.string(), "表标题", "the table's title paragraph as printed"),
        _c("code_region", pa.string(), "编码区划", "administrative region digits leading the code (130303)"),
        _c(
            "code_year",
            pa.int32(),
            "编码年度",
            "year named by the code (2022 for 13030322P…); null where none",
        ),
        _c("amount_unit", pa.string(), "金额单位", "amount unit the table declares (单位：万元)"),
        _c("budget_raw", pa.string(), "预算数(原文)", "预算数 as printed"),
        _c("budget_yuan", YUAN, "预算数", "budget, exact", "元", raw="budget_raw"),
        _c("fiscal_funds_raw", pa.string(), "财政资金(原文)", "其中：财政资金 as printed"),
        _c(
            "fiscal_funds_yuan",
            YUAN,
            "其中：财政资金",
            "of which fiscal funds, exact",
            "元",
            raw="fiscal_funds_raw",
        ),
        _c("other_funds_raw", pa.string(), "其他资金(原文)", "其他资金 as printed"),
        _c(
            "other_funds_yuan",
            YUAN,
            "其他资金",
            "other funds, exact; null where blank",
            "元",
            raw="other_funds_raw",
        ),
        _c(
            "budget_derived",
            pa.bool_(),
            "预算数推算",
            "true where no total is printed: budget_yuan sums the subtotals",
        ),
        _c("budget_initial_raw", pa.string(), "年初预算数(原文)", "年初预算数 as printed (self-evaluation)"),
        _c(
            "budget_initial_yuan",
            YUAN,
            "年初预算数",
            "budget at the start of the year, exact",
            "元",
            raw="budget_initial_raw",
        ),
        _c("budget_executed_raw", pa.string(), "全年执行数(原文)", "全年执行数 as printed (self-evaluation)"),
        _c(
            "budget_executed_yuan",
            YUAN,
            "全年执行数",
            "amount spent in the year, exact",
            "元",
            raw="budget_executed_raw",
        ),
        _c("execution_rate_raw", pa.string(), "执行率(原文)", "执行率 as printed (self-evaluation)"),
        _c(
            "execution_rate",
            pa.float64(),
            "执行率",
            "share of the budget spent",
            "%",
            raw="execution_rate_raw",
        ),
        _c(
            "purpose",
            pa.string(),
            "资金用途",
            "what the money is for (资金用途, 项目概况); in a 部门整体 table, what the unit does (部门职责)",
        ),
        _c("approval_basis", pa.string(), "立项依据", "立项依据 as printed"),
        _c("performance_goal", pa.string(), "绩效目标", "the project's (annual) performance goal"),
        _c("goal_long_term", pa.string(), "中长期目标", "the long-term goal printed beside the annual one"),
        _c("goal_actual", pa.string(), "目标完成情况", "实际完成情况 of a self-evaluation"),
        _LINE,
        _BLOCK,
    ),
)

SPENDING_PLAN = Table(
    "spending_plan",
    "资金支出计划",
    "Cumulative spending plan checkpoints per project.",
    (
        _DOC_ID,
        _YEAR,
        _PROJECT_CODE,
        _c("project_seq", pa.int32(), "项目序号", "the project's order in the document", nullable=False),
        _c("checkpoint", pa.string(), "时间节点", "checkpoint as printed (3月底)", nullable=False),
        _c("month", pa.int32(), "月份", "month the checkpoint ends (3月底: 3; 第一季度: 3, 上半年: 6)"),
        _c("cumulative_pct_raw", pa.string(), "累计支出(原文)", "percentage as printed"),
        _c(
            "cumulative_pct",
            pa.float64(),
            "累计支出比例",
            "cumulative share spent by the checkpoint",
            "%",
            raw="cumulative_pct_raw",
        ),
        _LINE,
    ),
)

INDICATORS = Table(
    "indicators",
    "绩效指标",
    "One row per indicator of a project's 绩效目标表.",
    (
        _DOC_ID,
        _YEAR,
        _PROJECT_CODE,
        _c("project_seq", pa.int32(), "项目序号", "the project's order in the document", nullable=False),
        _c("indicator_seq", pa.int32(), "指标序号", "1-based order within the project", nullable=False),
        _c("horizon", pa.string(), "目标期限", "annual | long_term (实施期/中期 targets beside annual ones)"),
        _c(
            "level1",
            pa.string(),
            "一级指标",
            "一级指标 (merged cells filled from above; a name wrapped in its cell, 项目完成 / 指标, joined)",
        ),
        _c("level2", pa.string(), "二级指标", "二级指标 (a name wrapped in its cell joined)"),
        _c("level3", pa.string(), "三级指标", "三级指标"),
        _c("description", pa.string(), "绩效指标描述", "绩效指标描述"),
        _c(
            "value_raw",
            pa.string(),
            "指标值(原文)",
            "指标值 exactly as printed; a target split over cells is its cells joined in print order",
        ),
        _c(
            "value_operator_raw",
            pa.string(),
            "计算符号(原文)",
            "operator cell of a split target (计算符号, 指标性质)",
        ),
        _c(
            "value_number_raw",
            pa.string(),
            "指标值单元格(原文)",
            "value cell of a split target (指标值, 目标值)",
        ),
        _c(
            "value_unit_raw",
            pa.string(),
            "度量单位(原文)",
            "unit cell of a split target (度量单位, 计量单位)",
        ),
        _c("indicator_nature", pa.string(), "指标性质", "定量 | 定性 where printed"),
        _c("direction", pa.string(), "指标方向", "正向 | 反向 where printed"),
        _c("basis", pa.string(), "指标值确定依据", "指标值确定依据"),
        _c(
            "value_kind",
            pa.string(),
            "指标值类型",
            "percent | money | quantity | duration | date | score | boolean | text",
            nullable=False,
        ),
        _c(
            "comparator",
            pa.string(),
            "比较符",
            ">= | <= | > | < | = | ≈ (about: 约, 左右) | between (null for text)",
        ),
        _c(
            "value",
            VALUE,
            "指标值(数值)",
            "normalized value: percent points, yuan, count, 1/0 for 是/否",
            raw="value_raw",
        ),
        _c("value_max", VALUE, "指标值上限", "upper bound of a range (comparator between)", raw="value_raw"),
        _c("unit", pa.string(), "单位", "unit of value: %, 元, the measure word (人), 元/人 …"),
        _c("value_date", pa.date32(), "截止日期", "deadline resolved in the fiscal year (kind date)"),
        _c("weight_raw", pa.string(), "分值/权重(原文)", "分值 or 权重 as printed"),
        _c("weight", VALUE, "分值/权重", "the indicator's weight (分值, 权重%)", raw="weight_raw"),
        _c("score_raw", pa.string(), "得分(原文)", "得分 as printed (self-evaluation)"),
        _c("score", VALUE, "得分", "the score the indicator got", raw="score_raw"),
        _c("actual_raw", pa.string(), "实际完成值(原文)", "实际完成值 as printed (self-evaluation)"),
        _c("actual_kind", pa.string(), "实际值类型", "value_kind of the actual, same grammar"),
        _c("actual_comparator", pa.string(), "实际值比较符", "comparator of the actual"),
        _c(
            "actual_value",
            VALUE,
            "实际完成值(数值)",
            "normalized actual, same units as value",
            raw="actual_raw",
        ),
        _c("actual_unit", pa.string(), "实际值单位", "unit of actual_value"),
        _c("remark", pa.string(), "备注", "备注, 偏差原因分析及改进措施, 指标值说明 as printed"),
        _LINE,
        _BLOCK,
        _ROW,
    ),
)

PROJECT_FUNDS = Table(
    "project_funds",
    "项目资金",
    "Every amount a project's funds block prints, with its row label and column (nothing dropped).",
    (
        _DOC_ID,
        _YEAR,
        _PROJECT_CODE,
        _c("project_seq", pa.int32(), "项目序号", "the project's order in the document", nullable=False),
        _c("line_seq", pa.int32(), "行序号", "1-based order within the project", nullable=False),
        _c("label", pa.string(), "资金项目", "the row's label as printed (年度资金总额, 其中：财政拨款 …)"),
        _c("kind", pa.string(), "资金类别", "total | fiscal | other | superior | own | carryover | part"),
        _c(
            "column_label",
            pa.string(),
            "列",
            "column caption or scope (全年预算数, 年度, 中期); null where one",
        ),
        _c("amount_raw", pa.string(), "金额(原文)", "the amount cell as printed"),
        _c("amount_yuan", YUAN, "金额", "the amount, exact", "元", raw="amount_raw"),
        _LINE,
    ),
)

BUDGET_TABLES = Table(
    "budget_tables",
    "预决算表",
    "One row per budget table of a 部门预算 or 决算 (收支总表, 功能科目, 经济科目, 三公 …), in print order.",
    (
        _DOC_ID,
        _YEAR,
        _c(
            "table_seq",
            pa.int32(),
            "表序号",
            "1-based print order among the document's budget tables",
            nullable=False,
        ),
        _c(
            "kind",
            pa.string(),
            "表类别",
            "revenue_expenditure_summary | revenue | expenditure | fiscal_summary | fiscal_expenditure | "
            "fiscal_basic | general_expenditure | general_basic | three_public | operating | government_fund | "
            "state_capital | procurement | project_expenditure | other",
            nullable=False,
        ),
        _c("title", pa.string(), "表标题", "the table's title as printed (its contents number removed)"),
        _c("table_number", pa.string(), "表号", "公开01表 … as printed"),
        _c("stage", pa.string(), "预决算阶段", "budget (预算) | final (决算), from the title"),
        _c(
            "amount_unit", pa.string(), "金额单位", "元 | 万元 as the table declares (else the one before it)"
        ),
        _c("unit_name", pa.string(), "单位名称", "the unit the table names (部门：…, 编制单位：…)"),
        _c("empty", pa.bool_(), "空表", "true when the table prints no amount"),
        _c("empty_note", pa.string(), "空表说明", "本表无数据, 此表为空 … as printed"),
        _c("line_count", pa.int32(), "金额数", "number of amounts it prints"),
        _c("source_page", pa.int32(), "页码", "page of the title (PDF); source line for text"),
        _BLOCK,
    ),
)

BUDGET_LINES = Table(
    "budget_lines",
    "预决算金额",
    "One row per amount a budget table prints: the row's subject and the column it stands under.",
    (
        _DOC_ID,
        _YEAR,
        _c(
            "table_seq",
            pa.int32(),
            "表序号",
            "the table's print order (budget_tables.table_seq)",
            nullable=False,
        ),
        _c("row_seq", pa.int32(), "行序号", "1-based data row of the table", nullable=False),
        _c(
            "side", pa.string(), "收支方", "revenue | expenditure (halves of a summary table); null elsewhere"
        ),
        _c("subject_code", pa.string(), "科目编码", "function or economic code, digits only (2040401)"),
        _c(
            "subject_code_raw",
            pa.string(),
            "科目编码(原文)",
            "the code as printed (204 04 01 where 类/款/项 stand apart)",
        ),
        _c(
            "subject_level", pa.string(), "科目级次", "类 | 款 | 项 by the code's length; null without a code"
        ),
        _c("subject_name", pa.string(), "科目名称", "the row's name as printed, indent removed"),
        _c(
            "column_label",
            pa.string(),
            "列标题",
            "the header the amount stands under, header rows joined with /",
        ),
        _c(
            "column_role",
            pa.string(),
            "列含义",
            "total | basic | personnel | public | project | budget | final | other: what the column means",
        ),
        _c("amount_raw", pa.string(), "金额(原文)", "the amount cell as printed"),
        _c(
            "amount_yuan",
            YUAN,
            "金额",
            "the amount, exact, in the table's own unit converted",
            "元",
            raw="amount_raw",
        ),
        _c("source_page", pa.int32(), "页码", "page of the row (PDF); source line for text"),
        _BLOCK,
        _ROW,
    ),
)

FINDINGS = Table(
    "findings",
    "检查发现",
    "What the checks found; reported, never fixed.",
    (
        _c("doc_id", pa.string(), "文档标识", "sha256 of the source file (null if unreadable)"),
        _YEAR,
        _c("source_path", pa.string(), "源文件路径", "path of the source file", nullable=False),
        _c("severity", pa.string(), "严重程度", "error | warning | info", nullable=False),
        _c("code", pa.string(), "代码", "finding code (see docs/findings.md)", nullable=False),
        _c("location", pa.string(), "位置", "where: project, indicator or item, human-readable"),
        _PROJECT_CODE,
        _c("message", pa.string(), "说明", "what is wrong", nullable=False),
        _c("raw", pa.string(), "原文", "the text the finding is about"),
        _LINE,
    ),
)

MANIFEST = Table(
    "manifest",
    "入库清单",
    "What each source file's last run did; decides what the next run skips.",
    (
        _c("source_path", pa.string(), "源文件路径", "path of the source file as ingested", nullable=False),
        _c(
            "sha256",
            pa.string(),
            "校验值",
            "sha256 (hex) of the file's bytes when last read (null: unreadable)",
        ),
        _c("source_bytes", pa.int64(), "文件大小", "size of the file when last read", "byte"),
        _c("parser_version", pa.string(), "解析器版本", "version of the parser that read it", nullable=False),
        _c(
            "outcome",
            pa.string(),
            "结果",
            "read | partial (some tables could not be read) | refused (no publication this reader takes) | "
            "skipped (no document: an image, a lock file) | duplicate | failed (could not be read)",
            nullable=False,
        ),
        _c(
            "retry",
            pa.bool_(),
            "下次重读",
            "failed for a cause outside the file (a missing program, a time cap, a dead worker): read again",
        ),
        _c("error", pa.string(), "错误", "why it was not read (null when read)"),
        _c("fiscal_year", pa.int32(), "预算年度", "fiscal year of its rows (null if failed)"),
        _c(
            "ingested_at",
            pa.timestamp("us", tz="UTC"),
            "读取时间",
            "when this outcome was recorded (UTC)",
            nullable=False,
        ),
    ),
    partition=None,
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        DOCUMENTS,
        SECTIONS,
        DEPARTMENT_GOALS,
        DUTY_GOALS,
        PROJECTS,
        SPENDING_PLAN,
        INDICATORS,
        PROJECT_FUNDS,
        BUDGET_TABLES,
        BUDGET_LINES,
        FINDINGS,
        MANIFEST,
    )
}
