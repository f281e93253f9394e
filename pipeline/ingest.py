"""The ingest API: source paths in, Parquet tables out, a summary back.

    from pipeline.ingest import ingest
    summary = ingest(["data/raw"], "data/parsed")

Each file is read, parsed, normalized and checked on its own; a file that fails becomes an ``error``
finding and its earlier rows stay. Unchanged files (same path, same bytes, same parser version) are
not parsed again. The new dataset replaces the old one in a single atomic switch.
"""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import os
import traceback
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from itertools import islice
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from parsers.errors import SourceError
from parsers.publication import parse_publication
from parsers.read import read_blocks

from . import PARSER_VERSION
from .checks import check_publication
from .findings import Finding, finding
from .fiscal_year import folder_year, infer_fiscal_year
from .rows import Source, build_rows
from .schema import TABLES
from .store import Store

IN_FLIGHT_PER_WORKER = 4
# Files a directory walk picks up; a file named on the command line is always read.
SOURCE_SUFFIXES = {".txt", ".text", ".docx", ".doc", ".pdf"}


@dataclass
class FileResult:
    path: str
    status: str  # new | changed | unchanged | failed | duplicate
    error: str | None = None
    sha256: str | None = None
    size: int | None = None
    year: int | None = None
    # Rows for every table, as Arrow batches (made in the worker); dropped once written.
    batches: dict[str, pa.RecordBatch] | None = field(default=None, repr=False)
    traceback: str | None = field(default=None, repr=False)  # for an internal error, with --debug


