"""The ingest API: source paths in, Parquet tables out, a summary back.

    from pipeline.ingest import ingest
    summary = ingest(["data/raw"], "data/parsed")

Each file is read, parsed, normalized and checked on its own; a file that fails becomes an ``error``
finding and its earlier rows stay. Unchanged files (same path, same bytes, same parser version) are
not parsed again. The new dataset replaces the old one in a single atomic switch.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

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

# Files a directory walk picks up; a file named on the command line is always read.
SOURCE_SUFFIXES = {".txt", ".text", ".docx", ".doc", ".pdf"}
_SORT_KEYS = {
    "sections": ["section_seq"],
    "duty_goals": ["item_seq"],
    "projects": ["project_seq"],
    "spending_plan": ["project_seq"],
    "indicators": ["project_seq", "indicator_seq"],
}


@dataclass
class FileResult:
    path: str
    status: str  # new | changed | unchanged | failed | duplicate
    error: str | None = None
    rows: dict[str, list[dict]] = field(default_factory=dict)
    sha256: str | None = None
    size: int | None = None


@dataclass
class Summary:
    files: list[FileResult]
    counts: dict[str, int]  # rows per table in the whole dataset after the run
    findings_by_severity: dict[str, int]
    out: str

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


def process_file(path: str, data: bytes, ingested_at: datetime) -> dict[str, list[dict]]:
    """Parse, normalize and check one file; rows for every table. Raises SourceError."""
    document = read_blocks(data)
    publication = parse_publication(document)
    year, findings = infer_fiscal_year(publication, path)
    if year is None:
        raise SourceError(
            "cannot tell the fiscal year: no year in the goal statement, the project codes "
            "or the folder name",
            hint="put the file in a data/raw/<year>/ folder",
        )
    doc_id = hashlib.sha256(data).hexdigest()
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
    on_file: Callable[[FileResult], None] | None = None,
) -> Summary:
    """Ingest the publications under ``paths`` into the tables under ``out``."""
    files = discover(paths)
    store = Store(out)
    with store.lock():
        old = {name: store.read(name) for name in TABLES}
        known = _known_files(old["manifest"])
        ingested_at = datetime.now(UTC)
        results = []
        for path in files:
            result = _ingest_one(path, known, force, ingested_at)
            results.append(result)
            if on_file:
                on_file(result)
        _mark_duplicates(results)
        tables = _merge(old, results)
        tables["manifest"] = _manifest(old["manifest"], results, ingested_at)
        store.write(tables)
    severities = Counter(pc.cast(tables["findings"]["severity"], pa.string()).to_pylist())
    return Summary(results, {n: t.num_rows for n, t in tables.items()}, dict(severities), str(out))


def _ingest_one(path: Path, known: dict[str, tuple[str, str]], force: bool, at: datetime) -> FileResult:
    name = path.as_posix()
    try:
        data = path.read_bytes()
    except OSError as err:
        return _failed(name, None, 0, SourceError(f"cannot read the file: {err.strerror}"))
    doc_id = hashlib.sha256(data).hexdigest()
    previous = known.get(name)
    if not force and previous == (doc_id, PARSER_VERSION):
        return FileResult(name, "unchanged", sha256=doc_id, size=len(data))
    status = "changed" if previous else "new"
    try:
        return FileResult(name, status, rows=process_file(name, data, at), sha256=doc_id, size=len(data))
    except SourceError as err:
        return _failed(name, doc_id, len(data), err.with_path(name))
    except Exception as err:  # a parser bug must not stop the batch; report it like a bad file
        return _failed(
            name,
            doc_id,
            len(data),
            SourceError(
                f"internal error {type(err).__name__}: {err}",
                hint="please report this file; run with --debug",
            ),
        )


def _failed(name: str, doc_id: str | None, size: int, err: SourceError) -> FileResult:
    error = finding("file_error", location=err.location or name, reason=str(err))
    year = folder_year(name)
    return FileResult(
        name,
        "failed",
        str(err),
        rows={"findings": [_finding_row(error, doc_id, year, name)]},
        sha256=doc_id,
        size=size,
    )


def _mark_duplicates(results: list[FileResult]) -> None:
    """A file with the same bytes as one before it adds no rows, only a finding."""
    first: dict[str, str] = {}
    for result in results:
        documents = result.rows.get("documents")
        if not documents:
            continue
        doc_id = documents[0]["doc_id"]
        if doc_id in first:
            note = finding("duplicate_document", location=result.path, other=first[doc_id])
            result.rows = {"findings": [_finding_row(note, doc_id, documents[0]["fiscal_year"], result.path)]}
            result.status = "duplicate"
        else:
            first[doc_id] = result.path


def _merge(old: dict[str, pa.Table | None], results: list[FileResult]) -> dict[str, pa.Table]:
    """Old rows of files not re-read (or failed) + new rows, in source-path order."""
    replaced = {r.path for r in results if r.status in ("new", "changed", "duplicate")}
    retried = {r.path for r in results if r.status == "failed"}
    old_docs = old["documents"]
    dropped_ids = set()
    if old_docs is not None:
        paths = old_docs["source_path"].to_pylist()
        dropped_ids = {d for d, p in zip(old_docs["doc_id"].to_pylist(), paths, strict=True) if p in replaced}
    merged = {}
    for name, spec in TABLES.items():
        if name == "manifest":
            continue
        parts = []
        previous = old[name]
        if previous is not None and previous.num_rows:
            parts.append(_keep(name, previous, dropped_ids, replaced, retried))
        new_rows = [row for r in results for row in r.rows.get(name, ())]
        parts.append(pa.Table.from_pylist(new_rows, schema=spec.schema()))
        merged[name] = pa.concat_tables(parts)
    return _sorted(merged)


def _keep(name: str, table: pa.Table, dropped_ids: set, replaced: set, retried: set) -> pa.Table:
    if name == "findings":
        paths = table["source_path"]
        drop = pc.is_in(paths, pa.array(sorted(replaced), pa.string()))
        # A file that failed again replaces its earlier failure, not its earlier data findings.
        failed_again = pc.and_(
            pc.is_in(paths, pa.array(sorted(retried), pa.string())), pc.equal(table["code"], "file_error")
        )
        return table.filter(pc.invert(pc.or_(drop, failed_again)))
    return table.filter(pc.invert(pc.is_in(table["doc_id"], pa.array(sorted(dropped_ids), pa.string()))))


def _sorted(tables: dict[str, pa.Table]) -> dict[str, pa.Table]:
    """Order rows by source path, then by their place in the document, whatever the run history."""
    documents = tables["documents"]
    rank = {
        doc: path
        for doc, path in zip(
            documents["doc_id"].to_pylist(), documents["source_path"].to_pylist(), strict=True
        )
    }
    out = {}
    for name, table in tables.items():
        if name == "findings":
            key = table["source_path"]
        else:
            key = pa.array([rank.get(d, "") for d in table["doc_id"].to_pylist()], pa.string())
        with_key = table.append_column("__path", key)
        order = [("__path", "ascending")] + [(k, "ascending") for k in _SORT_KEYS.get(name, [])]
        out[name] = with_key.sort_by(order).drop_columns(["__path"])
    return out


def _known_files(manifest: pa.Table | None) -> dict[str, tuple[str, str]]:
    if manifest is None:
        return {}
    return {row["source_path"]: (row["sha256"], row["parser_version"]) for row in manifest.to_pylist()}


def _manifest(old: pa.Table | None, results: list[FileResult], at: datetime) -> pa.Table:
    """The old entries of files not read this run, and a fresh entry for every file that was."""
    spec = TABLES["manifest"]
    read = {r.path: r for r in results if r.status != "unchanged" and r.sha256 is not None}
    rows = [row for row in (old.to_pylist() if old is not None else []) if row["source_path"] not in read]
    outcomes = {"new": "ingested", "changed": "ingested", "failed": "failed", "duplicate": "duplicate"}
    for result in read.values():
        documents = result.rows.get("documents") or [{}]
        rows.append(
            {
                "source_path": result.path,
                "sha256": result.sha256,
                "source_bytes": result.size,
                "parser_version": PARSER_VERSION,
                "outcome": outcomes[result.status],
                "error": result.error,
                "fiscal_year": documents[0].get("fiscal_year"),
                "ingested_at": at,
            }
        )
    rows.sort(key=lambda row: row["source_path"])
    return pa.Table.from_pylist(rows, schema=spec.schema())


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
