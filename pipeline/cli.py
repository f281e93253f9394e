"""The command line, a thin skin over the functions a notebook calls.

    python -m pipeline ingest [PATH ...] [--out DIR] [--force] [--prune] [--jobs N] [--timeout S] [--quiet | --verbose]
    python -m pipeline sql "SELECT …" [--format table|csv|json|jsonl|parquet|xlsx] [--output FILE]
    python -m pipeline export --format xlsx --output FILE [--table NAME ...]
    python -m pipeline tables
    python -m pipeline report [--html FILE]
    python -m pipeline blocks FILE

Exit status: 0 all files ingested, 1 some failed (listed at the end), 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections import Counter
from dataclasses import asdict

from parsers.errors import SourceError
from parsers.formats.read import read_file

from . import export
from .ingest import DEFAULT_TIMEOUT, Summary, ingest
from .progress import Progress
from .schema import TABLES
from .store import StoreError

SQL_FORMATS = ("table", "csv", "json", "jsonl", "parquet", "xlsx")
BATCH_ROWS = 10_000
PREVIEW_ROWS = 20  # rows a terminal shows of a result


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except (SourceError, StoreError, FileNotFoundError) as err:
        if args.debug:
            traceback.print_exc()
        print(f"Error: {err}", file=sys.stderr)
        return 2 if isinstance(err, FileNotFoundError) else 1
    except KeyboardInterrupt:
        print("Interrupted; the dataset is unchanged.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into head(1)
        sys.stderr.close()
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__.split("\n")[0])
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    run = commands.add_parser("ingest", help="ingest publications into Parquet tables")
    run.add_argument("paths", nargs="*", default=["data/raw"], help="files or folders (default data/raw)")
    run.add_argument("--out", default="data/parsed", help="output folder (default data/parsed)")
    run.add_argument("--force", action="store_true", help="re-read unchanged files too")
    run.add_argument(
        "--prune",
        action="store_true",
        help="drop the rows of files that are no longer under PATH (default: keep them)",
    )
    run.add_argument(
        "--jobs", "-j", type=_positive, default=None, help="worker processes (default: one per CPU)"
    )
    run.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"time cap per file; a file past it fails alone (default {DEFAULT_TIMEOUT:g}; 0: no cap)",
    )
    noise = run.add_mutually_exclusive_group()
    noise.add_argument("--quiet", "-q", action="store_true", help="print only errors and the summary line")
    noise.add_argument("--verbose", "-v", action="store_true", help="print every file")
    run.add_argument("--debug", action="store_true", help="show tracebacks")
    run.set_defaults(run=_ingest)

    sql = commands.add_parser("sql", help="run an SQL query over the tables (DuckDB)")
    sql.add_argument(
        "query",
        help="SQL; tables are views: documents, projects, indicators, budget_lines, … project_history, budget_history",
    )
    sql.add_argument("--out", default="data/parsed", help="dataset folder (default data/parsed)")
    sql.add_argument(
        "--format",
        choices=SQL_FORMATS,
        default="table",
        help="table: a preview on a terminal, every row in a file; csv: with a UTF-8 byte order mark "
        "when written to a file (Excel on Chinese Windows needs it), none on standard output; json: "
        "one array; jsonl: one object a line (amounts as exact strings in both); parquet, xlsx: "
        "need --output",
    )
    sql.add_argument("--output", "-o", help="write every row to this file (parquet and xlsx need it)")
    sql.add_argument("--debug", action="store_true", help="show tracebacks")
    sql.set_defaults(run=_sql)

    export = commands.add_parser("export", help="write the dataset's tables to one Excel workbook")
    export.add_argument("--format", choices=("xlsx",), default="xlsx", help="xlsx: one sheet per table")
    export.add_argument("--output", "-o", required=True, help="the workbook to write")
    export.add_argument("--table", action="append", choices=list(TABLES), help="only this table (repeatable)")
    export.add_argument("--out", default="data/parsed", help="dataset folder (default data/parsed)")
    export.add_argument("--debug", action="store_true", help="show tracebacks")
    export.set_defaults(run=_export)

    tables = commands.add_parser("tables", help="list the tables with row counts and fiscal years")
    tables.add_argument("--out", default="data/parsed", help="dataset folder (default data/parsed)")
    tables.add_argument("--debug", action="store_true", help="show tracebacks")
    tables.set_defaults(run=_tables)

    report = commands.add_parser("report", help="write a self-contained HTML report of the dataset")
    report.add_argument("--out", default="data/parsed", help="dataset folder (default data/parsed)")
    report.add_argument("--html", default="reports/ingest-report.html", help="where to write it")
    report.add_argument("--debug", action="store_true", help="show tracebacks")
    report.set_defaults(run=_report)

    blocks = commands.add_parser("blocks", help="print, as JSON, the blocks a reader sees in FILE")
    blocks.add_argument("file")
    blocks.add_argument("--debug", action="store_true", help="show tracebacks")
    blocks.set_defaults(run=_blocks)
    return parser


def _ingest(args) -> int:
    progress = Progress(0, quiet=args.quiet, verbose=args.verbose)
    try:
        summary = ingest(
            args.paths,
            args.out,
            force=args.force,
            prune=args.prune,
            jobs=args.jobs,
            timeout=args.timeout or None,
            on_file=lambda r: progress.update(r.path, r.status, r.error),
            on_start=progress.start,
        )
    finally:
        progress.close()
    _print_summary(summary, quiet=args.quiet, debug=args.debug)
    return 1 if summary.failing else 0


def _seconds(text: str) -> float:
    value = float(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _sql(args) -> int:
    import duckdb  # loads only for the commands that query

    from .query import connect

    if args.format in ("parquet", "xlsx") and not args.output:
        print(f"Error: --format {args.format} needs --output FILE", file=sys.stderr)
        return 2
    try:
        relation = connect(args.out).sql(args.query)
    except duckdb.Error as err:
        print(f"Error: {err}", file=sys.stderr)
        return 1
    if relation is None:  # a statement without a result (CREATE, SET …)
        return 0
    if args.format == "table" and not args.output:
        return _table_preview(relation)
    reader = relation.to_arrow_reader(BATCH_ROWS)
    if args.format == "parquet":
        import pyarrow.parquet as pq

        with pq.ParquetWriter(args.output, reader.schema, compression="zstd") as writer:
            for batch in reader:
                writer.write_batch(batch)
    elif args.format == "xlsx":
        _excel_done(export.write_xlsx([("result", reader.schema, reader)], args.output), args.output)
        return 0
    elif args.format == "table":
        _emit_stream(args.output, export.text_table(reader.schema, reader))
    elif args.format == "csv":
        _emit_stream(args.output, export.csv_text(reader.schema, reader), bom=True)
    else:
        stream = export.json_array(reader) if args.format == "json" else export.json_lines(reader)
        _emit_stream(args.output, stream)
    if args.output:
        print(f"wrote {args.output} ({args.format})", file=sys.stderr)
    return 0


def _table_preview(relation) -> int:
    """A terminal gets DuckDB's preview and how many rows it left out (a file gets every row)."""
    total = relation.count("*").fetchall()[0][0]
    sys.stdout.write(str(relation.limit(PREVIEW_ROWS)))
    if total > PREVIEW_ROWS:
        print(f"({total:,} rows; {total - PREVIEW_ROWS:,} not shown — use -o FILE or --format csv for all)")
    return 0


