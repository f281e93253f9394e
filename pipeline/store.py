"""Parquet tables on disk: one dataset per table, a folder per fiscal year, swapped in whole.

Layout: ``OUT`` is a symlink to ``.OUT.versions/<version>/``, which holds ``<table>/<year>/*.parquet``
for every table (``unknown/`` for rows whose fiscal year nothing names; the ``fiscal_year`` column
is inside the files, so pandas, polars, pyarrow and DuckDB all read one integer column, nulls
included, with or without hive partitioning switched on). A run builds a complete new version
beside the live one, flushes it to disk (files and folders fsynced) and then replaces the symlink in
one atomic rename, so a reader — or a run killed at any moment, or a power cut — sees either the
whole previous dataset or the whole new one. Readers open ``OUT/<table>`` as a plain directory.

Datasets written before this layout (``fiscal_year=<y>/`` hive folders, the year only in the folder
name) are read and carried over into it.

A new version costs little more than what changed: a part file none of whose rows go is hard-linked
from the live version, a file that loses rows is rewritten without them, new rows stream into new
files as they come (memory stays flat however many documents a run reads), and a partition that
has gathered many small files is compacted into one.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from . import datapackage
from .schema import TABLES

FLUSH_ROWS = 20_000  # rows buffered per table and partition before they are written
FLUSH_BYTES = 32 * 1024 * 1024  # all buffers together; past this the largest is written out
MAX_FILES_PER_PARTITION = 12  # more than this and the partition is compacted into one file
MERGE_BATCHES = 64  # queued batches of one table and year merged into one
UNKNOWN_YEAR = "unknown"  # the folder of rows whose fiscal year is unknown
_LEGACY_PREFIX = "fiscal_year="  # hive folders of datasets written before the year moved into files

# Decides which old rows go: table name, the old rows (only the columns it needs) → mask to drop.
DropRule = Callable[[str, pa.Table], pa.Array | None]


class StoreError(Exception):
    """The output location cannot be used (locked, or not ours to replace)."""


class Store:
    def __init__(self, out: str | os.PathLike) -> None:
        self.out = Path(out)
        self.versions = self.out.parent / f".{self.out.name}.versions"

    def live(self) -> Path | None:
        """The directory of the live version, or None before the first run."""
        return self.out.resolve() if self.out.is_symlink() and self.out.is_dir() else None

    def read(self, name: str, columns: list[str] | None = None) -> pa.Table | None:
        """The live rows of table ``name`` with its schema, or None before the first run."""
        live = self.live()
        return read_table(live / name, name, columns) if live and (live / name).is_dir() else None

    @contextlib.contextmanager
    def lock(self) -> Iterator[int]:
        """Hold the store's lock for one run (yields its descriptor); a second concurrent run is refused."""
        self.out.parent.mkdir(parents=True, exist_ok=True)
        path = self.out.parent / f".{self.out.name}.lock"
        with open(path, "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise StoreError(
                    f"{self.out}: another ingest is running (lock {path} is held); wait for it to finish"
                ) from None
            self.remove_partial_versions()
            try:
                yield handle.fileno()
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def remove_partial_versions(self) -> list[Path]:
        """Remove what runs killed before their switch left behind (under the lock: none is running)."""
        if not self.versions.is_dir():
            return []
        stale = [p for p in self.versions.iterdir() if p.name.endswith(".partial")]
        for path in stale:
            shutil.rmtree(path, ignore_errors=True)
        return stale

    def new_version(self) -> VersionWriter:
        self.versions.mkdir(parents=True, exist_ok=True)
        name = f"v{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**9:09d}"
        return VersionWriter(self, self.versions / name)

    def switch_to(self, version: Path) -> None:
        """Make ``version`` the live one (atomically) and remove versions no reader needs."""
        previous = self.live()
        self._adopt_plain_directory()
        link = self.out.with_name(f".{self.out.name}.link-{os.getpid()}")
        with contextlib.suppress(FileNotFoundError):
            link.unlink()
        link.symlink_to(os.path.relpath(version, self.out.parent))
        os.replace(link, self.out)  # the atomic step
        _fsync(self.out.parent)
        self._clean(keep={version, previous})

    def _adopt_plain_directory(self) -> None:
        """A real directory at OUT (a fresh checkout's empty folder) is moved aside once."""
        if self.out.is_symlink() or not self.out.exists():
            return
        if not self.out.is_dir():
            raise StoreError(f"{self.out} exists and is not a directory; move it away")
        if [p for p in self.out.iterdir() if p.name != ".gitkeep"]:
            self.out.rename(self.versions / f"adopted-{time.strftime('%Y%m%dT%H%M%S')}")
        else:
            shutil.rmtree(self.out)

    def _clean(self, keep: set[Path | None]) -> None:
        """Remove every version but the live one and the one it replaced (readers may hold it),
        including what runs killed before their switch left behind."""
        keep = {path.resolve() for path in keep if path is not None}
        for path in self.versions.iterdir():
            if path.name.startswith("v") and path.resolve() not in keep:
                shutil.rmtree(path, ignore_errors=True)


