"""One file's bytes → rows of every table, typed and fitted to the schema; the unit a worker runs.

Everything that can go wrong with one file — unreadable bytes, a layout the parser does not know, a
value too large for its column, a bug — ends here as that file's failure or finding. Nothing a
single file holds can stop the batch.
"""

from __future__ import annotations

import hashlib
import re
import traceback
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Context, Decimal
from functools import cache
from pathlib import Path

import pyarrow as pa

import pipeline  # PARSER_VERSION, read when used (tests change it)
from parsers.errors import SourceError
from parsers.formats.detect import name_contradicted, skip_reason
from parsers.formats.read import read_blocks
from parsers.publication import parse_publication

from . import packages
from .budget import budget_rows
from .budget_checks import check_budget
from .checks import check_publication
from .findings import Finding, finding, project_location
from .fiscal_year import folder_year, infer_fiscal_year
from .rows import Source, build_rows
from .schema import TABLES

# Larger files are refused unread: a publication is a few MB; the readers' caps assume less.
MAX_FILE_BYTES = 256 * 1024 * 1024
_WIDE = Context(prec=200)


@dataclass
class FileResult:
    path: str
    status: str  # new | changed | unchanged | failed | duplicate
    error: str | None = None
    # What became of the source (the manifest's vocabulary): read | partial (some tables could not be
    # read) | refused | skipped | duplicate | failed; for status failed, one of the last three.
    outcome: str | None = None
    retry: bool = False  # failed for a cause outside the file: read again on every run
    sha256: str | None = None
    size: int | None = None
    year: int | None = None
    # Rows for every table, as Arrow batches (made in the worker); dropped once written.
    batches: dict[str, pa.RecordBatch] | None = field(default=None, repr=False)
    traceback: str | None = field(default=None, repr=False)  # for an internal error, with --debug


@dataclass(frozen=True, slots=True)
class Task:
    path: str
    previous: tuple[str, str] | None  # (sha256, parser version) the manifest holds for it
    force: bool
    at: datetime
    timeout: float | None = None  # the run's time cap per file, which caps a conversion too


def process_file(
    path: str,
    data: bytes,
    ingested_at: datetime,
    doc_id: str | None = None,
    convert_timeout: float | None = None,
) -> dict[str, list[dict]]:
    """Parse, normalize and check one file; rows for every table. Raises SourceError.

    ``doc_id`` is the sha256 of ``data`` when the caller has it already; ``convert_timeout`` caps a
    LibreOffice conversion below its own cap.
    """
    document = read_blocks(data, convert_timeout)
    publication = parse_publication(document)
    fiscal = infer_fiscal_year(publication, path)
    year = fiscal.year
    doc_id = doc_id or hashlib.sha256(data).hexdigest()
    source = Source(doc_id, path, document.source_format, document.encoding, len(data))
    rows, row_findings = build_rows(publication, source, year)
    base = {"doc_id": doc_id, "fiscal_year": year}
    rows["budget_tables"], rows["budget_lines"], budget_findings = budget_rows(publication, base)
    row_findings += budget_findings + check_budget(rows["budget_tables"], rows["budget_lines"])
    if publication.budget_tables and not publication.projects:
        stage = {"final": "部门决算", "budget": "部门预算"}.get(publication.stage or "", "budget")
        row_findings.append(finding("no_goal_tables", stage=stage, count=len(publication.budget_tables)))
    notes = [
        finding(n.code, location=f"line {n.line}", raw=n.text, line=n.line, detail=n.detail)
        for n in document.notes
    ]
    findings = [*notes, *fiscal.findings, *row_findings, *check_publication(publication, rows, year)]
    rows["documents"] = [_document_row(source, fiscal, publication, rows, ingested_at)]
    findings += fit_to_schema(rows)
    rows["findings"] = [finding_row(f, doc_id, year, path) for f in findings]
    return rows


