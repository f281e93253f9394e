"""Issue 11, cases 8, 9 and 13 at the reader: grid columns, tracked changes read as accepted, Strict
Open XML, DOCTYPEs that hide, files too large."""

from __future__ import annotations

import io
import zipfile

import pytest

from parsers.errors import SourceError
from parsers.formats.docx import read_docx
from pipeline.ingest import ingest

from .conftest import write
from .test_docx import W, package, texts

STRICT_W = 'xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"'


def cell(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def test_case8_cells_know_their_grid_column():
    body = (
        "<w:tbl><w:tr>" + cell("一") + cell("二") + cell("三") + cell("四") + "</w:tr>"
        '<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>'
        + cell("b")
        + cell("cd", '<w:gridSpan w:val="2"/>')
        + "</w:tr><w:tr>"
        + cell("ab", '<w:gridSpan w:val="2"/>')
        + cell("c")
        + "</w:tr></w:tbl>"
    )
    table = read_docx(package(body)).blocks[0]
    columns = [[(c.text, c.grid_col, c.grid_span) for c in row.cells] for row in table.rows]
    assert columns == [
        [("一", 0, 1), ("二", 1, 1), ("三", 2, 1), ("四", 3, 1)],
        [("b", 1, 1), ("cd", 2, 2)],
        [("ab", 0, 2), ("c", 2, 1)],
    ]


def test_case9_tracked_property_changes_are_not_read_as_current():
    old_merge = '<w:tcPrChange w:id="1" w:author="x"><w:tcPr><w:vMerge/></w:tcPr></w:tcPrChange>'
    body = (
        "<w:tbl><w:tr>" + cell("产出指标", '<w:vMerge w:val="restart"/>') + "</w:tr>"
        "<w:tr>" + cell("效益指标", old_merge) + "</w:tr></w:tbl>"
    )
    assert texts(package(body)) == [[("产出指标",), ("效益指标",)]]


def test_case9_an_old_numbering_does_not_advance_a_counter():
    numbering = (
        '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        '<w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>'
    )
    numbered = '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="5"/></w:numPr></w:pPr>'
    was_numbered = (
        '<w:pPr><w:pPrChange w:id="2" w:author="x"><w:pPr><w:numPr><w:ilvl w:val="0"/>'
        '<w:numId w:val="5"/></w:numPr></w:pPr></w:pPrChange></w:pPr>'
    )
    body = (
        f"<w:p>{numbered}<w:r><w:t>甲表</w:t></w:r></w:p>"
        f"<w:p>{was_numbered}<w:r><w:t>不再编号</w:t></w:r></w:p>"
        f"<w:p>{numbered}<w:r><w:t>乙表</w:t></w:r></w:p>"
    )
    assert texts(package(body, numbering)) == ["1. 甲表", "不再编号", "2. 乙表"]


def test_case9_deleted_rows_and_paragraph_marks_are_gone():
    deleted_row = '<w:tr><w:trPr><w:del w:id="3" w:author="x"/></w:trPr>' + cell("删除的行") + "</w:tr>"
    body = (
        "<w:tbl><w:tr>" + cell("留下") + "</w:tr>" + deleted_row + "</w:tbl>"
        '<w:p><w:pPr><w:rPr><w:del w:id="4" w:author="x"/></w:rPr></w:pPr><w:r><w:t>前半</w:t></w:r></w:p>'
        "<w:p><w:r><w:t>后半</w:t></w:r></w:p>"
    )
    assert texts(package(body)) == [[("留下",)], "前半后半"]


def _strict_package(body: str, rels: bool = True) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        if rels:
            z.writestr(
                "_rels/.rels",
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/'
                'officeDocument" Target="word/main.xml"/></Relationships>',
            )
        z.writestr("word/main.xml", f"<w:document {STRICT_W}><w:body>{body}</w:body></w:document>")
    return out.getvalue()


def test_case13_strict_open_xml_reads_like_transitional():
    body = (
        "<w:p><w:r><w:t>一、总体绩效目标</w:t></w:r></w:p><w:tbl><w:tr>" + cell("指标值") + "</w:tr></w:tbl>"
    )
    assert texts(_strict_package(body)) == ["一、总体绩效目标", [("指标值",)]]


def test_case13_the_main_part_is_found_through_the_relationships():
    with pytest.raises(SourceError, match="without word/document.xml"):
        read_docx(_strict_package("<w:p/>", rels=False))


@pytest.mark.parametrize(
    "document",
    [
        # A long comment pushes the DOCTYPE past any fixed-size sniff.
        '<?xml version="1.0"?><!--' + "x" * 10_000 + '--><!DOCTYPE d [<!ENTITY e "甲">]>'
        f"<w:document {W}><w:body><w:p><w:r><w:t>前&e;后</w:t></w:r></w:p></w:body></w:document>",
        # UTF-16 hides the bytes of the word DOCTYPE.
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d [<!ENTITY e "甲">]>'
        f"<w:document {W}><w:body><w:p><w:r><w:t>前&e;后</w:t></w:r></w:p></w:body></w:document>",
    ],
    ids=["after-a-long-comment", "utf-16"],
)
def test_case13_a_hidden_doctype_is_still_refused(document):
    data = document.encode("utf-16") if "UTF-16" in document else document.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", data)
    with pytest.raises(SourceError, match="declares a DOCTYPE"):
        read_docx(out.getvalue())


def test_case13_an_oversized_file_is_refused_unread(tmp_path, monkeypatch):
    from pipeline import transform

    monkeypatch.setattr(transform, "MAX_FILE_BYTES", 1000)
    write(tmp_path / "raw" / "2023" / "big.txt", "甲" * 1000)
    summary = ingest([tmp_path / "raw"], tmp_path / "out")
    assert "is over the cap of 1,000" in summary.failed[0].error
