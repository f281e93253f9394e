"""Issue 9: a publication as PDF gives the records its .docx / Tika text gives.

tests/fixtures/pdf/ holds publications LibreOffice printed to PDF (tests/fixtures/make_pdf.py):
synthetic ones of several units and years beside their Tika text, and the Hebei sample (17 pages,
tables across page breaks, cells that wrap codes and names). PDFs made here with fpdf2 cover a
third writer and the PDFs that must be refused. The real tables' PDFs are in test_real_tables.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from parsers.errors import SourceError
from parsers.formats import pdf as pdf_reader
from parsers.formats.read import read_blocks
from parsers.publication import parse_publication
from pipeline.cli import main
from pipeline.ingest import ingest
from pipeline.schema import POSITION_COLUMNS

from .conftest import SAMPLE, write
from .pdfs import shapes_pdf, table_pdf, text_pdf
from .test_real_tables import squeeze

PDFS = Path(__file__).parent / "fixtures" / "pdf"
SYNTHETIC = sorted(p.stem for p in PDFS.glob("*.txt"))
RECORDS = ("projects", "indicators", "spending_plan", "department_goals", "duty_goals", "project_funds")
SOURCE = {"doc_id", "source_path", "source_format", "encoding", "source_bytes", "ingested_at"}


def records(tmp_path, name: str, data: bytes, folder: str = "2022") -> dict[str, pd.DataFrame]:
    write(tmp_path / name / "raw" / folder / name, data)
    summary = ingest([tmp_path / name / "raw"], tmp_path / name / "out")
    assert not summary.failed, summary.failed[0].error
    return {t: pd.read_parquet(tmp_path / name / "out" / t) for t in (*RECORDS, "documents", "findings")}


def assert_same(text: dict, pdf: dict) -> None:
    for table in RECORDS:
        a, b = (
            frame[table]
            .drop(columns=[c for c in (*SOURCE, *POSITION_COLUMNS) if c in frame[table]])
            .map(squeeze)
            for frame in (text, pdf)
        )
        assert len(a) == len(b), table
        pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), obj=table)


@pytest.mark.parametrize("name", SYNTHETIC)
def test_a_printed_publication_gives_its_texts_records(tmp_path, name):
    text = records(tmp_path, f"{name}.txt", (PDFS / f"{name}.txt").read_bytes())
    pdf = records(tmp_path, f"{name}.pdf", (PDFS / f"{name}.pdf").read_bytes())
    assert len(pdf["indicators"]) >= 4 and pdf["documents"].source_format.iloc[0] == "pdf"
    assert_same(text, pdf)


def test_the_sample_printed_across_17_pages(tmp_path):
    text = records(tmp_path, "lunan.txt", SAMPLE.read_bytes())
    pdf = records(tmp_path, "lunan.pdf", (PDFS / "lunan.pdf").read_bytes())
    assert len(pdf["projects"]) == 12 and len(pdf["indicators"]) == 108
    assert_same(text, pdf)
    # Department texts are the .docx's character for character.
    assert list(pdf["department_goals"].text) == list(text["department_goals"].text)
    # Positions are pages: the last project's table is on the last pages.
    assert pdf["indicators"].source_line.max() == 17 and pdf["indicators"].source_line.min() >= 4


def test_a_pdf_of_another_writer_with_merged_and_wrapped_cells(tmp_path):
    rows = [
        ("项目名称", ("城区道路维护补助资金", 4, 1)),
        (("资金情况（万元）", 1, 2), "年度资金总额", ("86.50", 3, 1)),
        ("其中：财政拨款", ("86.50", 3, 1)),
        (("绩效指标", 1, 4), "一级指标", "二级指标", "三级指标", "指标值"),
        (("产出指标", 1, 2), "数量指标", "维护道路里程数（含背街小巷和城中村道路）", "≥125公里"),
        ("时效指标", "完成时间", "12月底前"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
    ]
    data = table_pdf("2025年项目支出绩效目标申报表", rows, (30, 30, 30, 60, 30))
    tables = records(tmp_path, "fpdf.pdf", data, folder="misc")
    project = tables["projects"].iloc[0]
    assert (project.project_name, project.budget_yuan, project.template) == (
        "城区道路维护补助资金",
        865000,
        "mof-declaration",
    )
    ind = tables["indicators"]
    assert list(ind.level3) == ["维护道路里程数（含背街小巷和城中村道路）", "完成时间", "群众满意度"]
    assert list(ind.level1) == ["产出指标", "产出指标", "满意度指标"] and ind.value.iloc[0] == 125
    assert tables["documents"].fiscal_year.iloc[0] == 2025


def test_a_table_across_a_page_break_with_its_header_repeated(tmp_path):
    header = ("一级指标", "二级指标", "三级指标", "指标值")
    body = [("产出指标", "数量指标", f"培训人次第{n}期", f"{100 + n}人次") for n in range(60)]
    rows = [("项目名称", ("长表项目", 3, 1)), header, *body]
    data = table_pdf("2024年项目支出绩效目标申报表", rows, (40, 40, 60, 40))
    assert len(pdf_reader.read_pdf(data).blocks) == 2  # a title and one table, over the pages
    ind = records(tmp_path, "long.pdf", data, folder="misc")["indicators"]
    assert len(ind) == 60 and list(ind.value[:2]) == [100, 101] and ind.value.iloc[-1] == 159


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: shapes_pdf(), "scanned PDF: no text layer"),
        (lambda: text_pdf("绩" * 40, "绩" * 40), "unreadable text layer: '绩' stands for 80 of 80"),
        (
            lambda: table_pdf(
                "表", [("项目名称", "x")], (30, 30), owner_password="o", user_password="secret"
            ),
            "password-protected PDF: it needs a password to open",
        ),
        (lambda: SAMPLE.read_bytes()[:0] + b"%PDF-1.7\n1 0 obj\n<<", "damaged PDF"),
    ],
    ids=["scan", "one-glyph", "user-password", "damaged"],
)
def test_pdfs_that_cannot_be_read_say_why(tmp_path, make, message):
    with pytest.raises(SourceError, match=message):
        read_blocks(make())
    write(tmp_path / "raw" / "bad.pdf", make())
    write(tmp_path / "raw" / "2022" / "good.txt", SAMPLE.read_bytes())
    summary = ingest([tmp_path / "raw"], tmp_path / "out")
    assert [f.path[-7:] for f in summary.failed] == ["bad.pdf"] and summary.counts["documents"] == 1


def test_an_owner_password_alone_does_not_stop_reading():
    data = table_pdf(
        "2025年项目支出绩效目标申报表",
        [("项目名称", "x"), ("一级指标", "三级指标", "指标值")],
        (30, 30, 30),
        owner_password="owner",
        user_password="",
    )
    assert parse_publication(read_blocks(data)).projects[0].name == "x"


def test_the_page_cap(monkeypatch):
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 2)
    with pytest.raises(SourceError, match="3 pages is over the cap of 2"):
        read_blocks(text_pdf("第一页", pages=3))


def test_page_furniture_is_not_content():
    lines = ("预算项目绩效目标说明", "正文第一段。")
    data = text_pdf(
        *lines, pages=3, header="某某街道办事处2024年部门预算", footer="第 {page} 页 共 {pages} 页"
    )
    assert [b.text for b in read_blocks(data).blocks] == list(lines) * 3
    assert [b.text for b in read_blocks(text_pdf(*lines, footer="- {page} -")).blocks] == list(lines)


def test_blocks_command_shows_what_the_pdf_reader_saw(capsys):
    assert main(["blocks", str(PDFS / "03-typed-titles.pdf")]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["source_format"] == "pdf" and any(b["type"] == "table" for b in payload["blocks"])


def test_a_docx_and_its_pdf_are_two_documents_linked_by_a_finding(tmp_path):
    write(tmp_path / "raw" / "2022" / "lunan.txt", SAMPLE.read_bytes())
    write(tmp_path / "raw" / "2022" / "lunan.pdf", (PDFS / "lunan.pdf").read_bytes())
    summary = ingest([tmp_path / "raw"], tmp_path / "out")
    assert summary.counts["documents"] == 2 and summary.counts["projects"] == 24
    findings = pd.read_parquet(tmp_path / "out" / "findings")
    linked = findings[findings.code == "same_publication"].sort_values("source_path")
    assert [p[-9:] for p in linked.source_path] == ["lunan.pdf", "lunan.txt"]
    assert "counted once, as" in linked.message.iloc[0] and linked.message.iloc[0].endswith("lunan.txt)")
    assert linked.message.iloc[1].endswith("(this is the primary document)")


def test_a_table_without_ruling_lines_is_refused_with_that_reason():
    """A three-line or borderless table: every label is on the page, no rule makes cells of them.
    It was refused as 'not a performance-goal publication'."""
    pdf = text_pdf(
        "2023年项目支出绩效目标表", "一级指标 二级指标 三级指标 指标值", "产出指标 数量指标 培训人数 ≥40人"
    )
    with pytest.raises(SourceError, match="tables without ruling lines are not read"):
        parse_publication(read_blocks(pdf))


@pytest.mark.parametrize("rules", ["none", "three-line"])
def test_goal_tables_without_ruling_lines_beside_part_1_are_errors_not_silence(tmp_path, rules):
    """Part 1 is read from the text; each project's table printed without rules is an error finding
    with the reason, and the file is read in part (it was read as complete with no project)."""
    from parsers.formats.tika_text import read_tika_text
    from pipeline.plotting import bundled_font_path
    from pipeline.synthetic.pdf import PrintStyle, pdf_from_blocks

    source = (PDFS / "01-numbered-other-funds.txt").read_bytes()
    blocks = read_tika_text(source).blocks
    projects = sum(1 for b in blocks if b.__class__.__name__ == "Table" and "三级指标" in str(b))
    pdf = pdf_from_blocks(blocks, PrintStyle(rules=rules), str(bundled_font_path()))
    write(tmp_path / "raw" / "2022" / "unruled.pdf", pdf)
    ingest([tmp_path / "raw"], tmp_path / "out")
    manifest = pd.read_parquet(tmp_path / "out" / "manifest")
    assert manifest.outcome.tolist() == ["partial"]
    findings = pd.read_parquet(tmp_path / "out" / "findings")
    lost = findings[findings.code == "table_unreadable"]
    assert projects >= 2 and len(lost) == projects
    assert lost.message.str.contains("tables without ruling lines are not read").all()
    assert (lost.severity == "error").all()
    assert len(pd.read_parquet(tmp_path / "out" / "duty_goals")) > 0  # part 1 is kept
