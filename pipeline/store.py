"""Parquet tables on disk: one hive-partitioned dataset per table, swapped in whole.

Layout: ``OUT`` is a symlink to ``.OUT.versions/<version>/``, which holds ``<table>/fiscal_year=<y>/
part-0.parquet`` for every table. A run writes a complete new version beside the live one and then
replaces the symlink in one atomic rename, so a reader — or a run killed at any moment — sees either
the whole previous dataset or the whole new one. Readers open ``OUT/<table>`` as a plain directory.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from .schema import TABLES

KEEP_VERSIONS = 2  # the live one and the one before, for readers still holding it open


class StoreError(Exception):
    """The output location cannot be used (locked, or not ours to replace)."""


class Store:
    def __init__(self, out: str | os.PathLike) -> None:
        self.out = Path(out)
        self.versions = self.out.parent / f".{self.out.name}.versions"

    def read(self, name: str) -> pa.Table | None:
        """The live rows of table ``name`` with its schema, or None before the first run."""
        path = self.out / name
        if not path.is_dir():
            return None
        table = TABLES[name]
        partitioning = None
        if table.partition:
            partitioning = ds.partitioning(pa.schema([pa.field(table.partition, pa.int32())]), flavor="hive")
        dataset = ds.dataset(path, format="parquet", partitioning=partitioning)
        return dataset.to_table().select(list(table.column_names)).cast(table.schema())

    def write(self, tables: dict[str, pa.Table]) -> Path:
        """Write a complete new version of every table, then make it the live one."""
        self.versions.mkdir(parents=True, exist_ok=True)
        version = self.versions / f"v{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns()}"
        staging = version.with_name(version.name + ".partial")
        for name, data in tables.items():
            _write_table(staging / name, data, TABLES[name].partition)
        staging.rename(version)
        self._switch_to(version)
        self._clean(keep=version)
        return version

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the store's lock for one run; a second concurrent run is refused."""
        self.out.parent.mkdir(parents=True, exist_ok=True)
        path = self.out.parent / f".{self.out.name}.lock"
        with open(path, "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise StoreError(
                    f"{self.out}: another ingest is running (lock {path} is held); wait for it to finish"
                ) from None
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _switch_to(self, version: Path) -> None:
        self._adopt_plain_directory()
        link = self.out.with_name(f".{self.out.name}.link-{os.getpid()}")
        with contextlib.suppress(FileNotFoundError):
            link.unlink()
        link.symlink_to(os.path.relpath(version, self.out.parent))
        os.replace(link, self.out)  # the atomic step

    def _adopt_plain_directory(self) -> None:
        """A real directory at OUT (a fresh checkout's empty folder) is moved aside once."""
        if self.out.is_symlink() or not self.out.exists():
            return
        if not self.out.is_dir():
            raise StoreError(f"{self.out} exists and is not a directory; move it away")
        leftovers = [p for p in self.out.iterdir() if p.name not in (".gitkeep",)]
        if leftovers:
            self.out.rename(self.versions / f"adopted-{time.strftime('%Y%m%dT%H%M%S')}")
        else:
            shutil.rmtree(self.out)

    def _clean(self, keep: Path) -> None:
        """Remove versions beyond the newest KEEP_VERSIONS, and partial ones crashed runs left."""
        complete = sorted(
            (
                p
                for p in self.versions.iterdir()
                if p.name.startswith("v") and not p.name.endswith(".partial")
            ),
            key=lambda p: p.stat().st_mtime,
        )
        stale = complete[:-KEEP_VERSIONS] + [
            p for p in self.versions.iterdir() if p.name.endswith(".partial")
        ]
        for path in stale:
            if path != keep:
                shutil.rmtree(path, ignore_errors=True)


def _write_table(path: Path, data: pa.Table, partition: str | None) -> None:
    path.mkdir(parents=True, exist_ok=True)
    if partition is None:
        pq.write_table(data, path / "part-0.parquet", compression="zstd")
        return
    if data.num_rows == 0:
        # An empty table still has a schema on disk, so readers find every table.
        pq.write_table(data.drop_columns([partition]), path / "empty.parquet", compression="zstd")
        return
    ds.write_dataset(
        data,
        path,
        format="parquet",
        partitioning=ds.partitioning(pa.schema([data.schema.field(partition)]), flavor="hive"),
        basename_template="part-{i}.parquet",
        file_options=ds.ParquetFileFormat().make_write_options(compression="zstd"),
        existing_data_behavior="overwrite_or_ignore",
    )
