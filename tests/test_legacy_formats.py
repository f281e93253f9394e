"""Issue 9: legacy and other word-processor formats (.doc, .wps, .rtf, .odt), converted with
LibreOffice when it is installed, and a clear error that says how to install it when it is not.

tests/fixtures/legacy/ holds one publication saved by LibreOffice as .doc, .rtf and .odt, beside
its Tika text. The conversion tests need soffice and are skipped without it (CI has none); the
detection, the error without it and the time cap run everywhere.
"""

from __future__ import annotations

import io
import os
import signal
import stat
import time
import zipfile
from pathlib import Path

import pytest

from parsers.errors import SourceError
from parsers.formats import convert
from parsers.formats.detect import detect_format
from parsers.formats.read import read_blocks
from pipeline.archive import discover
from pipeline.ingest import ingest

from .conftest import write
from .test_pdf import assert_same, records

LEGACY = Path(__file__).parent / "fixtures" / "legacy"
NAME = "01-numbered-other-funds"
needs_soffice = pytest.mark.skipif(convert.soffice() is None, reason="LibreOffice (soffice) is not installed")


def _ole2(*streams: str, extra: bytes = b"") -> bytes:
    return (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 500
        + b"".join(s.encode("utf-16-le") for s in streams)
        + extra
    )


def _odt() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (lambda: (LEGACY / f"{NAME}.doc").read_bytes(), "doc"),
        (lambda: (LEGACY / f"{NAME}.rtf").read_bytes(), "rtf"),
        (lambda: (LEGACY / f"{NAME}.odt").read_bytes(), "odt"),
        (lambda: _odt(), "odt"),
        (lambda: b"  {\\rtf1\\ansi hello}", "rtf"),
        (lambda: _ole2("WordDocument", extra=b"KSOProductBuildVer"), "wps"),  # Kingsoft WPS
        (lambda: _ole2("MatOST"), "wps"),  # Works 3 and 4
        (lambda: _ole2("CONTENTS", "SPELLING"), "wps"),  # later Works
        (lambda: _ole2("WordDocument"), "doc"),
    ],
    ids=[
        "doc",
        "rtf",
        "odt",
        "odt-bare",
        "rtf-bare",
        "wps-kingsoft",
        "wps-works-old",
        "wps-works",
        "doc-bare",
    ],
)
def test_formats_are_told_by_content(data, fmt):
    assert detect_format(data()) == fmt


def test_another_office_binary_is_refused_by_name():
    with pytest.raises(SourceError, match="not a Word or WPS document"):
        detect_format(_ole2("PowerPoint Document"))
    assert detect_format(_ole2("Workbook")) == "xls"  # Excel 97-2003 and WPS .et: read as workbooks


def test_without_libreoffice_the_error_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setattr(convert, "soffice", lambda: None)
    write(tmp_path / "raw" / "2021" / f"{NAME}.doc", (LEGACY / f"{NAME}.doc").read_bytes())
    write(tmp_path / "raw" / "2021" / f"{NAME}.txt", (LEGACY / f"{NAME}.txt").read_bytes())
    summary = ingest([tmp_path / "raw"], tmp_path / "out")
    (failed,) = summary.failed
    assert failed.path.endswith(".doc") and summary.counts["documents"] == 1
    assert "a doc file needs LibreOffice, which is not installed" in failed.error
    assert "apt-get install libreoffice-writer-nogui" in failed.error


def test_discovery_picks_up_every_file(tmp_path):
    """Every file is a source: one that is no document is named as skipped, never left unseen."""
    for suffix in ("doc", "wps", "rtf", "odt", "pdf", "docx", "txt", "jpg", "rar"):
        write(tmp_path / f"a.{suffix}", b"x")
    write(tmp_path / ".hidden" / "b.txt", b"x")
    assert sorted(Path(p).suffix for p in discover([tmp_path])) == sorted(
        ".doc .wps .rtf .odt .pdf .docx .txt .jpg .rar".split()
    )


def test_a_stuck_conversion_is_killed_with_its_process_group(tmp_path, monkeypatch):
    marker = tmp_path / "child.pid"
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\nsleep 300 &\necho $! > {marker}\nwait\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("SOFFICE", str(fake))
    started = time.monotonic()
    with pytest.raises(SourceError, match="took over 1 s"):
        convert.to_docx(b"{\\rtf1}", "rtf", timeout=1)
    assert time.monotonic() - started < 10
    child = int(marker.read_text())
    time.sleep(0.2)
    assert not _running(child)  # the helper soffice started is gone too


def _running(pid: int) -> bool:
    """Alive and not a zombie (a killed orphan waits for init to reap it)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


@needs_soffice
@pytest.mark.parametrize("fmt", ["doc", "rtf", "odt"])
def test_a_converted_file_gives_its_texts_records(tmp_path, fmt):
    text = records(tmp_path, f"{NAME}.txt", (LEGACY / f"{NAME}.txt").read_bytes(), folder="2022")
    converted = records(tmp_path, f"{NAME}.{fmt}", (LEGACY / f"{NAME}.{fmt}").read_bytes(), folder="2022")
    assert converted["documents"].source_format.iloc[0] == fmt and len(converted["indicators"]) == 8
    assert_same(text, converted)


@needs_soffice
def test_conversions_run_in_parallel_workers(tmp_path):
    for fmt in ("doc", "rtf", "odt"):
        write(tmp_path / "raw" / "2022" / f"{NAME}.{fmt}", (LEGACY / f"{NAME}.{fmt}").read_bytes())
    summary = ingest([tmp_path / "raw"], tmp_path / "out", jobs=3)
    assert not summary.failed and summary.counts["documents"] == 3 and summary.counts["projects"] == 6


def test_case7_a_killed_worker_takes_its_conversion_with_it(tmp_path, monkeypatch):
    """kill -9 of the process converting (a worker at its time cap, or of a killed run): LibreOffice
    and its helpers go too. Without the reaper the stand-in's sleep lived on for its 300 s."""
    import multiprocessing as mp

    marker = tmp_path / "child.pid"
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\nsleep 300 &\necho $! > {marker}\nwait\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("SOFFICE", str(fake))
    worker = mp.get_context("fork").Process(target=convert.to_docx, args=(b"{\\rtf1}", "rtf", 60))
    worker.start()
    deadline = time.monotonic() + 20
    while not (marker.exists() and marker.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.05)
    child = int(marker.read_text())
    assert _running(child)
    os.kill(worker.pid, signal.SIGKILL)
    worker.join()
    deadline = time.monotonic() + 10
    while _running(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(child)


def test_case7_the_conversion_cap_is_the_runs_time_cap_when_lower(tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 300\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("SOFFICE", str(fake))
    started = time.monotonic()
    with pytest.raises(SourceError, match="took over 1 s"):
        read_blocks((LEGACY / f"{NAME}.rtf").read_bytes(), convert_timeout=1)
    assert time.monotonic() - started < 10