@dataclass
class Summary:
    files: list[FileResult]
    counts: dict[str, int]  # rows per table in the whole dataset after the run
    findings_by_severity: dict[str, int]
    out: str
    pruned: list[str] = field(default_factory=list)
    written: bool = True  # False when nothing changed and the live version was kept

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "failed"]

    def status_counts(self) -> Counter:
        return Counter(f.status for f in self.files)


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Source files under ``paths``, sorted; hidden files and folders are skipped."""
    found: set[Path] = set()
    for path in map(Path, paths):
        if path.is_file():
            found.add(path)
        elif path.is_dir():
            found.update(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SOURCE_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            raise FileNotFoundError(f"{path}: no such file or directory")
    return sorted(found)


def process_file(
    path: str, data: bytes, ingested_at: datetime, doc_id: str | None = None
) -> dict[str, list[dict]]:
    """Parse, normalize and check one file; rows for every table. Raises SourceError.

    ``doc_id`` is the sha256 of ``data`` when the caller has it already.
    """
    document = read_blocks(data)
    publication = parse_publication(document)
    year, findings = infer_fiscal_year(publication, path)
    if year is None:
        raise SourceError(
            "cannot tell the fiscal year: no year in the goal statement, the project codes "
            "or the folder name",
            hint="put the file in a data/raw/<year>/ folder",
        )
    doc_id = doc_id or hashlib.sha256(data).hexdigest()
    source = Source(doc_id, path, document.source_format, document.encoding, len(data))
    rows, row_findings = build_rows(publication, source, year)
    findings += row_findings + check_publication(publication, rows, year)
    rows["findings"] = [_finding_row(f, doc_id, year, path) for f in findings]
    rows["documents"] = [_document_row(source, year, publication, rows, ingested_at)]
    return rows


def ingest(
    paths: Iterable[str | Path] = ("data/raw",),
    out: str | Path = "data/parsed",
    *,
    force: bool = False,
    prune: bool = False,
    jobs: int | None = None,
    on_file: Callable[[FileResult], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> Summary:
    """Ingest the publications under ``paths`` into the tables under ``out``.

    Unchanged files are skipped (``force`` re-reads them); files under ``paths`` that are gone keep
    their rows unless ``prune``; ``jobs`` worker processes parse (default: one per CPU).
    ``on_start`` hears how many files were found, ``on_file`` each file's result as it comes.
    """
    roots = [Path(p) for p in paths]
    files = discover(roots)
    if on_start:
        on_start(len(files))
    store = Store(out)
    with store.lock():
        live = store.live()
        manifest = store.read("manifest")
        known = _known_files(manifest)
        pruned = _gone(known, files, roots) if prune else set()
        old_docs = _old_documents(store)
        at = datetime.now(UTC)
        tasks = [(p.as_posix(), known.get(p.as_posix()), force, at) for p in files]
        version = store.new_version()
        try:
            results = _stream(tasks, jobs, version, old_docs, pruned, on_file)
            changed = pruned or any(r.status != "unchanged" for r in results)
            if live is not None and not changed:
                version.abort()
                return _summary(store, results, out, written=False)
            version.carry_over(live, _drop_rule(results, old_docs, pruned), skip={"manifest"})
            version.add("manifest", _manifest(manifest, results, pruned, at))
            version.commit()
        except BaseException:
            version.abort()
            raise
    return _summary(store, results, out, pruned=sorted(pruned))


def _stream(tasks, jobs, version, old_docs: dict[str, str], pruned: set[str], on_file) -> list[FileResult]:
    """Parse files (in worker processes when jobs > 1) and write their rows as they arrive."""
    seen = {doc: path for doc, path in old_docs.items() if path not in pruned}
    results = []
    for result in _results(tasks, jobs):
        if result.status in ("new", "changed"):
            first = seen.setdefault(result.sha256, result.path)
            if first != result.path:
                _as_duplicate(result, first)
        for name, batch in (result.batches or {}).items():
            version.add(name, batch)
        result.batches = None
        results.append(result)
        if on_file:
            on_file(result)
    return results


def _results(tasks, jobs: int | None) -> Iterator[FileResult]:
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(tasks) <= 1:
        yield from map(_work, tasks)
        return
    context = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with context.Pool(min(jobs, len(tasks))) as pool:
        # A window of tasks in flight, results taken in order: workers never run far ahead of the
        # writer, so results do not pile up in memory (Pool.imap would queue them all).
        pending: deque = deque()
        queue = iter(tasks)
        for task in islice(queue, IN_FLIGHT_PER_WORKER * jobs):
            pending.append(pool.apply_async(_work_packed, (task,)))
        while pending:
            result = pending.popleft().get()
            result.batches = {name: _unpacked(name, data) for name, data in (result.batches or {}).items()}
            for task in islice(queue, 1):
                pending.append(pool.apply_async(_work_packed, (task,)))
            yield result


def _work_packed(task) -> FileResult:
    """_work in a worker process: the result travels with its batches packed one by one."""
    result = _work(task)
    if result.batches:
        result.batches = _packed(result.batches)
    return result


def _work(task) -> FileResult:
    """One file, start to finish, in a worker: never raises, a bad file is a failed result."""
    name, previous, force, at = task
    try:
        data = Path(name).read_bytes()
    except OSError as err:
        return _failed(name, None, 0, SourceError(f"cannot read the file: {err.strerror}"))
    doc_id = hashlib.sha256(data).hexdigest()
    if not force and previous == (doc_id, PARSER_VERSION):
        return FileResult(name, "unchanged", sha256=doc_id, size=len(data))
    status = "changed" if previous else "new"
    try:
        rows = process_file(name, data, at, doc_id)
    except SourceError as err:
        return _failed(name, doc_id, len(data), err.with_path(name))
    except Exception as err:  # a parser bug must not stop the batch; report it like a bad file
        failed = _failed(
            name,
            doc_id,
            len(data),
            SourceError(
                f"internal error {type(err).__name__}: {err}",
                hint="please report this file; --debug shows the traceback",
            ),
        )
        failed.traceback = traceback.format_exc()
        return failed
    year = rows["documents"][0]["fiscal_year"]
    return FileResult(name, status, sha256=doc_id, size=len(data), year=year, batches=_batches(rows))


def _packed(batches: dict[str, pa.RecordBatch]) -> dict[str, bytes]:
    """Each table's batch as its own IPC message, for the trip from a worker.

    Pickled together, every batch would be a view into one shared message, and a small batch held
    in a write buffer would keep the whole message (sections' text and all) alive.
    """
    return {name: batch.serialize().to_pybytes() for name, batch in batches.items()}


def _unpacked(name: str, data: bytes) -> pa.RecordBatch:
    return pa.ipc.read_record_batch(pa.py_buffer(data), TABLES[name].schema())


def _batches(rows: dict[str, list[dict]]) -> dict[str, pa.RecordBatch]:
    return {
        name: pa.RecordBatch.from_pylist(table_rows, schema=TABLES[name].schema())
        for name, table_rows in rows.items()
        if table_rows
    }


def _failed(name: str, doc_id: str | None, size: int, err: SourceError) -> FileResult:
    error = finding("file_error", location=err.location or name, reason=str(err))
    year = folder_year(name)
    return FileResult(
        name,
        "failed",
        str(err),
        sha256=doc_id,
        size=size,
        year=year,
        batches=_batches({"findings": [_finding_row(error, doc_id, year, name)]}),
    )


def _as_duplicate(result: FileResult, first: str) -> None:
    """A file with the same bytes as one already in the dataset adds no rows, only a finding."""
    note = finding("duplicate_document", location=result.path, other=first)
    result.status = "duplicate"
    result.batches = _batches({"findings": [_finding_row(note, result.sha256, result.year, result.path)]})


def _drop_rule(results: list[FileResult], old_docs: dict[str, str], pruned: set[str]):
    """Which old rows the new version leaves out: those of files read again (or pruned)."""
    replaced = {r.path for r in results if r.status in ("new", "changed", "duplicate")} | pruned
    retried = {r.path for r in results if r.status == "failed"}
    dropped = pa.array(sorted(doc for doc, path in old_docs.items() if path in replaced), pa.string())
    replaced_paths = pa.array(sorted(replaced), pa.string())
    retried_paths = pa.array(sorted(retried), pa.string())

    def drop(name: str, rows: pa.Table):
        if name == "findings":
            again = pc.and_(
                pc.is_in(rows["source_path"], retried_paths), pc.equal(rows["code"], "file_error")
            )
            return pc.or_(pc.is_in(rows["source_path"], replaced_paths), again)
        if not len(dropped):
            return None
        return pc.is_in(rows["doc_id"], dropped)

    return drop


def _gone(known: dict, files: list[Path], roots: list[Path]) -> set[str]:
    """Paths the manifest knows under ``roots`` that are no longer there."""
    present = {p.as_posix() for p in files}
    prefixes = [r.as_posix().rstrip("/") + "/" if r.is_dir() else r.as_posix() for r in roots]
    return {
        path
        for path in known
        if path not in present and any(path == p or path.startswith(p) for p in prefixes)
    }


def _old_documents(store: Store) -> dict[str, str]:
    documents = store.read("documents", columns=["doc_id", "source_path"])
    if documents is None:
        return {}
    return dict(zip(documents["doc_id"].to_pylist(), documents["source_path"].to_pylist(), strict=True))


def _summary(store: Store, results, out, written: bool = True, pruned=()) -> Summary:
    counts = {name: _row_count(store, name) for name in TABLES}
    findings = store.read("findings", columns=["severity"])
    severities = Counter(findings["severity"].to_pylist()) if findings is not None else Counter()
    return Summary(results, counts, dict(severities), str(out), list(pruned), written)


def _row_count(store: Store, name: str) -> int:
    live = store.live()
    if live is None:
        return 0
    return sum(pq.ParquetFile(f).metadata.num_rows for f in (live / name).rglob("*.parquet"))


def _known_files(manifest: pa.Table | None) -> dict[str, tuple[str, str]]:
    if manifest is None:
        return {}
    return {row["source_path"]: (row["sha256"], row["parser_version"]) for row in manifest.to_pylist()}


def _manifest(
    old: pa.Table | None, results: list[FileResult], pruned: set[str], at: datetime
) -> pa.RecordBatch:
    """The old entries of files not read this run, and a fresh entry for every file that was."""
    read = {r.path: r for r in results if r.status != "unchanged" and r.sha256 is not None}
    rows = [
        row
        for row in (old.to_pylist() if old is not None else [])
        if row["source_path"] not in read and row["source_path"] not in pruned
    ]
    outcomes = {"new": "ingested", "changed": "ingested", "failed": "failed", "duplicate": "duplicate"}
    for result in read.values():
        rows.append(
            {
                "source_path": result.path,
                "sha256": result.sha256,
                "source_bytes": result.size,
                "parser_version": PARSER_VERSION,
                "outcome": outcomes[result.status],
                "error": result.error,
                "fiscal_year": result.year if result.status != "failed" else None,
                "ingested_at": at,
            }
        )
    rows.sort(key=lambda row: row["source_path"])
    return pa.RecordBatch.from_pylist(rows, schema=TABLES["manifest"].schema())


def _document_row(source: Source, year: int, publication, rows: dict, at: datetime) -> dict:
    unit = next((p.unit for p in publication.projects if p.unit is not None), None)
    budgets = [p["budget_yuan"] for p in rows["projects"] if p["budget_yuan"] is not None]
    return {
        "doc_id": source.doc_id,
        "source_path": source.path,
        "source_format": source.format,
        "encoding": source.encoding,
        "source_bytes": source.size,
        "fiscal_year": year,
        "unit_code": unit.code if unit else None,
        "unit_name": unit.name if unit else None,
        "unit_scope": unit.scope if unit else None,
        "project_count": len(rows["projects"]),
        "indicator_count": len(rows["indicators"]),
        "budget_total_yuan": sum(budgets, Decimal(0)) if budgets else None,
        "parser_version": PARSER_VERSION,
        "ingested_at": at,
    }


def _finding_row(f: Finding, doc_id: str | None, year: int | None, path: str) -> dict:
    return {
        "doc_id": doc_id,
        "fiscal_year": year,
        "source_path": path,
        "severity": f.severity,
        "code": f.code,
        "location": f.location,
        "project_code": f.project_code,
        "message": f.message,
        "raw": f.raw,
        "source_line": f.line,
    }
