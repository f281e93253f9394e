"""Every source has one outcome (read, partial, refused, skipped, duplicate, failed); a failure whose
cause lies outside the file is retried; every run names what is still failing, skipped or gone."""

from __future__ import annotations

import stat
from pathlib import Path

import pandas as pd

from pipeline.cli import main
from pipeline.ingest import ingest

from .conftest import SAMPLE, write

FIXTURES = Path(__file__).parent / "fixtures"
RTF = FIXTURES / "legacy" / "01-numbered-other-funds.rtf"
CONVERTED = FIXTURES / "libreoffice" / "01-numbered-other-funds.docx"


def _stand_in_soffice(tmp_path: Path) -> Path:
    """A LibreOffice that 'converts' by copying a .docx LibreOffice once saved of the same file."""
    fake = tmp_path / "bin" / "soffice"
    fake.parent.mkdir()
    fake.write_text(
        '#!/bin/sh\nout=""; prev=""\nfor a in "$@"; do [ "$prev" = "--outdir" ] && out="$a"; prev="$a"; done\n'
        f'mkdir -p "$out" && cp "{CONVERTED}" "$out/source.docx"\n'
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    return fake


def _manifest(out: Path) -> pd.DataFrame:
    return pd.read_parquet(out / "manifest").set_index("source_path")


def test_case3_a_file_that_failed_for_a_missing_program_is_read_once_it_is_there(tmp_path, monkeypatch):
    """Against the old manifest (no retry), the second run said 'nothing changed' and exited 0."""
    source = write(tmp_path / "raw" / "2022" / "a.rtf", RTF.read_bytes())
    monkeypatch.setenv("SOFFICE", str(tmp_path / "no-such-soffice"))
    first = ingest([tmp_path / "raw"], tmp_path / "out", jobs=1)
    assert [f.outcome for f in first.failed] == ["failed"] and first.failed[0].retry
    entry = _manifest(tmp_path / "out").loc[str(source)]
    assert (entry.outcome, bool(entry.retry)) == ("failed", True)
    monkeypatch.setenv("SOFFICE", str(_stand_in_soffice(tmp_path)))
    second = ingest([tmp_path / "raw"], tmp_path / "out", jobs=1)
    assert second.status_counts() == {"changed": 1} and not second.failing
    assert second.counts["projects"] == 2
    assert _manifest(tmp_path / "out").loc[str(source)].outcome == "read"


def test_case3_a_damaged_file_stays_failing_and_every_run_says_so(tmp_path, capsys):
    write(tmp_path / "raw" / "2022" / "good.txt", SAMPLE.read_bytes())
    write(tmp_path / "raw" / "2022" / "broken.pdf", b"%PDF-1.4 truncated")
    args = ["ingest", str(tmp_path / "raw"), "--out", str(tmp_path / "out"), "--jobs", "1"]
    assert main(args) == 1
    capsys.readouterr()
    assert main(args) == 1  # unchanged, still failing: the run must not say all is well
    captured = capsys.readouterr()
    assert "nothing changed" in captured.out
    assert "1 file(s) failing" in captured.err and "broken.pdf: still failing" in captured.err
    assert "damaged PDF" in captured.err


def test_every_file_put_in_is_accounted_for(tmp_path, capsys):
    raw = tmp_path / "raw" / "2022"
    write(raw / "lunan.txt", SAMPLE.read_bytes())
    write(raw / "~$年度绩效目标.docx", b"\x0bWPS lock" + b"\x00" * 150)
    write(raw / "scan.jpg", b"\xff\xd8\xff\xe0 not a document")
    write(raw / "page.pdf", b"<!DOCTYPE html><html><head><title>x</title></head><body>x</body></html>")
    write(raw / "package.rar", b"Rar!\x1a\x07\x00")
    assert main(["ingest", str(tmp_path / "raw"), "--out", str(tmp_path / "out"), "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert "5 files (1 new, 4 skipped)" in out
    assert "4 file(s) skipped (1 .jpg, 1 .pdf, 1 .rar, 1 lock files)" in out
    for name, why in (
        ("~$年度绩效目标.docx", "an Office lock file"),
        ("scan.jpg", "an image"),
        ("page.pdf", "a web page (HTML)"),
        ("package.rar", "an archive this reader does not open"),
    ):
        assert f"{name}: {why}" in out
    findings = pd.read_parquet(tmp_path / "out" / "findings")
    skipped = findings[findings.code == "file_skipped"]
    assert sorted(Path(p).name for p in skipped.source_path) == sorted(
        ["~$年度绩效目标.docx", "scan.jpg", "page.pdf", "package.rar"]
    )
    manifest = _manifest(tmp_path / "out")
    assert sorted(manifest.outcome) == ["read", "skipped", "skipped", "skipped", "skipped"]


def test_case5_sources_gone_are_named_and_prune_names_what_it_drops(tmp_path, capsys):
    raw = tmp_path / "raw" / "2022"
    write(raw / "lunan.txt", SAMPLE.read_bytes())
    other = write(raw / "other.txt", SAMPLE.read_text(encoding="utf-8").replace("路南", "路北"))
    args = ["ingest", str(tmp_path / "raw"), "--out", str(tmp_path / "out"), "--jobs", "1"]
    assert main(args) == 0
    other.unlink()
    capsys.readouterr()
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "1 gone from the folder (their rows kept; --prune drops them):" in out and str(other) in out
    assert main([*args, "--prune"]) == 0
    out = capsys.readouterr().out
    assert "1 pruned (their rows dropped):" in out and str(other) in out


def test_a_file_with_a_table_it_cannot_read_is_partial(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    first = text.index("\t指标值\n")
    second = text.index("\t指标值\n", first + 1)
    source = write(
        tmp_path / "raw" / "x.txt", text[:second] + "\t备注\n" + text[second + len("\t指标值\n") :]
    )
    summary = ingest([tmp_path / "raw"], tmp_path / "out", jobs=1)
    assert not summary.failing
    assert _manifest(tmp_path / "out").loc[str(source)].outcome == "partial"
