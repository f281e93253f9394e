"""Publications printed to PDF in many ways, for the PDF reader's sweep (tests/test_pdf_sweep.py).

Two writers print the same block stream: fpdf2, drawn here cell by cell, and LibreOffice, from the
.docx ``docx.py`` writes with the page, margins, column widths and font size of the style. A style
varies what printing does to a table: page size and orientation, margins, column widths narrow
enough to wrap codes and targets, the font size, rows cut by a page break (closed by a rule at the
page foot or not) or moved whole to the next page, the header row repeated or not, merged 一级指标
cells with their text at the top or in the middle, and full grids, three-line tables (rules above
and below the table and under its header) or no rules at all.
Everything is decided by the style, so a PDF can be made again from its name.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from fpdf import FPDF

from parsers.blocks import Paragraph, Table

from .docx import vertical_merges


class TooNarrow(ValueError):
    """A table with more columns than the style's page width can print."""


PAGES = {"A4": (210.0, 297.0), "A3": (297.0, 420.0), "Letter": (215.9, 279.4), "B5": (176.0, 250.0)}
RULES = ("grid", "three-line", "none")


@dataclass(frozen=True)
class PrintStyle:
    page: str = "A4"
    landscape: bool = False
    margin: float = 20.0  # mm, every side
    font_size: float = 10.0  # pt
    table_width: float = 1.0  # share of the text width the tables take
    jitter: float = 0.0  # how unequal the columns are (0: equal)
    rules: str = "grid"
    split_rows: bool = True  # a row cut by the page break (Word's default) or moved whole
    close_at_break: bool = True  # a rule at the page foot under a cut row
    repeat_header: bool = False
    merge_levels: bool = True  # 一级指标 merged down its rows, as Word prints it
    middle: bool = False  # a merged cell's text in its middle, not at its top
    seed: int = 0

    @property
    def name(self) -> str:
        parts = [self.page + ("L" if self.landscape else "P"), f"m{self.margin:g}", f"f{self.font_size:g}"]
        parts += [f"w{self.table_width:g}", f"j{self.jitter:g}", self.rules]
        parts += ["split" if self.split_rows else "keep", "closed" if self.close_at_break else "open"]
        parts += ["rh" if self.repeat_header else "", "mid" if self.middle else "", f"s{self.seed}"]
        return "-".join(p for p in parts if p)


def styles(count: int, seed: int = 17, rules: tuple[str, ...] = ("grid",)) -> list[PrintStyle]:
    """``count`` styles, the same for the same seed; the first is the plain default."""
    rng = random.Random(seed)
    out = [PrintStyle(rules=rules[0])]
    while len(out) < count:
        out.append(
            PrintStyle(
                page=rng.choice(tuple(PAGES)),
                landscape=rng.random() < 0.3,
                margin=rng.choice((10.0, 15.0, 20.0, 25.4, 31.8)),
                font_size=rng.choice((7.5, 9.0, 10.0, 10.5, 12.0)),
                table_width=rng.choice((0.5, 0.65, 0.8, 1.0, 1.0)),
                jitter=rng.choice((0.0, 0.3, 0.6)),
                rules=rng.choice(rules),
                split_rows=rng.random() < 0.7,
                close_at_break=rng.random() < 0.5,
                repeat_header=rng.random() < 0.3,
                merge_levels=rng.random() < 0.8,
                middle=rng.random() < 0.4,
                seed=rng.randrange(1000),
            )
        )
    return out


