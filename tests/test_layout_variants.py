"""Tables of the same families the reader has not seen: other units, years, provinces and variants,
each written as Tika text and as a .docx, read into the same records."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pandas as pd
import pytest

from parsers.errors import SourceError
from parsers.formats.read import read_blocks
from parsers.formats.tika_text import read_tika_text
from parsers.publication import parse_publication
from pipeline.ingest import ingest
from pipeline.query import connect
from pipeline.schema import POSITION_COLUMNS
from pipeline.synthetic.docx import docx_from_blocks
from pipeline.synthetic.tika import Project, Publication, paragraph, table, tika_text
from pipeline.transform import process_file

from .conftest import write

TABLES = ("documents", "projects", "indicators", "findings", "project_funds")


def read_both(tmp_path, text: str, folder: str = "misc") -> dict[str, pd.DataFrame]:
    """Ingest ``text`` as Tika text and as a .docx; check both give the same rows; return the text's."""
    out = {}
    for form, data in (
        ("txt", text.encode()),
        ("docx", docx_from_blocks(read_tika_text(text.encode()).blocks)),
    ):
        write(tmp_path / form / "raw" / folder / f"table.{form}", data)
        summary = ingest([tmp_path / form / "raw"], tmp_path / form / "out")
        assert not summary.failed, summary.failed[0].error
        out[form] = {t: pd.read_parquet(tmp_path / form / "out" / t) for t in TABLES}
    for name in ("projects", "indicators", "project_funds"):
        a, b = (
            out[f][name].drop(columns=["doc_id", *POSITION_COLUMNS], errors="ignore") for f in ("txt", "docx")
        )
        pd.testing.assert_frame_equal(a, b, obj=name)
    return out["txt"]


def rows_of(text: str, name: str = "t.txt") -> dict[str, list[dict]]:
    """The rows ``text`` gives as Tika text, every table's, as process_file returns them."""
    return process_file(name, text.encode(), datetime(2026, 1, 1, tzinfo=UTC))


def codes(tables) -> list[str]:
    return sorted(tables["findings"].code)


def test_jiangxi_export_operator_value_unit_cells(tmp_path):
    text = paragraph("2024年项目支出绩效目标表") + table(
        [
            ("项目名称", "乡村振兴衔接资金", "主管部门", "某县农业农村局"),
            ("年度资金总额（万元）", "1,250.50", "其中：财政拨款", "1,200.00"),
            ("一级指标", "二级指标", "三级指标", "计算符号", "目标值", "度量单位", "指标值说明"),
            ("产出指标", "数量指标", "培训农民人数", "≥", "300", "人次", "按计划"),
            ("产出指标", "时效指标", "资金拨付时间", "≤", "30", "天", ""),
            ("效益指标", "满意度指标", "群众满意度", "≥", "90", "%", ""),
        ]
    )
    tables = read_both(tmp_path, text)
    project = tables["projects"].iloc[0]
    assert project.template == "yitihua-export" and project.budget_yuan == Decimal("12505000.00")
    assert (
        project.fiscal_funds_yuan == Decimal("12000000.00")
        and tables["documents"].fiscal_year.iloc[0] == 2024
    )
    ind = tables["indicators"]
    assert list(ind.value_raw) == ["≥ 300 人次", "≤ 30 天", "≥ 90 %"]
    assert list(ind.value_kind) == ["quantity", "duration", "percent"]
    assert list(ind.comparator) == [">=", "<=", ">="] and list(ind.value) == [300, 30, 90]
    assert list(ind.value_operator_raw) == ["≥", "≤", "≥"] and list(ind.value_unit_raw) == ["人次", "天", "%"]
    assert ind.remark.iloc[0] == "按计划"


def test_hunan_export_with_value_type_and_a_qualitative_row(tmp_path):
    text = table(
        [
            ("项目名称", "城区环卫保洁", "预算部门", "某市城市管理局"),
            (
                "一级指标",
                "二级指标",
                "三级指标",
                "指标值",
                "指标值内容",
                "评(扣)分标准",
                "度量单位",
                "指标值类型",
            ),
            ("产出指标", "质量指标", "道路保洁达标率", "95", "主次干道", "每降1%扣1分", "%", "≥"),
            ("效益指标", "社会效益指标", "市容环境", "", "明显改善", "", "", "定性"),
        ]
    )
    tables = read_both(tmp_path, text)
    ind = tables["indicators"]
    assert (
        list(ind.value_kind) == ["percent", "text"]
        and ind.value.iloc[0] == 95
        and ind.comparator.iloc[0] == ">="
    )
    assert ind.indicator_nature.iloc[1] == "定性" and ind.value_raw.iloc[1] == "定性"
    assert ind.remark.iloc[0] == "主次干道\n每降1%扣1分"  # two remark columns, both kept
    assert tables["documents"].fiscal_year.isna().all()
    assert "fiscal_year_undetermined" in codes(tables)


def test_one_table_lists_many_projects_in_yuan(tmp_path):
    text = (
        paragraph("2023年部门项目支出绩效目标表")
        + paragraph("单位：元")
        + table(
            [
                (
                    "单位名称",
                    "项目名称",
                    "预算数",
                    "年度目标",
                    "一级指标",
                    "二级指标",
                    "三级指标",
                    "指标性质",
                    "指标值",
                    "度量单位",
                    "权重(%)",
                ),
                (
                    "某县教育局",
                    "学生资助",
                    "3,309,840.00",
                    "资助到位",
                    "产出指标",
                    "数量指标",
                    "资助人数",
                    "≥",
                    "1200",
                    "人",
                    "30",
                ),
                ("", "", "", "", "效益指标", "满意度指标", "满意度", "≥", "95", "%", "20"),
                (
                    "某县教育局",
                    "校舍维修",
                    "560,000.00",
                    "按期完工",
                    "产出指标",
                    "质量指标",
                    "验收合格率",
                    "=",
                    "100",
                    "%",
                    "40",
                ),
            ]
        )
    )
    tables = read_both(tmp_path, text)
    projects = tables["projects"]
    assert list(projects.project_name) == ["学生资助", "校舍维修"]
    assert list(projects.budget_yuan) == [Decimal("3309840.00"), Decimal("560000.00")]
    assert list(projects.performance_goal) == ["资助到位", "按期完工"]
    ind = tables["indicators"]
    assert list(ind.project_seq) == [1, 1, 2] and list(ind.weight) == [30, 20, 40]


def test_long_term_and_annual_targets_side_by_side(tmp_path):
    text = table(
        [
            ("项目名称", "高标准农田建设"),
            ("一级指标", "二级指标", "三级指标", "实施周期指标值", "当年度指标值"),
            ("产出指标", "数量指标", "新建高标准农田", "≥5万亩", "≥1万亩"),
            ("", "质量指标", "工程验收合格率", "100%", "100%"),
        ]
    )
    ind = read_both(tmp_path, text)["indicators"]
    assert list(ind.horizon) == ["long_term", "annual", "long_term", "annual"]
    assert list(ind.value) == [50000, 10000, 100, 100] and list(ind.unit) == ["亩", "亩", "%", "%"]
    assert list(ind.level2) == ["数量指标", "数量指标", "质量指标", "质量指标"]


def test_ningxia_labels_scored_levels_and_a_contradicting_total(tmp_path):
    text = paragraph("2022年度项目支出绩效目标申报表") + table(
        [
            ("项目名称", "中小学校舍维修", "实施单位", "某区教育局"),
            ("资金情况（万元）", "年度资金总额：", "0"),
            ("", "其中：财政拨款", "202.64"),
            ("", "其他资金", ""),
            ("绩效指标", "一级指标", "二级指标", "三级指标", "指标值"),
            ("", "产出指标（50分）", "数量指标（必填硬性指标）", "维修校舍面积", "≥3000平方米"),
            ("", "", "成本指标", "维修成本", "≤620万/月"),
            ("", "满意度指标（10分）", "服务对象满意度指标", "师生满意度", "≥90%"),
            ("总分", "", "", "", "100"),
        ]
    )
    tables = read_both(tmp_path, text)
    ind = tables["indicators"]
    assert list(ind.level1) == ["产出指标（50分）", "产出指标（50分）", "满意度指标（10分）"]
    assert ind.value.iloc[1] == Decimal(6200000) and ind.unit.iloc[1] == "元/月"  # 万 read as 万元: a cost
    assert len(ind) == 3  # 总分 ends the table
    assert "funds_sum_mismatch" in codes(tables)


