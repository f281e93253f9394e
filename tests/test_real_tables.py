"""Issue 10: the real published tables of other layouts (../shared/samples/real/, read in place, never
copied) read into exactly what a careful reader writes down from them, from the .docx,
from its Tika text and (issue 9) from the PDF LibreOffice prints of it (tests/fixtures/pdf/real-NN.pdf)
alike.

Each NN.json's ``expect`` gives the projects (amounts as printed, in 万元 or 元) and one entry per
indicator row; every field it gives must hold — the same fields shared/tools/score_real.py scores,
all of them, not 95%.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from pipeline.ingest import ingest
from pipeline.query import template_mix
from pipeline.schema import POSITION_COLUMNS

from .conftest import SAMPLE

REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "samples" / "real"
PDF = Path(__file__).parent / "fixtures" / "pdf"
FORMS = ("docx", "txt", "pdf")
SAMPLES = sorted(p.stem for p in REAL.glob("*.json"))
# (stem, form) for every form a table comes in here: the PDFs are printed from the .docx by
# tests/fixtures/make_pdf.py, for the tables there were when it last ran.
CASES = [
    (stem, form)
    for stem in SAMPLES
    for form in FORMS
    if (PDF / f"real-{stem}.pdf" if form == "pdf" else REAL / f"{stem}.{form}").exists()
]
pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/samples/real is not there")
SCALE = {"万元": Decimal(10000), "亿元": Decimal(10**8), "千元": Decimal(1000), "元": Decimal(1)}
_SPACE = re.compile(r"\s+")


def norm(text) -> str:
    return "" if text is None or (isinstance(text, float) and text != text) else _SPACE.sub("", str(text))


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    root = tmp_path_factory.mktemp("real")
    for stem, form in CASES:
        source = PDF / f"real-{stem}.pdf" if form == "pdf" else REAL / f"{stem}.{form}"
        (root / "raw" / form).mkdir(parents=True, exist_ok=True)
        (root / "raw" / form / f"{stem}.{form}").write_bytes(source.read_bytes())
    # The Hebei publication in the same folder: one set of tables for every layout.
    (root / "raw" / "2022").mkdir()
    (root / "raw" / "2022" / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    summary = ingest([root / "raw"], root / "out")
    assert not summary.failed, [f.error for f in summary.failed]
    tables = {
        t: pd.read_parquet(root / "out" / t) for t in ("documents", "projects", "indicators", "findings")
    }
    tables["mix"] = template_mix(root / "out")
    return tables


def _document(dataset, stem: str, form: str):
    documents = dataset["documents"]
    (doc,) = documents[documents.source_path.str.endswith(f"/{form}/{stem}.{form}")].itertuples()
    return doc


@pytest.mark.parametrize(("stem", "form"), CASES)
def test_every_expected_field(dataset, stem, form):
    spec = json.loads((REAL / f"{stem}.json").read_text(encoding="utf-8"))
    expect = spec["expect"]
    doc = _document(dataset, stem, form)
    year = None if pd.isna(doc.fiscal_year) else int(doc.fiscal_year)
    assert year == spec["fiscal_year"]
    projects = dataset["projects"][dataset["projects"].doc_id == doc.doc_id]
    indicators = dataset["indicators"][dataset["indicators"].doc_id == doc.doc_id]
    seq = {}
    for wanted in expect["projects"]:
        (row,) = projects[projects.project_name.map(norm) == norm(wanted["project_name"])].itertuples()
        seq[wanted["project_name"]] = row.project_seq
        for key, column, scale in (
            ("budget_wan", "budget_yuan", 10000),
            ("fiscal_funds_wan", "fiscal_funds_yuan", 10000),
            ("other_funds_wan", "other_funds_yuan", 10000),
            ("budget_yuan", "budget_yuan", 1),
            ("fiscal_funds_yuan", "fiscal_funds_yuan", 1),
        ):
            if wanted.get(key) not in (None, ""):
                assert getattr(row, column) == Decimal(wanted[key]) * scale, (wanted["project_name"], key)
        for key in ("department", "implementing_unit"):
            if wanted.get(key):
                assert norm(getattr(row, key)) == norm(wanted[key])
    used: set[int] = set()
    for wanted in expect["indicators"]:
        candidates = indicators[
            (indicators.project_seq == seq[wanted["project_name"]])
            & (indicators.level3.map(norm) == norm(wanted["level3"]))
            & (indicators.horizon == wanted["horizon"])
            & ~indicators.index.isin(used)
        ]
        assert len(candidates), wanted
        row = candidates.iloc[0]
        used.add(candidates.index[0])
        _check_indicator(row, wanted)


def _check_indicator(row, wanted: dict) -> None:
    label = wanted["level3"]
    target = max((c for c in wanted["target_cells"] if c), key=len)
    assert norm(target) in norm(row.value_raw), label
    for key in ("level1", "level2"):
        if wanted.get(key) is not None:
            assert norm(row[key]) == norm(wanted[key]), (label, key)
    if wanted.get("kind") is not None:
        assert row.value_kind == wanted["kind"], label
    if wanted.get("comparator") is not None:
        assert row.comparator == wanted["comparator"], label
    if wanted.get("value") is not None:
        value, unit = Decimal(wanted["value"]), wanted.get("unit")
        if wanted.get("kind") == "money" and unit in SCALE:
            value, unit = value * SCALE[unit], "元"
        assert _scaled(row.value, row.unit) == _scaled(value, unit), label
    if wanted.get("weight") is not None:
        assert row.weight == Decimal(wanted["weight"]), label
    actual = max((c for c in wanted.get("actual_cells") or [] if c), key=len, default="")
    if actual:
        assert norm(actual) in norm(row.actual_raw), label


@pytest.mark.parametrize(("stem", "other"), [c for c in CASES if c[1] != "docx"])
def test_every_form_gives_the_same_rows(dataset, stem, other):
    """The .docx and its Tika text give identical rows; its PDF too, but for the whitespace a page
    cannot show (a cell holding only a space prints as an empty one)."""
    docs = {form: _document(dataset, stem, form).doc_id for form in ("docx", other)}
    for table in ("projects", "indicators"):
        frames = []
        for form in ("docx", other):
            rows = dataset[table][dataset[table].doc_id == docs[form]]
            rows = rows.drop(columns=["doc_id", *POSITION_COLUMNS], errors="ignore").reset_index(drop=True)
            frames.append(rows.map(squeeze) if other == "pdf" else rows)
        assert len(frames[0]) and len(frames[0]) == len(frames[1]), (stem, table)
        pd.testing.assert_frame_equal(frames[0], frames[1], obj=f"{stem} {table}")


def _scaled(value, unit):
    """One spelling of a quantity, as the scorer compares it: 6 万立方米 is 60000 立方米."""
    unit = norm(unit)
    if value is not None and unit[:1] in ("万", "亿") and len(unit) > 1:
        return value * (10000 if unit[0] == "万" else 10**8), unit[1:]
    return value, unit


def squeeze(value):
    """A text without its whitespace: what a printed page shows of it."""
    return _SPACE.sub("", value) if isinstance(value, str) else value


def test_templates_are_named(dataset):
    documents = dataset["documents"]
    docx = documents[documents.source_path.str.endswith(".docx")]
    templates = dict(zip(docx.source_path.str.extract(r"(\d+)\.docx$")[0], docx.template, strict=True))
    assert templates == {
        "12": "mof-declaration",
        "20": "mof-declaration",
        "23": "mof-declaration",
        "25": "self-evaluation",
        "27": "hebei-evaluation",
        "28": "mof-declaration",
        "42": "mof-declaration",
        "43": "yitihua-export",
        "49": "chongqing-flat",
        "18": "mof-declaration",  # a transfer table: 专项(项目)名称 is the name by its form
        "38": "yitihua-export",
    }


def test_what_was_derived_is_said(dataset):
    findings = dataset["findings"]
    codes = set(findings.code)
    assert {"amount_derived", "name_from_title", "fiscal_year_undetermined", "project_incomplete"} <= codes
    derived = set(findings[findings.code == "amount_derived"].message)
    assert any(m.startswith("no total printed; budget 63,000.00 元 is the sum of") for m in derived)
    cut = findings[(findings.code == "project_incomplete") & findings.source_path.str.endswith("49.txt")]
    linked = findings[
        (findings.code == "same_publication") & findings.source_path.str.endswith("/pdf/12.pdf")
    ]
    assert linked.message.iloc[0].startswith("the same publication as ")
    assert linked.message.iloc[0].endswith("docx/12.docx)")  # the .docx counts, the PDF is its copy
    assert cut.location.tolist() == ["project 3 (no 项目编码)"]


def test_one_set_of_tables_for_every_layout(dataset):
    mix = dataset["mix"].set_index("template")
    assert mix.loc["hebei-county", "projects"] == 12 and mix.loc["hebei-county", "indicators"] == 108
    # five tables, each as .docx, text and PDF, and the transfer table 18 as .docx and text: each
    # publication counts once, by its .docx
    assert mix.loc["mof-declaration", "documents"] == 6
    assert set(mix.index) == {
        "hebei-county",
        "mof-declaration",
        "self-evaluation",
        "hebei-evaluation",
        "yitihua-export",
        "chongqing-flat",
    }


def test_case10_a_documents_unit_is_read_from_the_label_that_names_it(dataset):
    """It was empty for tables that print 主管部门, 实施单位 or 部门名称 but no unit line."""
    documents = dataset["documents"]
    txt = documents[documents.source_path.str.endswith(".txt") & documents.source_path.str.contains("/txt/")]
    units = {
        Path(p).stem: (n, s)
        for p, n, s in zip(txt.source_path, txt.unit_name, txt.unit_name_source, strict=True)
    }
    assert units["23"] == ("化工区学校", "实施单位")
    assert units["38"] == ("浮梁县林业局", "部门名称")
    assert units["20"] == ("湘潭市环境卫生管理处", "主管部门")
    assert units["43"][1] == "unit line"


def test_case10_units_are_keyed_by_their_name_without_a_code():
    from pipeline.transform import _CODE_BEFORE_NAME

    assert _CODE_BEFORE_NAME.sub("", "[066]浮梁县林业局") == "浮梁县林业局"
    assert _CODE_BEFORE_NAME.sub("", "【316】 浮梁县林业局") == "浮梁县林业局"
    assert _CODE_BEFORE_NAME.sub("", "2023年浮梁县") == "2023年浮梁县"
