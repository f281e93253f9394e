"""The real sample publication, end to end: the figures a user would check first."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from pipeline.ingest import ingest

from .conftest import SAMPLE_RELATIVE


@pytest.fixture
def parsed(workdir):
    summary = ingest(["data/raw"], "data/parsed")
    assert not summary.failed
    return workdir / "data" / "parsed"


def test_document_row(parsed):
    docs = pd.read_parquet(parsed / "documents")
    assert len(docs) == 1
    doc = docs.iloc[0]
    assert (int(doc.fiscal_year), doc.unit_code, doc.unit_name, doc.unit_scope) == (
        2022,
        "613001",
        "路南街道办事处",
        "部门本级",
    )
    assert doc.source_path == SAMPLE_RELATIVE
    assert doc.source_format == "tika_text" and doc.encoding == "utf-8"
    assert (doc.project_count, doc.indicator_count) == (12, 108)
    assert doc.budget_total_yuan == Decimal("6017600.00")
    assert len(doc.doc_id) == 64


def test_projects_sum_exactly(parsed):
    projects = pd.read_parquet(parsed / "projects")
    assert len(projects) == 12
    assert sum(projects.budget_yuan) == Decimal("6017600.00")
    assert list(projects.budget_yuan) == list(projects.fiscal_funds_yuan)
    assert projects.other_funds_yuan.isna().all()
    first = projects.iloc[0]
    assert (first.project_code, first.project_name, first.budget_raw, first.budget_yuan) == (
        "13030322P003970100093",
        "2022车辆保险费",
        "0.40",
        Decimal("4000.00"),
    )
    assert (first.code_region, first.code_year, first.amount_unit) == ("130303", 2022, "万元")
    last = projects.iloc[-1]
    assert last.project_code == "130303212Q1N7PY5TFGP9" and last.code_year == 2021


def test_table_counts(parsed):
    counts = {
        name: len(pd.read_parquet(parsed / name))
        for name in ("indicators", "spending_plan", "duty_goals", "department_goals", "sections")
    }
    assert counts == {
        "indicators": 108,
        "spending_plan": 48,
        "duty_goals": 6,
        "department_goals": 3,
        "sections": 17,
    }


def test_spending_plan_is_25_50_75_100(parsed):
    plan = pd.read_parquet(parsed / "spending_plan")
    for _, rows in plan.groupby("project_seq"):
        assert list(rows.month) == [3, 6, 10, 12]
        assert list(rows.cumulative_pct) == [25.0, 50.0, 75.0, 100.0]


def test_indicator_values_normalized(parsed):
    ind = pd.read_parquet(parsed / "indicators")
    kinds = ind.value_kind.value_counts().to_dict()
    assert kinds == {"boolean": 40, "percent": 31, "text": 20, "quantity": 14, "money": 3}
    money = ind[ind.value_raw == "6.8万元"].iloc[0]
    assert (money.value, money.unit, money.comparator) == (Decimal("68000"), "元", "=")
    people = ind[ind.value_raw == "40人"].iloc[0]
    assert (people.value_kind, people.value, people.unit) == ("quantity", Decimal("40"), "人")
    first = ind.iloc[0]
    assert (first.level1, first.level2, first.level3, first.value_raw) == (
        "产出指标",
        "数量指标",
        "支付公用经费数量",
        "1辆",
    )
    # The merged 一级指标 cell is filled from above on continuation rows.
    assert list(ind[ind.project_seq == 1].level1) == ["产出指标"] * 4 + ["效益指标"] * 4 + ["满意度指标"]


def test_findings_report_the_documents_slips(parsed):
    findings = pd.read_parquet(parsed / "findings")
    by_code = findings.code.value_counts().to_dict()
    assert by_code == {
        "yes_no_placeholder": 40,
        "percent_over_100": 6,
        "rate_given_as_count": 5,
        "numbering_gap": 2,
        "code_year_differs": 2,
        "numbering_duplicate": 1,
    }
    rates = findings[findings.code == "rate_given_as_count"]
    assert sorted(rates.raw) == ["18人", "40人", "40人", "40人", "5人"]
    assert set(rates.location.str.extract(r"/([^/]+)\)$")[0]) == {"补助发放准确率"}
    gap = findings[findings.code == "numbering_gap"].iloc[0]
    assert gap.message == "number 3 is skipped (2 → 4)" and gap.source_line == 31


def test_duty_goals_in_order_with_printed_numbers(parsed):
    duty = pd.read_parquet(parsed / "duty_goals")
    assert list(duty.item_number) == ["1", "2", "2", "3", "4", "5"]
    assert list(duty.name) == [
        "办事处本级专项业务",
        "计生工作建设",
        "社会保障建设",
        "工委党建基层组织工作",
        "工委党员干部管理工作",
        "人大监督建设",
    ]
    assert pd.isna(duty.iloc[2].duty_goal) and pd.isna(duty.iloc[2].standard)
    assert duty.iloc[0].standard == "充分保障的为优；较好保障的为良；基本保障的为中；不能保障的为差。"


def test_rerun_gives_the_same_rows(parsed):
    before = {n: pd.read_parquet(parsed / n) for n in ("projects", "indicators", "findings")}
    summary = ingest(["data/raw"], "data/parsed", force=True)
    assert summary.status_counts() == {"changed": 1}
    for name, table in before.items():
        pd.testing.assert_frame_equal(pd.read_parquet(parsed / name), table)
