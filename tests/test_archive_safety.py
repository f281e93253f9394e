"""Issue 11: no odd value, dead worker, moved file or stale version may lose or misplace data.

Each test is named after its case; each failed against the code before the fix.
"""

from __future__ import annotations

import os
import time
from decimal import Decimal

import duckdb
import pandas as pd
import polars as pl
import pyarrow.dataset as ds
import pytest

import pipeline
from pipeline import store as store_module
from pipeline.ingest import ingest
from pipeline.schema import TABLES
from pipeline.synthetic.tika import Project, Publication, tika_text

from .conftest import write


def pub(code: str, budget: str = "1.00", value: str = "≥98%", year: int = 2023) -> str:
    indicators = (("产出指标", "质量指标", "资金发放准确率", "资金发放准确率", value, "计划"),)
    project = Project(code, f"{year}运转经费{code[-3:]}", budget, budget, indicators=indicators)
    return tika_text(Publication(year=year, overall=f"{year}年全面提升。", projects=[project]))


def test_case1_an_odd_value_keeps_its_file_and_the_batch(tmp_path):
    raw = tmp_path / "raw" / "2023"
    write(raw / "a.txt", pub("70100223A001"))
    write(raw / "b.txt", pub("70100223A002", value="≥99.99999999%"))
    write(raw / "c.txt", pub("70100223A003", budget="1000000000000000"))
    summary = ingest([tmp_path / "raw"], tmp_path / "out")
    assert not summary.failed and summary.counts["documents"] == 3
    indicators = pd.read_parquet(tmp_path / "out" / "indicators").set_index("project_code")
    odd = indicators.loc["70100223A002"]
    assert odd.value_raw == "≥99.99999999%" and pd.isna(odd.value) and odd.value_kind == "percent"
    projects = pd.read_parquet(tmp_path / "out" / "projects").set_index("project_code")
    assert projects.loc["70100223A003"].budget_raw == "1000000000000000"
    assert pd.isna(projects.loc["70100223A003"].budget_yuan)
    assert projects.loc["70100223A001"].budget_yuan == Decimal("10000.00")
    findings = pd.read_parquet(tmp_path / "out" / "findings")
    misfits = findings[findings.code == "value_out_of_range"]
    # The document's budget total (the sum of the projects') does not fit either.
    assert set(misfits.raw) == {"≥99.99999999%", "1000000000000000", "10000000000000000000.00"}
    assert "value from '≥99.99999999%' does not fit decimal128(28, 6); stored as null" in set(misfits.message)


@pytest.mark.parametrize("new_name", ["b.txt", "0.txt"])  # read after, and before, the old source
def test_case2_content_moving_to_another_file_is_kept(tmp_path, new_name):
    raw = tmp_path / "raw" / "2023"
    x, y = pub("70100223A00X"), pub("70100223A00Y")
    a = write(raw / "a.txt", x)
    ingest([tmp_path / "raw"], tmp_path / "out")
    a.write_text(y, encoding="utf-8")
    write(raw / new_name, x)
    summary = ingest([tmp_path / "raw"], tmp_path / "out")
    assert summary.status_counts() == {"changed": 1, "new": 1}
    codes = set(pd.read_parquet(tmp_path / "out" / "projects").project_code)
    assert codes == {"70100223A00X", "70100223A00Y"}
    assert ingest([tmp_path / "raw"], tmp_path / "out").status_counts() == {"unchanged": 2}


def test_case2_a_duplicate_becomes_the_document_when_its_twin_changes(tmp_path):
    raw = tmp_path / "raw" / "2023"
    x = pub("70100223A00X")
    a = write(raw / "a.txt", x)
    write(raw / "b.txt", x)
    assert ingest([tmp_path / "raw"], tmp_path / "out").status_counts() == {"new": 1, "duplicate": 1}
    a.write_text(pub("70100223A00Y"), encoding="utf-8")
    ingest([tmp_path / "raw"], tmp_path / "out")
    documents = pd.read_parquet(tmp_path / "out" / "documents")
    assert sorted(documents.source_path.str[-5:]) == ["a.txt", "b.txt"]
    codes = set(pd.read_parquet(tmp_path / "out" / "projects").project_code)
    assert codes == {"70100223A00X", "70100223A00Y"}
    manifest = pd.read_parquet(tmp_path / "out" / "manifest")
    assert list(manifest.outcome) == ["read", "read"]
    findings = pd.read_parquet(tmp_path / "out" / "findings")
    assert not (findings.code == "duplicate_document").any()