def _emit_stream(path: str | None, chunks, bom: bool = False) -> None:
    if path:
        with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
            for chunk in chunks:
                handle.write(chunk)
    else:
        for chunk in chunks:
            sys.stdout.write(chunk)


def _export(args) -> int:
    from .query import connect

    con = connect(args.out)
    names = args.table or list(TABLES)

    def sheets():  # one open result at a time: a connection streams one query
        for name in names:
            reader = con.sql(export.navigable(name)).to_arrow_reader(BATCH_ROWS)
            yield TABLES[name].label_zh, export.labelled(reader.schema, name), reader, name

    _excel_done(export.write_xlsx(sheets(), args.output), args.output)
    return 0


def _excel_done(report, path: str) -> None:
    cut = (
        f"; {report.truncated_cells} cell(s) over 32,767 characters were cut"
        if report.truncated_cells
        else ""
    )
    print(f"wrote {path}: {report.rows:,} rows on {len(report.sheets)} sheet(s){cut}", file=sys.stderr)


def _tables(args) -> int:
    from .query import outcomes, overview, template_mix

    print(overview(args.out).to_string(index=False))
    print("\nsources by outcome (manifest):")
    print(outcomes(args.out).to_string(index=False))
    mix = template_mix(args.out)
    if len(mix):
        print("\nlayouts (docs/templates.md):")
        print(mix.to_string(index=False))
    return 0


