"""Field-by-field expectations for the sample publication, from tests/golden/."""

from __future__ import annotations

import pytest

from pipeline.ingest import ingest
from pipeline.schema import TABLES
from pipeline.store import Store

from . import golden


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    import os
    import shutil

    from .conftest import SAMPLE

    root = tmp_path_factory.mktemp("golden")
    (root / "data" / "raw" / "2022").mkdir(parents=True)
    shutil.copy(SAMPLE, root / "data" / "raw" / "2022" / SAMPLE.name)
    cwd = os.getcwd()
    os.chdir(root)
    try:
        ingest(["data/raw"], "data/parsed")
    finally:
        os.chdir(cwd)
    return Store(root / "data" / "parsed")


# The sample is a 绩效目标 publication without budget tables; tests/test_budget_tables.py has their goldens.
BUDGET_ONLY = ("budget_tables", "budget_lines")


@pytest.mark.parametrize("name", sorted(set(TABLES) - set(BUDGET_ONLY)))
def test_table_matches_golden(sample_store, name, update_golden):
    golden.check("lunan-613001-2022", name, golden.to_csv(name, sample_store.read(name)), update_golden)
