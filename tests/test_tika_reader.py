"""The Tika text reader: each rule of Tika's output, and each way a text file can be bad."""

from __future__ import annotations

import pytest

from parsers.blocks import Paragraph, Table
from parsers.errors import SourceError
from parsers.formats.read import read_blocks
from parsers.formats.tika_text import read_tika_text

TEXT = "标题\n[bookmark: _Toc_1][bookmark: anchor]一、总体绩效目标\n\tA1\n\tB1\n\n\t\n\tB2\n\n\n结尾\n"


def kinds(document):
    return [type(b).__name__ for b in document.blocks]


def test_paragraphs_tables_rows_and_lines():
    doc = read_tika_text(TEXT.encode())
    assert kinds(doc) == ["Paragraph", "Paragraph", "Table", "Paragraph"]
    heading, table = doc.blocks[1], doc.blocks[2]
    assert heading.text == "一、总体绩效目标" and heading.bookmarks == ("_Toc_1", "anchor")
    assert [row.texts for row in table.rows] == [("A1", "B1"), ("", "B2")]
    assert (table.line, table.rows[1].line, doc.blocks[3].line) == (3, 6, 10)


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
        lambda t: t.replace("\n", "\r\n").encode("utf-8"),
        lambda t: t.replace("\n", "\r").encode("utf-8"),
        lambda t: t.encode("gb18030"),
        lambda t: t.encode("utf-16"),
    ],
    ids=["utf8", "bom", "crlf", "cr", "gb18030", "utf16"],
)
def test_encodings_and_line_endings_read_the_same(encode):
    doc = read_tika_text(encode(TEXT))
    assert [b.text for b in doc.blocks if isinstance(b, Paragraph)] == ["标题", "一、总体绩效目标", "结尾"]
    assert doc.blocks[2].rows[1].texts == ("", "B2")


def test_encoding_is_recorded():
    assert read_tika_text("预算".encode("gb18030")).encoding == "gb18030"
    assert read_tika_text(b"\xef\xbb\xbf" + "预算".encode()).encoding == "utf-8-sig"


def test_undecodable_text_is_an_error_not_mojibake():
    with pytest.raises(SourceError, match="cannot decode"):
        read_tika_text(b"abc \x81\x20 \xff")


def test_cell_with_several_paragraphs_continues_without_tab():
    doc = read_tika_text("\t绩效目标\n\t1.保障运转\n2.按时拨付\n\n\n".encode())
    assert doc.blocks[0].rows[0].texts == ("绩效目标", "1.保障运转\n2.按时拨付")


def test_tabs_inside_a_cell_are_kept():
    doc = read_tika_text("\t保障拨付\t\t\n\n\n".encode())
    assert doc.blocks[0].rows[0].texts == ("保障拨付\t\t",)


def test_nested_table_first_cell_keeps_its_text():
    doc = read_tika_text("\t外\n\n\t\t内1\n\t内2\n\n\n".encode())
    table = doc.blocks[0]
    assert table.nested and [row.texts for row in table.rows] == [("外",), ("内1", "内2")]


def test_comment_is_not_a_cell():
    doc = read_tika_text("正文\n\tComment by 张三: 请核实\n下一段\n".encode())
    assert kinds(doc) == ["Paragraph"] * 3
    assert doc.blocks[1].role == "comment"


def test_repeated_header_lines_and_embedded_parts_are_marked():
    text = "路南街道办事处2022年预算\n正文一\n\t表\n\n\n路南街道办事处2022年预算\n正文二\n路南街道办事处2022年预算\nimage1.png\n"
    doc = read_tika_text(text.encode())
    roles = [(b.text, b.role) for b in doc.blocks if isinstance(b, Paragraph)]
    assert roles == [
        ("路南街道办事处2022年预算", "furniture"),
        ("正文一", "body"),
        ("路南街道办事处2022年预算", "furniture"),
        ("正文二", "body"),
        ("路南街道办事处2022年预算", "furniture"),
        ("image1.png", "embedded"),
    ]


def test_case10_a_blank_paragraph_inside_a_cell_keeps_the_table_whole():
    # Tika ends a row with one empty line and a table with two: text after one empty line is the
    # same cell going on after a blank paragraph in it.
    text = "\t项目概况\n第一段\n\n第二段\n\t其他\n\n\t下一行\n\n\n正文\n"
    doc = read_tika_text(text.encode())
    assert kinds(doc) == ["Table", "Paragraph"]
    assert [r.texts for r in doc.blocks[0].rows] == [("项目概况\n第一段\n\n第二段", "其他"), ("下一行",)]
    # With one cell so far this could have been a paragraph led by a TAB: said, not guessed silently.
    assert [(n.code, n.line) for n in doc.notes] == [("tab_paragraph_or_cell", 1)]


def test_case10_a_blank_paragraph_in_a_later_cell_is_certain():
    doc = read_tika_text("\t甲\n\t乙\n\n丙\n\n\n".encode())
    assert [r.texts for r in doc.blocks[0].rows] == [("甲", "乙\n\n丙")] and not doc.notes


def test_case10_a_body_paragraph_led_by_a_tab_is_not_a_table():
    text = "\t首行用TAB缩进的段落。\n第二段。\n\n第三段。\n\n\t表\n\t格\n\n\n"
    doc = read_tika_text(text.encode())
    assert kinds(doc) == ["Paragraph", "Paragraph", "Paragraph", "Paragraph", "Paragraph", "Table"]
    assert [b.text for b in doc.blocks[:4]] == ["\t首行用TAB缩进的段落。", "第二段。", "", "第三段。"]
    assert [b.line for b in doc.blocks[:4]] == [1, 2, 3, 4]
    assert [(n.code, n.line) for n in doc.notes] == [("tab_paragraph_or_cell", 1)]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b"  \n\n", "empty file"),
        (b"%PDF-1.7\n...", "damaged PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "not a Word or WPS document"),
        (b"\x00\x01\x02binary", "binary data"),
    ],
)
def test_files_that_are_not_text_give_one_clear_error(data, message):
    with pytest.raises(SourceError, match=message) as caught:
        read_blocks(data)
    assert caught.value.hint


def test_sample_block_stream(workdir):
    from .conftest import SAMPLE

    doc = read_tika_text(SAMPLE.read_bytes())
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert len(tables) == 24  # a head table and an indicator table for each of 12 projects
    assert sum(len(t.rows) for t in tables) == 12 * 7 + 12 * 10
