"""Batch runs over an archive: incremental, parallel, pruning, compaction, crash safety."""

from __future__ import annotations

import io
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import pipeline
from pipeline import store as store_module
from pipeline.ingest import ingest
from pipeline.progress import Progress
from pipeline.schema import TABLES
from pipeline.synthetic.tika import Project, Publication, tika_text

from .conftest import ROOT, write


def publication(unit: int, budget: str = "1.00", projects: int = 3) -> str:
    pub = Publication(
        unit_line=f"{700000 + unit}城{unit}街道办事处部门本级",
        projects=[
            Project(f"{700000 + unit}23A{n:04d}", f"2023项目{unit}-{n}", budget, budget)
            for n in range(projects)
        ],
    )
    return tika_text(pub)


def corpus(root: Path, count: int, start: int = 0) -> list[Path]:
    return [write(root / "2023" / f"unit-{n:03d}.txt", publication(n)) for n in range(start, start + count)]


def snapshot(out: Path) -> dict[str, pd.DataFrame]:
    """Every table, rows sorted, without what changes from run to run."""
    tables = {}
    for name in TABLES:
        frame = pd.read_parquet(out / name)
        frame = frame.drop(columns=[c for c in ("ingested_at",) if c in frame.columns])
        frame = frame.astype(str).sort_values(list(frame.columns)).reset_index(drop=True)
        tables[name] = frame
    return tables


def same(a: dict, b: dict) -> bool:
    return all(a[name].equals(b[name]) for name in TABLES)


def test_parser_version_bump_rereads_everything(tmp_path, monkeypatch):
    corpus(tmp_path / "raw", 3)
    ingest([tmp_path / "raw"], tmp_path / "out", jobs=1)
    assert ingest([tmp_path / "raw"], tmp_path / "out", jobs=1).status_counts() == {"unchanged": 3}
    monkeypatch.setattr(pipeline, "PARSER_VERSION", "99.0")
    assert ingest([tmp_path / "raw"], tmp_path / "out", jobs=1).status_counts() == {"changed": 3}
    manifest = pd.read_parquet(tmp_path / "out" / "manifest")
    assert set(manifest.parser_version) == {"99.0"}


def test_nothing_changed_keeps_the_live_version(tmp_path):
    corpus(tmp_path / "raw", 2)
    ingest([tmp_path / "raw"], tmp_path / "out")
    live = (tmp_path / "out").resolve()
    summary = ingest([tmp_path / "raw"], tmp_path / "out")
    assert not summary.written and (tmp_path / "out").resolve() == live
    assert summary.counts["documents"] == 2 and summary.counts["projects"] == 6


def test_prune_drops_rows_of_files_gone(tmp_path):
    files = corpus(tmp_path / "raw", 3)
    ingest([tmp_path / "raw"], tmp_path / "out")
    files[0].unlink()
    assert ingest([tmp_path / "raw"], tmp_path / "out").counts["documents"] == 3  # an archive keeps them
    summary = ingest([tmp_path / "raw"], tmp_path / "out", prune=True)
    assert summary.pruned == [files[0].as_posix()]
    assert summary.counts["documents"] == 2 and summary.counts["projects"] == 6
    assert files[0].as_posix() not in set(pd.read_parquet(tmp_path / "out" / "manifest").source_path)


def test_untouched_files_are_hard_linked_not_copied(tmp_path):
    files = corpus(tmp_path / "raw", 2)
    ingest([tmp_path / "raw"], tmp_path / "out")
    before = {p.name: p.stat().st_ino for p in (tmp_path / "out" / "projects").rglob("*.parquet")}
    corpus(tmp_path / "raw", 1, start=5)  # a new file; the old ones stay as they were
    ingest([tmp_path / "raw"], tmp_path / "out")
    after = {p.name: p.stat().st_ino for p in (tmp_path / "out" / "projects").rglob("*.parquet")}
    assert len(after) == 2 and all(after[name] == inode for name, inode in before.items())
    files[0].write_text(publication(0, budget="9.00"), encoding="utf-8")
    ingest([tmp_path / "raw"], tmp_path / "out")
    projects = pd.read_parquet(tmp_path / "out" / "projects")
    assert len(projects) == 9 and sorted(set(projects.budget_raw)) == ["1.00", "9.00"]


def test_many_small_runs_are_compacted(tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "MAX_FILES_PER_PARTITION", 3)
    for n in range(6):
        corpus(tmp_path / "raw", 1, start=n)
        ingest([tmp_path / "raw"], tmp_path / "out")
    files = list((tmp_path / "out" / "projects").rglob("*.parquet"))
    assert len(files) <= 4
    assert len(pd.read_parquet(tmp_path / "out" / "projects")) == 18