def test_graded_targets_of_an_older_hebei_form(tmp_path):
    text = paragraph("2018年度临城县农村公路养护项目绩效评价指标表") + table(
        [
            ("评价指标", "评价内容", "指标名称", "优", "良", "中", "差", "分值", "评价标准确定依据"),
            ("产出指标", "数量", "养护里程", "≥120公里", "≥100公里", "≥80公里", "<80公里", "20", "计划"),
            ("", "质量", "优良路率", "≥85%", "≥80%", "≥75%", "<75%", "20", "标准"),
        ]
    )
    tables = read_both(tmp_path, text)
    project = tables["projects"].iloc[0]
    assert project.project_name == "农村公路养护项目" and project.template == "hebei-evaluation"
    ind = tables["indicators"]
    assert ind.value_raw.iloc[0] == "优≥120公里；良≥100公里；中≥80公里；差<80公里"
    assert ind.value.iloc[0] == 120 and ind.unit.iloc[0] == "公里" and ind.basis.iloc[1] == "标准"
    assert tables["documents"].fiscal_year.iloc[0] == 2018


def test_chongqing_unit_before_operator_and_a_second_table(tmp_path):
    def one(name: str, budget: str, rows) -> str:
        return paragraph("2024年一般性项目绩效目标表(一级项目)") + table(
            [
                ("编制单位:", "500101-某区交通局", "单位:万元"),
                ("专项资金名称", name),
                ("业务主管部门", "500101-某区交通局", "当年预算", budget),
                ("绩效指标", "指标名称", "指标权重", "计量单位", "指标性质", "指标值"),
                *rows,
            ]
        )

    text = one(
        "农村公路建设",
        "1,800",
        [("", "新建公路", "40", "", "", "公里=125"), ("", "达标率", "30", "", "", "%=100")],
    )
    text += one("公交补贴", "300.5", [("", "补贴线路", "50", "条", "≥", "12")])
    tables = read_both(tmp_path, text)
    assert list(tables["projects"].budget_yuan) == [Decimal("18000000.00"), Decimal("3005000.00")]
    assert list(tables["projects"].unit_code) == ["500101", "500101"]
    ind = tables["indicators"]
    assert list(ind.value) == [125, 100, 12] and list(ind.unit) == ["公里", "%", "条"]
    assert list(ind.weight) == [40, 30, 50] and ind.level1.isna().all()


def test_operator_only_in_the_names_placeholder_and_a_placeholder_left(tmp_path):
    text = table(
        [
            ("项目名称", "植树造林"),
            ("一级指标", "二级指标", "三级指标", "指标值"),
            ("产出指标", "质量指标", "苗木成活率(≥**%)", "85"),
            ("", "数量指标", "植树数量", "≥**棵"),
        ]
    )
    tables = read_both(tmp_path, text)
    ind = tables["indicators"]
    assert (ind.value_kind.iloc[0], ind.comparator.iloc[0], ind.value.iloc[0], ind.unit.iloc[0]) == (
        "percent",
        ">=",
        85,
        "%",
    )
    assert {"operator_from_name", "placeholder_left"} <= set(codes(tables))


def test_a_goal_table_no_layout_matches_is_read_and_said(tmp_path):
    text = table(
        [("一级指标", "二级指标", "三级指标", "指标值"), ("产出指标", "数量指标", "培训人数", "50人")]
    )
    tables = read_both(tmp_path, text)
    assert tables["projects"].template.iloc[0] == "unmatched" and tables["indicators"].value.iloc[0] == 50
    finding = tables["findings"].set_index("code").loc["layout_unmatched"]
    assert "closest layout" in finding.message and "missing" in finding.message


def test_a_table_without_levels_is_refused_naming_the_closest_layout():
    text = table([("考核内容", "目标值"), ("培训", "50人")])
    with pytest.raises(SourceError, match="no table a declared layout reads .*closest layout"):
        parse_publication(read_blocks(text.encode()))


def test_a_cell_in_yuan_under_a_wan_yuan_table_is_read_in_yuan_and_said(tmp_path):
    text = table(
        [
            ("单位：万元",),
            ("项目名称", "图书购置"),
            ("资金情况", "年度资金总额", "387,664.62元"),
            ("一级指标", "二级指标", "三级指标", "指标值"),
            ("产出指标", "数量指标", "购置图书", "≥5000册"),
        ]
    )
    tables = read_both(tmp_path, text)
    assert tables["projects"].budget_yuan.iloc[0] == Decimal("387664.62")
    assert "amount_unit_conflict" in codes(tables)


def test_the_same_project_lines_up_across_years_and_layouts(tmp_path):
    hebei = Publication(
        unit_line="701002城东街道办事处部门本级",
        year=2022,
        overall="2022年城东街道。",
        projects=[Project("70100222A01", "2022社区服务补助", "10.00", "10.00")],
    )
    write(tmp_path / "raw" / "2022" / "hebei.txt", tika_text(hebei))
    mof = paragraph("2023年项目支出绩效目标申报表") + table(
        [
            ("项目名称", "2023年社区服务补助", "主管部门", "城东街道办事处"),
            ("资金情况（万元）", "年度资金总额：", "12"),
            ("一级指标", "二级指标", "三级指标", "指标值"),
            ("产出指标", "数量指标", "服务社区", "7"),
        ]
    )
    write(tmp_path / "raw" / "2023" / "mof.txt", mof)
    assert not ingest([tmp_path / "raw"], tmp_path / "out").failed
    rows = (
        connect(tmp_path / "out")
        .sql(
            "SELECT fiscal_year, template, budget_yuan FROM project_history "
            "WHERE unit_key = '城东街道办事处' AND project_key = '社区服务补助' ORDER BY fiscal_year"
        )
        .fetchall()
    )
    assert rows == [
        (2022, "hebei-county", Decimal("100000.00")),
        (2023, "mof-declaration", Decimal("120000.00")),
    ]


# Labels no fixture prints, each put in the sample's tables in place of the one it names: the
# shared vocabulary under the layout's own labels, the forms of levels and bases, a label with funds
# right of it merged over two rows like 预算规模及资金用途, a spending plan named otherwise.
UNSEEN_LABELS = [
    ("一级指标", "一级指标名称"),
    ("二级指标", "二级指标名称"),
    ("三级指标", "具体指标"),
    ("绩效指标描述", "指标描述"),
    ("绩效指标描述", "指标说明"),
    ("指标值确定依据", "指标值设定依据"),
    ("指标值确定依据", "设定依据"),
    ("指标值确定依据", "指标值确定依据及说明"),
    ("项目编码", "项目编号"),
    ("预算规模及资金用途", "资金用途"),
    ("预算规模及资金用途", "项目概况"),
    ("资金支出计划（%）", "资金支出进度计划"),
    ("资金支出计划（%）", "支出计划（%）"),
    ("项目名称", "预算项目名称"),
    ("项目名称", "项目全称"),
    ("指标值", "预期值"),
    ("指标值", "年度计划值"),
    # session 10: a system's name for the code, what is built as the purpose
    ("项目编码", "项目ID"),
    ("项目编码", "项目标识码"),
    ("预算规模及资金用途", "项目建设内容"),
]


def _records(text: str) -> tuple:

    rows = rows_of(text, "sample.txt")
    project = (
        "project_code",
        "project_name",
        "budget_yuan",
        "fiscal_funds_yuan",
        "purpose",
        "performance_goal",
    )
    indicator = ("level1", "level2", "level3", "description", "value_raw", "basis")
    plan = ("project_seq", "checkpoint", "cumulative_pct")
    return (
        [tuple(p[k] for k in project) for p in rows["projects"]],
        [tuple(i[k] for k in indicator) for i in rows["indicators"]],
        [tuple(s[k] for k in plan) for s in rows["spending_plan"]],
    )


