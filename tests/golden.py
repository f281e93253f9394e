"""Golden records: every table of a publication as small CSV files, raw and normalized side by side.

Nulls are written ``\\N`` so that they differ from empty strings; ``ingested_at`` is left out (it
changes every run). ``pytest --update-golden`` rewrites the files for review in the diff.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pyarrow as pa

from pipeline.schema import TABLES

GOLDEN = Path(__file__).parent / "golden"
VOLATILE = {"ingested_at"}
NULL = r"\N"


def to_csv(name: str, table: pa.Table, skip: set[str] = frozenset()) -> str:
    columns = [c for c in TABLES[name].column_names if c not in VOLATILE | set(skip)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in table.select(columns).to_pylist():
        writer.writerow([NULL if row[c] is None else _text(row[c]) for c in columns])
    return out.getvalue()


def _text(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def check(publication: str, name: str, actual: str, update: bool) -> None:
    path = GOLDEN / publication / f"{name}.csv"
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    assert actual.count("\n") > 1, f"{name}: no rows — a golden test must not pass on an empty result"
    assert actual == expected, f"{path} differs; run pytest --update-golden and review the diff"
