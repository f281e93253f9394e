"""Real .docx files for tests, built from a block stream with python-docx plus the XML it lacks.

Headings carry real ``w:bookmarkStart``/``w:bookmarkEnd`` pairs; project titles are auto-numbered
through numbering.xml (``%1.``) instead of typed; runs are split as Word splits them; tables get a
grid with ``w:gridSpan`` for short rows and ``w:vMerge`` for merged leading cells; a deleted and an
inserted revision are sprinkled in. The result should read back into the same blocks.
"""

from __future__ import annotations

import io
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


def docx_from_blocks(blocks, *, number_titles: bool = True, revisions: bool = True) -> bytes:
    document = docx.Document()
    body = document.element.body
    sect_pr = body[-1]
    if number_titles:
        _add_numbering(document)
    bookmark_id = 0
    for block in blocks:
        if isinstance(block, Paragraph):
            bookmark_id += len(block.bookmarks)
            xml = _paragraph_xml(block.text, block.bookmarks, bookmark_id, number_titles, revisions)
        else:
            xml = _table_xml(block)
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


def _table_xml(table: Table) -> str:
    width = max(len(row.cells) for row in table.rows)
    continues = _vertical_merges(table)
    rows = []
    for r, row in enumerate(table.rows):
        cells = []
        for c, cell in enumerate(row.cells):
            span = width - c if c == len(row.cells) - 1 else 1
            props = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
            if (r, c) in continues:
                props += "<w:vMerge/>"
                paragraphs = "<w:p/>"
            else:
                if (r + 1, c) in continues:
                    props += '<w:vMerge w:val="restart"/>'
                paragraphs = "".join(f"<w:p>{''.join(_runs(line))}</w:p>" for line in cell.text.split("\n"))
            cells.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{paragraphs}</w:tc>")
        rows.append(f"<w:tr>{''.join(cells)}</w:tr>")
    grid = "".join('<w:gridCol w:w="1200"/>' for _ in range(width))
    return (
        f'<w:tbl {W_NS}><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


def _vertical_merges(table: Table) -> set[tuple[int, int]]:
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