@pytest.mark.parametrize(("label", "unseen"), UNSEEN_LABELS, ids=[f"{a}->{b}" for a, b in UNSEEN_LABELS])
def test_a_label_no_layout_declares_gives_the_samples_records(label, unseen):
    from .conftest import SAMPLE  # noqa: PLC0415

    text = SAMPLE.read_text(encoding="utf-8")
    assert f"\t{label}\n" in text
    want = _records(text)
    projects, indicators, plan = want
    assert len(projects) == 12 and len(indicators) == 108 and plan
    assert all(p[0] and p[4] for p in projects) and all(i[3] and i[5] for i in indicators)
    assert _records(text.replace(f"\t{label}\n", f"\t{unseen}\n")) == want


# The same in other families' fixtures: unit labels of other provinces, a bare 单位 column beside
# the target (transfer tables), 总体目标 with the goal right of it and no captions.
UNSEEN_IN_FAMILIES = [  # (fixture, label, unseen spelling, what the label gives)
    ("shanghai-tianbaobiao.txt", "主管部门", "主管单位", "department"),
    ("shanghai-tianbaobiao.txt", "主管部门", "主管部门名称", "department"),
    ("shanghai-tianbaobiao.txt", "实施单位", "项目承担单位", "implementing_unit"),
    ("xiangmuku-jiankong.txt", "实施单位", "实施单位名称", "implementing_unit"),
    ("hunan-bumen-zhengti.txt", "计量单位", "单位", "unit"),
    ("real/49.txt", "计量单位", "单位", "unit"),  # chongqing-flat: its unit column identifies it
    # department-wide tables: the unit is the funded thing, its goal and funds spelled otherwise
    ("hunan-bumen-zhengti.txt", "部门(单位)名称", "单位名称", "project_name"),
    ("hunan-bumen-zhengti.txt", "年度总体绩效目标", "部门整体绩效目标", "performance_goal"),
    ("hunan-bumen-zhengti.txt", "年度资金总额", "年度预算总额", "budget_yuan"),
    ("mof-bumen-zhengti.txt", "年度总体目标", "部门年度总体目标", "performance_goal"),
    # a transfer table: the region's goal, the money from above by its level
    ("real/18.txt", "总体目标", "区域年度绩效目标", "performance_goal"),
    ("real/18.txt", "其中:财政拨款", "其中：省级资金", "fiscal_funds_yuan"),
    # a self-evaluation: its scores, funds stages and goals spelled otherwise
    ("real/25.txt", "分值", "指标分值", "weight"),
    ("real/25.txt", "得分", "实际得分", "score"),
    ("real/25.txt", "全年预算数", "全年预算", "budget_yuan"),
    ("real/25.txt", "全年执行数", "全年执行", "budget_executed_yuan"),
    ("real/25.txt", "执行率", "预算执行率", "execution_rate"),
    ("real/25.txt", "预期目标", "预期绩效目标", "performance_goal"),
    ("real/25.txt", "实际完成情况", "年度实际完成情况", "goal_actual"),
    ("real/38.txt", "计算符号", "运算符号", "comparator"),
    ("xiangmuku-jiankong.txt", "年初预算数", "年初预算", "budget_yuan"),
    ("dongguan-pifubiao.txt", "申报单位", "申请单位", "department"),
    ("shanghai-tianbaobiao.txt", "其他资金", "其他来源资金", "budget_yuan"),
    ("shanghai-tianbaobiao.txt", "项目总目标", "项目中长期目标", "goal_long_term"),
    ("shanghai-tianbaobiao.txt", "项目资金总额", "项目总资金", "budget_yuan"),
    ("xiangmuku-jiankong.txt", "其中：财政拨款", "其中：财政性资金", "fiscal_funds_yuan"),
    # session 8: the implementing unit as 主体 or 责任单位, what the project does, why it is, the
    # year's goal as 项目年度目标, a budget as 本年预算 or a project's 项目总预算
    ("shanghai-tianbaobiao.txt", "实施单位", "项目实施主体", "implementing_unit"),
    ("shanghai-tianbaobiao.txt", "实施单位", "责任单位", "implementing_unit"),
    ("hunan-xiangmu-mubiaobiao.txt", "项目概况", "项目主要内容", "purpose"),
    ("shenbaobiao-zijin-laiyuan.txt", "项目概况", "项目简介", "purpose"),
    ("real/25.txt", "预期目标", "项目年度目标", "performance_goal"),
    ("hunan-bumen-zhengti.txt", "年度资金总额", "本年预算", "budget_yuan"),
    ("shanghai-tianbaobiao.txt", "项目资金总额", "项目总预算", "budget_yuan"),
    # session 9: a budget as 项目总金额 or 年度预算金额, who spends the money, what is carried out
    ("shanghai-tianbaobiao.txt", "项目资金总额", "项目总金额", "budget_yuan"),
    ("hunan-bumen-zhengti.txt", "年度资金总额", "年度申请金额", "budget_yuan"),
    ("real/28.txt", "年度资金总额", "项目金额", "budget_yuan"),
    ("shanghai-tianbaobiao.txt", "实施单位", "资金使用单位", "implementing_unit"),
    ("hunan-xiangmu-mubiaobiao.txt", "项目概况", "项目实施内容", "purpose"),
    ("shanghai-tianbaobiao.txt", "主管部门", "归口管理部门", "department"),
    ("shanghai-tianbaobiao.txt", "实施单位", "项目实施机构", "implementing_unit"),
    ("shanghai-tianbaobiao.txt", "实施单位", "承办单位", "implementing_unit"),
    ("shanghai-tianbaobiao.txt", "实施单位", "项目主体", "implementing_unit"),
    ("hunan-xiangmu-mubiaobiao.txt", "项目概况", "建设内容", "purpose"),
    # session 10: 其它 as often as 其他
    ("zhongyang-zipingbiao.txt", "其他资金", "其它资金", "other_funds_yuan"),
    ("mof-bumen-zhengti.txt", "其他资金", "其它资金", "other_funds_yuan"),
]


PROJECT = (
    "project_name",
    "budget_yuan",
    "fiscal_funds_yuan",
    "department",
    "implementing_unit",
    "performance_goal",
    "goal_long_term",
    "other_funds_yuan",
    "goal_actual",
    "budget_executed_yuan",
    "execution_rate",
    "purpose",
    "approval_basis",
)
INDICATOR = ("level2", "level3", "value_raw", "comparator", "value", "unit", "weight", "score")


def _family_records(text: str) -> tuple:

    rows = rows_of(text, "family.txt")
    return (
        [tuple(p[k] for k in PROJECT) for p in rows["projects"]],
        [tuple(i[k] for k in INDICATOR) for i in rows["indicators"]],
    )


@pytest.mark.parametrize(
    ("fixture", "label", "unseen", "field"),
    UNSEEN_IN_FAMILIES,
    ids=[f"{f}:{a}->{b}" for f, a, b, _ in UNSEEN_IN_FAMILIES],
)
def test_a_unit_or_column_label_no_layout_declares_gives_the_fixtures_records(fixture, label, unseen, field):
    from .test_families import FAMILIES  # noqa: PLC0415
    from .test_real_tables import REAL  # noqa: PLC0415

    path = REAL.parent / fixture if fixture.startswith("real/") else FAMILIES / fixture
    if not path.exists():
        pytest.skip(f"{path} is not here")
    text = path.read_text(encoding="utf-8")
    assert f"\t{label}\n" in text
    want = _family_records(text)
    assert want[0] and want[1]
    # (what the label gives is there to lose)
    if field in INDICATOR:
        assert any(i[INDICATOR.index(field)] for i in want[1])
    else:
        assert all(p[PROJECT.index(field)] for p in want[0])
    assert _family_records(text.replace(f"\t{label}\n", f"\t{unseen}\n")) == want


def test_a_goal_block_label_with_the_goal_right_of_it_is_the_goal():
    """总体目标 | 完成…: no captions (年度目标 / 中期目标) follow it, so it is no block but the field."""
    from .test_real_tables import REAL  # noqa: PLC0415

    path = REAL / "18.txt"
    if not path.exists():
        pytest.skip("../shared/samples/real is not here")
    (project,) = _records_of(path.read_text(encoding="utf-8"))
    assert project["performance_goal"] == "完成省级水利发展农村饮水项目投资500,改善提升9200人饮水条件。"


