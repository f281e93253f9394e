"""Each finding code the checks produce, on a publication made to show it, with where it points."""

from __future__ import annotations

import pandas as pd

from pipeline.ingest import ingest
from pipeline.synthetic.tika import Project, Publication, tika_text

from .conftest import write

ROW = ("产出指标", "数量指标", "培训人数", "培训人数", "12人", "计划")


def findings_of(tmp_path, *projects: Project, year=2023) -> pd.DataFrame:
    write(tmp_path / "raw" / str(year) / "p.txt", tika_text(Publication(projects=list(projects))))
    summary = ingest([tmp_path / "raw"], tmp_path / "out")
    assert not summary.failed, summary.failed[0].error
    return pd.read_parquet(tmp_path / "out" / "findings")


def indicators(*rows) -> tuple:
    return tuple(rows)


def test_deadline_outside_the_fiscal_year(tmp_path):
    rows = indicators(("产出指标", "时效指标", "完成时间", "完成时间", "2024年3月底前", "计划"))
    found = findings_of(tmp_path, Project("70100223A01", "2023项目", "1", "1", indicators=rows))
    row = found[found.code == "deadline_outside_year"].iloc[0]
    assert row.message == "deadline 2024-03-31 is outside 2023"
    assert row.location == "project 1 (70100223A01), indicator 1 (产出指标/时效指标/完成时间)"
    assert row.project_code == "70100223A01" and row.source_line > 0


def test_duplicate_project_codes(tmp_path):
    found = findings_of(
        tmp_path,
        Project("70100223A01", "2023项目甲", "1", "1"),
        Project("70100223A01", "2023项目乙", "2", "2"),
    )
    row = found[found.code == "duplicate_project_code"].iloc[0]
    assert row.message == "项目编码 70100223A01 also in project 1" and row.location.startswith("project 2 ")


def test_same_indicator_twice_in_a_project(tmp_path):
    found = findings_of(tmp_path, Project("70100223A01", "2023项目", "1", "1", indicators=(ROW, ROW)))
    row = found[found.code == "duplicate_indicator"].iloc[0]
    assert row.message == "产出指标/数量指标/培训人数 repeats indicator 1"


def test_rate_with_money_target_and_percent_over_100(tmp_path):
    rows = indicators(
        ("产出指标", "质量指标", "资金到位率", "资金到位率", "6.8万元", "计划"),
        ("产出指标", "时效指标", "支付及时率", "支付及时率", "120%", "计划"),
        ("产出指标", "时效指标", "完成率", "完成率", "90%-110%", "计划"),
        ("产出指标", "质量指标", "合格率", "合格率", "100%", "计划"),
    )
    found = findings_of(tmp_path, Project("70100223A01", "2023项目", "1", "1", indicators=rows))
    assert list(found[found.code == "rate_given_as_count"].raw) == ["6.8万元"]
    assert list(found[found.code == "percent_over_100"].raw) == ["120%", "90%-110%"]


def test_a_table_cut_short(tmp_path):
    short = Project("70100223A01", "2023项目", "1", "1", plan=(), indicators=())
    found = findings_of(tmp_path, short)
    row = found[found.code == "project_incomplete"].iloc[0]
    assert row.message == "missing 资金支出计划, 指标值" and row.project_code == "70100223A01"


def test_value_with_a_number_not_understood(tmp_path):
    rows = indicators(("产出指标", "数量指标", "覆盖面", "覆盖面", "约3成", "计划"))
    found = findings_of(tmp_path, Project("70100223A01", "2023项目", "1", "1", indicators=rows))
    row = found[found.code == "unparsed_value"].iloc[0]
    assert (row.raw, row.severity) == ("约3成", "info")


def test_clean_publication_has_no_findings(tmp_path):
    found = findings_of(tmp_path, Project("70100223A01", "2023项目", "1.5", "1.0", other="0.5"))
    assert found.empty


def test_a_budget_summed_from_its_parts_that_differs_from_them_is_a_finding_not_a_crash():
    """No total label read (项目规模, 年度申请规模 name no kind of funds): the budget is the sum of
    the parts printed, here counting 其他资金 of both blocks, so it differs from 财政资金 + 其他资金.
    The finding says so with the summed budget; the file is read, not failed as an internal error."""
    from datetime import UTC, datetime  # noqa: PLC0415

    from pipeline.transform import process_file  # noqa: PLC0415

    from .test_families import FAMILIES  # noqa: PLC0415

    text = (FAMILIES / "shanghai-tianbaobiao.txt").read_text(encoding="utf-8")
    text = text.replace("\t项目资金总额\n", "\t项目规模\n").replace(
        "\t年度资金申请总额\n", "\t年度申请规模\n"
    )
    rows = process_file("sh.txt", text.encode(), datetime(2026, 1, 1, tzinfo=UTC))
    (project,) = rows["projects"]
    assert project["budget_derived"] and project["budget_raw"] is None
    messages = [f["message"] for f in rows["findings"] if f["code"] == "funds_sum_mismatch"]
    assert len(messages) == 1 and "(derived)" in messages[0], messages


def test_sources_that_do_not_add_up_to_the_total_are_a_finding():
    """资金总额 150 of five sources printed as 120 + 20 + 5 + 0 + 4: neither 财政资金 + 其他 nor the sum
    of the sources makes the total."""
    from datetime import UTC, datetime  # noqa: PLC0415

    from pipeline.transform import process_file  # noqa: PLC0415

    from .test_families import FAMILIES  # noqa: PLC0415

    text = (FAMILIES / "shenbaobiao-zijin-laiyuan.txt").read_text(encoding="utf-8")
    assert "\t其他:\n\t5\n" in text
    rows = process_file(
        "s.txt", text.replace("\t其他:\n\t5\n", "\t其他:\n\t4\n").encode(), datetime(2026, 1, 1, tzinfo=UTC)
    )
    messages = [f["message"] for f in rows["findings"] if f["code"] == "funds_sum_mismatch"]
    assert len(messages) == 1 and "150" in messages[0], messages
