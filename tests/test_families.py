"""Goal tables of families no shared real table shows, built from the labels the issue quotes: read
by the domain's forms, never by a layout declared for them."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.transform import process_file

FAMILIES = Path(__file__).parent / "fixtures" / "families"


def _rows(name: str) -> dict:
    return process_file(name, (FAMILIES / name).read_bytes(), datetime.now(UTC))


def test_shanghai_tianbaobiao_amounts_in_yuan_goals_and_units_in_parentheses():
    rows = _rows("shanghai-tianbaobiao.txt")
    (project,) = rows["projects"]
    assert project["project_name"] == "社区综合治理服务项目" and project["kind"] == "project"
    assert project["budget_yuan"] == Decimal("1234500.00")  # 项目资金（元）: yuan, not 万元
    assert project["fiscal_funds_yuan"] == Decimal("1234500.00")
    assert project["performance_goal"] == "完成社区综合治理服务"  # 年度总体目标
    assert project["goal_long_term"] == "提升社区治理水平"  # 项目总目标
    assert project["period"] == "2023-01-01 至 2023-12-31"  # 计划开始日期, 计划完成日期
    assert _unread_head(rows) == {"项目性质 | 经常性项目"}
    targets = [
        (i["level3"], i["value_kind"], i["comparator"], i["value"], i["unit"]) for i in rows["indicators"]
    ]
    assert targets == [
        ("服务面积", "quantity", ">=", Decimal("13459.00"), "平方米"),
        ("验收合格率", "percent", "=", Decimal("100.00"), "%"),
        ("服务人次", "quantity", "=", Decimal("50000.00"), "人次"),
        ("居民满意度", "quantity", "=", Decimal("90.00"), "度"),
        ("合规性", "text", None, None, None),
    ]


def test_hunan_department_wide_table_levels_without_zhibiao_and_an_operator_column():
    rows = _rows("hunan-bumen-zhengti.txt")
    (project,) = rows["projects"]
    assert (project["project_name"], project["kind"]) == ("湘潭市某某局", "department")
    assert project["budget_yuan"] == Decimal("12000000.00")
    assert project["performance_goal"] == "完成年度重点工作任务"
    targets = [(i["level2"], i["level3"], i["comparator"], i["value"], i["unit"]) for i in rows["indicators"]]
    assert targets == [
        ("数量指标", "培训人次", ">=", Decimal("300"), "人次"),
        ("时效指标", "完成时限", "<=", Decimal("12"), "月"),
    ]
    assert rows["documents"][0]["unit_name"] == "湘潭市某某局"


def test_shanghai_projects_printed_in_one_grid_are_one_project_each_with_their_captioned_goals():
    """A PDF joins the 填报表 of several projects that follow each other over pages into one table:
    a row that starts a project after an indicator header starts the next project. 项目总目标 and
    年度总体目标 are captions over the goals in the row below, right of the 项目绩效目标 block."""
    rows = _rows("shanghai-tianbaobiao-one-grid.txt")
    projects = [
        (p["project_name"], p["budget_yuan"], p["goal_long_term"], p["performance_goal"])
        for p in rows["projects"]
    ]
    assert projects == [
        ("社区服务中心运行", Decimal("4100000.00"), "建成社区服务中心", "完成年度运行"),
        ("就业援助基地补贴", Decimal("6351000.00"), "管理各类下拨费用", "实报实销"),
    ]
    assert [(i["project_seq"], i["level3"]) for i in rows["indicators"]] == [
        (1, "规划建筑面积"),
        (1, "居民满意度"),
        (2, "补贴对象申请审核完成率"),
    ]


def test_dongguan_pifubiao_units_by_their_form_and_the_years_budget_beside_the_medium_term_one():
    rows = _rows("dongguan-pifubiao.txt")
    (project,) = rows["projects"]
    assert (project["department"], project["implementing_unit"]) == ("东莞市某某局", "东莞市某某中心")
    assert project["budget_yuan"] == Decimal("1200000.00")  # 本年度申请市财政预算资金, not the 中期 300
    funds = [(f["label"], f["kind"], f["column_label"]) for f in rows["project_funds"]]
    assert funds == [("中期市财政预算", "total", "中期"), ("本年度申请市财政预算资金", "total", "年度")]


def test_ndrc_investment_plan_first_level_and_its_central_investment():
    rows = _rows("ndrc-touzi-jihua.txt")
    (project,) = rows["projects"]
    assert project["budget_yuan"] == Decimal("15000000.00")  # 中央预算内投资, in 万元
    levels = [(i["level1"], i["level2"], i["value_kind"], i["value"], i["unit"]) for i in rows["indicators"]]
    assert levels == [
        ("实施效果指标", "产出指标", "quantity", Decimal("20000"), "吨/日"),
        ("实施效果指标", "效益指标", "percent", Decimal("95"), "%"),
        ("实施效果指标", "满意度指标", "percent", Decimal("90"), "%"),
    ]


def test_one_list_table_for_many_projects_gives_a_project_each_by_the_forms_of_its_columns():
    """Family 6: 单位代码 | 单位(专项)名称 | 资金总额 | 实施期绩效目标 | 年度绩效目标 | 一级指标 | …, each
    project's columns repeated on its indicator rows. No layout declares 资金总额: the project columns
    are read by their forms, 单位代码 too (each project's unit); the table is of the declared
    project-list family, said by its template, with no finding."""
    rows = _rows("list-table-many-projects.txt")
    projects = [
        (p["project_seq"], p["unit_code"], p["project_name"], p["budget_yuan"], p["template"])
        for p in rows["projects"]
    ]
    assert projects == [
        (1, "101001", "某某市某某局信息化运维专项", Decimal("500000.00"), "project-list"),
        (2, "101002", "某某市某某中心技能培训专项", Decimal("125000.00"), "project-list"),
    ]
    goals = [(p["goal_long_term"], p["performance_goal"]) for p in rows["projects"]]
    assert goals == [("保障系统稳定运行", "系统全年可用"), ("提升从业人员技能", "完成年度培训")]
    indicators = [(i["project_seq"], i["level3"], i["value_raw"], i["remark"]) for i in rows["indicators"]]
    assert indicators == [
        (1, "运维系统数", "3个", None),
        (1, "故障响应时间", "≤2小时", None),
        (1, "用户满意度", "≥90%", None),
        (2, "培训人次", "200人次", None),
        (2, "培训后就业率", "≥80%", None),
    ]
    assert not [
        f for f in rows["findings"] if f["severity"] != "info" or f["code"] == "indicator_column_unread"
    ]


def test_a_unit_line_above_every_table_is_the_tables_not_a_page_header():
    """单位：元 above the list table and above a budget table after it: a short line at the
    document's edge that repeats looks like page furniture, but a line right above a table is that
    table's. Taken for a header, the amounts were assumed in 万元: 10,000 times too large."""
    text = (
        (FAMILIES / "list-table-many-projects.txt")
        .read_text(encoding="utf-8")
        .replace("单位：万元", "单位：元")
    )
    text += "\n一般公共预算支出预算表\n单位：元\n\t科目编码\n\t科目名称\n\t金额\n\n\t221\n\t住房保障支出\n\t12.34\n\n"
    rows = process_file("yuan.txt", text.encode("utf-8"), datetime.now(UTC))
    assert [p["budget_yuan"] for p in rows["projects"]] == [Decimal("50.00"), Decimal("12.50")]
    assert not [f for f in rows["findings"] if f["code"] == "amount_unit_assumed"]


@pytest.mark.parametrize(
    ("long_term", "annual"), [("总目标绩效指标", "本年度绩效指标"), ("三年总体指标", "年度指标")]
)
def test_two_indicator_blocks_the_long_term_one_and_the_years_each_under_its_own_header(long_term, annual):
    """总目标绩效指标 | 一级指标 | … then 本年度绩效指标 | 一级指标 | …: the second header was read as an
    indicator (一级指标 / 二级指标 / 指标内容 with the target 指标值), and every target as the year's.
    Yunnan's 申报表 captions its blocks 三年总体指标 and 年度指标."""
    text = (FAMILIES / "mof-two-blocks.txt").read_text(encoding="utf-8")
    text = text.replace("总目标绩效指标", long_term).replace("本年度绩效指标", annual)
    rows = process_file("two-blocks.txt", text.encode("utf-8"), datetime.now(UTC))
    (project,) = rows["projects"]
    assert project["goal_long_term"] == "三年内建成覆盖全市的社区养老服务网络"  # 总目标
    assert project["performance_goal"] == "新建社区养老服务站10个"  # 本年度目标
    assert (project["budget_yuan"], project["fiscal_funds_yuan"]) == (
        Decimal("1200000.00"),
        Decimal("1000000.00"),
    )
    indicators = [(i["horizon"], i["level3"], i["value_raw"]) for i in rows["indicators"]]
    assert indicators == [
        ("long_term", "服务站数量", "30个"),
        ("long_term", "老人满意度", "≥90%"),
        ("annual", "新建服务站", "10个"),
        ("annual", "服务老人人次", "≥5000人次"),
        ("annual", "老人满意度", "≥90%"),
    ]
    assert not [f for f in rows["findings"] if f["code"] == "duplicate_indicator"]  # two horizons


def test_mof_department_wide_table_amounts_by_column_kind_and_the_tasks_as_parts():
    """年度主要任务: 总额 | 财政拨款 | 其他资金 are the columns' kinds, each task a row of parts, 金额合计
    the table's amounts. They were not read at all: the unit's budget came out empty."""
    rows = _rows("mof-bumen-zhengti.txt")
    (project,) = rows["projects"]
    assert (project["project_name"], project["kind"]) == ("某某市某某局", "department")
    amounts = (project["budget_yuan"], project["fiscal_funds_yuan"], project["other_funds_yuan"])
    assert amounts == (Decimal("5000000.00"), Decimal("4800000.00"), Decimal("200000.00"))
    funds = [(f["label"], f["kind"], f["column_label"], f["amount_yuan"]) for f in rows["project_funds"]]
    assert funds[:3] == [
        ("综合执法", "part", "总额", Decimal("3000000.00")),
        ("综合执法", "part", "财政拨款", Decimal("2800000.00")),
        ("综合执法", "part", "其他资金", Decimal("200000.00")),
    ]
    assert funds[-3:] == [
        ("金额合计", "total", "总额", Decimal("5000000.00")),
        ("金额合计", "fiscal", "财政拨款", Decimal("4800000.00")),
        ("金额合计", "other", "其他资金", Decimal("200000.00")),
    ]
    assert [i["level3"] for i in rows["indicators"]] == [
        "执法检查次数",
        "平台上线时间",
        "群众投诉办结率",
        "群众满意度",
    ]


def test_a_monitoring_table_keeps_every_mark_under_its_sub_caption_and_reads_the_budget_it_prints():
    """偏差原因分析 merged over 经费保障 | 制度保障 | 人员保障 | 硬件条件保障, the sub-captions in the row
    under the header: a ✔ under 人员保障 (a header cell left empty by the merge) was dropped without a
    finding. 1-7月执行数 was not read, and the budget (年初预算数, the only one printed) was empty."""
    rows = _rows("xiangmuku-jiankong.txt")
    (project,) = rows["projects"]
    assert (project["budget_yuan"], project["budget_initial_yuan"]) == (
        Decimal("5000000.00"),
        Decimal("5000000.00"),
    )
    funds = [(f["kind"], f["column_label"], f["amount_raw"]) for f in rows["project_funds"]]
    assert ("total", "1-7月执行数", "300.00") in funds and ("fiscal", "1-7月执行率", "60%") in funds
    remarks = [i["remark"] for i in rows["indicators"]]
    assert remarks == [
        "1-7月执行情况: 180公里；全年预计完成情况: 300公里；完成目标可能性/确定能: ✔",
        "1-7月执行情况: 80%；全年预计完成情况: 85%；偏差原因分析/人员保障: ✔；完成目标可能性/有可能: ✔",
        "1-7月执行情况: 88%；全年预计完成情况: 90%；完成目标可能性/确定能: ✔",
    ]
    assert [i["value_raw"] for i in rows["indicators"]] == ["≥300公里", "≥85%", "≥90%"]


def test_a_block_caption_printed_beside_its_first_row_still_names_its_horizon():
    """LibreOffice, keeping rows whole, printed the caption merged down the block (总目标绩效指标)
    beside the block's first row on the next page, its header cell left empty."""
    text = (FAMILIES / "mof-two-blocks.txt").read_text(encoding="utf-8")
    text = text.replace("\t总目标绩效指标\n\t一级指标", "\t\n\t一级指标").replace(
        "\t\n\t产出指标\n\t数量指标\n\t服务站数量", "\t总目标绩效指标\n\t产出指标\n\t数量指标\n\t服务站数量"
    )
    rows = process_file("moved.txt", text.encode("utf-8"), datetime.now(UTC))
    assert [(i["horizon"], i["level3"]) for i in rows["indicators"]][:3] == [
        ("long_term", "服务站数量"),
        ("long_term", "老人满意度"),
        ("annual", "新建服务站"),
    ]
    assert all(i["remark"] is None for i in rows["indicators"])


def test_hunan_project_table_funds_in_their_cells_the_project_unit_and_the_period():
    """Hunan's 项目绩效目标表: 资金总额及构成 over 总额 | 1260.5万元 and funds printed label and amount
    in one cell (财政拨款:960.25万元(其中:…)); 项目单位 is the implementing unit; 项目起止时间 the
    period; the notes and sign-off rows under the indicators are no indicators."""
    rows = _rows("hunan-xiangmu-mubiaobiao.txt")
    (project,) = rows["projects"]
    assert project["project_name"] == "集镇基础设施提质改造"
    assert project["implementing_unit"] == "某某镇建设服务中心"
    assert project["period"] == "2021年1月至2021年12月"
    assert (project["budget_yuan"], project["fiscal_funds_yuan"], project["other_funds_yuan"]) == (
        Decimal("12605000.00"),
        Decimal("9602500.00"),
        Decimal("3002500.00"),
    )
    funds = [(f["label"], f["kind"], f["amount_raw"]) for f in rows["project_funds"]]
    assert funds == [
        ("总额", "total", "1260.5万元"),
        ("财政拨款", "fiscal", "960.25万元"),
        ("二、自有资金", "own", "0万元"),
        ("三、其他", "other", "300.25万元"),
    ]
    assert [(i["horizon"], i["level3"]) for i in rows["indicators"]] == [
        ("long_term", "改造道路长度"),
        ("long_term", "受益人口"),
        ("annual", "立面改造户数"),
        ("annual", "完成时间"),
        ("annual", "群众满意度"),
    ]
    codes = {f["code"] for f in rows["findings"]}
    assert not codes & {"amount_unit_assumed", "funds_sum_mismatch", "indicator_row_placement"}


def test_a_self_evaluation_with_a_blank_form_line_above_reads_the_transfers_name_and_its_results():
    """项目名称: | 承担单位:(盖章) | (2021年度): labels with their blanks, not values; the transfer is named
    by 转移支付(项目)名称 below. 年初设定目标 and 全年实际完成情况 caption the goals; 全年完成值 is the
    actual; 未完成原因和改进措施 the remark; the year stands in a cell of its own."""
    rows = _rows("zhongyang-zipingbiao.txt")
    (project,) = rows["projects"]
    assert (project["project_name"], project["kind"]) == ("某某发展资金", "transfer")
    assert project["implementing_unit"] == "某某市某某局"
    assert project["performance_goal"] == "支持基础研究项目20项"
    assert project["goal_actual"] == "支持基础研究项目22项"
    assert project["budget_executed_yuan"] == Decimal("11500000.00")
    assert rows["documents"][0]["fiscal_year"] == 2021
    results = [(i["level3"], i["value_raw"], i["actual_raw"], i["remark"]) for i in rows["indicators"]]
    assert results == [
        ("支持基础研究项目数量", "≥20个", "22个", None),
        ("项目验收通过率", "≥90%", "95%", None),
        ("转化科技成果数量", "≥5项", "4项", "部分成果尚在转化"),
        ("承担单位满意度", "≥85%", "90%", None),
    ]
    assert not any(f["code"] == "indicator_column_unread" for f in rows["findings"])


def test_funds_of_five_sources_add_up_to_the_total_without_a_finding():
    """资金总额 | 财政拨款 | 自有资金 | 事业收入 | 经营性收入 | 其他: the budget is the sum of its sources,
    though no line says 其他资金; a sum that misses stays a finding (test_checks)."""
    rows = _rows("shenbaobiao-zijin-laiyuan.txt")
    (project,) = rows["projects"]
    assert project["period"] == "2016年3月至2016年12月"
    kinds = [(f["label"], f["kind"], f["amount_yuan"]) for f in rows["project_funds"]]
    assert kinds == [
        ("资金总额:", "total", Decimal("1500000.00")),
        ("财政拨款:", "fiscal", Decimal("1200000.00")),
        ("自有资金:", "own", Decimal("200000.00")),
        ("事业收入:", "own", Decimal("50000.00")),
        ("经营性收入:", "own", Decimal("0.00")),
        ("其他:", "other", Decimal("50000.00")),
    ]
    assert [i["level3"] for i in rows["indicators"]] == ["维修面积", "完工时间", "受益学生数", "师生满意度"]
    assert not any(f["code"] == "funds_sum_mismatch" for f in rows["findings"])


def test_a_department_wide_table_in_traditional_characters_with_its_title_in_its_first_row():
    rows = _rows("hunan-zhengti-fanti.txt")
    (project,) = rows["projects"]
    assert (project["project_name"], project["kind"]) == ("某某區某某中心", "department")
    assert project["performance_goal"] == "做好涉案、價格認定工作。"
    assert rows["documents"][0]["fiscal_year"] == 2023  # from the title merged over the first row
    read = [
        (i["level1"], i["level2"], i["level3"], i["value_kind"], i["value"], i["unit"])
        for i in rows["indicators"]
    ]
    assert read == [
        ("產出指標", "數量指標", "業務工作支出安排金額", "money", Decimal("288000.0"), "元"),
        ("產出指標", "質量指標", "業務工作支出到位率", "percent", Decimal("100"), "%"),
        ("產出指標", "時效指標", "工作安排時間", "text", None, None),
        ("產出指標", "成本指標", "社會成本指標", "percent", Decimal("100"), "%"),
        ("效益指標", "社會效益指標", "保證單位正常運轉", "text", None, None),
        ("滿意度指標", "服務對象滿意度指標", "服務對象滿意度", "percent", Decimal("90"), "%"),
    ]
    assert [i["indicator_nature"] for i in rows["indicators"]][:5] == ["定量"] * 4 + ["定性"]
    conflicts = [f["raw"] for f in rows["findings"] if f["code"] == "value_unit_cell_conflict"]
    assert conflicts == ["定量 28.8萬元 %"]


def test_a_sichuan_self_evaluation_its_year_in_the_title_row_and_its_results_in_the_targets_unit():
    rows = _rows("sichuan-ziping.txt")
    (project,) = rows["projects"]
    assert project["implementing_unit"] == "某某县发展和改革局"  # 实施单位 (盖章)
    assert (project["budget_initial_yuan"], project["budget_executed_yuan"]) == (
        Decimal("2389300.00"),
        Decimal("2518900.00"),
    )
    assert rows["documents"][0]["fiscal_year"] == 2023  # 部门预算项目支出绩效自评表(2023年度)
    assert project["performance_goal"] == "严格执行相关政策,保障工资及时、足额发放"  # 项目年度目标, a caption
    read = [
        (i["comparator"], i["value"], i["unit"], i["actual_kind"], i["actual_value"], i["weight"])
        for i in rows["indicators"]
    ]
    assert read == [
        ("=", Decimal("100"), "%", "percent", Decimal("100"), Decimal("60")),
        ("=", Decimal("100"), "%", "percent", Decimal("100"), Decimal("30")),
    ]
    unread = [f["raw"] for f in rows["findings"] if f["code"] == "indicator_column_unread"]
    assert "未完成原因分析" not in unread  # the remark


def test_what_was_achieved_as_a_bare_number_is_read_in_its_targets_unit():
    rows = _rows("anhui-ziping.txt")
    achieved = [
        (i["level3"], i["actual_kind"], i["actual_value"], i["actual_unit"]) for i in rows["indicators"]
    ]
    assert achieved == [
        ("基建工程委托业务项目数量", "quantity", Decimal("50"), "个"),  # ≥50个 | 50
        ("委托业务报告合格率", "percent", Decimal("100"), "%"),  # ≥100百分比 | 100
        ("经费支出合规性", "text", None, None),
        ("项目总成本", "money", Decimal("900000"), "元"),  # ≤90万元 | 90
        ("对维护基建市场公平的影响程度", "text", None, None),
        ("公众满意度", "percent", Decimal("95"), "%"),
    ]
    assert [i["level1"] for i in rows["indicators"]][0] == "产出指标(50分)"


def test_yunnan_table_14_lists_the_units_projects_under_its_own_rows():
    """单位名称、项目名称: the unit's rows (a name and nothing else) are no projects; each project's row
    names it and gives its goal, its indicators follow. 指标性质 holds the operator, 指标属性 定量/定性."""
    rows = _rows("yunnan-biao14-list.txt")
    projects = [(p["project_seq"], p["project_name"], p["performance_goal"]) for p in rows["projects"]]
    assert projects == [
        (1, "乡镇财政所运转经费", "保障乡镇财政所正常运转"),
        (2, "财政信息化运维经费", "保障财政信息系统正常运行"),
    ]
    read = [
        (
            i["project_seq"],
            i["level3"],
            i["value_raw"],
            i["comparator"],
            i["value"],
            i["unit"],
            i["indicator_nature"],
        )
        for i in rows["indicators"]
    ]
    assert read == [
        (1, "保障财政所数量", "= 定量指标 12 个", "=", Decimal("12"), "个", "定量指标"),
        (1, "资金拨付及时率", ">= 定量指标 95 %", ">=", Decimal("95"), "%", "定量指标"),
        (1, "财政所工作人员满意度", ">= 定量指标 90 %", ">=", Decimal("90"), "%", "定量指标"),
        (2, "系统正常运行率", ">= 定量指标 98 %", ">=", Decimal("98"), "%", "定量指标"),
        (2, "业务办理效率", "定性指标 提高", None, None, None, "定性指标"),
    ]
    assert not any(f["code"] == "indicator_column_unread" for f in rows["findings"])


def test_a_transfers_self_evaluation_unit_column_blank_target_and_its_two_sources():
    rows = _rows("quyu-ziping.txt")
    (project,) = rows["projects"]
    assert (project["project_name"], project["kind"]) == ("某某补助资金", "transfer")
    assert project["goal_actual"] == "基本完成某某任务"
    read = [
        (i["level3"], i["comparator"], i["value"], i["unit"], i["actual_value"], i["actual_unit"], i["score"])
        for i in rows["indicators"]
    ]
    assert read == [
        ("支持项目数", ">=", Decimal("10"), "个", Decimal("12"), "个", Decimal("20")),
        ("验收合格率", None, None, "%", Decimal("98"), "%", Decimal("18")),  # only the unit printed
        ("受益人数", "=", Decimal("5000"), "人次", Decimal("5200"), "人次", Decimal("30")),
        ("受益对象满意度", ">=", Decimal("85"), "%", Decimal("90"), "%", Decimal("30")),
    ]
    codes = [f["code"] for f in rows["findings"]]
    assert codes.count("target_blank") == 1
    assert "funds_sum_mismatch" not in codes  # 500 = 中央补助 400 + 地方资金 100


def test_chongqing_department_wide_flat_table_its_budget_and_its_parts_by_purpose():
    rows = _rows("chongqing-bumen-zhengti.txt")
    (project,) = rows["projects"]
    assert (project["project_name"], project["kind"]) == ("重庆市某某区某某局", "department")
    assert project["budget_yuan"] == Decimal("18506000.00")
    funds = [(f["label"], f["kind"], f["amount_yuan"]) for f in rows["project_funds"]]
    assert funds == [
        ("区级支出预算总量（万元）", "total", Decimal("18506000.00")),
        ("其中：基本支出", "part", Decimal("12000000.00")),
        ("项目支出", "part", Decimal("6506000.00")),
    ]
    read = [(i["level3"], i["weight"], i["comparator"], i["value"], i["unit"]) for i in rows["indicators"]]
    assert read == [
        ("培训人次", Decimal("10"), ">=", Decimal("500"), "人次"),
        ("群众满意度", Decimal("10"), ">=", Decimal("90"), "%"),
        ("重点任务完成率", Decimal("20"), "=", Decimal("100"), "%"),
    ]


def test_other_units_and_years_of_two_shared_families_read_as_their_kin():
    """Real 42's and real 27's families as another unit prints them: 一级指标 on both sides of an Anhui
    header with 中期指标值 | 年度指标值; a Hebei 评价指标表 with 具体指标, 指标解释 and 权重."""
    rows = _rows("anhui-zhongqi-niandu.txt")
    (project,) = rows["projects"]
    assert (project["budget_yuan"], project["period"]) == (Decimal("600000.00"), "2年")  # 年度资金总额
    horizons = [(i["horizon"], i["level1"], i["value_raw"]) for i in rows["indicators"]][:2]
    assert horizons == [("long_term", "产出指标", "≥40个"), ("annual", "产出指标", "≥20个")]
    assert len(rows["indicators"]) == 8
    rows = _rows("hebei-pingjia-2018.txt")
    (project,) = rows["projects"]
    assert project["project_name"] == "农村某某补助项目"  # from the title
    read = [(i["level2"], i["level3"], i["description"], i["value"], i["weight"]) for i in rows["indicators"]]
    assert read[0] == ("产出数量指标", "补助人数", "达到预计值", Decimal("350"), Decimal("20"))
    assert [i["comparator"] for i in rows["indicators"]] == ["=", ">=", "=", "=", ">="]


def _unread_head(rows: dict) -> set[str]:
    return {f["raw"] for f in rows["findings"] if f["code"] == "head_label_unread"}


def test_head_labels_no_field_takes_are_said_with_their_values():
    """Nothing unseen is silent: 项目属性 | 延续项目, 联系电话 | …, a transfer's 中央主管部门 | 某某部 stand
    in no column, and a finding keeps both texts. A small grid's captions in the head (项目实施内容 |
    开始时间 | 完成时间) are no label and its value; the sample's head has no such label."""
    assert _unread_head(_rows("quyu-ziping.txt")) == {
        "中央主管部门 | 某某部",
        "地方主管部门 | 某某市某某局",
        "省级财政部门 | 省财政厅",
        "省级主管部门 | 省某某厅",
    }
    hunan = _unread_head(_rows("hunan-xiangmu-mubiaobiao.txt"))
    assert {"项目属性 | 新增项目□延续项目√", "联系电话 | 12345678", "主管部门编码 | 101001"} <= hunan
    assert not any("时间" in raw for raw in hunan)
    project_table = _rows("shenbaobiao-zijin-laiyuan.txt")
    assert "单位职能概述 | 负责全县基础教育管理" in _unread_head(
        project_table
    )  # the unit's, not the project's
    assert project_table["projects"][0]["purpose"] == "对教学楼进行加固维修"  # 项目概况
    sample = Path(__file__).parent.parent / "data" / "raw" / "2022" / "lunan-613001-2022.txt"
    assert not _unread_head(process_file(sample.name, sample.read_bytes(), datetime.now(UTC)))


def test_shanghai_the_years_request_is_the_budget_beside_the_projects_whole_funds():
    """项目资金总额 is the project's money over its life, 年度资金申请总额 the year's request, which
    财政资金 + 其他资金 make: the budget. Both are kept as fund lines."""
    text = (FAMILIES / "shanghai-tianbaobiao.txt").read_text(encoding="utf-8")
    whole = "\t项目资金总额\n\t1,234,500.00\n"
    assert whole in text
    text = text.replace(whole, "\t项目资金总额\n\t3,000,000.00\n")
    rows = process_file("shanghai.txt", text.encode(), datetime.now(UTC))
    (project,) = rows["projects"]
    assert project["budget_yuan"] == Decimal("1234500.00")
    lines = {(f["label"], f["kind"]): f["amount_yuan"] for f in rows["project_funds"]}
    assert lines[("项目资金总额", "total")] == Decimal("3000000.00")
    assert lines[("年度资金申请总额", "total")] == Decimal("1234500.00")
    assert not [
        f
        for f in rows["findings"]
        if f["code"] in ("funds_sum_mismatch", "head_label_unread") and "资金" in (f["raw"] or "")
    ]


def test_a_department_wide_tables_duties_are_what_its_money_is_for():
    """部门(单位)职责 (部门职责, *部门职能职责概述) is the purpose of a table for the whole unit."""
    chongqing = _rows("chongqing-bumen-zhengti.txt")
    assert chongqing["projects"][0]["purpose"] == "负责全区某某事务管理"
    assert not _unread_head(chongqing)
    real = Path(__file__).resolve().parent.parent.parent / "shared" / "samples" / "real" / "38.txt"
    if real.exists():
        rows = process_file(real.name, real.read_bytes(), datetime.now(UTC))
        assert rows["projects"][0]["purpose"] == "保证林业局职能实现,保障人员经费。"
        assert _unread_head(rows) == {"部门编码: | 316", "*联系人: | 王媛", "联系电话: | 13879821572"}


@pytest.mark.parametrize("own", ["自筹资金:", "单位自筹资金:"])
def test_money_the_unit_raises_itself_is_its_own(own):
    """自筹资金 (单位自筹资金) is the unit's own money, a source the budget adds up from."""
    text = (FAMILIES / "shenbaobiao-zijin-laiyuan.txt").read_text(encoding="utf-8")
    assert "\t自有资金:\n" in text
    rows = process_file("own.txt", text.replace("\t自有资金:\n", f"\t{own}\n").encode(), datetime.now(UTC))
    kinds = [(f["label"], f["kind"]) for f in rows["project_funds"]]
    assert (own, "own") in kinds
    assert not any(f["code"] == "funds_sum_mismatch" for f in rows["findings"])


def test_shanghai_the_fiscal_funds_are_the_first_fiscal_line_not_its_part():
    """其中：财政资金 | 1,234,500.00 then 其中：当年财政拨款 (a part of it, here printed larger, as a real
    万里街道 2023 table prints 11,419,043.00 under 10,903,043.00): the fiscal funds are the first; the
    part, taken for the year's because it says 当年, made a funds_sum_mismatch the table has not."""
    text = (FAMILIES / "shanghai-tianbaobiao.txt").read_text(encoding="utf-8")
    text = text.replace("\t其中：当年财政拨款\n\t1,234,500.00", "\t其中：当年财政拨款\n\t1,300,000.00")
    rows = process_file("sh.txt", text.encode(), datetime.now(UTC))
    (project,) = rows["projects"]
    assert (project["budget_yuan"], project["fiscal_funds_yuan"]) == (
        Decimal("1234500.00"),
        Decimal("1234500.00"),
    )
    assert "funds_sum_mismatch" not in [f["code"] for f in rows["findings"]]