def test_goal_captions_with_their_goals_right_of_them_are_both_goals():
    """实施期绩效目标 | 通过采购… then 本年度绩效目标 | 通过采购…: each a label with its goal beside it.
    The first was taken for a caption over the next row: the long-term goal read '本年度绩效目标' and
    the year's goal was lost (real/20, and real/43's year goal the same way)."""
    from .test_real_tables import REAL  # noqa: PLC0415

    path = REAL / "20.txt"
    if not path.exists():
        pytest.skip("../shared/samples/real is not here")
    (project,) = _records_of(path.read_text(encoding="utf-8"))
    goal = "通过采购雾炮车降尘抑尘服务,服务周期2023.07-2024.01,全市空气质量达到优良"
    assert (project["goal_long_term"], project["performance_goal"]) == (goal, goal)


def _records_of(text: str) -> list[dict]:

    return rows_of(text, "18.txt")["projects"]


@pytest.mark.parametrize(
    ("checkpoints", "months"),
    [
        (("第一季度", "第二季度", "第三季度", "第四季度"), [3, 6, 9, 12]),
        (("一季度末", "上半年", "前三季度", "全年"), [3, 6, 9, 12]),
    ],
)
def test_a_spending_plan_by_quarters_has_the_months_they_end(checkpoints, months):
    """3月底 / 6月底 … printed as quarters or halves: the month each ends, the raw label kept."""
    from .conftest import SAMPLE  # noqa: PLC0415

    text = SAMPLE.read_text(encoding="utf-8")
    for old, new in zip(("3月底", "6月底", "10月底", "12月底"), checkpoints, strict=True):
        assert f"\t{old}\n" in text
        text = text.replace(f"\t{old}\n", f"\t{new}\n")

    plan = rows_of(text, "sample.txt")["spending_plan"]
    first = [row for row in plan if row["project_seq"] == 1]
    assert [row["checkpoint"] for row in first] == list(checkpoints)
    assert [row["month"] for row in first] == months


def test_a_project_named_like_funds_keeps_its_name():
    """项目名称 | 财政拨款项目经费: a name that reads as a funds label is a name, not a label merged
    over two rows (only the purpose's label is read so, beside funds: 资金用途 | 预算数 | 0.40)."""
    from .test_families import FAMILIES  # noqa: PLC0415

    text = (FAMILIES / "shanghai-tianbaobiao.txt").read_text(encoding="utf-8")
    text = text.replace("社区综合治理服务项目", "财政拨款项目经费")
    (project,) = _records_of(text)
    assert project["project_name"] == "财政拨款项目经费"


@pytest.mark.parametrize(
    ("fixture", "label", "value", "field"),
    [
        ("hunan-bumen-zhengti.txt", "部门(单位)名称", "湘潭市某某局", "project_name"),
        ("shanghai-tianbaobiao.txt", "主管部门", "上海市普陀区人民政府万里街道办事处", "department"),
    ],
)
def test_a_label_and_its_value_in_one_cell_give_the_field(fixture, label, value, field):
    """部门名称：某某局 in one cell, as 一体化 exports print their 基本信息 block."""
    from .test_families import FAMILIES  # noqa: PLC0415

    text = (FAMILIES / fixture).read_text(encoding="utf-8")
    assert f"\t{label}\n\t{value}\n" in text
    (project,) = _records_of(text.replace(f"\t{label}\n\t{value}\n", f"\t{label}：{value}\n"))
    assert project[field] == value


@pytest.mark.parametrize("label", ["立项依据", "项目立项依据", "政策依据"])
def test_why_the_project_is_read_however_its_label_says_it(label):
    """A head row 立项依据 | its document (declared), or spelled 项目立项依据 / 政策依据 (by form)."""
    from .test_families import FAMILIES  # noqa: PLC0415

    text = (FAMILIES / "hunan-xiangmu-mubiaobiao.txt").read_text(encoding="utf-8")
    assert "\t项目概况\n" in text
    text = text.replace("\t项目概况\n", f"\t{label}\n\t某某发〔2021〕1号\n\n\t项目概况\n", 1)
    rows = _family_records(text)
    assert [p[PROJECT.index("approval_basis")] for p in rows[0]] == ["某某发〔2021〕1号"]


def test_a_department_wide_tables_head_printed_as_a_table_of_its_own_is_its_head(tmp_path):
    """部门(单位)名称, its money, duties and goal in one table, the indicators in the next (a page break
    or the writer cut them): no label of the head starts a project, and the head table was dropped
    without a word (no name, no budget, no goal). It is the indicator table's head."""
    head = [
        ("部门（单位）名称", "某市生态环境局", "", ""),
        ("年度预算资金（万元）", "资金总额", "2,345.67", ""),
        ("", "其中：基本支出", "1,800.00", ""),
        ("", "项目支出", "545.67", ""),
        ("部门职能职责", "负责全市生态环境保护工作", "", ""),
        ("年度整体绩效目标", "空气质量优良天数比率达到85%以上", "", ""),
    ]
    indicators = [
        ("一级指标", "二级指标", "三级指标", "指标值"),
        ("产出指标", "数量指标", "环境执法检查次数", "≥200次"),
        ("满意度指标", "服务对象满意度指标", "公众满意度", "≥90%"),
    ]
    title = paragraph("某市生态环境局2024年绩效目标表")
    for text in (title + table(head) + table(indicators), title + table(head + indicators)):
        tables = read_both(tmp_path / str(len(text)), text)
        (project,) = tables["projects"].to_dict("records")
        assert (project["project_name"], project["kind"], project["template"]) == (
            "某市生态环境局",
            "department",
            "department-wide",
        )
        assert project["budget_yuan"] == Decimal("23456700.00")
        assert project["purpose"] == "负责全市生态环境保护工作"
        assert project["performance_goal"] == "空气质量优良天数比率达到85%以上"
        assert list(tables["indicators"].level3) == ["环境执法检查次数", "公众满意度"]
        assert "layout_unmatched" not in codes(tables)


def test_a_table_that_is_no_head_stays_out_of_the_next_projects():
    """A cover table right above an indicator table is not taken for its head: too few head labels."""
    text = table([("编制单位", "某局"), ("编制日期", "2024年1月")]) + table(
        [("一级指标", "二级指标", "三级指标", "指标值"), ("产出指标", "数量指标", "培训人数", "50人")]
    )
    (project,) = parse_publication(read_tika_text(text.encode())).projects
    assert project.name is None and project.funds == ()


def test_a_funds_grid_whose_label_is_merged_down_beside_its_captions_gives_the_budget(tmp_path):
    """项目预算资金 merged over two rows, 合计 | 财政拨款 | 其他资金 beside it and the amounts under them:
    the label reads as a caption too (it names money), and the amounts row has no label of its own.
    Its amounts were taken for parts of something: the budget came out empty."""
    text = table(
        [
            ("预算项目名称", "农村公路养护补助", "项目编号", "51000023R000001"),
            ("项目预算资金", "合计", "财政拨款", "其他资金"),
            ("", "800", "750", "50"),
            ("绩效目标", "完成县乡道养护500公里", "", ""),
            ("一级指标", "二级指标", "三级指标", "绩效指标值"),
            ("产出指标", "数量指标", "养护里程", "500公里"),
        ]
    )
    (project,) = read_both(tmp_path, text)["projects"].to_dict("records")
    amounts = (project["budget_yuan"], project["fiscal_funds_yuan"], project["other_funds_yuan"])
    assert amounts == (Decimal("8000000.00"), Decimal("7500000.00"), Decimal("500000.00"))


def test_a_funds_grid_of_the_levels_of_government_gives_the_budget(tmp_path):
    """总额 | 本级财政 | 上级补助 | 其他 over the amounts: 本级财政 was no funds caption, and the grid
    was lost (no budget, its caption taken for an amount)."""
    text = table(
        [
            ("项目名称", "高标准农田建设", "项目类别", "专项业务费"),
            ("项目预算（万元）", "总额", "本级财政", "上级补助", "其它"),
            ("", "2000", "500", "1500", "0"),
            ("绩效目标", "建成高标准农田2万亩", "", "", ""),
            ("一级指标", "二级指标", "三级指标", "指标值", "分值"),
            ("产出", "数量", "新建高标准农田面积", "2万亩", "30"),
        ]
    )
    rows = read_both(tmp_path, text)
    (project,) = rows["projects"].to_dict("records")
    assert (project["budget_yuan"], project["other_funds_yuan"]) == (Decimal("20000000.00"), Decimal("0.00"))
    assert "amount_unparsed" not in set(rows["findings"]["code"])


