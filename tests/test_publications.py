"""Publications written for the tests: other units, years, amounts and slips. Not tuned to the sample."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from pipeline.ingest import ingest
from pipeline.synthetic.tika import Project, Publication, tika_text

from .conftest import write


def run(tmp_path, pub: Publication, name="pub.txt", folder=None, encoding="utf-8", newline="\n"):
    text = tika_text(pub).replace("\n", newline)
    data = text.encode(encoding)
    if encoding == "utf-8-sig":
        data = text.encode("utf-8-sig")
    write(tmp_path / "raw" / str(folder or pub.year) / name, data)
    summary = ingest([tmp_path / "raw"], tmp_path / "out")
    assert not summary.failed, summary.failed[0].error
    return {
        n: pd.read_parquet(tmp_path / "out" / n)
        for n in ("documents", "projects", "indicators", "spending_plan", "findings", "duty_goals")
    }


def two_projects(**changes) -> Publication:
    pub = Publication(
        projects=[
            Project("70100223A0000001", "2023城东街道运转经费", "12.3456", "10.0000", other="2.3456"),
            Project("70100223A0000002", "2023社区服务补助", "1,250.00", "1,250.00"),
        ]
    )
    for key, value in changes.items():
        setattr(pub, key, value)
    return pub


def test_other_unit_year_and_four_decimal_amounts(tmp_path):
    tables = run(tmp_path, two_projects())
    doc = tables["documents"].iloc[0]
    assert (int(doc.fiscal_year), doc.unit_code, doc.unit_name, doc.unit_scope) == (
        2023,
        "701002",
        "城东街道办事处",
        "部门本级",
    )
    projects = tables["projects"]
    assert list(projects.budget_yuan) == [Decimal("123456.00"), Decimal("12500000.00")]
    assert list(projects.other_funds_yuan.fillna(0)) == [Decimal("23456.00"), 0]
    assert list(projects.code_year) == [2023, 2023] and list(projects.code_region) == ["701002", "701002"]
    assert tables["findings"].empty or "funds_sum_mismatch" not in set(tables["findings"].code)


@pytest.mark.parametrize(
    ("encoding", "newline"), [("utf-8-sig", "\n"), ("gb18030", "\r\n"), ("utf-8", "\r\n")]
)
def test_bom_gb18030_and_crlf_give_the_same_rows(tmp_path, encoding, newline):
    plain = run(tmp_path / "a", two_projects())
    other = run(tmp_path / "b", two_projects(), encoding=encoding, newline=newline)
    for name in ("projects", "indicators", "spending_plan", "duty_goals"):
        columns = [c for c in plain[name].columns if c != "doc_id"]
        pd.testing.assert_frame_equal(plain[name][columns], other[name][columns])
    assert other["documents"].iloc[0].encoding == ("utf-8" if encoding == "utf-8" else encoding)


def test_broken_sum_and_spending_plan_are_reported_not_fixed(tmp_path):
    broken = Project(
        "70100223A0000003",
        "2023宣传经费",
        "5.00",
        "4.00",
        other="0.50",
        plan=(("3月底", "30%"), ("6月底", "20%"), ("10月底", "60%"), ("12月底", "90%")),
    )
    tables = run(tmp_path, Publication(projects=[broken]))
    project = tables["projects"].iloc[0]
    assert (project.budget_yuan, project.fiscal_funds_yuan, project.other_funds_yuan) == (
        Decimal("50000.00"),
        Decimal("40000.00"),
        Decimal("5000.00"),
    )
    findings = tables["findings"].set_index("code")
    assert findings.loc["funds_sum_mismatch"].message == "预算数 5.00 ≠ 财政资金 4.00 + 其他资金 0.50"
    assert findings.loc["spending_plan_not_cumulative"].message == "6月底 20% < 3月底 30%"
    assert findings.loc["spending_plan_incomplete"].message == "last checkpoint 12月底 plans 90%, not 100%"
    assert list(tables["spending_plan"].cumulative_pct) == [30.0, 20.0, 60.0, 90.0]


def test_indicators_in_any_order_and_number(tmp_path):
    rows = (
        ("满意度指标", "服务对象满意度指标", "群众满意度", "群众满意度", "95%以上", "历史标准"),
        ("产出指标", "时效指标", "完成时间", "完成时间", "12月底前", "计划"),
        ("产出指标", "数量指标", "培训人次", "培训人次", "≥2万人次", "计划"),
        ("产出指标", "数量指标", "覆盖村数", "覆盖村数", "≥70村", "计划"),
        ("成本指标", "经济成本指标", "人均补助", "人均补助", "<=475元/亩", "标准"),
    )
    tables = run(
        tmp_path, Publication(projects=[Project("70100223B01", "2023培训", "1", "1", indicators=rows)])
    )
    ind = tables["indicators"]
    assert list(ind.level3) == ["群众满意度", "完成时间", "培训人次", "覆盖村数", "人均补助"]
    assert list(ind.level1) == ["满意度指标", "产出指标", "产出指标", "产出指标", "成本指标"]
    assert list(ind.value_kind) == ["percent", "date", "quantity", "quantity", "money"]
    assert ind.iloc[1].value_date.isoformat() == "2023-12-31"
    assert ind.iloc[2].value == Decimal("20000") and ind.iloc[2].unit == "人次"


def test_fiscal_year_from_document_not_folder(tmp_path):
    tables = run(tmp_path, two_projects(), folder="2022")
    assert int(tables["documents"].iloc[0].fiscal_year) == 2023
    assert tables["documents"].iloc[0].fiscal_year_source == "statement+codes+names"
    mismatch = tables["findings"][tables["findings"].code == "fiscal_year_ambiguous"]
    assert mismatch.iloc[0].message == "fiscal year 2023 (statement+codes+names); folder 2022"


def test_missing_amount_unit_is_assumed_and_said(tmp_path):
    tables = run(tmp_path, two_projects(amount_unit=""))
    assert tables["projects"].iloc[0].budget_yuan == Decimal("123456.00")
    assert (tables["findings"].code == "amount_unit_assumed").sum() == 2


def test_unreadable_amount_stays_null_with_a_finding(tmp_path):
    pub = Publication(projects=[Project("70100223C01", "2023其他", "约5万", "5.00")])
    tables = run(tmp_path, pub)
    assert pd.isna(tables["projects"].iloc[0].budget_yuan)
    assert tables["projects"].iloc[0].budget_raw == "约5万"
    found = tables["findings"][tables["findings"].code == "amount_unparsed"].iloc[0]
    assert found.location == "project 1 (70100223C01), 预算数" and found.raw == "约5万"


def test_one_table_layout_reads_the_same(tmp_path):
    """Some units publish the head and the indicators as one Word table, not two."""
    two = tika_text(two_projects())
    one = two.replace("\n\n \n\t一级指标", "\n\t一级指标")  # drop the table end and the filler paragraph
    assert one != two
    for folder, text in (("a", two), ("b", one)):
        write(tmp_path / folder / "raw" / "2023" / "p.txt", text)
        assert not ingest([tmp_path / folder / "raw"], tmp_path / folder / "out").failed
    frames = [pd.read_parquet(tmp_path / f / "out" / "indicators") for f in ("a", "b")]
    columns = ["project_seq", "indicator_seq", "level1", "level2", "level3", "value_raw", "value"]
    pd.testing.assert_frame_equal(frames[0][columns], frames[1][columns])
    assert len(frames[1]) == 8