class VersionWriter:
    """Builds one complete version: old rows carried over, new rows streamed in, then committed."""

    def __init__(self, store: Store, path: Path) -> None:
        self.store, self.final = store, path
        self.path = path.with_name(path.name + ".partial")
        self.buffers: dict[tuple[str, int | None], list[pa.RecordBatch]] = {}
        self.buffered: dict[tuple[str, int | None], int] = {}
        self.buffered_bytes: dict[tuple[str, int | None], int] = {}
        self.writers: dict[tuple[str, int | None], pq.ParquetWriter] = {}
        self.rows: dict[str, int] = dict.fromkeys(TABLES, 0)

    def carry_over(self, live: Path | None, drop: DropRule, skip: set[str] = frozenset()) -> None:
        """Bring the live version's rows over, less those ``drop`` marks (tables in ``skip`` not at all)."""
        if live is None:
            return
        for name in TABLES:
            if name in skip or not (live / name).is_dir():
                continue
            for partition in _partitions(live / name):
                self._carry_partition(name, partition, live / name, drop)

    def add(self, name: str, batch: pa.RecordBatch) -> None:
        """Queue new rows of table ``name``; they are written as the buffer fills."""
        if batch.num_rows == 0:
            return
        partition = TABLES[name].partition
        years = [None] if partition is None else pc.unique(batch[partition]).to_pylist()
        for year in years:
            part = batch if len(years) == 1 else batch.filter(_equals(batch[partition], year))
            key = (name, year)
            queue = self.buffers.setdefault(key, [])
            queue.append(part)
            self.buffered[key] = self.buffered.get(key, 0) + part.num_rows
            self.buffered_bytes[key] = self.buffered_bytes.get(key, 0) + part.nbytes
            if self.buffered[key] >= FLUSH_ROWS:
                self._flush(key)
            elif len(queue) >= MERGE_BATCHES:
                self._merge(key)
        # Many years × many tables: bound the buffers' memory as a whole, not one by one.
        while sum(self.buffered_bytes.values()) > FLUSH_BYTES:
            self._flush(max(self.buffered_bytes, key=self.buffered_bytes.get))

    def _merge(self, key: tuple[str, int | None]) -> None:
        """Many small batches (a document's one row each) into one: each batch costs C++ objects per
        column and keeps its worker's message alive, far more than its rows' bytes."""
        merged = pa.Table.from_batches(self.buffers[key]).combine_chunks().to_batches()
        self.buffers[key] = merged
        self.buffered_bytes[key] = sum(batch.nbytes for batch in merged)

    def commit(self) -> Path:
        for key in list(self.buffers):
            self._flush(key)
        for writer in self.writers.values():
            writer.close()
        for name, table in TABLES.items():
            if not any((self.path / name).rglob("*.parquet")):  # no rows: a schema-only file
                (self.path / name).mkdir(parents=True, exist_ok=True)
                pq.write_table(table.schema().empty_table(), self.path / name / "empty.parquet")
        datapackage.write(self.path)
        _sync_tree(self.path)
        self.path.rename(self.final)
        _fsync(self.final.parent)
        self.store.switch_to(self.final)
        return self.final

    def abort(self) -> None:
        for writer in self.writers.values():
            with contextlib.suppress(Exception):
                writer.close()
        shutil.rmtree(self.path, ignore_errors=True)

    def _flush(self, key: tuple[str, int | None]) -> None:
        batches = self.buffers.pop(key, [])
        self.buffered.pop(key, None)
        self.buffered_bytes.pop(key, None)
        if not batches:
            return
        name, year = key
        table = pa.Table.from_batches(batches)
        writer = self.writers.get(key)
        if writer is None:
            directory = self._directory(name, year)
            directory.mkdir(parents=True, exist_ok=True)
            writer = pq.ParquetWriter(
                directory / f"{self.final.name}.parquet", table.schema, compression="zstd"
            )
            self.writers[key] = writer
        writer.write_table(table)
        self.rows[name] += table.num_rows

    def _directory(self, name: str, year: int | None) -> Path:
        if TABLES[name].partition is None:
            return self.path / name
        return self.path / name / (UNKNOWN_YEAR if year is None else str(year))

    def _carry_partition(self, name: str, partition: Path, root: Path, drop: DropRule) -> None:
        files = sorted(f for f in partition.glob("*.parquet") if f.name != "empty.parquet")
        if partition.name.startswith(_LEGACY_PREFIX):
            self._carry_legacy(name, partition, files, drop)
            return
        target = self.path / partition.relative_to(root.parent)
        needed = (
            ["doc_id", "source_path", "code"]
            if name == "findings"
            else (["source_path"] if name == "manifest" else ["doc_id"])
        )
        kept: list[tuple[Path, pa.Array | None]] = []
        for file in files:
            mask = drop(name, pq.read_table(file, columns=needed))
            kept.append((file, mask))
        target.mkdir(parents=True, exist_ok=True)
        if len(files) > MAX_FILES_PER_PARTITION:
            self._rewrite(name, kept, target / f"{self.final.name}-compacted.parquet")
            return
        for file, mask in kept:
            if mask is None or not pc.any(mask).as_py():
                os.link(file, target / file.name)
                self.rows[name] += pq.ParquetFile(file).metadata.num_rows
            else:
                self._rewrite(name, [(file, mask)], target / file.name)

    def _carry_legacy(self, name: str, partition: Path, files: list[Path], drop: DropRule) -> None:
        """A hive folder of the old layout: its rows move into the year folder, year column added."""
        year = _legacy_year(partition)
        for file in files:
            data = _with_year(pq.read_table(file), name, year)
            mask = drop(name, data)
            if mask is not None:
                data = data.filter(pc.invert(mask))
            for batch in data.to_batches():
                self.add(name, batch)

    def _rewrite(self, name: str, files: list[tuple[Path, pa.Array | None]], path: Path) -> None:
        writer = None
        for file, mask in files:
            data = pq.read_table(file)
            if mask is not None:
                data = data.filter(pc.invert(mask))
            if data.num_rows == 0:
                continue
            if writer is None:
                writer = pq.ParquetWriter(path, data.schema, compression="zstd")
            writer.write_table(data)
            self.rows[name] += data.num_rows
        if writer is not None:
            writer.close()


