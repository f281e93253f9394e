"""SQL over the dataset, the cross-year view, the datapackage, the HTML report and the notebook."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from pipeline.cli import main
from pipeline.datapackage import descriptor
from pipeline.ingest import ingest
from pipeline.query import connect, overview, project_key, table
from pipeline.report import write_report
from pipeline.schema import TABLES
from pipeline.synthetic.tika import Project, Publication, tika_text

from .conftest import ROOT, SAMPLE, write


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("dataset")
    write(root / "raw" / "2022" / SAMPLE.name, SAMPLE.read_bytes())
    for year, batch in ((2021, "第二批"), (2022, "第一批")):
        pub = Publication(
            unit_line="701002城东街道办事处部门本级",
            year=year,
            overall=f"{year}年城东街道。",
            projects=[
                Project(
                    f"701002{year % 100}A01", f"{year}年市级财政社区干部生活补贴（{batch}）", "10.00", "10.00"
                )
            ],
        )
        write(root / "raw" / str(year) / f"chengdong-{year}.txt", tika_text(pub))
    assert not ingest([root / "raw"], root / "parsed").failed
    return root / "parsed"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("2021年市级财政社区干部生活补贴（第二批）", "市级财政社区干部生活补贴"),
        ("2022年市级财政社区干部生活补贴（第一批）", "市级财政社区干部生活补贴"),
        ("下达2021年社区党组织服务群众专项经费市级补助资金", "社区党组织服务群众专项经费市级补助资金"),
        ("2022车辆保险费", "车辆保险费"),
        ("车辆保险费", "车辆保险费"),
    ],
)
def test_project_key(name, key):
    assert project_key(name) == key


def test_views_and_exact_sums(dataset):
    con = connect(dataset)
    total = con.execute("SELECT sum(budget_yuan) FROM projects WHERE fiscal_year = 2022").fetchone()[0]
    assert total == Decimal("6117600.00")  # the sample's 6017600.00 + 城东's 100000.00
    assert table("indicators", dataset).shape[0] == 108 + 2 * 4


def test_project_history_lines_up_years(dataset):
    history = (
        connect(dataset)
        .sql("""SELECT project_key, fiscal_year, budget_yuan FROM project_history
        WHERE unit_code = '701002' ORDER BY fiscal_year""")
        .fetchall()
    )
    assert history == [
        ("市级财政社区干部生活补贴", 2021, Decimal("100000.00")),
        ("市级财政社区干部生活补贴", 2022, Decimal("100000.00")),
    ]
    sample_keys = {
        row[0]
        for row in connect(dataset)
        .execute("SELECT project_key FROM project_history WHERE unit_code = '613001'")
        .fetchall()
    }
    assert "车辆保险费" in sample_keys and len(sample_keys) == 12


def test_overview_lists_tables_with_counts_and_years(dataset):
    frame = overview(dataset).set_index("table")
    assert list(frame.index) == list(TABLES)
    assert frame.loc["projects", "rows"] == 14 and frame.loc["projects", "fiscal_years"] == "2021, 2022"


def test_sql_command_formats(dataset, capsys, tmp_path):
    query = "SELECT project_code, budget_yuan FROM projects WHERE unit_code = '613001' ORDER BY project_seq LIMIT 2"
    assert main(["sql", query, "--out", str(dataset), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "project_code,budget_yuan",
        "13030322P003970100093,4000.00",
        "13030321P00EGD0100029,100000.00",
    ]
    assert main(["sql", query, "--out", str(dataset), "--format", "json"]) == 0
    first = json.loads(capsys.readouterr().out)[0]
    assert first == {"project_code": "13030322P003970100093", "budget_yuan": "4000.00"}
    assert main(["sql", query, "--out", str(dataset)]) == 0
    assert "13030322P003970100093" in capsys.readouterr().out
    target = tmp_path / "q.parquet"
    assert main(["sql", query, "--out", str(dataset), "--format", "parquet", "-o", str(target)]) == 0
    assert target.stat().st_size > 0
    assert main(["sql", "SELECT nonsense FROM projects", "--out", str(dataset)]) == 1
    assert "nonsense" in capsys.readouterr().err
    assert main(["tables", "--out", str(dataset)]) == 0
    assert "indicators" in capsys.readouterr().out


def test_datapackage_describes_every_table_and_file(dataset):
    package = json.loads((dataset / "datapackage.json").read_text(encoding="utf-8"))
    assert package == descriptor(dataset.resolve())
    resources = {r["name"]: r for r in package["resources"]}
    assert set(resources) == set(TABLES)
    fields = {f["name"]: f for f in resources["projects"]["schema"]["fields"]}
    assert fields["budget_yuan"] == {
        "name": "budget_yuan",
        "type": "number",
        "title": "预算数",
        "description": "budget, exact",
        "unit": "元",
        "decimalPrecision": 20,
        "decimalScale": 2,
    }
    assert all((dataset / path).exists() for r in package["resources"] for path in r["path"])


def test_report_is_self_contained_html(dataset, tmp_path):
    target = tmp_path / "report.html"
    assert main(["report", "--out", str(dataset), "--html", str(target)]) == 0
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "rate_given_as_count" in page and "路南街道办事处" in page
    assert page.count("data:image/png;base64,") == 2 and "<script" not in page and "http" not in page
    assert "@font-face{font-family:ReportCJK" in page  # the page's own Chinese, whatever fonts a reader has


BROWSER = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(BROWSER is None, reason="no Chromium on this machine")
def test_report_renders_in_a_headless_browser(dataset, tmp_path):
    import subprocess

    page, shot = tmp_path / "report.html", tmp_path / "shot.png"
    assert main(["report", "--out", str(dataset), "--html", str(page)]) == 0
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--virtual-time-budget=3000",
    ]
    subprocess.run(
        [BROWSER, *flags, f"--screenshot={shot}", "--window-size=1200,1600", page.as_uri()],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert shot.stat().st_size > 20_000


def test_cjk_font_has_the_glyphs():
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    from pipeline.plotting import use_cjk_font

    name = use_cjk_font()
    path = font_manager.findfont(font_manager.FontProperties(family=name), fallback_to_default=False)
    font = FT2Font(path)
    assert all(font.get_char_index(ord(ch)) for ch in "预算数绩效目标满意度")


def test_notebook_runs_against_a_fresh_ingest(dataset, monkeypatch):
    monkeypatch.setenv("BUDGET_GOALS_DATA", str(dataset))
    notebook = nbformat.read(ROOT / "notebooks" / "explore.ipynb", as_version=4)
    assert not any(cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), (
        "strip outputs"
    )
    NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(ROOT / "notebooks")}},
    ).execute()
    images = [
        o
        for cell in notebook.cells
        if cell.cell_type == "code"
        for o in cell.outputs
        if "image/png" in o.get("data", {})
    ]
    assert len(images) == 3
    errors = [
        o
        for cell in notebook.cells
        if cell.cell_type == "code"
        for o in cell.outputs
        if o.output_type == "error"
    ]
    assert not errors


@pytest.mark.skipif(
    not (ROOT.parent / "shared" / "samples" / "files").is_dir(), reason="no ../shared/samples"
)
def test_case9_the_report_runs_on_real_tables_budgets_and_failures_together(tmp_path):
    """Units with and without a name, code or year, budget tables, a failed file: it crashed with a
    TypeError in its charts on the real tables before."""
    from .conftest import SHARED_FILES

    real = SHARED_FILES.parent / "real"
    raw = tmp_path / "raw"
    for path in sorted(real.glob("*.txt")) + sorted(SHARED_FILES.glob("0[47]_*.pdf")):
        write(raw / path.name, path.read_bytes())
    write(raw / "broken.pdf", b"%PDF-1.4 truncated")
    ingest([raw], tmp_path / "out", jobs=1)
    page = write_report(tmp_path / "out", tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Files that failed" in page and "broken.pdf" in page
    assert "Budget by function" in page and "上海市普陀区人民政府万里街道办事处" in page
    assert "(no unit named)" in page or "浮梁县林业局" in page


def test_case9_a_report_that_cannot_be_built_leaves_the_last_one_whole(dataset, tmp_path, monkeypatch):
    import pipeline.report as report

    target = write_report(dataset, tmp_path / "report.html")
    before = target.read_bytes()
    monkeypatch.setattr(report, "build_report", lambda out: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        report.write_report(dataset, target)
    assert target.read_bytes() == before and not list(tmp_path.glob(".*partial"))
