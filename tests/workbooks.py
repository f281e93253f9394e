"""Workbooks built for the tests: a real table's cells (NN.json ``body``) written as a sheet would hold
them, titles above and the table's merged cells as merged ranges; as .xlsx (openpyxl) or .xls (xlwt)."""

from __future__ import annotations

from pathlib import Path


def body_workbook(body: list, path: Path, sheet: str = "Sheet1") -> Path:
    """Write ``body`` (paragraph strings and ``{"table": rows}``) as one sheet of a new .xlsx."""
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet

    def merge(r0, c0, r1, c1):
        ws.merge_cells(start_row=r0, start_column=c0, end_row=r1, end_column=c1)

    _lay_out(body, lambda r, c, text: ws.cell(r, c, text), merge)
    book.save(path)
    return path


def body_xls(body: list, path: Path, sheet: str = "Sheet1") -> Path:
    """The same as an Excel 97-2003 .xls."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet(sheet)
    cells: dict[tuple[int, int], str] = {}
    merges: list[tuple[int, int, int, int]] = []
    _lay_out(body, lambda r, c, text: cells.__setitem__((r, c), text), lambda *m: merges.append(m))
    merged = set()
    for r0, c0, r1, c1 in merges:
        ws.write_merge(r0 - 1, r1 - 1, c0 - 1, c1 - 1, cells.get((r0, c0), ""))
        merged |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    for (r, c), text in cells.items():
        if (r, c) not in merged:
            ws.write(r - 1, c - 1, text)
    book.save(str(path))
    return path


def _lay_out(body: list, put, merge) -> None:
    row = 1
    for item in body:
        if isinstance(item, str):
            put(row, 1, item)
            row += 1
            continue
        row = _table(item["table"], row, put, merge) + 1  # a blank row ends the table


def _table(rows: list, top: int, put, merge) -> int:
    """Lay ``rows`` out as HTML does (a cell spanning rows takes its column in the rows below)."""
    taken: set[tuple[int, int]] = set()
    for offset, cells in enumerate(rows):
        r = top + offset
        c = 1
        for cell in cells:
            while (r, c) in taken:
                c += 1
            text, colspan, rowspan = (
                (cell, 1, 1)
                if isinstance(cell, str)
                else (cell["text"], cell.get("colspan", 1), cell.get("rowspan", 1))
            )
            if text:
                put(r, c, text)
            if colspan > 1 or rowspan > 1:
                merge(r, c, r + rowspan - 1, c + colspan - 1)
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, c + dc))
            c += colspan
    return top + len(rows)
