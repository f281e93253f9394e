"""PDFs made in the tests with fpdf2 and the CJK font the project ships: a third writer, besides
LibreOffice (the committed fixtures) and Word, whose tables are stroked rectangles per cell."""

from __future__ import annotations

from fpdf import FPDF

from pipeline.plotting import bundled_font_path


def new_pdf() -> FPDF:
    pdf = FPDF()
    pdf.add_font("wqy", "", str(bundled_font_path()), collection_font_number=0)
    pdf.set_font("wqy", size=10)
    return pdf


def table_pdf(title: str, rows, widths, pages_of_filler: int = 0, **encryption) -> bytes:
    """A title line and a ruled table; a cell is text or (text, colspan, rowspan)."""
    pdf = new_pdf()
    pdf.add_page()
    for _ in range(pages_of_filler):
        pdf.multi_cell(0, 6, "说明。" * 60, new_x="LMARGIN", new_y="NEXT")
    pdf.cell(text=title, new_x="LMARGIN", new_y="NEXT")
    with pdf.table(col_widths=widths, first_row_as_headings=False) as table:
        for cells in rows:
            row = table.row()
            for cell in cells:
                text, colspan, rowspan = (cell, 1, 1) if isinstance(cell, str) else cell
                row.cell(text, colspan=colspan, rowspan=rowspan)
    if encryption:
        pdf.set_encryption(**encryption)
    return bytes(pdf.output())


def text_pdf(*lines: str, pages: int = 1, header: str = "", footer: str = "") -> bytes:
    pdf = new_pdf()
    for number in range(1, pages + 1):
        pdf.add_page()
        if header:
            pdf.cell(text=header, new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(40)
        for line in lines:
            pdf.cell(text=line, new_x="LMARGIN", new_y="NEXT")
        if footer:
            pdf.set_y(-15)
            pdf.cell(text=footer.format(page=number, pages=pages))
    return bytes(pdf.output())


def shapes_pdf() -> bytes:
    """A page with drawing and no text, as a scan has."""
    pdf = new_pdf()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    return bytes(pdf.output())
