"""A spreadsheet (.xlsx/.xlsm with openpyxl, .xls and WPS .et with xlrd) → the blocks a .docx gives.

Each visible sheet, in order, gives its name as a paragraph and its used range as blocks:
- a row whose only content is in its first cell, not merged across the row, is a paragraph (a
  title, ``单位：万元``, a note); a blank row ends a table;
- the other rows are table rows; a merged range is one cell spanning its columns (``grid_span``) and
  continued down its rows (``v_merge``), as Word's merged cells read, so the layouts read them alike.
A cell's text is what the sheet displays: the number formats publications use are rendered
(General, ``0``, ``0.00``, ``#,##0``, ``#,##0.00``, ``0%``, ``0.00%``, dates, text ``@``): a stored
4100000 under ``#,##0.00`` reads ``4,100,000.00``, 0.95 under ``0%`` reads ``95%``. Any other format
gives the stored value and a note; so does a displayed text that hides digits the stored number has
(0.955 shown as 96%). Formula results are read as saved; line breaks in cells stay. Hidden sheets,
rows and columns are not read as data: a note names each.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import ROUND_HALF_EVEN, Decimal

from ..blocks import Block, Cell, Document, Paragraph, ReadNote, Row, Table
from ..errors import SourceError

_DECIMALS = re.compile(r"^(?P<comma>#,##)?0(?:\.(?P<places>0+))?(?P<percent>%)?$")
_DATE_CODES = re.compile(r"[ymdhs]", re.IGNORECASE)


def read_xlsx(data: bytes) -> Document:
    """Read an .xlsx/.xlsm workbook into blocks."""
    import openpyxl  # noqa: PLC0415 (only when a workbook comes)
    from openpyxl.utils.exceptions import InvalidFileException  # noqa: PLC0415

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as err:
        raise SourceError(
            f"damaged workbook ({err})", hint="open it in Excel or WPS and save it again"
        ) from None
    reader = _Reader()
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            reader.note("sheet_hidden", sheet.title, "a hidden sheet is not read")
            continue
        merges = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in sheet.merged_cells.ranges]
        hidden_rows = {r for r, d in sheet.row_dimensions.items() if d.hidden}
        hidden_cols = {_column_index(k) for k, d in sheet.column_dimensions.items() if d.hidden}
        grid = []
        for row in sheet.iter_rows(min_row=1, max_row=sheet.max_row, max_col=sheet.max_column):
            grid.append([(cell.value, cell.number_format) for cell in row])
        reader.sheet(sheet.title, grid, merges, hidden_rows, hidden_cols)
    return reader.document("xlsx")


def read_xls(data: bytes) -> Document:
    """Read a legacy .xls (or a WPS .et saved in that format) into blocks."""
    import xlrd  # noqa: PLC0415

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True)
    except xlrd.XLRDError as err:
        raise SourceError(
            f"damaged or encrypted workbook ({err})", hint="open it and save it as .xlsx"
        ) from None
    reader = _Reader()
    for sheet in book.sheets():
        if sheet.visibility != 0:
            reader.note("sheet_hidden", sheet.name, "a hidden sheet is not read")
            continue
        merges = [(r0 + 1, c0 + 1, r1, c1) for r0, r1, c0, c1 in sheet.merged_cells]
        hidden_rows = {r + 1 for r, info in sheet.rowinfo_map.items() if info.hidden}
        hidden_cols = {c + 1 for c, info in sheet.colinfo_map.items() if info.hidden}
        grid = []
        for r in range(sheet.nrows):
            grid.append([_xls_cell(book, sheet, r, c) for c in range(sheet.ncols)])
        reader.sheet(sheet.name, grid, merges, hidden_rows, hidden_cols)
    return reader.document("xls")


def _xls_cell(book, sheet, r: int, c: int) -> tuple[object, str]:
    import xlrd  # noqa: PLC0415

    cell = sheet.cell(r, c)
    fmt = book.format_map[book.xf_list[cell.xf_index].format_key].format_str
    if cell.ctype == xlrd.XL_CELL_DATE:
        return xlrd.xldate_as_datetime(cell.value, book.datemode), fmt
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None, fmt
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value), fmt
    return cell.value, fmt


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters.upper():
        index = index * 26 + ord(ch) - 64
    return index


class _Reader:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.notes: list[ReadNote] = []
        self.line = 0

    def note(self, code: str, text: str, detail: str) -> None:
        self.notes.append(ReadNote(code, None, text, detail))

    def document(self, fmt: str) -> Document:
        return Document(blocks=tuple(self.blocks), source_format=fmt, encoding=None, notes=tuple(self.notes))

    def sheet(self, title: str, grid: list[list[tuple]], merges, hidden_rows: set, hidden_cols: set) -> None:
        self.blocks.append(Paragraph(title, len(self.blocks)))
        for r in sorted(hidden_rows):
            if r <= len(grid) and any(v is not None for v, _ in grid[r - 1]):
                self.note("row_hidden", f"{title}!{r}", "a hidden row is not read")
        for c in sorted(hidden_cols):
            self.note("column_hidden", f"{title}!{c}", "a hidden column is not read")
        starts = {(r0, c0): (r1, c1) for r0, c0, r1, c1 in merges}
        covered = {(r, c) for r0, c0, r1, c1 in merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        rows: list[Row] = []
        width = max((len(row) for row in grid), default=0)
        for r, row in enumerate(grid, start=1):
            if r in hidden_rows:
                continue
            cells, texts = self._row(title, r, row, width, starts, covered, hidden_cols)
            filled = [t for t in texts if t.strip()]
            if not filled:
                self._flush(rows)
                continue
            # Only the first cell filled, outside a table: a title, 单位：万元 or a note. Inside a
            # table such a row (a section row, a label merged down) stays a row of it.
            if len(filled) == 1 and texts[0].strip() and not rows:
                self.blocks.append(Paragraph(texts[0], len(self.blocks)))
                continue
            rows.append(Row(tuple(cells)))
        self._flush(rows)

    def _row(self, title, r, row, width, starts, covered, hidden_cols):
        cells: list[Cell] = []
        texts: list[str] = []
        c = 1
        while c <= width:
            if c in hidden_cols:
                c += 1
                continue
            value, fmt = row[c - 1] if c - 1 < len(row) else (None, "General")
            text = self._text(title, r, c, value, fmt)
            span_end = starts.get((r, c), (r, c))[1]
            span = sum(1 for k in range(c, span_end + 1) if k not in hidden_cols)
            if (r, c) in covered and (r, c) not in starts:
                origin = next((s for s, e in starts.items() if s[0] <= r <= e[0] and s[1] <= c <= e[1]), None)
                if origin is not None and origin[1] == c:  # a vertical merge goes on in this column
                    end = starts[origin][1]
                    span = sum(1 for k in range(c, end + 1) if k not in hidden_cols)
                    cells.append(Cell("", grid_span=span, v_merge="continue", grid_col=len(texts)))
                    texts += [""] * span
                    c = end + 1
                    continue
                c += 1
                continue
            restart = "restart" if (r, c) in starts and starts[(r, c)][0] > r else None
            cells.append(Cell(text, grid_span=max(span, 1), v_merge=restart, grid_col=len(texts)))
            texts += [text] + [""] * (max(span, 1) - 1)
            c = span_end + 1
        return cells, texts

    def _flush(self, rows: list[Row]) -> None:
        if rows:
            self.blocks.append(Table(tuple(rows), len(self.blocks)))
            rows.clear()

    def _text(self, title: str, r: int, c: int, value, fmt: str | None) -> str:
        if value is None:
            return ""
        text, exact = display(value, fmt or "General")
        if text is None:
            self.note(
                "number_format_unread",
                f"{title}!{_address(r, c)}",
                f"format '{fmt}': the stored value is read",
            )
            return _general(value)
        if not exact:
            self.note(
                "number_display_rounded", f"{title}!{_address(r, c)}", f"shown {text}, stored {value!r}"
            )
        return text


def _address(r: int, c: int) -> str:
    letters = ""
    while c:
        c, rest = divmod(c - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{r}"


def display(value, fmt: str) -> tuple[str | None, bool]:
    """What a cell shows under ``fmt``, and whether that keeps every digit the stored value has;
    (None, True) for a format this reader does not render."""
    if isinstance(value, str):
        return value, True
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), True
    if isinstance(value, dt.datetime | dt.date):
        return _date(value, fmt), True
    fmt = fmt.split(";", 1)[0].strip()
    if fmt in ("General", "@", "") or fmt.lower() == "general":
        return _general(value), True
    match = _DECIMALS.match(fmt.replace('"', ""))
    if match is None:
        return None, True
    places = len(match.group("places") or "")
    number = Decimal(str(value)) * (100 if match.group("percent") else 1)
    shown = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
    text = f"{shown:,.{places}f}" if match.group("comma") else f"{shown:.{places}f}"
    return text + ("%" if match.group("percent") else ""), shown == number


def _general(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return repr(value) if len(repr(value)) <= 11 else f"{value:.10g}"
    return str(value)


def _date(value, fmt: str) -> str:
    if isinstance(value, dt.datetime) and (value.hour or value.minute) and "h" in fmt.lower():
        return value.strftime("%Y-%m-%d %H:%M")
    day = value.date() if isinstance(value, dt.datetime) else value
    if "年" in fmt:
        return f"{day.year}年{day.month}月{day.day}日"
    return day.isoformat()
