"""The fiscal year as forms print it above or inside their tables, read from the titles alone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipeline.synthetic.tika import paragraph, table
from pipeline.transform import process_file

ROWS = [
    ("项目名称", "农村公路养护", "", ""),
    ("一级指标", "二级指标", "三级指标", "指标值"),
    ("产出指标", "数量指标", "养护里程", "120公里"),
]


@pytest.mark.parametrize(
    "line",
    [
        "（2023）年度",  # a form's blank for the year, filled in
        "(2023)年度",
        "预算年度：2023",
        "编制年度: 2023",
        "二〇二三年度",
        "2023 年度",
    ],
)
def test_the_year_a_title_line_names_is_the_fiscal_year(line):
    text = paragraph("项目支出绩效目标表") + paragraph(line) + table(ROWS)
    rows = process_file("x.txt", text.encode(), datetime(2026, 1, 1, tzinfo=UTC))
    (document,) = rows["documents"]
    assert (document["fiscal_year"], document["fiscal_year_source"]) == (2023, "title")


def test_a_title_without_a_year_leaves_it_undetermined():
    text = paragraph("项目支出绩效目标表") + paragraph("（ ）年度") + table(ROWS)
    rows = process_file("x.txt", text.encode(), datetime(2026, 1, 1, tzinfo=UTC))
    assert rows["documents"][0]["fiscal_year"] is None
    assert "fiscal_year_undetermined" in {f["code"] for f in rows["findings"]}


@pytest.mark.parametrize("cell", ["（2023）年度", "2023年度", "预算年度：2023", "(2023年度)"])
def test_the_year_a_cell_of_the_tables_top_names_is_the_fiscal_year(cell):
    text = paragraph("项目支出绩效目标表") + table([(cell, "", "", ""), *ROWS])
    rows = process_file("x.txt", text.encode(), datetime(2026, 1, 1, tzinfo=UTC))
    assert rows["documents"][0]["fiscal_year"] == 2023


def test_the_year_a_project_began_is_no_fiscal_year():
    text = paragraph("项目支出绩效目标表") + table([("立项年度", "2019年度", "", ""), *ROWS])
    rows = process_file("x.txt", text.encode(), datetime(2026, 1, 1, tzinfo=UTC))
    assert rows["documents"][0]["fiscal_year"] is None
