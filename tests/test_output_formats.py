"""Issue 12: output that fits analysts' habits — JSON that JSON tools read, CSV that Excel reads,
Excel workbooks, every row in a file."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal

import openpyxl
import pyarrow as pa
import pytest

from pipeline import export
from pipeline.cli import main
from pipeline.ingest import ingest

from .conftest import SAMPLE, write

QUERY = "SELECT project_code, project_name, budget_yuan FROM projects ORDER BY project_seq"


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    root = tmp_path_factory.mktemp("formats")
    write(root / "raw" / "2022" / SAMPLE.name, SAMPLE.read_bytes())
    write(root / "raw" / "2022" / "broken.txt", b"")
    ingest([root / "raw"], root / "parsed")
    return root / "parsed"


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(list(map(str, args)))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_is_one_array_and_jsonl_one_object_a_line(dataset, capsys):
    code, out, _ = run(capsys, "sql", QUERY, "--out", dataset, "--format", "json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 12 and rows[0]["budget_yuan"] == "4000.00"
    assert sum(Decimal(r["budget_yuan"]) for r in rows) == Decimal("6017600.00")  # exact, not floats
    code, out, _ = run(capsys, "sql", QUERY, "--out", dataset, "--format", "jsonl")
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines == rows


def test_csv_to_a_file_has_a_byte_order_mark_and_stdout_none(dataset, capsys, tmp_path):
    target = tmp_path / "projects.csv"
    assert run(capsys, "sql", QUERY, "--out", dataset, "--format", "csv", "-o", target)[0] == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.decode("utf-8-sig").count("\n") == 13
    _, out, _ = run(capsys, "sql", QUERY, "--out", dataset, "--format", "csv")
    assert out.startswith("project_code,") and "\ufeff" not in out


def test_a_table_in_a_file_has_every_row_and_a_terminal_says_what_it_left_out(dataset, capsys, tmp_path):
    query = "SELECT indicator_seq, value_raw FROM indicators"
    target = tmp_path / "all.txt"
    assert run(capsys, "sql", query, "--out", dataset, "-o", target)[0] == 0
    assert len(target.read_text(encoding="utf-8").splitlines()) == 108 + 1
    _, out, _ = run(capsys, "sql", query, "--out", dataset)
    assert "(108 rows; 88 not shown" in out


def test_case11_export_writes_one_sheet_per_table_read_back_with_openpyxl(dataset, capsys, tmp_path):
    target = tmp_path / "budgets.xlsx"
    code, _, err = run(capsys, "export", "--format", "xlsx", "-o", target, "--out", dataset)
    assert code == 0 and "sheet(s)" in err
    book = openpyxl.load_workbook(target)
    # Sheets named in Chinese, the table's name in the comment on A1 (issue 15 case 11).
    assert {"文档", "预算项目", "绩效指标", "检查发现", "入库清单"} <= set(book.sheetnames)
    projects = book["预算项目"]
    assert projects["A1"].comment.text.startswith("table projects")
    header = [c.value for c in projects[1]]
    assert header[:5] == ["单位名称", "源文件路径", "文档标识", "预算年度", "单位编码"] and "预算数" in header
    assert projects.cell(2, 2).value.endswith("lunan-613001-2022.txt")
    assert projects.cell(1, header.index("预算数") + 1).comment.text.startswith("budget_yuan")
    budget = projects.cell(2, header.index("预算数") + 1)
    assert budget.value == 4000 and budget.number_format == "#,##0.00"
    assert projects.freeze_panes == "A2"
    assert projects.column_dimensions["A"].width > 10
    indicators = book["绩效指标"]
    assert [c.value for c in indicators[1]][:3] == ["单位名称", "源文件路径", "项目名称"]
    findings = book["检查发现"]
    severity = [c.value for c in findings[1]].index("严重程度") + 1
    assert findings.cell(2, severity).value == "error"  # errors first
    errors = [
        row[severity - 1] for row in findings.iter_rows(min_row=2) if row[severity - 1].value == "error"
    ]
    assert errors and errors[0].fill.fgColor.rgb.endswith("F4C7C3")
    documents = book["文档"]
    when = documents.cell(2, [c.value for c in documents[1]].index("入库时间") + 1).value
    assert when.tzinfo is None  # UTC, without a zone: Excel has none


def test_sql_to_xlsx(dataset, capsys, tmp_path):
    target = tmp_path / "q.xlsx"
    assert run(capsys, "sql", QUERY, "--out", dataset, "--format", "xlsx", "-o", target)[0] == 0
    sheet = openpyxl.load_workbook(target)["result"]
    assert [c.value for c in sheet[1]] == ["项目编码", "项目名称", "预算数"] and sheet.max_row == 13
    assert run(capsys, "sql", QUERY, "--out", dataset, "--format", "xlsx")[0] == 2


def test_excel_limits_continue_on_a_next_sheet_and_cut_long_cells(tmp_path, monkeypatch):
    monkeypatch.setattr(export, "EXCEL_ROWS", 4)
    monkeypatch.setattr(export, "EXCEL_CELL_CHARS", 10)
    table = pa.table({"level3": [f"指标{n}" for n in range(7)], "value_raw": ["很长" * 20] + ["1"] * 6})
    report = export.write_xlsx([("indicators", table.schema, table.to_batches())], tmp_path / "x.xlsx")
    assert report.sheets == ["indicators", "indicators (2)", "indicators (3)"] and report.truncated_cells == 1
    book = openpyxl.load_workbook(tmp_path / "x.xlsx")
    assert [book[s].max_row for s in report.sheets] == [4, 4, 2]  # a header and three rows a sheet
    assert book["indicators"].cell(2, 2).value == "很长很长很长很长很…"


def test_a_dataset_path_with_a_quote_works(dataset, capsys, tmp_path):
    quoted = tmp_path / "it's"
    quoted.mkdir()
    shutil.copytree(dataset.resolve(), quoted / "v1")
    (quoted / "parsed").symlink_to("v1")
    code, out, _ = run(
        capsys, "sql", "SELECT count(*) AS n FROM projects", "--out", quoted / "parsed", "--format", "csv"
    )
    assert code == 0 and out.splitlines() == ["n", "12"]
