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
import unicodedata
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


def text_table(schema: pa.Schema, batches: Iterable[pa.RecordBatch]) -> Iterator[str]:
    """Every row as an aligned text table: decimals exact (2120000.00), nulls blank, columns aligned
    by display width (a Chinese character takes two)."""
    rows = [[_cell(v) for v in row.values()] for batch in batches for row in batch.to_pylist()]
    header = list(schema.names)
    widths = [max([_width(header[c]), *(_width(r[c]) for r in rows)]) for c in range(len(header))]
    numeric = [
        pa.types.is_decimal(t) or pa.types.is_integer(t) or pa.types.is_floating(t) for t in schema.types
    ]
    for line in [header, *rows]:
        cells = [_pad(text, widths[c], numeric[c] and line is not header) for c, text in enumerate(line)]
        yield "  ".join(cells).rstrip() + "\n"


def _cell(value) -> str:
    if value is None:
        return ""
    text = str(jsonable(value))
    return text.replace("\n", " ")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - _width(text))
    return gap + text if right else text + gap


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


def navigable(name: str) -> str:
    """The SQL of a table for a workbook a reader can walk without SQL: beside a row's doc_id its
    source file and unit, beside a project's rows the project's name; findings with errors first."""
    columns = TABLES[name].column_names
    if "doc_id" not in columns or name in ("documents", "manifest"):
        return f"SELECT * FROM {name}"
    extra = ["d.unit_name"] + ([] if "source_path" in columns else ["d.source_path"])
    join = "LEFT JOIN documents d ON d.doc_id = t.doc_id"
    if "project_seq" in columns and name != "projects":
        extra.append("p.project_name")
        join += " LEFT JOIN projects p ON p.doc_id = t.doc_id AND p.project_seq = t.project_seq"
    order = ""
    if name == "findings":
        order = (
            " ORDER BY CASE t.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, t.source_path"
        )
    return f"SELECT {', '.join(extra)}, t.* FROM {name} t {join}{order}"


def labelled(schema: pa.Schema, name: str) -> pa.Schema:
    """A query's schema with the table's fields (and their Chinese labels) where the names match."""
    own = TABLES[name].schema()
    return pa.schema([own.field(f.name) if f.name in own.names else f for f in schema])


def write_xlsx(sheets: Iterable[tuple], path: str | Path) -> ExcelReport:
    """Write each (sheet name, schema, batches[, table name]) as a sheet of the workbook at ``path``.

    A field's ``label_zh`` metadata (the dataset's schema) heads its column; a column without it
    (a query's computed column) is headed by the label of a dataset column of that name, if any.
    The table's English name, where given, is in the comment on cell A1."""
    import xlsxwriter  # only when an export asks for Excel

    report = ExcelReport()
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "remove_timezone": True})
    formats = _Formats(workbook)
    try:
        for name, schema, batches, *table in sheets:
            _Sheet(workbook, formats, name, schema, report, table[0] if table else None).write(batches)
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
        self, workbook, formats: _Formats, name: str, schema: pa.Schema, report: ExcelReport, table=None
    ) -> None:
        self.table = table
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
            note = f"table {self.table}\ncolumn {name}" if col == 0 and self.table else name
            self.sheet.write_comment(0, col, note)
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