def test_case3_relative_absolute_and_single_file_paths_are_one_source(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "data" / "raw" / "2023" / "a.txt", pub("70100223A001"))
    os.symlink(tmp_path / "data", tmp_path / "link")
    assert ingest(["data/raw"], "data/parsed").status_counts() == {"new": 1}
    for path in (tmp_path / "data" / "raw", "data/raw/2023/a.txt", "link/raw", "data/raw/../raw/2023"):
        assert ingest([path], "data/parsed").status_counts() == {"unchanged": 1}, path
    manifest = pd.read_parquet("data/parsed/manifest")
    assert list(manifest.source_path) == ["data/raw/2023/a.txt"]


def _batch(raw, count=6):
    return [write(raw / f"f{n}.txt", pub(f"70100223A{n:03d}")) for n in range(count)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_case4_a_killed_worker_fails_its_file_alone(tmp_path, monkeypatch, jobs):
    files = _batch(tmp_path / "raw" / "2023")
    files[2].write_text(pub("70100223A002", value="KILL"), encoding="utf-8")
    real = pipeline.transform.parse_publication

    def dies_on_kill(document):
        if any("KILL" in str(b) for b in document.blocks):
            os.kill(os.getpid(), 9)
        return real(document)

    monkeypatch.setattr(pipeline.transform, "parse_publication", dies_on_kill)
    summary = ingest([tmp_path / "raw"], tmp_path / "out", jobs=jobs)
    assert [f.path[-6:] for f in summary.failed] == ["f2.txt"]
    assert "killed by SIGKILL" in summary.failed[0].error
    assert summary.failed[0].error.startswith(str(files[2]))  # issue 15 case 4: the error names the file
    assert summary.counts["documents"] == 5
    manifest = pd.read_parquet(tmp_path / "out" / "manifest").set_index("source_path")
    entry = manifest.loc[summary.failed[0].path]
    assert (entry.outcome, bool(entry.retry)) == ("failed", True) and "killed by SIGKILL" in entry.error
    # The lock is free again and the file is retried on the next run.
    monkeypatch.setattr(pipeline.transform, "parse_publication", real)
    assert ingest([tmp_path / "raw"], tmp_path / "out").status_counts() == {"unchanged": 5, "changed": 1}


@pytest.mark.parametrize("jobs", [1, 2])
def test_case4_a_stalled_file_is_stopped_at_the_time_cap(tmp_path, monkeypatch, jobs):
    files = _batch(tmp_path / "raw" / "2023")
    files[1].write_text(pub("70100223A001", value="STALL"), encoding="utf-8")
    real = pipeline.transform.parse_publication

    def stalls(document):
        if any("STALL" in str(b) for b in document.blocks):
            time.sleep(600)
        return real(document)

    monkeypatch.setattr(pipeline.transform, "parse_publication", stalls)
    started = time.monotonic()
    summary = ingest([tmp_path / "raw"], tmp_path / "out", jobs=jobs, timeout=2)
    assert time.monotonic() - started < 30
    assert [f.path[-6:] for f in summary.failed] == ["f1.txt"]
    assert "stopped after 2 s" in summary.failed[0].error and summary.counts["documents"] == 5


def test_case6_every_client_reads_every_table_in_every_outcome(tmp_path):
    raw = tmp_path / "raw"
    write(raw / "2022" / "a.txt", pub("70100222A001", year=2022))
    write(raw / "2023" / "b.txt", pub("70100223A001"))
    write(raw / "2023" / "broken.txt", b"")
    write(raw / "misc" / "c.txt", pub("701002XXA001", year=2023).replace("2023", "二〇二三"))
    out = tmp_path / "out"
    outcomes = []
    ingest([raw], out)
    outcomes.append("failed file, unknown year, two years")
    (raw / "2022" / "a.txt").unlink()
    ingest([raw], out, prune=True)
    outcomes.append("after prune")
    ingest([raw], out, force=True)
    outcomes.append("after force")
    for outcome in outcomes[-1:]:
        for name in TABLES:
            _read_with_every_client(out / name, name, outcome)
    years = set(pd.read_parquet(out / "documents").fiscal_year)
    assert 2023 in years and any(pd.isna(y) for y in years)
    failed = pd.read_parquet(out / "findings")
    assert (failed.code == "file_error").sum() == 1


def test_case6_an_empty_dataset_reads_everywhere(tmp_path):
    write(tmp_path / "raw" / "x.txt", b"")
    ingest([tmp_path / "raw"], tmp_path / "out")
    for name in TABLES:
        _read_with_every_client(tmp_path / "out" / name, name, "only a failed file")


def _read_with_every_client(path, name, outcome):
    frame = pd.read_parquet(path)
    lazy = pl.scan_parquet(f"{path}/**/*.parquet", hive_partitioning=True).collect()
    arrow = ds.dataset(path, format="parquet", partitioning="hive").to_table()
    duck = duckdb.sql(f"SELECT * FROM read_parquet('{path}/**/*.parquet', hive_partitioning=true)").df()
    counts = {len(frame), lazy.height, arrow.num_rows, len(duck)}
    assert len(counts) == 1, (name, outcome, counts)
    assert list(frame.columns) == list(TABLES[name].column_names), (name, outcome)
    if "fiscal_year" in frame.columns:
        assert str(lazy.schema["fiscal_year"]) == "Int32", (name, outcome)


def test_case7_files_and_folders_are_on_disk_before_the_switch(tmp_path, monkeypatch):
    events = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(descriptor):
        events.append(("fsync", os.readlink(f"/proc/self/fd/{descriptor}")))
        return real_fsync(descriptor)

    def replace(source, target):
        events.append(("replace", str(target)))
        return real_replace(source, target)

    monkeypatch.setattr(store_module.os, "fsync", fsync)
    monkeypatch.setattr(store_module.os, "replace", replace)
    write(tmp_path / "raw" / "2023" / "a.txt", pub("70100223A001"))
    ingest([tmp_path / "raw"], tmp_path / "out")
    switch = events.index(("replace", str(tmp_path / "out")))
    synced = {path for kind, path in events[:switch] if kind == "fsync"}
    live = (tmp_path / "out").resolve()
    written = {str(p).replace(str(live), str(live) + ".partial", 1) for p in live.rglob("*")}
    assert written and written <= synced
    assert ("fsync", str(tmp_path)) in events[switch:]  # the folder holding the new link


def test_case11_a_code_never_files_a_publication_under_an_implausible_year(tmp_path):
    text = pub("70100299A001").replace("2023年全面提升。", "全面提升。").replace("2023运转", "运转")
    write(tmp_path / "raw" / "2023" / "a.txt", text)
    ingest([tmp_path / "raw"], tmp_path / "out")
    documents = pd.read_parquet(tmp_path / "out" / "documents")
    assert documents.fiscal_year.tolist() == [2023] and documents.fiscal_year_source.tolist() == ["folder"]


def test_case11_the_statements_first_year_does_not_outvote_codes_and_folder(tmp_path):
    text = pub("70100222A001", year=2022).replace("2022年全面提升。", "在2021年工作基础上全面提升。")
    write(tmp_path / "raw" / "2022" / "a.txt", text)
    ingest([tmp_path / "raw"], tmp_path / "out")
    documents = pd.read_parquet(tmp_path / "out" / "documents")
    assert documents.fiscal_year.tolist() == [2022]
    assert documents.fiscal_year_source.tolist() == ["codes+names+folder"]
    findings = pd.read_parquet(tmp_path / "out" / "findings")
    (message,) = findings[findings.code == "fiscal_year_ambiguous"].message
    assert message == "fiscal year 2022 (codes+names+folder); statement 2021"
