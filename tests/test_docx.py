"""The .docx reader: same records as the Tika text of the same publication; Word's XML quirks; bad
packages refused with a clear error."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest

from parsers.blocks import Paragraph, Table
from parsers.errors import SourceError
from parsers.formats.docx import read_docx
from parsers.formats.read import read_blocks
from parsers.formats.tika_text import read_tika_text
from pipeline.ingest import ingest
from pipeline.schema import POSITION_COLUMNS, TABLES
from pipeline.synthetic.docx import docx_from_blocks
from pipeline.synthetic.tika import tika_text

from .conftest import SAMPLE, write
from .test_publications import two_projects

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
# Fields that describe the file rather than the publication.
SOURCE_FIELDS = {
    "doc_id",
    "source_path",
    "source_format",
    "encoding",
    "source_bytes",
    "ingested_at",
    "sha256",
}


def package(
    body: str,
    numbering: str | None = None,
    extra: dict | None = None,
    doctype: str = "",
    document: str = "word/document.xml",
) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(
            document, f'<?xml version="1.0"?>{doctype}<w:document {W}><w:body>{body}</w:body></w:document>'
        )
        if numbering:
            z.writestr("word/numbering.xml", f"<w:numbering {W}>{numbering}</w:numbering>")
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def texts(data: bytes) -> list:
    return [b.text if isinstance(b, Paragraph) else [r.texts for r in b.rows] for b in read_docx(data).blocks]


def ingest_both(tmp_path, text: bytes):
    docx_bytes = docx_from_blocks(read_tika_text(text).blocks)
    write(tmp_path / "txt" / "2022" / "p.txt", text)
    write(tmp_path / "docx" / "2022" / "p.docx", docx_bytes)
    results = {}
    for form in ("txt", "docx"):
        summary = ingest([tmp_path / form], tmp_path / f"out-{form}")
        assert not summary.failed, summary.failed[0].error
        results[form] = {name: pd.read_parquet(tmp_path / f"out-{form}" / name) for name in TABLES}
    return results


def assert_same_records(results) -> None:
    for name in TABLES:
        text, word = results["txt"][name], results["docx"][name]
        columns = [c for c in text.columns if c not in SOURCE_FIELDS and c not in POSITION_COLUMNS]
        assert len(text) == len(word), name
        pd.testing.assert_frame_equal(text[columns], word[columns], obj=name)


def test_sample_as_docx_gives_identical_rows(tmp_path):
    results = ingest_both(tmp_path, SAMPLE.read_bytes())
    assert len(results["docx"]["indicators"]) == 108 and len(results["docx"]["projects"]) == 12
    assert results["docx"]["documents"].iloc[0].source_format == "docx"
    assert results["docx"]["documents"].iloc[0].encoding is None or pd.isna(
        results["docx"]["documents"].iloc[0].encoding
    )
    assert results["docx"]["indicators"].source_line.isna().all()
    assert_same_records(results)


def test_built_publication_as_docx_gives_identical_rows(tmp_path):
    assert_same_records(
        ingest_both(tmp_path, tika_text(two_projects(year=2022, numbered_titles=True)).encode())
    )


def test_docx_and_txt_side_by_side_in_one_run(tmp_path):
    write(tmp_path / "raw" / "2022" / "a.txt", SAMPLE.read_bytes())
    write(tmp_path / "raw" / "2022" / "b.docx", docx_from_blocks(read_tika_text(SAMPLE.read_bytes()).blocks))
    summary = ingest([tmp_path / "raw"], tmp_path / "out")
    assert summary.status_counts() == {"new": 2}
    docs = pd.read_parquet(tmp_path / "out" / "documents")
    assert sorted(docs.source_format) == ["docx", "tika_text"]


def test_runs_tabs_breaks_symbols_and_fields():
    body = (
        '<w:p><w:r><w:t>预算</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve"> 数 </w:t><w:br/>'
        '<w:sym w:font="Symbol" w:char="F0B3"/><w:noBreakHyphen/></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    assert texts(package(body)) == ["预算\t 数 \n≥-3"]  # ≥ from the Symbol font


def test_revisions_hyperlinks_content_controls_and_smart_tags_keep_their_text():
    body = (
        "<w:p><w:ins><w:r><w:t>新增</w:t></w:r></w:ins><w:del><w:r><w:delText>删除</w:delText></w:r>"
        "<w:r><w:tab/></w:r></w:del><w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink>"
        "<w:smartTag><w:r><w:t>标记</w:t></w:r></w:smartTag><w:fldSimple><w:r><w:t>域</w:t></w:r></w:fldSimple>"
        "<w:moveFrom><w:r><w:t>移走</w:t></w:r></w:moveFrom><w:moveTo><w:r><w:t>移来</w:t></w:r></w:moveTo></w:p>"
        "<w:sdt><w:sdtContent><w:p><w:r><w:t>控件</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    assert texts(package(body)) == ["新增链接标记域移来", "控件"]


def test_bookmarks_go_with_their_paragraph():
    body = (
        '<w:p><w:bookmarkStart w:id="1" w:name="_Toc_1"/><w:bookmarkStart w:id="2" w:name="_GoBack"/>'
        '<w:r><w:t>一、总体绩效目标</w:t></w:r><w:bookmarkEnd w:id="1"/></w:p>'
    )
    block = read_docx(package(body)).blocks[0]
    assert (block.text, block.bookmarks) == ("一、总体绩效目标", ("_Toc_1", "_GoBack"))


def test_grid_span_and_vertical_merge_read_as_tika_writes_them():
    def cell(text, props=""):
        return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"

    body = (
        "<w:tbl><w:tr>" + cell("产出指标", '<w:vMerge w:val="restart"/>') + cell("数量指标") + "</w:tr>"
        "<w:tr>" + cell("留下的字", "<w:vMerge/>") + cell("质量指标") + "</w:tr>"
        "<w:tr>" + cell("宽格", '<w:gridSpan w:val="2"/>') + "</w:tr></w:tbl>"
    )
    table = read_docx(package(body)).blocks[0]
    assert [r.texts for r in table.rows] == [("产出指标", "数量指标"), ("", "质量指标"), ("宽格",)]
    assert (table.rows[1].cells[0].v_merge, table.rows[2].cells[0].grid_span) == ("continue", 2)


def test_cell_paragraphs_and_nested_tables():
    nested = (
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>内1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>内2</w:t>"
        "</w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    body = (
        f"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p><w:p><w:r><w:t>乙</w:t></w:r></w:p>{nested}"
        "</w:tc></w:tr></w:tbl>"
    )
    # Tika writes "\t甲\n乙\n\t内1\n\t内2\n" and then the nested row end, the nested table end, the
    # outer row end and the outer table end, all empty lines: the nesting is gone from the text.
    tika = read_tika_text("\t甲\n乙\n\t内1\n\t内2\n\n\n\n\n".encode()).blocks
    expected = [b.text if isinstance(b, Paragraph) else [r.texts for r in b.rows] for b in tika]
    assert texts(package(body)) == expected == [[("甲\n乙", "内1", "内2")], "", ""]


def test_automatic_numbering_is_written_in_arabic_digits_with_a_space_as_tika_does():
    numbering = (
        '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/>'
        '</w:lvl></w:abstractNum><w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>'
    )

    def numbered(text, level=0):
        return (
            f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="5"/></w:numPr></w:pPr>'
            f"<w:r><w:t>{text}</w:t></w:r></w:p>"
        )

    body = (
        numbered("总体绩效目标")
        + numbered("目标", 1)
        + numbered("目标", 1)
        + numbered("分项绩效目标")
        + numbered("细项", 1)
    )
    assert texts(package(body, numbering)) == [
        "1、 总体绩效目标",
        "1.1 目标",
        "1.2 目标",
        "2、 分项绩效目标",
        "2.1 细项",
    ]


def _ole2(*streams: str) -> bytes:
    return (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + b"".join(s.encode("utf-16-le") for s in streams)
    )


def _truncated() -> bytes:
    data = docx_from_blocks(read_tika_text(SAMPLE.read_bytes()).blocks)
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (lambda: _truncated(), "truncated or corrupt Office file"),
        (lambda: _ole2("EncryptedInfo", "EncryptedPackage"), "password-protected Office file"),
        (lambda: _ole2("WordDocument"), "a doc file needs LibreOffice"),
        (lambda: b"%PDF-1.5\n%\xe2\xe3", "damaged PDF"),
        (lambda: package("", document="xl/workbook.xml"), "damaged workbook"),  # read as a workbook
        (
            lambda: package(
                "<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>",
                doctype='<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
            ),
            "declares a DOCTYPE",
        ),
        (
            lambda: package(
                "<w:p><w:r><w:t>&lol3;</w:t></w:r></w:p>",
                doctype='<!DOCTYPE d [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">'
                '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>',
            ),
            "declares a DOCTYPE",
        ),
        (lambda: package("<w:p><w:r><w:t>" + " " * 6_000_000 + "</w:t></w:r></w:p>"), "possible zip bomb"),
        (lambda: package("<w:p><w:r><w:t>unclosed</w:r></w:p>"), "not well-formed XML"),
    ],
    ids=[
        "truncated",
        "encrypted",
        "doc-renamed",
        "pdf-renamed",
        "not-word",
        "xxe",
        "billion-laughs",
        "zip-bomb",
        "malformed",
    ],
)
def test_bad_docx_gives_its_error(tmp_path, data, message, monkeypatch):
    monkeypatch.setattr("parsers.formats.convert.soffice", lambda: None)  # the same error with or without it
    with pytest.raises(SourceError, match=message):
        read_blocks(data())
    # …and in a batch it is one error naming the file, while a good file beside it is ingested.
    write(tmp_path / "raw" / "2022" / "bad.docx", data())
    write(tmp_path / "raw" / "2022" / "good.txt", SAMPLE.read_bytes())
    summary = ingest([tmp_path / "raw"], tmp_path / "out")
    assert [f.path.rsplit("/", 1)[-1] for f in summary.failed] == ["bad.docx"]
    assert message in summary.failed[0].error and "bad.docx" in summary.failed[0].error


def test_size_cap_refuses_an_oversized_part(monkeypatch):
    from parsers.formats import ooxml

    monkeypatch.setattr(ooxml, "MAX_PART_BYTES", 1000)
    with pytest.raises(SourceError, match="would inflate to"):
        read_docx(package("<w:p><w:r><w:t>" + "预算" * 1000 + "</w:t></w:r></w:p>"))


def test_blocks_command_prints_docx_blocks(tmp_path, capsys):
    import json

    from pipeline.cli import main

    path = write(
        tmp_path / "a.docx",
        package(
            "<w:p><w:r><w:t>标题</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p>"
            "<w:r><w:t>格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        ),
    )
    assert main(["blocks", str(path)]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["source_format"] == "docx"
    assert [b["type"] for b in payload["blocks"]] == ["paragraph", "table"]
    assert payload["blocks"][1]["rows"][0]["cells"][0]["text"] == "格"
    assert isinstance(read_docx(path.read_bytes()).blocks[1], Table)


def test_a_row_without_cells_is_skipped_not_a_crash(tmp_path):
    """Found by mutating the sample's document.xml: Word allows <w:tr/> with no cells."""
    blocks = read_tika_text(SAMPLE.read_bytes()).blocks
    data = docx_from_blocks(blocks)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"<w:tr>", b"<w:tr/><w:tr>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, part in parts.items():
            z.writestr(name, part)
    write(tmp_path / "raw" / "2022" / "p.docx", out.getvalue())
    summary = ingest([tmp_path / "raw"], tmp_path / "out")
    assert not summary.failed and summary.counts["indicators"] == 108


def test_numbering_follows_tikas_list_manager():
    """Counters per abstract definition, letters and Roman numerals kept, bullets as '· ', a level
    without w:start counting from 0 in decimal (all as Tika's XWPFListManager does)."""
    numbering = (
        '<w:abstractNum w:abstractNumId="1">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl>'
        "</w:abstractNum>"
        '<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/>'
        '<w:lvlText w:val="\uf0b7"/></w:lvl></w:abstractNum>'
        '<w:abstractNum w:abstractNumId="3"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1)"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>'
        '<w:num w:numId="4"><w:abstractNumId w:val="3"/></w:num>'
    )

    def p(num, text, level=0):
        return (
            f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr></w:pPr>'
            f"<w:r><w:t>{text}</w:t></w:r></w:p>"
        )

    body = p(1, "甲") + p(1, "子", 1) + p(2, "乙") + p(1, "丑", 1) + p(3, "要点") + p(4, "零起")
    assert texts(package(body, numbering)) == ["I. 甲", "(a) 子", "II. 乙", "(a) 丑", "· 要点", "0) 零起"]
