"""The store: unchanged files skipped, a changed file replaces its own rows, swaps are whole."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.ingest import ingest
from pipeline.schema import TABLES
from pipeline.store import Store, StoreError
from pipeline.synthetic.tika import Project, Publication, tika_text

from .conftest import SAMPLE, write


def pub(budget: str) -> str:
    return tika_text(Publication(projects=[Project("70100223A01", "2023运转经费", budget, budget)]))


def test_unchanged_skipped_changed_replaced(tmp_path):
    a = write(tmp_path / "raw" / "2023" / "a.txt", pub("1.00"))
    write(tmp_path / "raw" / "2023" / "b.txt", pub("2.00"))
    assert ingest([tmp_path / "raw"], tmp_path / "out").status_counts() == {"new": 2}
    assert ingest([tmp_path / "raw"], tmp_path / "out").status_counts() == {"unchanged": 2}
    a.write_text(pub("3.00"), encoding="utf-8")
    assert ingest([tmp_path / "raw"], tmp_path / "out").status_counts() == {"changed": 1, "unchanged": 1}
    projects = pd.read_parquet(tmp_path / "out" / "projects")
    assert sorted(projects.budget_raw) == ["2.00", "3.00"]  # kept rows first, then the re-read file's
    assert len(pd.read_parquet(tmp_path / "out" / "documents")) == 2


def test_a_removed_file_keeps_its_rows(tmp_path):
    a = write(tmp_path / "raw" / "2023" / "a.txt", pub("1.00"))
    ingest([tmp_path / "raw"], tmp_path / "out")
    a.unlink()
    write(tmp_path / "raw" / "2023" / "b.txt", pub("2.00"))
    ingest([tmp_path / "raw"], tmp_path / "out")
    assert len(pd.read_parquet(tmp_path / "out" / "documents")) == 2


def test_output_is_a_symlink_to_a_complete_version(tmp_path):
    write(tmp_path / "raw" / "2023" / "a.txt", pub("1.00"))
    (tmp_path / "out").mkdir()  # a plain folder, as a fresh checkout may have
    ingest([tmp_path / "raw"], tmp_path / "out")
    first = (tmp_path / "out").resolve()
    ingest([tmp_path / "raw"], tmp_path / "out", force=True)
    assert (tmp_path / "out").is_symlink() and (tmp_path / "out").resolve() != first
    versions = sorted(p.name for p in (tmp_path / ".out.versions").iterdir())
    assert len(versions) == 2 and not any(v.endswith(".partial") for v in versions)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted([*TABLES, "datapackage.json"])


def test_a_second_concurrent_run_is_refused(tmp_path):
    store = Store(tmp_path / "out")
    with (
        store.lock(),
        pytest.raises(StoreError, match="another ingest is running"),
        Store(tmp_path / "out").lock(),
    ):
        pass


def test_empty_tables_still_have_their_schema(tmp_path):
    write(tmp_path / "raw" / "2023" / "a.txt", pub("1.00"))
    ingest([tmp_path / "raw"], tmp_path / "out")
    goals = pd.read_parquet(tmp_path / "out" / "department_goals")
    assert len(goals) == 3
    store = Store(tmp_path / "out")
    assert store.read("findings").num_rows == 0
    assert "message" in pd.read_parquet(tmp_path / "out" / "findings").columns


def test_case8_a_killed_runs_partial_version_is_removed_at_the_next_start(tmp_path):
    """Even by a run that then writes nothing (nothing changed): a large archive's stale copy goes."""
    raw = tmp_path / "raw"
    write(raw / "2022" / "x.txt", SAMPLE.read_text(encoding="utf-8"))
    ingest([raw], tmp_path / "out", jobs=1)
    stale = tmp_path / ".out.versions" / "v20260101T000000-1-000000001.partial"
    (stale / "projects").mkdir(parents=True)
    (stale / "projects" / "part.parquet").write_bytes(b"half a file")
    summary = ingest([raw], tmp_path / "out", jobs=1)
    assert not summary.written  # nothing changed
    assert not stale.exists()
