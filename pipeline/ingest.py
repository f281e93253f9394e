"""The ingest API: source paths in, Parquet tables out, a summary back.

    from pipeline.ingest import ingest
    summary = ingest(["data/raw"], "data/parsed")

Each file is read, parsed, normalized and checked on its own, in a worker process: a file that
fails, kills its worker or runs past the time cap becomes an ``error`` finding, and its earlier rows
stay. Unchanged files (same source, same bytes, same parser version) are not parsed again. The new
dataset replaces the old one in a single atomic switch.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from parsers.errors import SourceError

from . import archive, publications
from .archive import discover
from .executor import TaskFailure, closed_in_workers, run_tasks
from .schema import TABLES
from .store import Store
from .transform import (
    FileResult,
    Task,
    not_read,
    process_file,
    to_batches,
    unpacked,
    work_packed,
)

__all__ = ["DEFAULT_TIMEOUT", "FileResult", "Summary", "discover", "ingest", "process_file"]

# Seconds one file may take before its worker is killed. A large publication parses in well under
# a second; a PDF of hundreds of pages in a few. Far past that, the file is stuck, not big.
DEFAULT_TIMEOUT = 300.0


@dataclass
class Summary:
    files: list[FileResult]
    counts: dict[str, int]  # rows per table in the whole dataset after the run
    findings_by_severity: dict[str, int]
    out: str
    pruned: list[str] = field(default_factory=list)
    written: bool = True  # False when nothing changed and the live version was kept
    # Sources that failed in an earlier run and did not change since: (path, error), still failing.
    still_failing: list[tuple[str, str | None]] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)  # sources under the paths that disappeared (rows kept)

    @property
    def failed(self) -> list[FileResult]:
        """Sources this run could not read (damaged, a program missing, a time cap)."""
        return [f for f in self.files if f.status == "failed" and f.outcome == "failed"]

    @property
    def not_read(self) -> list[FileResult]:
        """Every source of this run that gave no document: failed, refused or skipped."""
        return [f for f in self.files if f.status == "failed"]

    def with_outcome(self, outcome: str) -> list[FileResult]:
        return [f for f in self.files if f.status == "failed" and f.outcome == outcome]

    @property
    def failing(self) -> list[tuple[str, str | None]]:
        """Every source that is failing after this run: failed now, or still failing unchanged."""
        return [(f.path, f.error) for f in self.failed] + self.still_failing

    def status_counts(self) -> Counter:
        return Counter(f.status for f in self.files)


def ingest(
    paths: Iterable[str | Path] = ("data/raw",),
    out: str | Path = "data/parsed",
    *,
    force: bool = False,
    prune: bool = False,
    jobs: int | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    on_file: Callable[[FileResult], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> Summary:
    """Ingest the publications under ``paths`` into the tables under ``out``.

    Unchanged files are skipped (``force`` re-reads them); files under ``paths`` that are gone keep
    their rows unless ``prune``; ``jobs`` worker processes parse (default: one per CPU), each file
    for at most ``timeout`` seconds (None: no cap). ``on_start`` hears how many files were found,
    ``on_file`` each file's result as it comes.
    """
    roots = list(paths)
    files = discover(roots)
    if on_start:
        on_start(len(files))
    store = Store(out)
    # A worker that outlived a killed run must not hold the lock: workers close it.
    with store.lock() as lock, closed_in_workers(lock):
        live = store.live()
        manifest = store.read("manifest")
        known = archive.known_files(manifest)
        pruned = archive.gone(known, files, roots) if prune else set()
        live_documents = store.read("documents")  # once: the duplicates and the publications need it
        old = archive.old_documents(live_documents)
        old_docs = {doc: path for doc, (path, _) in old.items()}
        at = datetime.now(UTC)
        version = store.new_version()
        try:
            run = _Run(version, archive.Deduplicator(old_docs, set(files), pruned), jobs, timeout, on_file)
            run.read([_task(p, known, force, at, timeout) for p in files])
            # Duplicates whose twin left the dataset hold the only copy now: read them as documents.
            again = archive.stale_duplicates(run.results, known, run.dedup.remaining())
            if again:
                run.results = [r for r in run.results if r.path not in set(again)]
                previous = {p: (known[p].sha256, known[p].parser_version) for p in again}
                run.read([Task(p, previous[p], True, at, timeout) for p in again])
            results = run.results
            changed = pruned or any(r.status != "unchanged" for r in results)
            failing = _still_failing(results, known)
            gone = sorted(archive.gone(known, files, roots) - pruned)
            if live is not None and not changed:
                version.abort()
                return _summary(store, results, out, written=False, failing=failing, gone=gone)
            drop = archive.drop_rule(results, old_docs, pruned)
            version.carry_over(live, drop, skip={"manifest", "documents"})
            documents = archive.kept_documents(live_documents, drop) + run.documents
            links = publications.assign(documents)  # over the whole dataset, on every run
            version.add(
                "documents", pa.RecordBatch.from_pylist(documents, schema=TABLES["documents"].schema())
            )
            if links:
                version.add("findings", to_batches({"findings": links})["findings"])
            version.add("manifest", archive.manifest(manifest, results, pruned, at))
            version.commit()
        except BaseException:
            version.abort()
            raise
    return _summary(store, results, out, pruned=sorted(pruned), failing=failing, gone=gone)


def _task(path: str, known: dict, force: bool, at: datetime, timeout: float | None) -> Task:
    entry = known.get(path)
    previous = (entry.sha256, entry.parser_version) if entry else None
    # A source that failed for a cause outside it (LibreOffice missing, a time cap) is read again.
    again = force or (entry is not None and entry.failing and entry.retry)
    return Task(path, previous, again, at, timeout)


def _still_failing(results: list[FileResult], known: dict) -> list[tuple[str, str | None]]:
    """Unchanged sources whose last reading failed: they have no rows, and the run must say so."""
    return [
        (r.path, known[r.path].error)
        for r in results
        if r.status == "unchanged" and r.path in known and known[r.path].failing
    ]


class _Run:
    """Reads tasks in workers and streams each decided result's rows into the new version."""

    def __init__(self, version, dedup: archive.Deduplicator, jobs, timeout, on_file) -> None:
        self.version, self.dedup, self.on_file = version, dedup, on_file
        self.jobs = jobs or os.cpu_count() or 1
        self.timeout = timeout
        self.results: list[FileResult] = []
        self.documents: list[dict] = []  # the document rows this run read

    def read(self, tasks: list[Task]) -> None:
        for task, result in run_tasks(work_packed, tasks, jobs=self.jobs, timeout=self.timeout):
            if isinstance(result, TaskFailure):  # its worker died or ran past the cap: retried next run
                error = SourceError(f"not read: {result.reason}", retry=True).with_path(task.path)
                result = not_read(task.path, error)
            else:
                unpacked(result)
            for decided in self.dedup.feed(result):
                self._write(decided)
        for decided in self.dedup.flush():
            self._write(decided)

    def _write(self, result: FileResult) -> None:
        for name, batch in (result.batches or {}).items():
            if name == "documents":  # written at the end, with the publications decided over all
                self.documents += batch.to_pylist()
            else:
                self.version.add(name, batch)
        result.batches = None
        self.results.append(result)
        if self.on_file:
            self.on_file(result)


def _summary(store: Store, results, out, written: bool = True, pruned=(), failing=(), gone=()) -> Summary:
    counts = {name: _row_count(store, name) for name in TABLES}
    findings = store.read("findings", columns=["severity"])
    severities = Counter(findings["severity"].to_pylist()) if findings is not None else Counter()
    return Summary(
        results, counts, dict(severities), str(out), list(pruned), written, list(failing), list(gone)
    )


def _row_count(store: Store, name: str) -> int:
    live = store.live()
    if live is None:
        return 0
    return sum(pq.ParquetFile(f).metadata.num_rows for f in (live / name).rglob("*.parquet"))