def test_a_budget_labelled_by_its_amount_in_yuan_is_read_in_yuan(tmp_path):
    """项目金额（元） | 1,234,567.89: no declared label, a total by its form (金额), the unit in its label."""
    text = table(
        [
            ("项目名称", "社区健康服务"),
            ("项目单位", "某某区卫生健康局"),
            ("项目金额（元）", "1,234,567.89"),
            ("一级指标", "二级指标", "三级指标", "目标值"),
            ("产出", "数量", "服务人次", "≥5000人次"),
        ]
    )
    (project,) = read_both(tmp_path, text)["projects"].to_dict("records")
    assert project["budget_yuan"] == Decimal("1234567.89")
    assert project["implementing_unit"] == "某某区卫生健康局"


@pytest.mark.parametrize(
    ("declared", "yuan"),
    [("单位：人民币元", "120.00"), ("单位：人民币万元", "1200000.00"), ("金额（人民币元）", "120.00")],
)
def test_an_amount_unit_said_in_renminbi_is_that_unit(declared, yuan):
    """单位：人民币元: the currency named before the unit (the unit was unknown and no budget read)."""

    text = paragraph(declared) + table(
        [
            ("项目名称", "测试项目"),
            ("年度资金总额", "120"),
            ("一级指标", "二级指标", "三级指标", "指标值"),
            ("产出指标", "数量指标", "培训人数", "100人"),
        ]
    )
    rows = rows_of(text)
    assert rows["projects"][0]["budget_yuan"] == Decimal(yuan)


def test_head_labels_printed_as_captions_over_their_values_are_the_fields(tmp_path):
    """项目编码 | 项目名称 | 主管部门 | 实施单位 with the values in the row under them: each label's
    value right of it would be another label. They were taken for blanks and the values row for an
    unknown label: code, name, department and implementing unit were all lost."""
    text = table(
        [
            ("项目编码", "项目名称", "主管部门", "实施单位"),
            ("13000024P000123", "数字政府运维", "某省政务服务管理办公室", "某省大数据中心"),
            ("预算金额（万元）", "总额", "财政资金", "其他资金"),
            ("", "600", "600", "0"),
            ("一级指标", "二级指标", "三级指标", "指标值"),
            ("产出指标", "数量指标", "运维系统数量", "45个"),
        ]
    )
    tables = read_both(tmp_path, text)
    (project,) = tables["projects"].to_dict("records")
    fields = ("project_code", "project_name", "department", "implementing_unit", "budget_yuan")
    assert tuple(project[f] for f in fields) == (
        "13000024P000123",
        "数字政府运维",
        "某省政务服务管理办公室",
        "某省大数据中心",
        Decimal("6000000.00"),
    )
    assert "head_label_unread" not in codes(tables)


def test_a_funds_grid_by_kind_with_the_units_own_money_adds_up(tmp_path):
    """项目资金来源（万元） | 资金总额 | 财政拨款 | 单位自筹 | 其他 over one row of amounts: the table's
    money (单位自筹 was no funds label at all, and 财政拨款's amount was taken to be 单位自筹)."""
    text = table(
        [
            ("项目名称", "农村人居环境整治", "", "", ""),
            ("项目资金来源（万元）", "资金总额", "财政拨款", "单位自筹", "其他"),
            ("", "300", "250", "30", "20"),
            ("一级指标", "二级指标", "三级指标", "指标值", ""),
            ("产出指标", "数量指标", "整治村庄数", "20个", ""),
        ]
    )
    tables = read_both(tmp_path, text)
    (project,) = tables["projects"].to_dict("records")
    amounts = (project["budget_yuan"], project["fiscal_funds_yuan"], project["other_funds_yuan"])
    assert amounts == (Decimal("3000000.00"), Decimal("2500000.00"), Decimal("200000.00"))
    kinds = [(f["kind"], f["amount_yuan"]) for f in tables["project_funds"].to_dict("records")]
    assert ("own", Decimal("300000.00")) in kinds
    assert "funds_sum_mismatch" not in codes(tables)  # 250 + 30 + 20 in the row make 300


def test_a_target_caption_over_the_levels_row_makes_the_header(tmp_path):
    """绩效指标 | | | 指标值 over 一级指标 | 二级指标 | 三级指标 | ␣ (指标值 merged down its two rows): the
    header is the two rows. The levels row alone has no target, and the file was refused whole."""
    text = table(
        [
            ("部门编码：101", "部门名称：某县财政局", "联系人：张某", ""),
            ("年度资金总额（万元）", "856.3", "", ""),
            ("年度绩效目标", "保障财政工作正常运转", "", ""),
            ("绩效指标", "", "", "指标值"),
            ("一级指标", "二级指标", "三级指标", ""),
            ("一、产出指标", "（一）数量指标", "预算编制单位数", "45家"),
            ("三、满意度指标", "（一）服务对象满意度指标", "预算单位满意度", "≥90%"),
        ]
    )
    tables = read_both(tmp_path, text)
    (project,) = tables["projects"].to_dict("records")
    # (部门名称： in a label:value cell names the family, as a cell of its own would)
    assert (project["project_name"], project["kind"], project["template"]) == (
        "某县财政局",
        "department",
        "department-wide",
    )
    ind = tables["indicators"]
    assert list(ind.level3) == ["预算编制单位数", "预算单位满意度"]
    assert list(ind.value_raw) == ["45家", "≥90%"]


def test_funds_printed_label_and_amount_in_each_cell_of_a_row_give_the_budget(tmp_path):
    """预算资金（万元） | 合计：100 | 财政拨款：80 | 其他资金：20: 合计 is the total (it was no funds label,
    its amount unparsed and the budget empty)."""
    text = table(
        [
            ("项目名称", "食品安全抽检", ""),
            ("预算资金（万元）", "合计：100", "财政拨款：80", "其他资金：20"),
            ("一级指标", "二级指标", "三级指标", "指标值"),
            ("产出指标", "数量指标", "抽检批次", "≥2000批次"),
        ]
    )
    tables = read_both(tmp_path, text)
    (project,) = tables["projects"].to_dict("records")
    amounts = (project["budget_yuan"], project["fiscal_funds_yuan"], project["other_funds_yuan"])
    assert amounts == (Decimal("1000000.00"), Decimal("800000.00"), Decimal("200000.00"))
    assert "amount_unparsed" not in codes(tables)


def test_a_department_wide_tables_budget_grid_and_its_tasks_each_with_one_amount(tmp_path):
    """年度预算 | 部门预算总额 | 基本支出 | 项目支出 over its amounts, then 年度主要任务 | 任务名称 | 主要内容 |
    预算金额（万元） over a row per task: the budget is the first grid's total, each task a part. The
    blank beside 预算金额 was taken for the budget (empty), each task for an unread head label."""
    text = table(
        [
            ("部门名称", "某区教育局", "", ""),
            ("年度预算", "部门预算总额", "基本支出", "项目支出"),
            ("", "58,000.00", "45,000.00", "13,000.00"),
            ("部门职责", "负责全区教育工作", "", ""),  # (the grid above has ended)
            ("年度主要任务", "任务名称", "主要内容", "预算金额（万元）"),
            ("", "义务教育保障", "保障学校运转", "10,000.00"),
            ("", "教师培训", "开展全员培训", "3,000.00"),
            ("年度总体目标", "办好人民满意的教育", "", ""),
            ("一级指标", "二级指标", "三级指标", "指标值"),
            ("产出指标", "数量指标", "培训教师人次", "≥5000人次"),
        ]
    )
    tables = read_both(tmp_path, text)
    (project,) = tables["projects"].to_dict("records")
    assert (project["budget_yuan"], project["performance_goal"]) == (
        Decimal("580000000.00"),
        "办好人民满意的教育",
    )
    funds = [(f["label"], f["kind"], f["amount_yuan"]) for f in tables["project_funds"].to_dict("records")]
    assert ("义务教育保障", "part", Decimal("100000000.00")) in funds
    assert ("教师培训", "part", Decimal("30000000.00")) in funds
    assert "head_label_unread" not in codes(tables)