def work(task: Task) -> FileResult:
    """One file, start to finish: never raises, a bad file is a failed result."""
    name = task.path
    try:
        data = _source_bytes(name)
    except SourceError as err:
        return not_read(name, err)
    doc_id = hashlib.sha256(data).hexdigest()
    if not task.force and task.previous == (doc_id, pipeline.PARSER_VERSION):
        return FileResult(name, "unchanged", sha256=doc_id, size=len(data))
    status = "changed" if task.previous else "new"
    if (why := skip_reason(name)) is not None:
        return failed(
            name, doc_id, len(data), SourceError(why[0], hint=why[1], outcome="skipped").with_path(name)
        )
    try:
        rows = process_file(name, data, task.at, doc_id, convert_timeout=task.timeout)
        batches = to_batches(rows)
    except SourceError as err:
        if err.outcome == "refused" and (contradiction := name_contradicted(name, data)):
            err = SourceError(
                contradiction,
                hint="a placeholder, a failed download or a damaged copy: get the original file",
            )
        return failed(name, doc_id, len(data), err.with_path(name))
    except Exception as err:  # a parser bug must not stop the batch; report it like a bad file
        result = failed(
            name,
            doc_id,
            len(data),
            SourceError(
                f"internal error {type(err).__name__}: {err}",
                hint="please report this file; --debug shows the traceback",
            ),
        )
        result.traceback = traceback.format_exc()
        return result
    year = rows["documents"][0]["fiscal_year"]
    partial = any(f["code"] == "table_unreadable" for f in rows["findings"])
    outcome = "partial" if partial else "read"
    return FileResult(
        name, status, sha256=doc_id, size=len(data), year=year, batches=batches, outcome=outcome
    )


# The finding a source that was not read gets, by its outcome.
_NOT_READ = {"failed": "file_error", "refused": "file_refused", "skipped": "file_skipped"}


def failed(name: str, doc_id: str | None, size: int, err: SourceError) -> FileResult:
    """A result that is no document (failed, refused, skipped): its error as a finding row, filed
    under its folder's year."""
    error = finding(_NOT_READ[err.outcome], location=err.location or name, reason=str(err))
    year = folder_year(name)
    return FileResult(
        name,
        "failed",
        str(err),
        sha256=doc_id,
        size=size,
        year=year,
        batches=to_batches({"findings": [finding_row(error, doc_id, year, name)]}),
        outcome=err.outcome,
        retry=err.retry,
    )


def not_read(name: str, err: SourceError) -> FileResult:
    """The result of a source whose bytes never reached a reader (over the cap, unreadable, a package
    that cannot be opened, a worker that died): hashed here, so that its manifest entry is written."""
    return failed(name, file_sha256(name), _size(name), err.with_path(name))


def _source_bytes(name: str) -> bytes:
    """A source's bytes (a file, or a member of a .zip package) under the size cap; SourceError else."""
    try:
        if packages.split_source(name) is None:
            size = Path(name).stat().st_size
            if size > MAX_FILE_BYTES:
                raise SourceError(f"{size:,} bytes is over the cap of {MAX_FILE_BYTES:,}")
        data = packages.read_source(name)
        if packages.is_package(name):  # a package discovery could not open, or one that holds nothing
            packages.members(data)
            raise SourceError("an empty zip package", outcome="skipped")
        return data
    except packages.PackageError as err:
        raise SourceError(str(err), hint="download or unpack the package again") from None
    except OSError as err:
        raise SourceError(f"cannot read the file: {err.strerror}") from None


def _size(path: str) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0


def file_sha256(path: str) -> str | None:
    """The sha256 of a file, read in chunks (a file over the cap, a file whose worker died)."""
    if packages.split_source(path) is not None:
        try:
            return hashlib.sha256(packages.read_source(path)).hexdigest()
        except (packages.PackageError, OSError):
            return None
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def fit_to_schema(rows: dict[str, list[dict]]) -> list[Finding]:
    """Null every value its column cannot hold exactly, with a finding; the raw text stays.

    Arrow refuses a whole batch for one decimal with too many digits; checking here keeps the
    file — and the batch — going. Most columns hold nothing near their bounds: a column is looked at
    value by value only where its smallest or largest value, or one decimal's digits, call for it."""
    findings: list[Finding] = []
    for name, table_rows in rows.items():
        if not table_rows:
            continue
        for column, fit in _fitters(name):
            values = [v for row in table_rows if (v := row.get(column.name)) is not None]
            if not values or _all_fit(column.type, values):
                continue
            for row in table_rows:
                value = row.get(column.name)
                if value is None:
                    continue
                fitted = fit(value)
                if fitted is None:
                    row[column.name] = None
                    findings.append(_misfit(name, column, row, value))
                else:
                    row[column.name] = fitted
    return findings