def read_table(path: Path, name: str, columns: list[str] | None = None) -> pa.Table:
    """Read one table's dataset with its schema (either layout)."""
    table = TABLES[name]
    columns = columns or list(table.column_names)
    if table.partition and any(p.name.startswith(_LEGACY_PREFIX) for p in path.iterdir()):
        parts = []
        for partition in _partitions(path):
            year = _legacy_year(partition)
            parts += [_with_year(pq.read_table(f), name, year) for f in partition.glob("*.parquet")]
        return (
            pa.concat_tables(parts).select(columns) if parts else table.schema().empty_table().select(columns)
        )
    dataset = ds.dataset(path, schema=table.schema(), format="parquet", partitioning=None)
    return dataset.to_table(columns=columns)


def _legacy_year(partition: Path) -> int | None:
    """The year an old-layout folder names: fiscal_year=2022 → 2022; its null partition → None."""
    value = partition.name.removeprefix(_LEGACY_PREFIX)
    return int(value) if value.isdigit() else None


def _with_year(data: pa.Table, name: str, year: int | None) -> pa.Table:
    """Rows of an old-layout file with the fiscal_year column its folder name held, in schema order."""
    schema = TABLES[name].schema()
    if "fiscal_year" not in data.column_names:
        data = data.append_column("fiscal_year", pa.array([year] * data.num_rows, pa.int32()))
    columns = {n: data[n] if n in data.column_names else pa.nulls(data.num_rows) for n in schema.names}
    return pa.table(columns).cast(schema)


def _sync_tree(root: Path) -> None:
    """fsync every file and folder under ``root``, deepest first, so the data is on disk before the
    switch that makes it live."""
    for folder, _, files in os.walk(root, topdown=False):
        for file in files:
            _fsync(Path(folder) / file)
        _fsync(Path(folder))


def _fsync(path: Path) -> None:
    """fsync a folder (its entries) or a file (its data); both open read-only on Linux."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _partitions(root: Path) -> list[Path]:
    subdirs = [p for p in root.iterdir() if p.is_dir()]
    return subdirs or [root]


def _equals(column: pa.Array, value) -> pa.Array:
    return pc.is_null(column) if value is None else pc.fill_null(pc.equal(column, value), False)
