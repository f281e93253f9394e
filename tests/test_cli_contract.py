"""Issue 15 case 14: what users script stays stable. Each form runs through the command line, as a
user's script would: ingest PATHS --out DIR, sql QUERY --format json --out DIR, report --out DIR,
export --format xlsx -o FILE, SOFFICE, --jobs and --timeout."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import openpyxl

from .conftest import ROOT, SAMPLE, write


def _run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


def test_case14_the_scripted_commands(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    write(raw / "2022" / "lunan.txt", SAMPLE.read_bytes())
    write(raw / "2022" / "old.doc", (ROOT / "tests/fixtures/legacy/01-numbered-other-funds.doc").read_bytes())
    ingested = _run(
        "ingest",
        str(raw),
        "--out",
        str(out),
        "--jobs",
        "2",
        "--timeout",
        "60",
        env={"SOFFICE": "/nonexistent"},
    )
    assert ingested.returncode == 1  # the .doc needs LibreOffice: failing, named, retried next run
    assert "old.doc: a doc file needs LibreOffice" in ingested.stderr
    query = "SELECT sum(budget_yuan) AS total FROM projects"
    answered = _run("sql", query, "--format", "json", "--out", str(out))
    assert answered.returncode == 0 and json.loads(answered.stdout) == [{"total": "6017600.00"}]
    report = tmp_path / "report.html"
    made = _run("report", "--out", str(out), "--html", str(report))
    assert made.returncode == 0 and report.read_text(encoding="utf-8").startswith("<!doctype html>")
    book = tmp_path / "budgets.xlsx"
    exported = _run("export", "--format", "xlsx", "-o", str(book), "--out", str(out))
    assert exported.returncode == 0 and f"wrote {book}" in exported.stderr
    assert "预算项目" in openpyxl.load_workbook(book, read_only=True).sheetnames


def test_case12_a_text_table_in_a_file_keeps_exact_decimals_blank_nulls_and_aligns_chinese(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    write(raw / "2022" / "lunan.txt", SAMPLE.read_bytes())
    assert _run("ingest", str(raw), "--out", str(out)).returncode == 0
    target = tmp_path / "result.txt"
    query = "SELECT project_name, budget_yuan, other_funds_yuan FROM projects ORDER BY project_seq LIMIT 3"
    done = _run("sql", query, "--out", str(out), "-o", str(target))
    assert done.returncode == 0 and done.stderr.strip() == f"wrote {target} (table)"
    lines = target.read_text(encoding="utf-8").splitlines()
    assert "NaN" not in "".join(lines) and "2120000.0 " not in "".join(lines)
    assert any(line.rstrip().endswith(".00") for line in lines[1:])
    widths = {
        sum(2 if ord(c) > 0x2E80 else 1 for c in line[: line.index(" " * 2)])
        for line in lines
        if "  " in line
    }
    starts = [_display_offset(line, ".00") for line in lines[1:] if ".00" in line]
    assert len(set(starts)) == 1, lines  # the amounts end in one column, whatever the names' width
    assert widths


def _display_offset(line: str, token: str) -> int:
    end = line.index(token) + len(token)
    return sum(2 if ord(c) > 0x2E80 else 1 for c in line[:end])