def test_a_column_no_label_names_holding_level_names_is_that_level(tmp_path):
    """指标类别 over 产出指标 / 效益指标, 指标分类 over 数量指标 / 质量指标: no declared or formed label,
    but every cell is a level's name. They were kept in remark, the levels left empty."""
    text = table(
        [
            ("单位名称", "某县人民医院", "", ""),
            ("指标类别", "指标分类", "指标名称", "指标值"),
            ("产出指标", "数量指标", "门诊人次", "≥30万人次"),
            ("", "质量指标", "院感发生率", "≤5%"),
            ("效益指标", "社会效益指标", "患者满意度", "≥90%"),
        ]
    )
    tables = read_both(tmp_path, text)
    ind = tables["indicators"]
    assert list(zip(ind.level1, ind.level2, ind.level3, strict=True)) == [
        ("产出指标", "数量指标", "门诊人次"),
        ("产出指标", "质量指标", "院感发生率"),
        ("效益指标", "社会效益指标", "患者满意度"),
    ]
    assert ind.remark.isna().all() and "indicator_column_unread" not in codes(tables)


def test_a_column_of_other_words_stays_in_remark():
    """责任科室 over 办公室 / 财务科: not level names, kept in remark and reported."""
    text = table(
        [
            ("项目名称", "培训", "", "", ""),
            ("一级指标", "二级指标", "三级指标", "指标值", "责任科室"),
            ("产出指标", "数量指标", "培训人数", "50人", "办公室"),
            ("产出指标", "质量指标", "合格率", "≥95%", "财务科"),
        ]
    )
    (project,) = parse_publication(read_tika_text(text.encode())).projects
    assert [i.remark for i in project.indicators] == ["责任科室: 办公室", "责任科室: 财务科"]


@pytest.mark.parametrize("third", ["考核指标", "绩效指标", "三级指标内容"])
def test_the_third_levels_column_under_another_word_is_the_third_level(tmp_path, third):
    """一级指标 | 二级指标 | 考核指标 | 指标值: no label says 三级, but the one column between the levels
    and the target names the indicator. The header was not one, and every indicator was lost."""
    text = table(
        [
            ("项目名称", "城区绿化养护", "", ""),
            ("一级指标", "二级指标", third, "指标值"),
            ("产出指标", "数量指标", "养护面积", "120万平方米"),
            ("产出指标", "质量指标", "苗木成活率", "≥95%"),
        ]
    )
    ind = read_both(tmp_path, text)["indicators"]
    assert list(zip(ind.level2, ind.level3, ind.value_raw, strict=True)) == [
        ("数量指标", "养护面积", "120万平方米"),
        ("质量指标", "苗木成活率", "≥95%"),
    ]


@pytest.mark.parametrize("caption", ["标准值", "考核标准", "年度目标", "绩效标准", "评价标准"])
def test_a_target_column_no_label_names_is_read_by_its_cells_and_said(tmp_path, caption):
    """一级指标 | 二级指标 | 三级指标 | 标准值 over 120万平方米, ≥95%: no label says 指标值, but the cells
    are targets. The file was refused whole; now the column is the target, and a finding says so."""
    text = table(
        [
            ("项目名称", "城区绿化养护", "", ""),
            ("一级指标", "二级指标", "三级指标", caption),
            ("产出指标", "数量指标", "养护面积", "120万平方米"),
            ("产出指标", "质量指标", "苗木成活率", "≥95%"),
            ("满意度指标", "服务对象满意度指标", "市民满意度", "≥90%"),
        ]
    )
    tables = read_both(tmp_path, text)
    ind = tables["indicators"]
    assert list(ind.value_raw) == ["120万平方米", "≥95%", "≥90%"]
    assert list(ind.comparator) == ["=", ">=", ">="]
    said = tables["findings"].set_index("code").loc["target_by_content"]
    assert said.raw == caption


def test_the_only_unnamed_column_right_of_the_levels_is_the_target_and_said():
    """三级指标 | 评价要点 over sentences: no target by label or by cells, but the only column right of
    the levels that no label names. Read as the target, and said; the file was refused."""
    text = table(
        [
            ("项目名称", "城区绿化养护", "", ""),
            ("一级指标", "二级指标", "三级指标", "评价要点"),
            ("产出指标", "数量指标", "养护面积", "按计划完成全年养护任务"),
            ("产出指标", "质量指标", "苗木成活率", "苗木长势良好无大面积死亡"),
        ]
    )
    (project,) = parse_publication(read_tika_text(text.encode())).projects
    assert [i.value for i in project.indicators] == ["按计划完成全年养护任务", "苗木长势良好无大面积死亡"]
    (note,) = [n for n in project.notes if n.code == "target_by_content"]
    assert note.raw == "评价要点" and "the only column" in note.detail


def test_a_table_whose_columns_say_none_is_the_target_is_refused():
    """三级指标 | 备注: the one column right of the levels says it is no target; the table is refused."""
    text = table(
        [
            ("项目名称", "城区绿化养护", "", ""),
            ("一级指标", "二级指标", "三级指标", "备注"),
            ("产出指标", "数量指标", "养护面积", "120万平方米"),
        ]
    )
    with pytest.raises(SourceError, match="no 指标值 column"):
        parse_publication(read_tika_text(text.encode()))


def test_a_short_line_between_a_head_table_and_its_indicators_keeps_them_together():
    """单位：万元 between the head table and the indicator table: still the table's head."""
    head = table([("部门（单位）名称", "某市生态环境局"), ("年度资金总额（万元）", "2,345.67")])
    indicators = table(
        [("一级指标", "二级指标", "三级指标", "指标值"), ("产出指标", "数量指标", "执法检查次数", "≥200次")]
    )
    (project,) = parse_publication(
        read_tika_text((head + paragraph("单位：万元") + indicators).encode())
    ).projects
    assert (project.name, project.budget) == ("某市生态环境局", "2,345.67")


def test_a_head_table_no_indicator_table_follows_is_said():
    """A 部门整体 table's head (no label of it starts a project) with prose after it and no indicators:
    read by no layout, and said; it was dropped without a word."""
    indicators = table(
        [
            ("项目名称", "培训"),
            ("一级指标", "二级指标", "三级指标", "指标值"),
            ("产出指标", "数量指标", "培训人数", "50人"),
        ]
    )
    head = table([("部门名称", "某区园林局"), ("年度资金总额", "120"), ("年度绩效目标", "绿化养护全覆盖")])
    prose = paragraph("说明：本部门整体绩效指标另行报送，此处从略，详见附件材料中的有关内容。")
    publication = parse_publication(read_tika_text((indicators + head + prose).encode()))
    assert [p.name for p in publication.projects] == ["培训"]
    assert [n.raw for n in publication.notes if n.code == "layout_unmatched"] == ["部门名称"]


def test_a_department_wide_head_after_a_projects_indicators_is_the_next_tables_head(tmp_path):
    """A project's table, then a 部门整体 table's head and its indicators in two tables: the head's rows
    were read as four indicators of the project before it, and the unit's indicators came out as a
    project with no name."""
    text = (
        table(
            [
                ("项目名称", "培训", "", ""),
                ("一级指标", "二级指标", "三级指标", "指标值"),
                ("产出指标", "数量指标", "培训人数", "50人"),
            ]
        )
        + table(
            [("部门名称", "某区园林局"), ("年度资金总额（万元）", "120"), ("年度绩效目标", "绿化养护全覆盖")]
        )
        + table(
            [
                ("一级指标", "二级指标", "三级指标", "指标值"),
                ("产出指标", "数量指标", "养护面积", "100万平方米"),
            ]
        )
    )
    tables = read_both(tmp_path, text)
    projects = [
        (p["project_name"], p["kind"], p["budget_yuan"]) for p in tables["projects"].to_dict("records")
    ]
    assert projects == [("培训", "project", None), ("某区园林局", "department", Decimal("1200000.00"))]
    ind = tables["indicators"]
    assert list(zip(ind.project_seq, ind.level3, strict=True)) == [(1, "培训人数"), (2, "养护面积")]