def _report(args) -> int:
    from .report import write_report

    print(f"wrote {write_report(args.out, args.html)}")
    return 0


def _blocks(args) -> int:
    document = read_file(args.file)
    payload = {
        "source_format": document.source_format,
        "encoding": document.encoding,
        "blocks": [{"type": type(b).__name__.lower(), **asdict(b)} for b in document.blocks],
    }
    json.dump(payload, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


def _print_summary(summary: Summary, quiet: bool, debug: bool = False) -> None:
    statuses = summary.status_counts()
    outcomes = Counter(f.outcome for f in summary.not_read)
    parts = [f"{statuses[s]} {s}" for s in ("new", "changed", "unchanged", "duplicate") if statuses[s]]
    parts += [f"{outcomes[o]} {o}" for o in ("refused", "skipped", "failed") if outcomes[o]]
    counts = summary.counts
    severities = ", ".join(f"{n} {s}" for s, n in sorted(summary.findings_by_severity.items())) or "none"
    kept = "" if summary.written else "; nothing changed, dataset kept as it was"
    print(f"{len(summary.files)} files ({', '.join(parts) or 'none found'}) → {summary.out}{kept}")
    if not quiet:
        print(
            f"  {counts['documents']} documents, {counts['projects']} projects, "
            f"{counts['indicators']} indicators, {counts['spending_plan']} spending-plan rows, "
            f"{counts['budget_lines']} budget lines"
        )
        print(f"  findings: {severities}")
    _list("pruned (their rows dropped)", summary.pruned, sys.stdout)
    _list("gone from the folder (their rows kept; --prune drops them)", summary.gone, sys.stdout)
    skipped = summary.with_outcome("skipped")
    if skipped:
        kinds = Counter(_kind(f.path) for f in skipped)
        print(f"{len(skipped)} file(s) skipped ({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))}):")
        for result in skipped:
            print(f"  {result.error}")
    refused = summary.with_outcome("refused")
    if refused:
        print(f"{len(refused)} file(s) refused (no publication this reader takes):")
        for result in refused:
            print(f"  {result.error}")
    if summary.failing:
        print(f"{len(summary.failing)} file(s) failing:", file=sys.stderr)
        for result in summary.failed:
            print(f"  {result.error}", file=sys.stderr)
            if debug and result.traceback:
                print(result.traceback, file=sys.stderr)
        for path, error in summary.still_failing:
            print(f"  {path}: still failing, unchanged since: {error}", file=sys.stderr)


def _list(what: str, paths: list[str], stream) -> None:
    if paths:
        print(f"{len(paths)} {what}:", file=stream)
        for path in paths:
            print(f"  {path}", file=stream)


def _kind(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    if name.startswith("~$"):
        return "lock files"
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else "no suffix"
    return f".{suffix}"