def pdf_from_blocks(blocks, style: PrintStyle, font_path: str) -> bytes:
    """The blocks printed by fpdf2 in ``style``."""
    width, height = PAGES[style.page]
    pdf = FPDF(orientation="L" if style.landscape else "P", unit="mm", format=(width, height))
    pdf.add_font("cjk", "", font_path, collection_font_number=0)
    pdf.set_font("cjk", size=style.font_size)
    pdf.set_margins(style.margin, style.margin, style.margin)
    pdf.set_auto_page_break(True, style.margin)
    pdf.c_margin = 1.5
    pdf.add_page()
    rng = random.Random(style.seed)
    for block in blocks:
        if isinstance(block, Paragraph):
            text = block.text.strip()
            if text:
                pdf.multi_cell(0, _line_height(style), text, wrapmode="CHAR", new_x="LMARGIN", new_y="NEXT")
            else:
                pdf.ln(_line_height(style))
        elif isinstance(block, Table) and block.rows:
            _TablePrinter(pdf, block, style, rng).print()
            pdf.ln(_line_height(style) / 2)
    return bytes(pdf.output())


def _line_height(style: PrintStyle) -> float:
    return style.font_size * 0.3528 * 1.35


@dataclass
class _Cell:
    text: str
    col: int
    span: int
    lines: list[str]
    owner: tuple[int, int] | None = None  # the merge group (first row, column) the cell is part of


