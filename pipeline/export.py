"""Query results and whole datasets in the files analysts open: JSON, JSON lines, CSV and Excel.

- JSON is one array (what ``json.load``, ``jq`` and DuckDB's ``-json`` give); JSON lines one object a
  line. Amounts stay exact: a decimal is written as a string ("6017600.00"), never as a float.
- CSV written to a file starts with a UTF-8 byte order mark, so that Excel on Chinese Windows reads it
  as UTF-8; on standard output it has none.
- Excel (XlsxWriter, in constant memory): one sheet per table, the Chinese label in the header row
  with the English column name as the cell's comment, amounts as numbers with two decimals, a frozen
  header, column widths from the content, findings coloured by severity, times with a zone written
  in UTC (Excel has no zones). A sheet holds at most 1,048,575 rows; the rest continues on
  ``indicators (2)`` …; a cell holds at most 32,767 characters, and longer text is cut with an
  ellipsis (the export says how many).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pyarrow as pa

from .schema import TABLES

EXCEL_ROWS = 1_048_576  # a sheet's rows, the header included
EXCEL_CELL_CHARS = 32_767
_WIDTH_SAMPLE = 200  # rows looked at to size the columns
_MAX_WIDTH = 60
_SEVERITY_COLOURS = {"error": "#F4C7C3", "warning": "#FCE8B2", "info": "#DCE6F7"}
_LABELS = {c.name: c for table in TABLES.values() for c in table.columns}


def jsonable(value):
    """A value JSON can hold exactly: decimals and dates as strings."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return value


def json_array(batches: Iterable[pa.RecordBatch]) -> Iterator[str]:
    """The rows as one JSON array, written a row at a time."""
    first = True
    yield "["
    for row in _rows(batches):
        yield ("\n" if first else ",\n") + json.dumps(row, ensure_ascii=False)
        first = False
    yield "\n]\n"


def json_lines(batches: Iterable[pa.RecordBatch]) -> Iterator[str]:
    for row in _rows(batches):
        yield json.dumps(row, ensure_ascii=False) + "\n"


def csv_text(schema: pa.Schema, batches: Iterable[pa.RecordBatch]) -> Iterator[str]:
    """CSV with a header row; decimals exact, nulls empty."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(schema.names)
    for batch in batches:
        for row in batch.to_pylist():
            writer.writerow(["" if v is None else jsonable(v) for v in row.values()])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _rows(batches: Iterable[pa.RecordBatch]) -> Iterator[dict]:
    for batch in batches:
        for row in batch.to_pylist():
            yield {k: jsonable(v) for k, v in row.items()}


@dataclass
class ExcelReport:
    """What an Excel export did that a reader should know."""

    sheets: list[str] = field(default_factory=list)
    rows: int = 0
    truncated_cells: int = 0


def write_xlsx(
    sheets: Iterable[tuple[str, pa.Schema, Iterable[pa.RecordBatch]]], path: str | Path
) -> ExcelReport:
    """Write each (name, schema, batches) as a sheet of the workbook at ``path``.

    A field's ``label_zh`` metadata (the dataset's schema) heads its column; a column without it
    (a query's computed column) is headed by the label of a dataset column of that name, if any."""
    import xlsxwriter  # only when an export asks for Excel

    report = ExcelReport()
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "remove_timezone": True})
    formats = _Formats(workbook)
    try:
        for name, schema, batches in sheets:
            _Sheet(workbook, formats, name, schema, report).write(batches)
    finally:
        workbook.close()
    return report


class _Formats:
    def __init__(self, workbook) -> None:
        self.header = workbook.add_format(
            {"bold": True, "bg_color": "#F4F6F8", "text_wrap": True, "valign": "top"}
        )
        self.money = workbook.add_format({"num_format": "#,##0.00"})
        self.number = workbook.add_format({"num_format": "0.######"})
        self.date = workbook.add_format({"num_format": "yyyy-mm-dd"})
        self.time = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        self.severity = {s: workbook.add_format({"bg_color": c}) for s, c in _SEVERITY_COLOURS.items()}


class _Sheet:
    """One table over as many sheets as its rows need."""

    def __init__(
        self, workbook, formats: _Formats, name: str, schema: pa.Schema, report: ExcelReport
    ) -> None:
        self.workbook, self.formats, self.name, self.schema, self.report = (
            workbook,
            formats,
            name,
            schema,
            report,
        )
        self.part = 0
        self.sheet = None
        self.row = 0
        self.labels = [_label(f) for f in schema]
        self.widths = [len(label) * 2 + 2 for label in self.labels]
        self.cell_formats = [self._format(f.type) for f in schema]

    def write(self, batches: Iterable[pa.RecordBatch]) -> None:
        self._new_sheet()
        for batch in batches:
            for values in zip(*(column.to_pylist() for column in batch.columns), strict=True):
                if self.row == EXCEL_ROWS:
                    self._finish()
                    self._new_sheet()
                self._write_row(values)
        self._finish()

    def _new_sheet(self) -> None:
        self.part += 1
        title = self.name if self.part == 1 else f"{self.name} ({self.part})"
        self.sheet = self.workbook.add_worksheet(title[:31])
        self.report.sheets.append(title[:31])
        for col, name in enumerate(self.schema.names):
            self.sheet.write_string(0, col, self.labels[col], self.formats.header)
            self.sheet.write_comment(0, col, name)
        self.sheet.freeze_panes(1, 0)
        self.row = 1

    def _write_row(self, values) -> None:
        for col, value in enumerate(values):
            if value is None:
                continue
            fmt = self.cell_formats[col]
            if isinstance(value, str):
                if len(value) > EXCEL_CELL_CHARS:
                    value = value[: EXCEL_CELL_CHARS - 1] + "…"
                    self.report.truncated_cells += 1
                colour = self.formats.severity.get(value) if self.schema.names[col] == "severity" else None
                self.sheet.write_string(self.row, col, value, colour)
            elif isinstance(value, Decimal):
                self.sheet.write_number(self.row, col, float(value), fmt)
            elif isinstance(value, dt.datetime):
                self.sheet.write_datetime(self.row, col, _utc(value), self.formats.time)
            elif isinstance(value, dt.date):
                self.sheet.write_datetime(
                    self.row, col, dt.datetime.combine(value, dt.time()), self.formats.date
                )
            elif isinstance(value, bool):
                self.sheet.write_boolean(self.row, col, value)
            elif isinstance(value, int | float):
                self.sheet.write_number(self.row, col, value)
            else:
                self.sheet.write_string(self.row, col, str(value))
            if self.row <= _WIDTH_SAMPLE:
                self.widths[col] = max(self.widths[col], min(_display_width(value), _MAX_WIDTH))
        self.row += 1
        self.report.rows += 1

    def _finish(self) -> None:
        for col, width in enumerate(self.widths):
            self.sheet.set_column(col, col, min(width, _MAX_WIDTH) + 1)

    def _format(self, arrow: pa.DataType):
        if pa.types.is_decimal(arrow):
            return self.formats.money if arrow.scale == 2 else self.formats.number
        return None


def _label(arrow_field: pa.Field) -> str:
    meta = arrow_field.metadata or {}
    if b"label_zh" in meta:
        return meta[b"label_zh"].decode()
    column = _LABELS.get(arrow_field.name)
    return column.label_zh if column else arrow_field.name


def _utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def _display_width(value) -> int:
    text = str(value).split("\n", 1)[0]
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text[:_MAX_WIDTH])
