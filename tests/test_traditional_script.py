"""Publications printed in traditional characters (a 繁體 page of a government site, a capture converted
on the way): every document the reader takes in simplified characters gives the same records printed
in traditional ones, with every text as printed and a finding that says how it was read."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from opencc import OpenCC

from pipeline.transform import process_file

from .test_families import FAMILIES
from .test_real_tables import REAL

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "raw" / "2022" / "lunan-613001-2022.txt"
_TO_TRADITIONAL = OpenCC("s2t")
# (a fixture printed in traditional characters already is read by test_families)
SOURCES = [
    path
    for path in (SAMPLE, *sorted(FAMILIES.glob("*.txt")), *sorted(REAL.glob("*.txt")))
    if "fanti" not in path.name
]
AT = datetime(2026, 1, 1, tzinfo=UTC)

# What must not change with the script: amounts, kinds, targets as read, levels found.
_PROJECT_FIELDS = ("kind", "budget_yuan", "fiscal_funds_yuan", "other_funds_yuan", "amount_unit")
_INDICATOR_FIELDS = (
    "horizon",
    "value_kind",
    "comparator",
    "value",
    "value_max",
    "unit",
    "weight",
    "actual_value",
)


def _records(rows: dict) -> tuple:
    projects = [tuple(p[f] for f in _PROJECT_FIELDS) for p in rows["projects"]]
    indicators = [tuple(i[f] for f in _INDICATOR_FIELDS) for i in rows["indicators"]]
    return projects, indicators, len(rows["spending_plan"]), len(rows["project_funds"])


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_a_publication_in_traditional_characters_gives_the_same_records_as_printed(source):
    text = source.read_text(encoding="utf-8")
    traditional = _TO_TRADITIONAL.convert(text)
    assert traditional != text
    simple = process_file(source.name, text.encode(), AT)
    rows = process_file(source.name, traditional.encode(), AT)
    assert simple["indicators"], "a source with no indicators proves nothing"
    assert _records(rows) == _records(simple)
    # Every text as printed: the traditional one, never the simplified form it was read through.
    printed = [t for i in rows["indicators"] for t in (i["level1"], i["level3"]) if t]
    printed += [p["project_name"] for p in rows["projects"] if p["project_name"]]
    # (a level name wrapped in its cell comes out joined: compared without the line breaks)
    flat = "".join(traditional.split())
    printed = ["".join(t.split()) for t in printed]
    assert printed and all(t in flat for t in printed), [t for t in printed if t not in flat]
    codes = [f["code"] for f in rows["findings"]]
    assert "traditional_script" in codes
    assert "traditional_script" not in [f["code"] for f in simple["findings"]]


def test_a_simplified_publication_with_a_few_traditional_characters_is_read_as_it_is():
    """乾 in a name, 著 in a goal: a few traditional-only characters do not make a document traditional."""
    text = SAMPLE.read_text(encoding="utf-8").replace("路南", "乾著", 1)
    rows = process_file("x.txt", text.encode(), AT)
    assert "traditional_script" not in [f["code"] for f in rows["findings"]]
    assert len(rows["projects"]) == 12
