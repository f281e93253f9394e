"""Issue 15, counting: a publication held in several formats is counted once, decided over the whole
dataset on every run; every copy's rows stay in the files."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from parsers.formats.tika_text import read_tika_text
from pipeline.ingest import ingest
from pipeline.query import connect, table
from pipeline.synthetic.docx import docx_from_blocks

from .conftest import SAMPLE, SHARED_FILES, write

PDF = Path(__file__).parent / "fixtures" / "pdf" / "lunan.pdf"
PRINTED = Decimal("6017600.00")  # the sample's projects, as printed


def _three_formats(raw: Path) -> None:
    write(raw / "2022" / "lunan.txt", SAMPLE.read_bytes())
    write(raw / "2022" / "lunan.pdf", PDF.read_bytes())
    write(raw / "2022" / "lunan.docx", docx_from_blocks(read_tika_text(SAMPLE.read_bytes()).blocks))


def test_case1_the_sample_as_docx_text_and_pdf_counts_once(tmp_path):
    _three_formats(tmp_path / "raw")
    ingest([tmp_path / "raw"], tmp_path / "out", jobs=1)
    con = connect(tmp_path / "out")
    assert con.execute("SELECT sum(budget_yuan) FROM projects").fetchone()[0] == PRINTED
    assert con.execute("SELECT sum(budget_yuan) FROM all_projects").fetchone()[0] == 3 * PRINTED
    assert con.execute("SELECT count(*) FROM indicators").fetchone()[0] == 108
    documents = pd.read_parquet(tmp_path / "out" / "documents")  # every copy stays in the files
    assert len(documents) == 3 and documents.publication_id.nunique() == 1
    primary = documents[documents.is_primary]
    assert list(primary.source_format) == ["docx"]
    assert table("projects", tmp_path / "out").budget_yuan.sum() == PRINTED
    # The pandas filter the README shows.
    projects = pd.read_parquet(tmp_path / "out" / "projects")
    projects = projects[projects.doc_id.isin(documents.doc_id[documents.is_primary])]
    assert projects.budget_yuan.sum() == PRINTED


def test_case1_a_byte_identical_copy_keeps_the_original_as_the_document(tmp_path):
    write(tmp_path / "raw" / "lunan - 副本.txt", SAMPLE.read_bytes())
    write(tmp_path / "raw" / "lunan.txt", SAMPLE.read_bytes())
    summary = ingest([tmp_path / "raw"], tmp_path / "out", jobs=1)
    assert {Path(f.path).name: f.status for f in summary.files} == {
        "lunan.txt": "new",
        "lunan - 副本.txt": "duplicate",
    }


def _links(out: Path) -> list[tuple[str, str]]:
    findings = pd.read_parquet(out / "findings")
    linked = findings[findings.code == "same_publication"]
    return sorted(
        (Path(p).name, m.rsplit("(", 1)[-1]) for p, m in zip(linked.source_path, linked.message, strict=True)
    )


def test_case2_links_do_not_depend_on_the_run_history(tmp_path):
    raw = tmp_path / "raw"
    write(raw / "2022" / "lunan.txt", SAMPLE.read_bytes())
    ingest([raw], tmp_path / "out", jobs=1)
    write(raw / "2022" / "lunan.pdf", PDF.read_bytes())
    ingest([raw], tmp_path / "out", jobs=1)  # incremental: the PDF alone is read
    incremental = _links(tmp_path / "out")
    ingest([raw], tmp_path / "out", jobs=1, force=True)
    assert _links(tmp_path / "out") == incremental and len(incremental) == 2
    (raw / "2022" / "lunan.txt").unlink()
    ingest([raw], tmp_path / "out", jobs=1, prune=True)
    assert _links(tmp_path / "out") == []  # no stale link to the pruned twin
    documents = pd.read_parquet(tmp_path / "out" / "documents")
    assert list(documents.is_primary) == [True]  # the PDF is all that is left: it counts


def test_case2_a_copy_with_one_misread_cell_is_the_same_publication(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    write(tmp_path / "raw" / "lunan.txt", text)
    write(tmp_path / "raw" / "lunan-scan.txt", text.replace("≥95%", "≥96%", 1))
    ingest([tmp_path / "raw"], tmp_path / "out", jobs=1)
    documents = pd.read_parquet(tmp_path / "out" / "documents")
    assert documents.publication_id.nunique() == 1 and documents.is_primary.sum() == 1
    findings = pd.read_parquet(tmp_path / "out" / "findings")
    messages = findings[findings.code == "same_publication"].message
    assert all("the indicators or texts differ" in m for m in messages)


@pytest.mark.skipif(not SHARED_FILES.is_dir(), reason="../shared/samples/files is not there")
def test_case2_budget_files_of_three_units_are_three_publications(tmp_path):
    for path in sorted(SHARED_FILES.glob("0[456]_*.pdf")):
        write(tmp_path / "raw" / path.name, path.read_bytes())
    ingest([tmp_path / "raw"], tmp_path / "out", jobs=1)
    documents = pd.read_parquet(tmp_path / "out" / "documents")
    assert documents.is_primary.all() and documents.publication_id.nunique() == 3
    findings = pd.read_parquet(tmp_path / "out" / "findings")
    assert not (findings.code == "same_publication").any()
