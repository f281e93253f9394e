"""The archive's rules: what a source is, which files a run reads, which old rows a run keeps.

A source is identified by its resolved path (symlinks and ``..`` followed), written relative to the
current folder when it lies under it (``data/raw/2022/x.txt``) and absolute otherwise; so
``ingest data/raw``, ``ingest $PWD/data/raw`` and ``ingest data/raw/2022/x.txt`` all name the same
source. A file whose bytes equal those of a document that stays in the dataset is a duplicate: it
adds no rows, only a finding — and it is read again as soon as that document leaves.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

import pipeline  # PARSER_VERSION, read when used (tests change it)

from . import packages
from .findings import finding
from .schema import TABLES
from .transform import FileResult, finding_row, to_batches


def source_path(path: str | Path) -> str:
    """The one name of a source: resolved, relative to the current folder where it lies under it."""
    resolved = Path(path).resolve()
    try:
        return resolved.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return resolved.as_posix()


_COPY = re.compile(r"副本|复件|(?<![a-z])copy(?![a-z])|[(（]\s*\d+\s*[)）]\s*(?:\.[^.]+)?$", re.IGNORECASE)


def is_copy(path: str) -> bool:
    """A file named as a copy: ``x - 副本.docx``, ``x copy.pdf``, ``x (1).docx``."""
    return bool(_COPY.search(path.rsplit("/", 1)[-1]))


def discover(paths: Iterable[str | Path]) -> list[str]:
    """Every file under ``paths`` by its source name, sorted; hidden files and folders skipped.

    Files of every type are sources: one that is no document (an image, a lock file) is named in
    the findings as skipped, so that nothing a user put in goes unseen. A .zip package's members are
    sources of their own (``package.zip/member.docx``); a package that cannot be opened is one."""
    found: set[str] = set()
    for path in map(Path, paths):
        if path.is_file():
            found.update(_sources(path))
        elif path.is_dir():
            for p in path.rglob("*"):
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts):
                    found.update(_sources(p))
        else:
            raise FileNotFoundError(f"{path}: no such file or directory")
    # Copies after their originals: of two identical files the original is the document.
    return sorted(found, key=lambda p: (is_copy(p), p))


def _sources(path: Path) -> list[str]:
    name = source_path(path)
    if not packages.is_package(name):
        return [name]
    try:
        inside = packages.members(path.read_bytes())
    except (packages.PackageError, OSError):
        return [name]  # read as a source: its error says why
    return [f"{name}/{member}" for member in inside] or [name]


@dataclass(frozen=True, slots=True)
class Known:
    """What the manifest remembers of a source."""

    sha256: str | None
    parser_version: str
    outcome: str  # read | partial | refused | skipped | duplicate | failed
    error: str | None = None
    retry: bool = False

    @property
    def failing(self) -> bool:
        return self.outcome == "failed"


# Manifests written before the outcome vocabulary said "ingested" for a document.
_OLD_OUTCOMES = {"ingested": "read"}


def known_files(manifest: pa.Table | None) -> dict[str, Known]:
    """What the live manifest remembers of each source."""
    if manifest is None:
        return {}
    names = ("source_path", "sha256", "parser_version", "outcome", "error", "retry")
    columns = [
        manifest[n].to_pylist() if n in manifest.column_names else [None] * len(manifest) for n in names
    ]
    return {
        path: Known(sha, version, _OLD_OUTCOMES.get(outcome, outcome), error, bool(retry))
        for path, sha, version, outcome, error, retry in zip(*columns, strict=True)
    }


def old_documents(documents: pa.Table | None) -> dict[str, tuple[str, str | None]]:
    """doc_id → (source path, content fingerprint) of every document in the live dataset."""
    if documents is None:
        return {}
    columns = [documents[name].to_pylist() for name in ("doc_id", "source_path", "content_fingerprint")]
    return {doc: (path, print_) for doc, path, print_ in zip(*columns, strict=True)}


def gone(known: dict[str, Known], files: list[str], roots: Iterable[str | Path]) -> set[str]:
    """Sources the manifest knows under ``roots`` that are no longer there."""
    present = set(files)
    prefixes = []
    for root in roots:
        name = source_path(root)
        prefixes.append(name.rstrip("/") + "/" if Path(root).is_dir() else name)
    return {
        path
        for path in known
        if path not in present and any(path == p or path.startswith(p) for p in prefixes)
    }


class Deduplicator:
    """Decides which new documents are duplicates, against what stays in the dataset after the run.

    An old document stays when its source is not read again (not in this run, unchanged, or failed
    and so keeping its rows). A new document whose twin is an old document of a source this run
    has not reached yet waits for that source's result: ``feed`` returns it once that is known.
    """

    def __init__(self, old_docs: dict[str, str], paths_in_run: set[str], pruned: set[str]) -> None:
        self.old_docs, self.pruned = old_docs, pruned
        self.in_run = paths_in_run
        self.status: dict[str, str] = {}
        self.new_docs: dict[str, str] = {}  # sha → path of the documents this run adds
        self.waiting: list[FileResult] = []

    def feed(self, result: FileResult) -> list[FileResult]:
        """Take one result; return the results now decided (this one, and any that waited on it)."""
        self.status[result.path] = result.status
        self.waiting.append(result)
        decided, still = [], []
        for waiting in self.waiting:
            if self._pending(waiting):
                still.append(waiting)
            else:
                decided.append(self._decide(waiting))
        self.waiting = still
        return decided

    def flush(self) -> list[FileResult]:
        """Results still waiting once every result is in (their twins' sources were never read)."""
        decided = [self._decide(result) for result in self.waiting]
        self.waiting = []
        return decided

    def remaining(self) -> set[str]:
        """The sha256 of every document the dataset holds after the run."""
        return {doc for doc, path in self.old_docs.items() if self._stays(path)} | set(self.new_docs)

    def _pending(self, result: FileResult) -> bool:
        if result.status not in ("new", "changed"):
            return False
        twin = self.old_docs.get(result.sha256)
        return (
            result.sha256 not in self.new_docs
            and twin is not None
            and twin != result.path
            and twin in self.in_run
            and twin not in self.status
        )

    def _decide(self, result: FileResult) -> FileResult:
        if result.status not in ("new", "changed"):
            return result
        twin = self.new_docs.get(result.sha256)
        if twin is None:
            old = self.old_docs.get(result.sha256)
            twin = old if old is not None and old != result.path and self._stays(old) else None
        if twin is None:
            self.new_docs[result.sha256] = result.path
        else:
            mark_duplicate(result, twin)
        return result

    def _stays(self, path: str) -> bool:
        if path in self.pruned:
            return False
        return path not in self.in_run or self.status.get(path, "unchanged") in ("unchanged", "failed")


def mark_duplicate(result: FileResult, first: str) -> None:
    """A file with the same bytes as a document in the dataset adds no rows, only a finding."""
    note = finding("duplicate_document", location=result.path, other=first)
    result.status = "duplicate"
    result.batches = to_batches({"findings": [finding_row(note, result.sha256, result.year, result.path)]})


def drop_rule(results: list[FileResult], old_docs: dict[str, str], pruned: set[str]):
    """Which old rows the new version leaves out: those of files read again (or pruned)."""
    replaced = {r.path for r in results if r.status in ("new", "changed", "duplicate")} | pruned
    retried = {r.path for r in results if r.status == "failed"}
    dropped = pa.array(sorted(doc for doc, path in old_docs.items() if path in replaced), pa.string())
    replaced_paths = pa.array(sorted(replaced), pa.string())
    retried_paths = pa.array(sorted(retried), pa.string())

    def drop(name: str, rows: pa.Table):
        if name == "findings":
            again = pc.and_(
                pc.is_in(rows["source_path"], retried_paths), pc.is_in(rows["code"], _NOT_READ_CODES)
            )
            # Links between documents are decided anew over the whole dataset on every run.
            linked = pc.equal(rows["code"], "same_publication")
            return pc.or_(pc.or_(pc.is_in(rows["source_path"], replaced_paths), again), linked)
        if not len(dropped):
            return None
        return pc.is_in(rows["doc_id"], dropped)

    return drop


_NOT_READ_CODES = pa.array(["file_error", "file_refused", "file_skipped"], pa.string())


def kept_documents(documents: pa.Table | None, drop) -> list[dict]:
    """The live dataset's document rows that stay (not read again, not pruned), as dicts."""
    if documents is None or not len(documents):
        return []
    mask = drop("documents", documents)
    if mask is not None:
        documents = documents.filter(pc.invert(mask))
    names = TABLES["documents"].column_names
    return [{n: row.get(n) for n in names} for row in documents.to_pylist()]


def manifest(
    old: pa.Table | None, results: list[FileResult], pruned: set[str], at: datetime
) -> pa.RecordBatch:
    """The old entries of files not read this run, and a fresh entry for every file that was."""
    read = {r.path: r for r in results if r.status != "unchanged"}  # failures too: every one is recorded
    rows = [
        row
        for row in (old.to_pylist() if old is not None else [])
        if row["source_path"] not in read and row["source_path"] not in pruned
    ]
    for result in read.values():
        rows.append(
            {
                "source_path": result.path,
                "sha256": result.sha256,
                "source_bytes": result.size,
                "parser_version": pipeline.PARSER_VERSION,
                "outcome": "duplicate" if result.status == "duplicate" else result.outcome or "read",
                "retry": result.retry,
                "error": result.error,
                "fiscal_year": result.year if result.status != "failed" else None,
                "ingested_at": at,
            }
        )
    rows.sort(key=lambda row: row["source_path"])
    return pa.RecordBatch.from_pylist(rows, schema=TABLES["manifest"].schema())


def stale_duplicates(results: list[FileResult], known: dict[str, Known], remaining: set[str]) -> list[str]:
    """Unchanged duplicates whose twin has left the dataset: they must be read as documents now."""
    return [
        r.path
        for r in results
        if r.status == "unchanged"
        and known.get(r.path)
        and known[r.path].outcome == "duplicate"
        and r.sha256 not in remaining
    ]
