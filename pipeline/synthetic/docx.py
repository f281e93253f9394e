"""Real .docx files for tests, built from a block stream with python-docx plus the XML it lacks.

Headings carry real ``w:bookmarkStart``/``w:bookmarkEnd`` pairs; project titles are auto-numbered
through numbering.xml (``%1.``) instead of typed; runs are split as Word splits them; tables get a
grid with ``w:gridSpan`` for short rows and ``w:vMerge`` for merged leading cells; a deleted and an
inserted revision are sprinkled in. The result should read back into the same blocks.
"""

from __future__ import annotations

import io
import random
import re
from xml.sax.saxutils import escape

import docx
from docx.oxml import parse_xml

from parsers.blocks import Paragraph, Table

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
# A title Tika wrote from an automatic number ("1. " — Tika puts a space after it); typed numbers
# ("1.2022…", as in the sample) stay typed.
_TITLE_NUMBER = re.compile(r"^(\d+)\. (?=\S.*绩效目标表$)")
NUM_ID = "77"


def docx_from_blocks(blocks, *, number_titles: bool = True, revisions: bool = True, layout=None) -> bytes:
    """``layout``, a pdf.PrintStyle, sets the page, margins, font size and table columns, rules and
    row breaking, for a .docx that LibreOffice prints in that style."""
    document = docx.Document()
    body = document.element.body
    sect_pr = body[-1]
    text_width = _apply_layout(document, layout) if layout is not None else None
    rng = random.Random(layout.seed if layout is not None else 0)
    if number_titles:
        _add_numbering(document)
    bookmark_id = 0
    for block in blocks:
        if isinstance(block, Paragraph):
            bookmark_id += len(block.bookmarks)
            xml = _paragraph_xml(block.text, block.bookmarks, bookmark_id, number_titles, revisions)
        else:
            xml = _table_xml(block, layout, text_width, rng)
        sect_pr.addprevious(parse_xml(xml))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _paragraph_xml(text: str, bookmarks, first_id: int, number_titles: bool, revisions: bool) -> str:
    ppr = ""
    if number_titles and _TITLE_NUMBER.match(text):
        text = _TITLE_NUMBER.sub("", text)
        ppr = f'<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{NUM_ID}"/></w:numPr></w:pPr>'
    marks = "".join(
        f'<w:bookmarkStart w:id="{first_id + i}" w:name="{escape(name)}"/>'
        for i, name in enumerate(bookmarks)
    )
    ends = "".join(f'<w:bookmarkEnd w:id="{first_id + i}"/>' for i in range(len(bookmarks)))
    runs = _runs(text)
    if revisions and len(text) > 30:
        # A deleted revision reads as nothing; an inserted one as its text.
        half = len(runs) // 2
        runs = (
            "".join(runs[:half])
            + '<w:del w:id="900" w:author="审核"><w:r><w:delText>删去的字</w:delText></w:r></w:del>'
            + '<w:ins w:id="901" w:author="审核">'
            + "".join(runs[half : half + 1])
            + "</w:ins>"
            + "".join(runs[half + 1 :])
        )
    else:
        runs = "".join(runs)
    return f"<w:p {W_NS}>{ppr}{marks}{runs}{ends}</w:p>"


def _runs(text: str, size: int = 7) -> list[str]:
    """Word splits runs at will; so do we, every few characters, with TABs and breaks as elements."""
    runs = []
    for start in range(0, len(text), size):
        piece = text[start : start + size]
        parts = re.split(r"(\t|\n)", piece)
        inner = "".join(
            "<w:tab/>"
            if p == "\t"
            else "<w:br/>"
            if p == "\n"
            else f'<w:t xml:space="preserve">{escape(p)}</w:t>'
            for p in parts
            if p
        )
        runs.append(f"<w:r>{inner}</w:r>")
    return runs


def _table_xml(table: Table, layout=None, text_width: float | None = None, rng=None) -> str:
    width = max(len(row.cells) for row in table.rows)
    if layout is None:
        widths = [1200] * width
    else:
        share = [1 + layout.jitter * rng.random() for _ in range(width)]
        widths = [int(text_width * layout.table_width * s / sum(share)) for s in share]
    continues = vertical_merges(table)
    rows = []
    for r, row in enumerate(table.rows):
        cells, col = [], 0
        for c, cell in enumerate(row.cells):
            span = width - c if c == len(row.cells) - 1 else 1
            props = f'<w:tcW w:w="{sum(widths[col : col + span])}" w:type="dxa"/>'
            props += f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
            col += span
            if (r, c) in continues:
                props += "<w:vMerge/>"
                paragraphs = "<w:p/>"
            else:
                if (r + 1, c) in continues:
                    props += '<w:vMerge w:val="restart"/>'
                    if layout is not None and layout.middle:
                        props += '<w:vAlign w:val="center"/>'
                paragraphs = "".join(f"<w:p>{''.join(_runs(line))}</w:p>" for line in cell.text.split("\n"))
            cells.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{paragraphs}</w:tc>")
        row_props = ""
        if layout is not None:
            row_props = ("" if layout.split_rows else "<w:cantSplit/>") + (
                "<w:tblHeader/>" if r == 0 and layout.repeat_header else ""
            )
        rows.append(f"<w:tr><w:trPr>{row_props}</w:trPr>{''.join(cells)}</w:tr>")
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    fixed = '<w:tblLayout w:type="fixed"/>' if layout is not None else ""
    return (
        f'<w:tbl {W_NS}><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
        f"{_borders(layout)}{fixed}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


def _borders(layout) -> str:
    if layout is None:
        return ""
    line = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    none = '<w:{0} w:val="nil"/>'
    if layout.rules == "grid":
        kinds = {side: line for side in ("top", "left", "bottom", "right", "insideH", "insideV")}
    elif layout.rules == "three-line":  # the header's rule is the first row's bottom border
        kinds = {"top": line, "bottom": line, "left": none, "right": none, "insideH": none, "insideV": none}
    else:
        kinds = {side: none for side in ("top", "left", "bottom", "right", "insideH", "insideV")}
    return "<w:tblBorders>" + "".join(kinds[side].format(side) for side in kinds) + "</w:tblBorders>"


def _apply_layout(document, layout) -> float:
    """Page, margins and font size of the style; the text width in twips."""
    from docx.enum.section import WD_ORIENT  # noqa: PLC0415
    from docx.shared import Mm, Pt  # noqa: PLC0415

    from .pdf import PAGES  # noqa: PLC0415

    width, height = PAGES[layout.page]
    if layout.landscape:
        width, height = height, width
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if layout.landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(width), Mm(height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(layout.margin))
    document.styles["Normal"].font.size = Pt(layout.font_size)
    return (width - 2 * layout.margin) * 56.69


def vertical_merges(table: Table) -> set[tuple[int, int]]:
    """An empty first cell under a filled (or merged) one continues it, as Word merges 一级指标."""
    merged = set()
    for r in range(1, len(table.rows)):
        cell = table.rows[r].cells[0]
        above = table.rows[r - 1].cells[0]
        if not cell.text and (above.text or (r - 1, 0) in merged):
            merged.add((r, 0))
    return merged


def _add_numbering(document) -> None:
    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {W_NS} w:abstractNumId="{NUM_ID}"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
    )
    first_num = numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(
        parse_xml(f'<w:num {W_NS} w:numId="{NUM_ID}"><w:abstractNumId w:val="{NUM_ID}"/></w:num>')
    )
