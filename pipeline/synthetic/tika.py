"""Write publications of this family as Apache Tika would extract them, for tests and benchmarks.

Follows the rules the reader undoes: paragraphs end with a newline, each cell starts with a TAB, a row
ends with an empty line and a table with one more, a vertically merged cell is an empty cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field

INDICATOR_HEADER = ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据")


@dataclass
class Project:
    code: str
    name: str
    budget: str
    fiscal: str
    other: str = " "
    purpose: str = "保障单位正常运转"
    plan: tuple = (("3月底", "25%"), ("6月底", "50%"), ("10月底", "75%"), ("12月底", "100%"))
    goal: str = "1.保障单位正常运转"
    indicators: tuple = (
        ("产出指标", "数量指标", "支付人员数量", "支付人员数量", "12人", "年度工作计划"),
        ("产出指标", "质量指标", "资金发放准确率", "资金发放准确率", "≥98%", "年度工作计划"),
        ("效益指标", "社会效益指标", "保障社会发展", "有效提供后勤保障", "进一步保障", "年度工作计划"),
        ("满意度指标", "服务对象满意度指标", "职工满意度", "满意度人员占总职工人数", "≥90%", "年度工作计划"),
    )
    fiscal_label: str = "其中：财政    资金"


@dataclass
class Publication:
    unit_line: str = "701002城东街道办事处部门本级"
    year: int = 2023
    overall: str = "2023年城东街道办事处将全面提升街道各项工作水平。"
    duties: tuple = ("完成辖区居民及上级事务。",)
    items: tuple = (
        ("1", "办事处本级专项业务", {"主要职责是": "组织协调工作。", "绩效目标是": "全面升级。"}),
    )
    measures: tuple = ("一是注重民生。", "二是精细管理。")
    projects: list = field(default_factory=list)
    amount_unit: str = "万元"
    # Titles numbered by Word (Tika writes "1. " with a space) rather than typed ("1.").
    numbered_titles: bool = False


def paragraph(text: str, *bookmarks: str) -> str:
    return "".join(f"[bookmark: {b}]" for b in bookmarks) + text + "\n"


def table(rows) -> str:
    return "".join("".join(f"\t{cell}\n" for cell in row) + "\n" for row in rows) + "\n"


def project_tables(
    seq: int, p: Project, unit_line: str, amount_unit: str = "万元", numbered: bool = False
) -> str:
    head = [
        (unit_line, f"单位：{amount_unit}") if amount_unit else (unit_line,),
        ("项目编码", p.code, "项目名称", p.name),
        ("预算规模及资金用途", "预算数", p.budget, p.fiscal_label, p.fiscal, "其他资金", p.other),
        ("", p.purpose),
        ("资金支出计划（%）", *(c for c, _ in p.plan)),
        ("", *(v for _, v in p.plan)),
        ("绩效目标", p.goal),
    ]
    rows, previous = [INDICATOR_HEADER], None
    for indicator in p.indicators:
        level1 = "" if indicator[0] == previous else indicator[0]
        previous = indicator[0]
        rows.append((level1, *indicator[1:]))
    title = paragraph(f"{seq}.{' ' if numbered else ''}{p.name}绩效目标表", f"_Toc_4_4_{seq:010d}")
    return title + table(head) + paragraph(" ") + table(rows) + paragraph(" ")


def tika_text(pub: Publication) -> str:
    out = [paragraph(" 第一部分"), paragraph("部门整体绩效目标"), paragraph(" ")]
    out.append(paragraph("一、总体绩效目标", "_Toc_2_2_0000000001"))
    out += [paragraph("总体目标："), paragraph(pub.overall), paragraph("部门职责目标：")]
    out += [paragraph(line) for line in pub.duties]
    out.append(paragraph("二、分项绩效目标", "_Toc_2_2_0000000002"))
    out.append(paragraph("部门职责分类绩效目标情况说明"))
    for number, name, fields in pub.items:
        out.append(paragraph(f"{number}、{name}"))
        out += [paragraph(label + text) for label, text in fields.items()]
    out.append(paragraph("三、工作保障措施", "_Toc_2_2_0000000003"))
    out += [paragraph(line) for line in pub.measures]
    out += [paragraph("第二部分"), paragraph(" "), paragraph("预算项目绩效目标"), paragraph(" ")]
    for seq, project in enumerate(pub.projects, start=1):
        out.append(project_tables(seq, project, pub.unit_line, pub.amount_unit, pub.numbered_titles))
    return "".join(out)
