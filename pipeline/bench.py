"""``make bench``: how fast, and in how much memory, the pipeline reads this family of publications.

Generates (and caches under build/bench/) a deterministic corpus, then measures:
- parse throughput per process for each format (read + parse + normalize + check), docs/s and MB/s,
  on the sample publication and on the corpus;
- on the same .docx files: our reader, the bare floor (unzip word/document.xml + one lxml parse),
  python-docx's object API and docx2python just getting the tables out;
- on PDFs printed by LibreOffice (tests/fixtures/pdf/: a six-page publication and the 17-page
  sample): the whole PDF path (read + parse + normalize + check) beside pdfplumber's bare
  ``extract_tables()`` on every page of the same files, in one run;
- end-to-end ``ingest`` wall time with --jobs 1 and --jobs 2, and peak RSS at two corpus sizes;
- a re-run with nothing changed.
Not part of ``make test``: it takes minutes.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import shutil
import subprocess
import sys
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from parsers.formats.docx import read_docx

from .executor import tune_gc
from .ingest import process_file
from .synthetic.corpus import make_corpus

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build" / "bench"
SAMPLE = ROOT / "data" / "raw" / "2022" / "lunan-613001-2022.txt"
PDFS = ROOT / "tests" / "fixtures" / "pdf"
BENCH_PDFS = ("04-six-pages.pdf", "lunan.pdf")


def corpus(size: int, seed: int) -> Path:
    root = BUILD / f"corpus-{seed}-{size}"
    if not (root / ".complete").exists():
        shutil.rmtree(root, ignore_errors=True)
        print(f"generating {size} publications (seed {seed}) in {root} …", flush=True)
        make_corpus(root, size, seed=seed)
        (root / ".complete").touch()
    return root


def timed(function, items, minimum_seconds: float = 3.0, minimum_passes: int = 3) -> tuple[float, int]:
    """Seconds for the fastest pass over ``items``, passes repeated for ``minimum_seconds``.

    The fastest pass, not the mean: on a shared virtual machine other tenants slow some passes by
    as much as 3×, and the minimum is what the code itself costs.
    """
    passes, best, started = 0, float("inf"), time.perf_counter()
    while passes < minimum_passes or time.perf_counter() - started < minimum_seconds:
        begun = time.perf_counter()
        for item in items:
            function(item)
        best = min(best, time.perf_counter() - begun)
        passes += 1
    return best, passes


def parse_throughput(files: list[Path]) -> dict:
    blobs = [(f.as_posix(), f.read_bytes()) for f in files]
    at = datetime.now(UTC)
    seconds, _ = timed(lambda item: process_file(item[0], item[1], at), blobs)
    size = sum(len(data) for _, data in blobs)
    return {
        "docs": len(blobs),
        "docs_per_s": len(blobs) / seconds,
        "mb_per_s": size / seconds / 1e6,
        "ms_per_doc": seconds / len(blobs) * 1000,
        "avg_kb": size / len(blobs) / 1000,
    }


def docx_readers(files: list[Path]) -> dict:
    blobs = [f.read_bytes() for f in files]
    results = {
        "ours (blocks)": timed(read_docx, blobs)[0],
        "floor (unzip + lxml parse)": timed(_floor, blobs)[0],
        "python-docx object API": timed(_python_docx_tables, blobs, minimum_passes=1)[0],
    }
    try:
        import docx2python  # noqa: F401

        results["docx2python"] = timed(_docx2python_tables, blobs, minimum_passes=1)[0]
    except ImportError:
        results["docx2python"] = None
    return {name: (s / len(blobs) * 1000 if s else None) for name, s in results.items()}


def _floor(data: bytes) -> None:
    etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))


def _python_docx_tables(data: bytes) -> None:
    import docx

    for table in docx.Document(io.BytesIO(data)).tables:
        for row in table.rows:
            [cell.text for cell in row.cells]


def _docx2python_tables(data: bytes) -> None:
    from docx2python import docx2python

    with docx2python(io.BytesIO(data)) as content:
        content.body  # noqa: B018


def pdf_path(files: list[Path]) -> dict:
    """Our whole PDF path against pdfplumber's bare table extraction, per file."""
    rows = {}
    at = datetime.now(UTC)
    for file in files:
        data = file.read_bytes()
        ours, _ = timed(lambda item, name=file.name: process_file(name, item, at), [data])
        row = {"ours_ms": ours * 1000, "docs_per_s": 1 / ours}
        try:
            import pdfplumber  # noqa: F401

            plumber, _ = timed(_pdfplumber_tables, [data], minimum_passes=2)
            row |= {"pdfplumber_ms": plumber * 1000, "ratio": ours / plumber}
        except ImportError:
            row |= {"pdfplumber_ms": None, "ratio": None}
        rows[file.name] = row
    return rows