@cache
def _fitters(table: str) -> tuple:
    """The columns of ``table`` a value may not fit (decimals, integers), each with its fitter."""
    return tuple((c, fit) for c in TABLES[table].columns if (fit := _fitter(c.type)) is not None)


def _all_fit(arrow: pa.DataType, values: list) -> bool:
    if pa.types.is_integer(arrow):
        bits = arrow.bit_width
        return -(2 ** (bits - 1)) <= min(values) and max(values) <= 2 ** (bits - 1) - 1
    scale, room = arrow.scale, arrow.precision - arrow.scale
    return all(
        v.is_finite() and v.as_tuple().exponent >= -scale and (not v or v.adjusted() < room) for v in values
    )


def _fitter(arrow: pa.DataType):
    if pa.types.is_decimal(arrow):
        return lambda value: _fit_decimal(value, arrow.precision, arrow.scale)
    if pa.types.is_integer(arrow):
        bits = arrow.bit_width
        low, high = -(2 ** (bits - 1)), 2 ** (bits - 1) - 1
        return lambda value: value if low <= value <= high else None
    return None


def _fit_decimal(value: Decimal, precision: int, scale: int) -> Decimal | None:
    if not value.is_finite():
        return None
    exponent = value.as_tuple().exponent
    if exponent >= -scale and (not value or value.adjusted() < precision - scale):
        return value  # the common case: Arrow scales it up exactly
    quantized = value.quantize(Decimal(1).scaleb(-scale), context=_WIDE)
    if quantized != value:
        return None  # more decimals than the column keeps: rounding would change the value
    if quantized and quantized.adjusted() + 1 > precision - scale:
        return None
    return quantized


def _misfit(table: str, column, row: dict, value) -> Finding:
    raw = row.get(column.raw) if column.raw else None
    where = f"{table}, {column.name}"
    if "project_seq" in row:
        where = f"{project_location(row['project_seq'], row.get('project_code'))}, {where}"
        if "indicator_seq" in row:
            where += f" of indicator {row['indicator_seq']}"
    return finding(
        "value_out_of_range",
        location=where,
        raw=raw if raw is not None else str(value),
        project_code=row.get("project_code"),
        line=row.get("source_line"),
        column=column.name,
        type=str(column.type),
    )


def to_batches(rows: dict[str, list[dict]]) -> dict[str, pa.RecordBatch]:
    return {
        name: pa.RecordBatch.from_pylist(table_rows, schema=TABLES[name].schema())
        for name, table_rows in rows.items()
        if table_rows
    }


def packed(result: FileResult) -> FileResult:
    """The result with each table's batch as its own IPC message, for the trip from a worker.

    Pickled together, every batch would be a view into one shared message, and a small batch held
    in a write buffer would keep the whole message (sections' text and all) alive.
    """
    if result.batches:
        result.batches = {name: batch.serialize().to_pybytes() for name, batch in result.batches.items()}
    return result


def unpacked(result: FileResult) -> FileResult:
    if result.batches:
        result.batches = {
            name: pa.ipc.read_record_batch(pa.py_buffer(data), TABLES[name].schema())
            for name, data in result.batches.items()
        }
    return result


def work_packed(task: Task) -> FileResult:
    """``work`` in a worker process."""
    return packed(work(task))