def test_a_table_cut_by_a_page_break_with_its_header_printed_again_goes_on(tmp_path):
    """The header printed again over the next page, the level cells a merge carried over the break
    left empty: the indicators below are the same project's, under the same levels. They were a
    nameless second project with no levels."""
    header = ("一级指标", "二级指标", "三级指标", "指标值")
    text = table(
        [
            ("项目名称", "乡村旅游基础设施", "", ""),
            ("年度资金总额", "10", "", ""),
            header,
            ("产出指标", "数量指标", "建设游步道", "≥20公里"),
            ("", "", "开发景点数量", "≥4个"),
        ]
    ) + table([header, ("", "", "流转土地", "≥60亩"), ("", "质量指标", "建设质量达标率", "≥98%")])
    rows = read_both(tmp_path, text)
    (project,) = rows["projects"].to_dict("records")
    assert project["project_name"] == "乡村旅游基础设施"
    levels = rows["indicators"][["level1", "level2", "level3"]].values.tolist()
    assert levels[2:] == [["产出指标", "数量指标", "流转土地"], ["产出指标", "质量指标", "建设质量达标率"]]


def test_after_the_table_ends_a_header_printed_again_is_the_next_table():
    """总分 ends a table: an indicator table after it is another's, header or not."""
    header = ("一级指标", "二级指标", "三级指标", "指标值")
    text = table(
        [
            ("项目名称", "甲项目", "", ""),
            header,
            ("产出指标", "数量指标", "培训人数", "100人"),
            ("总分", "", "", ""),
        ]
    ) + table([header, ("产出指标", "数量指标", "培训场次", "5场")])
    projects = parse_publication(read_tika_text(text.encode())).projects
    assert [len(p.indicators) for p in projects] == [1, 1]


def test_a_head_of_label_value_pairs_cut_from_its_table_is_its_head(tmp_path):
    """一体化's 基本信息 block (部门编码: | 316 | 部门名称: | 某局, *联系人: …) cut from the rest of its
    table by a page break: one row of two pairs and a starred label make it a head, whose 部门名称
    names the unit the table is for. The name was lost."""
    text = table(
        [
            ("基本信息", "", "", ""),
            ("部门编码:", "316", "部门名称:", "某县林业局"),
            ("*联系人:", "王某", "联系电话:", "123"),
        ]
    ) + table(
        [
            ("*部门职能职责概述", "保障林业局职能实现", "", ""),
            ("*年度绩效总目标", "保障林业局职能实现", "", ""),
            ("一级指标", "二级指标", "三级指标", "指标值"),
            ("产出指标", "数量指标", "保障在职职工人数", "116人"),
        ]
    )
    (project,) = read_both(tmp_path, text)["projects"].to_dict("records")
    assert (project["project_name"], project["kind"]) == ("某县林业局", "department")


@pytest.mark.parametrize("blank", [None, ""])
def test_a_budget_whose_cell_is_blank_is_the_sum_of_its_sources_and_said(blank):
    """资金总额 printed with no amount (its cell blank, or no cell at all) beside 财政拨款 | 500: the
    sum of the sources, with amount_derived. A blank cell gave no budget."""

    total = ("资金总额",) if blank is None else ("资金总额", blank)
    text = table(
        [
            ("项目名称", "农村饮水安全巩固提升"),
            total,
            ("其中：财政拨款", "500"),
            ("其他资金", ""),
            ("一级指标", "二级指标", "三级指标", "指标值"),
            ("产出指标", "数量指标", "受益人口", "9200人"),
        ]
    )
    rows = rows_of(text)
    (project,) = rows["projects"]
    assert (project["budget_yuan"], project["budget_derived"]) == (Decimal("5000000.00"), True)
    assert "amount_derived" in {f["code"] for f in rows["findings"]}


@pytest.mark.parametrize("printed", ["10", "10分", "（10分）", "10（分）", "(10)"])
def test_a_weight_printed_with_its_points_in_parentheses_is_read(printed):
    """权重 | （10分）: the number inside the parentheses (it was no weight)."""
    text = table(
        [
            ("项目名称", "测试项目", "", "", ""),
            ("一级指标", "二级指标", "三级指标", "指标值", "权重"),
            ("产出指标", "数量指标", "培训人数", "100人", printed),
        ]
    )

    (indicator,) = rows_of(text)["indicators"]
    assert (indicator["weight_raw"], indicator["weight"]) == (printed, Decimal(10))


@pytest.mark.parametrize(
    ("caption", "sep"), [("一级指标/二级指标", "/"), ("指标类别", "-"), ("指标类型", "－")]
)
def test_both_levels_in_one_cell_are_split(tmp_path, caption, sep):
    """产出指标/数量指标 in one column, as some exports print 一级指标/二级指标: both levels (the whole
    text was the first level and the second was empty)."""
    text = table(
        [
            ("项目名称", "培训项目", ""),
            (caption, "三级指标", "指标值"),
            (f"产出指标{sep}数量指标", "培训人数", "100人"),
            (f"效益指标{sep}社会效益指标", "技能提升", "明显"),
        ]
    )
    indicators = read_both(tmp_path, text)["indicators"]
    assert indicators[["level1", "level2"]].values.tolist() == [
        ["产出指标", "数量指标"],
        ["效益指标", "社会效益指标"],
    ]


@pytest.mark.parametrize("gap", ["      ", "　　", " ", ""])
def test_head_fields_typed_as_pairs_into_one_cell_are_read(tmp_path, gap):
    """项目名称：某项目      实施单位：某镇 typed into one merged cell, as Word-typed forms do: each pair
    a field (the whole head was lost); 单位：万元 among them still declares the amounts' unit. A PDF
    prints the gap as one space or none: a label the head knows still starts the next pair."""
    text = table(
        [
            (f"项目名称：乡村振兴示范村建设{gap}实施单位：某镇人民政府", "", "", ""),
            (f"主管部门：某县农业农村局{gap}项目资金：1,200,000      单位：元", "", "", ""),
            ("一级指标", "二级指标", "三级指标", "指标值"),
            ("产出指标", "数量指标", "示范村数量", "3个"),
        ]
    )
    (project,) = read_both(tmp_path, text)["projects"].to_dict("records")
    assert (project["project_name"], project["implementing_unit"], project["department"]) == (
        "乡村振兴示范村建设",
        "某镇人民政府",
        "某县农业农村局",
    )
    assert project["budget_yuan"] == Decimal("1200000.00")


def test_head_fields_printed_as_lines_above_the_table_are_its_head(tmp_path):
    """项目名称：…, 主管部门：…, 项目资金：120万元 as paragraphs right above an indicator table: the
    table's head (a project with no name, no unit and no budget)."""
    text = (
        paragraph("项目支出绩效目标表")
        + paragraph("项目名称：乡村振兴示范村建设")
        + paragraph("主管部门：某县农业农村局    实施单位：某镇人民政府")
        + paragraph("项目资金：120万元")
        + table(
            [("一级指标", "二级指标", "三级指标", "指标值"), ("产出指标", "数量指标", "示范村数量", "3个")]
        )
    )
    (project,) = read_both(tmp_path, text)["projects"].to_dict("records")
    assert (project["project_name"], project["department"], project["implementing_unit"]) == (
        "乡村振兴示范村建设",
        "某县农业农村局",
        "某镇人民政府",
    )
    assert project["budget_yuan"] == Decimal("1200000.00")


@pytest.mark.parametrize("label", ["项目资金（万元）", "资金情况", "项目经费"])
def test_a_funds_blocks_label_with_one_amount_beside_it_is_the_budget(label):
    """项目资金（万元） | 120 and no lines below it: the whole (it was read as no money, silently)."""

    text = table(
        [
            ("项目名称", "乡村振兴示范村建设", ""),
            (label, "120", ""),
            ("二级指标", "三级指标", "指标值"),
            ("数量指标", "示范村数量", "3个"),
        ]
    )
    rows = rows_of(text)
    assert rows["projects"][0]["budget_yuan"] == Decimal("1200000.00")


