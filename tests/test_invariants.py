"""Invariants that hold for any publication, checked on the sample and on test publications."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest

from parsers.formats.tika_text import read_tika_text, split_bookmarks
from parsers.publication import parse_publication
from pipeline.rows import Source, build_rows
from pipeline.schema import TABLES
from pipeline.synthetic.tika import Project, Publication, tika_text

from .conftest import ROOT, SAMPLE

BUILT = tika_text(Publication(projects=[Project("70100223A01", "2023运转经费", "1.00", "1.00")])).encode()


def source_lines(data: bytes) -> Counter:
    """Non-blank source lines, bookmarks removed, as the text a reader would keep."""
    lines = data.decode("utf-8").split("\n")
    return Counter(split_bookmarks(line.lstrip("\t"))[0] for line in lines if line.strip())


def section_lines(data: bytes) -> Counter:
    pub = parse_publication(read_tika_text(data))
    parts = Counter()
    for section in pub.sections:
        for line in section.text.split("\n"):
            parts.update(cell for cell in line.split("\t") if cell.strip())
    return parts


@pytest.mark.parametrize("data", [SAMPLE.read_bytes(), BUILT], ids=["sample", "built"])
def test_every_non_blank_line_lands_in_exactly_one_section(data):
    expected = source_lines(data)
    assert sum(expected.values()) > 50
    # Cells holding TABs of their own (保障…拨付\t\t) split further; compare their pieces.
    pieces = Counter()
    for line, count in expected.items():
        for piece in line.split("\t"):
            if piece.strip():
                pieces[piece] += count
    assert section_lines(data) == pieces


def test_rows_have_exactly_the_schema_columns():
    pub = parse_publication(read_tika_text(SAMPLE.read_bytes()))
    rows, _ = build_rows(pub, Source("x" * 64, "p.txt", "tika_text", "utf-8", 1), 2022)
    for name, table_rows in rows.items():
        assert table_rows, f"{name}: no rows to check"
        assert set(table_rows[0]) == set(TABLES[name].column_names), name


def test_every_field_has_a_chinese_label_and_meaning():
    for table in TABLES.values():
        for field in table.schema():
            assert field.metadata[b"label_zh"] and field.metadata[b"description"], (table.name, field.name)


def imported_modules(package: Path) -> set[str]:
    modules = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    return modules


def test_parsers_never_import_pipeline():
    assert "pipeline" not in imported_modules(ROOT / "parsers")
    assert "parsers" in imported_modules(ROOT / "pipeline")


def test_format_readers_know_no_layout_and_no_budget_table():
    """parsers/formats/ turns bytes into blocks: it reaches up only for the blocks and the error type."""
    for path in (ROOT / "parsers" / "formats").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level >= 2:
                assert node.module in ("blocks", "errors"), (path.name, node.module)
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                assert not node.module.startswith("parsers."), (path.name, node.module)


def test_nothing_below_ingest_does_io():
    """Readers, parser, normalizers and checks take values and return values: no open() or print()."""
    pure = [
        *(ROOT / "parsers").glob("*.py"),
        *(
            ROOT / "pipeline" / n
            for n in (
                "values.py",
                "numbers.py",
                "rows.py",
                "checks.py",
                "findings.py",
                "fiscal_year.py",
                "schema.py",
            )
        ),
    ]
    for path in pure:
        if path.name == "read.py":  # the one place a file is opened, by name, for the CLI
            continue
        calls = {
            node.func.id
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        }
        assert not calls & {"open", "print"}, path.name


def test_generated_docs_are_current():
    from pipeline.docs import stale_pages

    assert stale_pages() == [], "run make docs"