def test_parallel_run_gives_the_same_rows(tmp_path):
    corpus(tmp_path / "raw", 12)
    write(tmp_path / "raw" / "2023" / "broken.txt", b"\x00\x01")
    one = ingest([tmp_path / "raw"], tmp_path / "one", jobs=1)
    two = ingest([tmp_path / "raw"], tmp_path / "two", jobs=2)
    assert [f.path for f in one.files] == [f.path for f in two.files]
    assert len(two.failed) == 1 and two.counts["documents"] == 12
    assert same(snapshot(tmp_path / "one"), snapshot(tmp_path / "two"))


def test_progress_lines_when_not_a_terminal(monkeypatch):
    monkeypatch.setattr("pipeline.progress.PLAIN_EVERY_SECONDS", 0.0)
    stream = io.StringIO()
    progress = Progress(3, stream=stream)
    for n in range(3):
        progress.update(f"f{n}", "failed" if n == 1 else "new", error="f1: empty file")
    lines = stream.getvalue().splitlines()
    assert "Error: f1: empty file" in lines and lines[-1].startswith("3/3 files") and "1 failed" in lines[-1]


def run_cli(*args) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "ingest", *map(str, args), "--quiet"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _partial_appears(versions: Path, process: subprocess.Popen) -> float | None:
    """Wait until the run starts writing its new version (the ``.partial`` folder); the time, or
    None if the run ended first."""
    while process.poll() is None:
        if versions.is_dir() and any(p.name.endswith(".partial") for p in versions.iterdir()):
            return time.monotonic()
        time.sleep(0.0005)
    return None


@pytest.mark.parametrize("seed", range(5))
def test_case14_sigkill_while_writing_leaves_before_or_after(tmp_path, seed):
    """Killed at a random moment of the write itself (not of the imports before it), a run leaves
    the whole old dataset or the whole new one. Against a writer that removes the old version before
    it has written the new one, it failed for 1 and 3 of the 5 seeds in two runs; a removal just before
    the rename leaves a window of microseconds that a random kill does not hit (0 of 5)."""
    raw, base = tmp_path / "raw", tmp_path / "base"
    corpus(raw, 40)
    ingest([raw], base / "out", jobs=1)
    before = snapshot(base / "out")
    for path in corpus(raw, 40, start=40)[:5]:
        path.write_text(publication(int(path.stem[-3:]), budget="7.00"), encoding="utf-8")
    for path in sorted(raw.rglob("*.txt"))[:3]:
        path.write_text(publication(int(path.stem[-3:]), budget="5.00"), encoding="utf-8")
    # The expected run, through the CLI as the trial: it also measures how long the write takes.
    expected = tmp_path / "expected"
    shutil.copytree(base, expected, symlinks=True)
    process = run_cli(raw, "--out", expected / "out", "--jobs", "1")
    writing = _partial_appears(expected / ".out.versions", process)
    assert process.wait() == 0 and writing is not None
    window = time.monotonic() - writing

    trial = tmp_path / "trial"
    shutil.copytree(base, trial, symlinks=True)
    process = run_cli(raw, "--out", trial / "out", "--jobs", "1")
    assert _partial_appears(trial / ".out.versions", process) is not None
    time.sleep(random.Random(seed).uniform(0, window))
    process.send_signal(signal.SIGKILL)
    process.wait()
    seen = snapshot(trial / "out")
    assert same(seen, before) or same(seen, snapshot(expected / "out"))
    # The next run finishes the job, whatever the killed one left behind.
    assert run_cli(raw, "--out", trial / "out").wait() == 0
    assert same(snapshot(trial / "out"), snapshot(expected / "out"))
    assert not [p for p in (trial / ".out.versions").iterdir() if p.name.endswith(".partial")]
    assert len(os.listdir(trial / ".out.versions")) <= 2


def _processes_running(marker: str) -> list[int]:
    """The processes whose command line names ``marker`` (a killed run's workers, if any survived)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            state = (entry / "stat").read_text().split()[2]
        except OSError:
            continue
        if marker in cmdline and state != "Z":
            found.append(int(entry.name))
    return found


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
@pytest.mark.parametrize(("jobs", "seed"), [(2, 0), (2, 1), (4, 2), (4, 3)])
def test_case6_kill_9_of_a_parallel_run_leaves_no_worker_and_the_next_run_completes(tmp_path, jobs, seed):
    """Against workers that inherited the lock and their siblings' pipes (no death signal, nothing
    closed), the workers of a killed --jobs 2 run lived on and every later run said 'another ingest
    is running'."""
    raw = tmp_path / "raw"
    corpus(raw, 60)
    out = tmp_path / f"out-{jobs}-{seed}"
    process = run_cli(raw, "--out", out, "--jobs", str(jobs))
    deadline = time.monotonic() + 60
    while len(_children(process.pid)) < jobs and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.01)
    assert process.poll() is None, "the run ended before its workers could be killed"
    time.sleep(random.Random(seed).uniform(0, 0.5))
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while _processes_running(str(out)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _processes_running(str(out)) == []
    assert run_cli(raw, "--out", out, "--quiet").wait() == 0
    assert len(pd.read_parquet(out / "documents")) == 60
