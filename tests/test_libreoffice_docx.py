"""Issue 11, case 15: .docx files another writer made read into the same records as their Tika text.

tests/fixtures/libreoffice/ holds synthetic publications saved by LibreOffice (its numbering, merges,
bookmarks and runs, not our writer's), beside the Tika text of each; make_libreoffice.py rebuilds
them. The .docx ≡ text tests elsewhere build the .docx with our own writer, which only shows that
one inverts the other.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline.ingest import ingest
from pipeline.schema import TABLES

from .test_docx import assert_same_records

FIXTURES = Path(__file__).parent / "fixtures" / "libreoffice"
NAMES = sorted(p.stem for p in FIXTURES.glob("*.docx"))


@pytest.mark.parametrize("name", NAMES)
def test_case15_a_libreoffice_docx_gives_the_records_of_its_tika_text(tmp_path, name):
    results = {}
    for form in ("txt", "docx"):
        (tmp_path / form).mkdir()
        (tmp_path / form / f"{name}.{form}").write_bytes((FIXTURES / f"{name}.{form}").read_bytes())
        summary = ingest([tmp_path / form], tmp_path / f"out-{form}")
        assert not summary.failed, summary.failed[0].error
        results[form] = {table: pd.read_parquet(tmp_path / f"out-{form}" / table) for table in TABLES}
    assert len(results["docx"]["indicators"]) >= 4 and len(results["docx"]["projects"]) >= 1
    assert_same_records(results)


def test_the_fixtures_are_there():
    assert len(NAMES) == 3