def records_vs_floor(sample_docx: bytes) -> dict:
    """The full-records path (bytes → parsed, normalized, checked rows) of the sample's .docx as a
    multiple of the unzip + lxml parse floor of the same file, in one process."""
    at = datetime.now(UTC)
    ours, _ = timed(lambda data: process_file("sample.docx", data, at), [sample_docx])
    floor, _ = timed(_floor, [sample_docx])
    return {"records_ms": ours * 1000, "floor_ms": floor * 1000, "multiple": ours / floor}


def pdf_vs_text_floor(files: list[Path]) -> dict:
    """The whole PDF path (bytes to checked records) as a multiple of pypdfium2's text floor on the
    same file (``PdfDocument`` + ``get_text_range`` of every page), per file; budget PDFs per second."""
    rows = {}
    at = datetime.now(UTC)
    for file in files:
        data = file.read_bytes()
        ours, _ = timed(lambda item, name=file.name: process_file(name, item, at), [data], minimum_seconds=2)
        floor, _ = timed(_pdf_text_floor, [data], minimum_seconds=2)
        rows[file.name] = {
            "ours_ms": ours * 1000,
            "floor_ms": floor * 1000,
            "multiple": ours / floor,
            "docs_per_s": 1 / ours,
        }
    return rows


def _pdf_text_floor(data: bytes) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        for page in pdf:
            page.get_textpage().get_text_range()
    finally:
        pdf.close()


def spreadsheets_beside_docx(stems: list[str], real: Path) -> dict:
    """Reading the shared real tables as .xlsx and .xls beside their .docx, bytes to checked rows."""
    sys.path.insert(0, str(ROOT))
    from tests.workbooks import body_workbook, body_xls  # noqa: PLC0415 (the test helpers write them)

    work = BUILD / "sheets"
    work.mkdir(parents=True, exist_ok=True)
    blobs: dict[str, list[tuple[str, bytes]]] = {"docx": [], "xlsx": [], "xls": []}
    for stem in stems:
        body = json.loads((real / f"{stem}.json").read_text(encoding="utf-8"))["body"]
        body_workbook(body, work / f"{stem}.xlsx")
        body_xls(body, work / f"{stem}.xls")
        blobs["docx"].append((f"{stem}.docx", (real / f"{stem}.docx").read_bytes()))
        blobs["xlsx"].append((f"{stem}.xlsx", (work / f"{stem}.xlsx").read_bytes()))
        blobs["xls"].append((f"{stem}.xls", (work / f"{stem}.xls").read_bytes()))
    at = datetime.now(UTC)
    out = {}
    for fmt, items in blobs.items():
        seconds, _ = timed(lambda item: process_file(item[0], item[1], at), items)
        out[fmt] = {"ms_per_doc": seconds / len(items) * 1000, "docs_per_s": len(items) / seconds}
    return out


def _pdfplumber_tables(data: bytes) -> None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_tables()


def end_to_end(raw: Path, jobs: int, out: Path) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(out.parent / f".{out.name}.versions", ignore_errors=True)
    full = _run_ingest(raw, out, jobs)
    again = _run_ingest(raw, out, jobs)
    files = sum(1 for p in raw.rglob("*") if p.suffix in (".txt", ".docx"))
    return {
        "jobs": jobs,
        "docs": files,
        "seconds": full["seconds"],
        "docs_per_s": files / full["seconds"],
        "peak_rss_mb": full["peak_rss_mb"],
        "rerun_seconds": again["seconds"],
        "rerun_share": again["seconds"] / full["seconds"],
    }