@pytest.mark.parametrize(
    ("caption", "subs", "cells", "value_raw"),
    [
        ("指标值", ("数值", "单位"), ("≥100", "人"), "≥100 人"),
        ("绩效目标值", ("符号", "值", "计量单位"), ("≥", "100", "人"), "≥ 100 人"),
    ],
)
def test_a_targets_sub_captions_in_the_row_under_the_header_are_its_columns(
    tmp_path, caption, subs, cells, value_raw
):
    """指标值 over 数值 | 单位 (绩效目标值 over 符号 | 值 | 计量单位), the levels merged down beside them:
    one header. The sub-captions were read as an indicator, and the unit (or the number) was lost."""
    width = 3 + len(subs)
    text = table(
        [
            ("项目名称", "培训项目", *[""] * (width - 2)),
            ("一级指标", "二级指标", "三级指标", caption, *[""] * (len(subs) - 1)),
            ("", "", "", *subs),
            ("产出指标", "数量指标", "培训人数", *cells),
        ]
    )
    rows = read_both(tmp_path, text)
    (indicator,) = rows["indicators"].to_dict("records")
    assert (indicator["level3"], indicator["value_raw"]) == ("培训人数", value_raw)
    assert (indicator["comparator"], indicator["value"], indicator["unit"]) == (">=", 100, "人")


def test_annual_and_medium_term_captions_under_the_targets_caption_are_both_targets(tmp_path):
    """指标值 over 年度 | 中期 under the levels' row: the year's target and the long-term one (中期 was
    an unread column, 年度 read by its cells)."""
    text = table(
        [
            ("项目名称", "培训项目", "", "", ""),
            ("绩效指标", "", "", "指标值", ""),
            ("一级指标", "二级指标", "三级指标", "年度", "中期"),
            ("产出指标", "数量指标", "培训人数", "100人", "300人"),
        ]
    )
    rows = read_both(tmp_path, text)
    indicators = rows["indicators"][["horizon", "value_raw"]].values.tolist()
    assert indicators == [["annual", "100人"], ["long_term", "300人"]]
    assert not {"indicator_column_unread", "target_by_content"} & set(codes(rows))


def test_a_title_printed_in_the_tables_top_row_names_the_project_as_a_title_above_it_does():
    """The 评价指标表's title merged across its first row instead of standing above the table: the
    project the title names (it came out nameless)."""
    from .test_families import FAMILIES  # noqa: PLC0415

    text = (FAMILIES / "hebei-pingjia-2018.txt").read_text(encoding="utf-8")
    title, rest = text.split("\n", 1)
    above = parse_publication(read_tika_text(text.encode())).projects
    inside = parse_publication(read_tika_text(f"\t{title}\n\n{rest.lstrip(chr(10))}".encode())).projects
    assert above[0].name and [p.name for p in inside] == [p.name for p in above]
    assert [len(p.indicators) for p in inside] == [len(p.indicators) for p in above]


@pytest.mark.parametrize("label", ["年度预算申请（万元）", "预算情况（万元）", "部门预算（万元）", ""])
def test_a_department_tables_kinds_grid_gives_its_budget_whatever_its_label(tmp_path, label):
    """资金总额 | 基本支出 | 项目支出 over one row of amounts with no label of its own: the unit's money,
    whatever the label left of the captions says (no budget was read unless it named a total)."""
    text = table(
        [
            ("部门名称", "某县民政局", "", ""),
            (label, "资金总额", "基本支出", "项目支出"),
            ("", "1,850.60", "650.60", "1,200.00"),
            ("年度总体目标", "保障困难群众基本生活。", "", ""),
            ("一级指标", "二级指标", "三级指标", "指标值"),
            ("产出指标", "数量指标", "低保对象人数", "5000人"),
        ]
    )
    (project,) = read_both(tmp_path, text)["projects"].to_dict("records")
    assert (project["kind"], project["budget_yuan"]) == ("department", Decimal("18506000.00"))


def test_level_names_under_the_blocks_caption_are_the_first_level(tmp_path):
    """绩效指标 | 指标名称 | 指标值 with 产出指标, 效益指标 … under 绩效指标: the first level (the caption's
    column was taken for filler and the levels were lost)."""
    text = table(
        [
            ("部门（单位）名称", "某市自然资源局", ""),
            ("绩效指标", "指标名称", "指标值"),
            ("产出指标", "规划编制完成率", "100%"),
            ("效益指标", "耕地保有量", "≥50万亩"),
        ]
    )
    levels = read_both(tmp_path, text)["indicators"][["level1", "level3"]].values.tolist()
    assert levels == [["产出指标", "规划编制完成率"], ["效益指标", "耕地保有量"]]


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("权重分值", "weight"),
        ("标准分值", "weight"),
        ("满分", "weight"),
        ("考核得分", "score"),
        ("评分", "score"),
    ],
)
def test_points_columns_spelled_otherwise_are_the_weight_or_the_score(label, field):
    """权重分值, 满分 (the points an indicator is worth), 考核得分 (what it scored): read as such, not
    kept in remark as an unread column."""

    text = table(
        [
            ("项目名称", "培训项目", "", "", ""),
            ("一级指标", "二级指标", "三级指标", "指标值", label),
            ("产出指标", "数量指标", "培训人数", "100人", "20"),
        ]
    )
    rows = rows_of(text)
    (indicator,) = rows["indicators"]
    assert indicator[field] == Decimal(20)
    assert "indicator_column_unread" not in {f["code"] for f in rows["findings"]}


def test_a_target_printed_over_two_cells_under_one_caption_is_joined():
    """≥ | 100人 under 指标值 (its span gone in Tika text, the row a cell longer than the header):
    one target. The number was dropped without a word; a cell no column takes is said."""
    header = ("一级指标", "二级指标", "三级指标", "指标值", "备注")
    text = table(
        [
            ("项目名称", "培训项目", "", "", ""),
            header,
            ("产出指标", "数量指标", "培训人数", "≥", "100人", ""),
            ("", "", "培训合格率", "95%", "", "", "另计"),
        ]
    )
    project = parse_publication(read_tika_text(text.encode())).projects[0]
    assert [i.value for i in project.indicators] == ["≥ 100人", "95%"]
    (note,) = [n for n in project.notes if n.code == "indicator_row_placement"]
    assert note.detail.endswith("no column takes 另计")


def test_a_target_caption_spanning_cells_of_the_grid_takes_them_all():
    """In a .docx the caption 指标值 spans two grid columns and each row prints ≥ and 100人 apart:
    one target (only ≥ was read)."""
    from parsers.blocks import Cell, Document, Row, Table  # noqa: PLC0415

    def row(*cells):  # (text, first grid column, span)
        return Row(tuple(Cell(t, grid_col=c, grid_span=s) for t, c, s in cells))

    rows = (
        row(("项目名称", 0, 1), ("培训项目", 1, 4)),
        row(("一级指标", 0, 1), ("二级指标", 1, 1), ("三级指标", 2, 1), ("指标值", 3, 2)),
        row(("产出指标", 0, 1), ("数量指标", 1, 1), ("培训人数", 2, 1), ("≥", 3, 1), ("100人", 4, 1)),
        row(("", 0, 1), ("", 1, 1), ("培训合格率", 2, 1), ("95%", 3, 2)),
    )
    document = Document(blocks=(Table(rows, 0),), source_format="docx", encoding=None)
    project = parse_publication(document).projects[0]
    assert [i.value for i in project.indicators] == ["≥ 100人", "95%"]


def test_a_grids_cells_no_column_takes_complete_the_target_or_are_said():
    """A sheet whose 指标值 caption is not merged over the two cells its rows print (≥ | 100人): the
    cell right of the target's completes it; a cell beyond every column is said, not dropped."""
    from parsers.blocks import Cell, Document, Row, Table  # noqa: PLC0415

    def row(*texts):
        return Row(tuple(Cell(t, grid_col=n) for n, t in enumerate(texts)))

    rows = (
        row("项目名称", "培训项目"),
        row("一级指标", "二级指标", "三级指标", "指标值"),
        row("产出指标", "数量指标", "培训人数", "≥", "100人"),
        row("", "", "培训合格率", "95%", "", "另计"),
    )
    document = Document(blocks=(Table(rows, 0),), source_format="xlsx", encoding=None)
    project = parse_publication(document).projects[0]
    assert [i.value for i in project.indicators] == ["≥ 100人", "95%"]
    (note,) = [n for n in project.notes if n.code == "indicator_row_placement"]
    assert note.detail.endswith("no column takes 另计")