class _TablePrinter:
    """One table drawn cell by cell. Rows are cut at the page foot (or moved whole); a merged cell's
    text is drawn last, over the rows its group took, at the top or in the middle."""

    def __init__(self, pdf: FPDF, table: Table, style: PrintStyle, rng: random.Random):
        self.pdf, self.style = pdf, style
        # A .docx's cells know their grid columns and merges; Tika text's do not (the last cell of
        # a short row spans the rest, an empty first cell under a label is merged with it).
        gridded = all(c.grid_col is not None for row in table.rows for c in row.cells)
        if gridded:
            columns = max(c.grid_col + c.grid_span for row in table.rows for c in row.cells)
            merges = {
                (r, n)
                for r, row in enumerate(table.rows)
                for n, c in enumerate(row.cells)
                if c.v_merge == "continue"
            }
        else:
            columns = max(len(row.cells) for row in table.rows)
            merges = vertical_merges(table) if style.merge_levels else set()
        share = [1 + style.jitter * rng.random() for _ in range(columns)]
        full = (pdf.w - 2 * style.margin) * style.table_width
        self.widths = [full * s / sum(share) for s in share]
        self.left, self.pad, self.line_h = style.margin, 1.0, _line_height(style)
        self.rows: list[list[_Cell]] = []
        for r, row in enumerate(table.rows):
            cells, col = [], 0
            for c, cell in enumerate(row.cells):
                if gridded:
                    col, span = cell.grid_col, cell.grid_span
                else:
                    span = columns - col if c == len(row.cells) - 1 else 1
                lines = self._wrap(cell.text, sum(self.widths[col : col + span]))
                cells.append(_Cell(cell.text, col, span, lines))
                col += span
            if r:
                for c, cell in enumerate(cells):
                    above = next((a for a in self.rows[-1] if (a.col, a.span) == (cell.col, cell.span)), None)
                    if (r, c) in merges and above is not None:
                        above.owner = above.owner or (r - 1, above.col)
                        cell.owner = above.owner
            self.rows.append(cells)
        # A row grows where a merged cell's text is taller than the rows of its group.
        self.heights = [max([len(c.lines) for c in cells if c.owner is None] or [1]) for cells in self.rows]
        groups: dict[tuple[int, int], list[int]] = {}
        for r, cells in enumerate(self.rows):
            for cell in cells:
                if cell.owner is not None:
                    groups.setdefault(cell.owner, []).append(r)
        for (r, c), members in groups.items():
            need = len(next(cell for cell in self.rows[r] if cell.col == c).lines)
            have = sum(self.heights[n] for n in members) + (len(members) - 1) * 2 * self.pad / self.line_h
            self.heights[members[-1]] += max(0, int(need - have + 0.999))
        self.extents: dict[tuple[int, int], list[list]] = {}

    def _wrap(self, text: str, width: float) -> list[str]:
        out: list[str] = []
        for paragraph in text.split("\n"):
            if not paragraph.strip():
                out.append("")
            elif width - 2 * self.pdf.c_margin < 1.2 * self.style.font_size * 0.3528:
                # No writer prints a column narrower than a character (fpdf2 loops for ever on one).
                raise TooNarrow(f"a column {width:.1f} mm wide for {self.style.font_size} pt text")
            else:
                out += self.pdf.multi_cell(
                    width,  # fpdf2 keeps its cell margin on each side
                    self.line_h,
                    paragraph,
                    dry_run=True,
                    output="LINES",
                    wrapmode="CHAR",
                    padding=0,
                )
        return out if any(out) else []

    def print(self) -> None:
        pdf, style = self.pdf, self.style
        bottom = pdf.h - style.margin
        self.first_on_page = pdf.get_y() <= style.margin + 0.5
        for r, cells in enumerate(self.rows):
            taken, total = 0, self.heights[r]
            while taken < total:
                room = int((bottom - pdf.get_y() - 2 * self.pad + 0.01) // self.line_h)
                rest = total - taken
                if rest <= room:
                    self._draw_row(cells, taken, rest, r, cut=False)
                    break
                if room >= 1 and (style.split_rows or self.first_on_page):
                    self._draw_row(cells, taken, room, r, cut=True)
                    taken += room
                self._new_page(r)
        end = pdf.get_y()
        for (r, c), extents in self.extents.items():
            cell = next(cell for cell in self.rows[r] if cell.col == c)
            lines = list(cell.lines)
            for page, top, low in extents:
                pdf.page = page
                room = int((low - top - 2 * self.pad + 0.01) // self.line_h)
                skip = max(0, room - len(lines)) // 2 if style.middle else 0
                self._text(cell, lines[:room], top + skip * self.line_h)
                lines = lines[room:]
        pdf.page = len(pdf.pages)
        pdf.set_xy(self.left, end)

    def _new_page(self, r: int) -> None:
        self.pdf.add_page()
        self.first_on_page = True
        if r > 0 and self.style.repeat_header:
            self._draw_row(self.rows[0], 0, self.heights[0], 0, cut=False)

    def _text(self, cell: _Cell, lines: list[str], top: float) -> None:
        pdf = self.pdf
        x = self.left + sum(self.widths[: cell.col])
        width = sum(self.widths[cell.col : cell.col + cell.span])
        for n, text in enumerate(lines):
            if text:
                pdf.set_xy(x, top + self.pad + n * self.line_h)
                pdf.cell(width, self.line_h, text)  # fpdf2 keeps its cell margin inside

    def _draw_row(self, cells: list[_Cell], taken: int, count: int, r: int, cut: bool) -> None:
        pdf, style = self.pdf, self.style
        top = pdf.get_y()
        height = count * self.line_h + 2 * self.pad
        right = self.left + sum(self.widths)
        for cell in cells:
            x = self.left + sum(self.widths[: cell.col])
            width = sum(self.widths[cell.col : cell.col + cell.span])
            if cell.owner is not None:
                extents = self.extents.setdefault(cell.owner, [])
                if extents and extents[-1][0] == pdf.page:
                    extents[-1][2] = top + height
                else:
                    extents.append([pdf.page, top, top + height])
            else:
                self._text(cell, cell.lines[taken : taken + count], top)
            if style.rules == "grid":
                pdf.line(x, top, x, top + height)
                pdf.line(x + width, top, x + width, top + height)
                if cell.owner is None or cell.owner[0] == r or taken or self.first_on_page:
                    pdf.line(x, top, x + width, top)
                if style.close_at_break if cut else not self._merged_below(r, cell):
                    pdf.line(x, top + height, x + width, top + height)
        if style.rules == "three-line":
            if r == 0 and not taken:
                pdf.line(self.left, top, right, top)
            if r in (0, len(self.rows) - 1) and not cut:
                pdf.line(self.left, top + height, right, top + height)
        self.first_on_page = False
        pdf.set_xy(self.left, top + height)

    def _merged_below(self, r: int, cell: _Cell) -> bool:
        if r + 1 >= len(self.rows) or cell.owner is None:
            return False
        below = next((c for c in self.rows[r + 1] if c.col == cell.col), None)
        return below is not None and below.owner == cell.owner