def _run_ingest(raw: Path, out: Path, jobs: int) -> dict:
    """One ingest in a child process, so its peak RSS (workers included) is its own."""
    code = (
        "import resource, sys, time; from pipeline.ingest import ingest; t = time.perf_counter(); "
        f"ingest([{str(raw)!r}], {str(out)!r}, jobs={jobs}); "
        "print(time.perf_counter() - t, max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
        "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    seconds, rss_kb = result.stdout.split()
    return {"seconds": float(seconds), "peak_rss_mb": int(rss_kb) / 1024}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="2000,8000", help="corpus sizes for end-to-end runs")
    parser.add_argument("--seed", type=int, default=2022)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    report: dict = {"machine": machine(), "when": datetime.now(UTC).isoformat(timespec="seconds")}
    print(f"machine: {report['machine']}")
    tune_gc()  # the per-process figures are an ingest worker's, which runs so

    small = corpus(sizes[0], args.seed)
    texts = sorted(small.rglob("*.txt"))[:300]
    docxs = sorted(small.rglob("*.docx"))[:100]
    report["parse"] = {
        "sample (tika_text)": parse_throughput([SAMPLE]),
        "corpus tika_text": parse_throughput(texts),
        "corpus docx": parse_throughput(docxs),
    }
    for name, row in report["parse"].items():
        print(
            f"parse {name:20} {row['docs_per_s']:7.1f} docs/s {row['mb_per_s']:6.2f} MB/s "
            f"({row['ms_per_doc']:.2f} ms/doc, {row['avg_kb']:.0f} KB avg)"
        )
    report["docx_readers_ms_per_doc"] = docx_readers(docxs[:20])
    for name, ms in report["docx_readers_ms_per_doc"].items():
        print(f"docx {name:28} {'n/a' if ms is None else f'{ms:8.2f} ms/doc'}")

    report["pdf_ms_per_doc"] = pdf_path([PDFS / name for name in BENCH_PDFS])
    for name, row in report["pdf_ms_per_doc"].items():
        plumber = "n/a" if row["pdfplumber_ms"] is None else f"{row['pdfplumber_ms']:.1f} ms"
        ratio = "" if row["ratio"] is None else f" (ours / pdfplumber {row['ratio']:.2f})"
        print(
            f"pdf {name:18} ours {row['ours_ms']:7.1f} ms ({row['docs_per_s']:.1f} docs/s); "
            f"pdfplumber extract_tables {plumber}{ratio}"
        )

    from parsers.formats.tika_text import read_tika_text  # noqa: PLC0415

    from .synthetic.docx import docx_from_blocks  # noqa: PLC0415

    sample_docx = docx_from_blocks(read_tika_text(SAMPLE.read_bytes()).blocks)
    report["records_vs_floor"] = records_vs_floor(sample_docx)
    row = report["records_vs_floor"]
    print(
        f"docx full records {row['records_ms']:.2f} ms / floor {row['floor_ms']:.2f} ms = {row['multiple']:.2f}x"
    )
    shared = ROOT.parent / "shared" / "samples"
    budget_pdfs = sorted((shared / "files").glob("[0-9][0-9]_*.pdf"))
    report["pdf_vs_text_floor"] = pdf_vs_text_floor([PDFS / "lunan.pdf", *budget_pdfs])
    for name, row in report["pdf_vs_text_floor"].items():
        print(
            f"pdf {name[:40]:40} {row['ours_ms']:7.1f} ms, text floor {row['floor_ms']:6.1f} ms "
            f"= {row['multiple']:.2f}x ({row['docs_per_s']:.1f} docs/s)"
        )
    if (shared / "real").is_dir():
        stems = sorted(p.stem for p in (shared / "real").glob("*.json"))
        report["spreadsheets"] = spreadsheets_beside_docx(stems, shared / "real")
        for fmt, row in report["spreadsheets"].items():
            print(f"real tables as {fmt:5} {row['ms_per_doc']:6.2f} ms/doc ({row['docs_per_s']:.0f} docs/s)")

    report["end_to_end"] = []
    for size in sizes:
        raw = corpus(size, args.seed)
        for jobs in (1, 2) if size == sizes[0] else (2,):
            row = end_to_end(raw, jobs, BUILD / f"out-{size}-{jobs}")
            report["end_to_end"].append(row)
            print(
                f"ingest {size:5} docs --jobs {jobs}: {row['seconds']:6.1f} s, {row['docs_per_s']:6.1f} docs/s, "
                f"peak RSS {row['peak_rss_mb']:.0f} MB; no-change re-run {row['rerun_seconds']:.2f} s "
                f"({row['rerun_share']:.1%})"
            )
    (BUILD / "report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    print(f"wrote {BUILD / 'report.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