def fingerprint(rows: dict[str, list[dict]]) -> str | None:
    """What the publication says, as a digest: the same document as .docx, PDF or text gives the same
    one (spaces and line breaks, which printing changes, do not count)."""
    named = any(p["project_name"] for p in rows["projects"])
    if not named and not rows.get("budget_lines"):
        return None  # empty projects of unrelated files look alike: nothing to link by
    digest = hashlib.sha256()
    for project in rows["projects"]:
        digest.update(_squeeze(project["project_name"], project["project_code"], project["budget_raw"]))
    for indicator in rows["indicators"]:
        digest.update(_squeeze(indicator["level3"], indicator["value_raw"]))
    for line in rows.get("budget_lines", ()):
        digest.update(_squeeze(line["subject_code"], line["subject_name"], line["amount_raw"]))
    return digest.hexdigest()


def publication_key(rows: dict[str, list[dict]], unit: str | None, year: int | None) -> str | None:
    """What two printings of one publication share even where a cell was misread: the unit, the year,
    the projects' names and amounts, the budget lines' codes, names and amounts."""
    named = sorted(
        _squeeze(p["project_name"], str(p["budget_yuan"])) for p in rows["projects"] if p["project_name"]
    )
    lines = sorted(
        _squeeze(x["subject_code"], x["subject_name"], str(x["amount_yuan"]))
        for x in rows.get("budget_lines", ())
    )
    if not named and not lines:
        return None
    digest = hashlib.sha256(_squeeze(unit, str(year)))
    for item in (*named, *lines):
        digest.update(item)
    return digest.hexdigest()


def _squeeze(*texts: str | None) -> bytes:
    return "\x1f".join("".join((t or "").split()) for t in texts).encode() + b"\x1e"


def finding_row(f: Finding, doc_id: str | None, year: int | None, path: str) -> dict:
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


# 【066】浮梁县林业局, [066]…, (066)…: the code a system prints before a unit's name.
_CODE_BEFORE_NAME = re.compile(r"^\s*[\[【(（]\s*\d{2,}\s*[\]】)）]\s*")


def unit_of(publication) -> tuple[str | None, str | None]:
    """The publishing unit's name and where it was read: the unit line or 单位名称/编制单位 of a table,
    the cover (预算主管部门：), the unit a department-wide table is for, else 实施单位, else 主管部门."""
    unit = next((p.unit for p in publication.projects if p.unit is not None and p.unit.name), None)
    candidates = [
        (unit.name if unit else None, "unit line"),
        (publication.cover_unit, "cover"),
        (next((p.name for p in publication.projects if p.kind == "department" and p.name), None), "部门名称"),
        (next((p.implementing_unit for p in publication.projects if p.implementing_unit), None), "实施单位"),
        (next((p.department for p in publication.projects if p.department), None), "主管部门"),
    ]
    for name, label in candidates:
        if name and (name := _CODE_BEFORE_NAME.sub("", name).strip()):
            return name, label
    return None, None


def _document_row(source: Source, fiscal, publication, rows: dict, at: datetime) -> dict:
    unit = next((p.unit for p in publication.projects if p.unit is not None), None)
    unit_name, unit_name_source = unit_of(publication)
    budgets = [p["budget_yuan"] for p in rows["projects"] if p["budget_yuan"] is not None]
    return {
        "doc_id": source.doc_id,
        "source_path": source.path,
        "source_format": source.format,
        "encoding": source.encoding,
        "source_bytes": source.size,
        "fiscal_year": fiscal.year,
        "fiscal_year_source": fiscal.source,
        "unit_code": unit.code if unit else None,
        "unit_name": unit_name,
        "unit_name_source": unit_name_source,
        "unit_scope": unit.scope if unit else None,
        "template": "+".join(dict.fromkeys(p.template for p in publication.projects if p.template)) or None,
        "project_count": len(rows["projects"]),
        "indicator_count": len(rows["indicators"]),
        "budget_total_yuan": sum(budgets, Decimal(0)) if budgets else None,
        "stage": publication.stage,
        "budget_table_count": len(rows["budget_tables"]),
        "budget_line_count": len(rows["budget_lines"]),
        "content_fingerprint": fingerprint(rows),
        "publication_key": publication_key(rows, unit_name, fiscal.year),
        "publication_id": None,  # decided over the whole dataset at the end of a run (publications.py)
        "is_primary": None,
        "parser_version": pipeline.PARSER_VERSION,
        "ingested_at": at,
    }
