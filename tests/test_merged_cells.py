"""Issue 11, case 8: a merged cell not at the left of an indicator row must not shift its columns.

The .docx knows each cell's grid column; Tika text does not, so a short row is placed by its
content where that is unambiguous, and reported where it is not. This is the one place where a
.docx and its Tika text may differ (README, Behaviour).
"""

from __future__ import annotations

from parsers.formats.read import read_blocks
from parsers.publication import parse_publication

from .test_docx import package

HEADER = ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据")
HEAD = (("项目编码", "70100223A01", "项目名称", "2023运转经费"), ("预算规模及资金用途", "预算数", "1.00"))


def cell(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def row(*cells: str, before: int = 0) -> str:
    props = f'<w:trPr><w:gridBefore w:val="{before}"/></w:trPr>' if before else ""
    return f"<w:tr>{props}{''.join(cells)}</w:tr>"


def indicators(data: bytes):
    (project,) = parse_publication(read_blocks(data)).projects
    return project.indicators


def test_case8_docx_merged_level3_and_description_stay_in_their_columns():
    span = '<w:gridSpan w:val="2"/>'
    body = (
        "<w:tbl>"
        + "".join(row(*map(cell, r)) for r in HEAD)
        + row(*map(cell, HEADER))
        + row(cell("产出指标"), cell("数量指标"), cell("补助人数", span), cell("40人"), cell("计划"))
        + row(cell("质量指标"), cell("及时率"), cell("描述"), cell("100%"), cell("计划"), before=1)
        + row(cell(""), cell("时效指标"), cell("完成率"), cell("描述"), cell("≥95%", span))
        + "</w:tbl>"
    )
    got = [(i.level1, i.level2, i.level3, i.description, i.value, i.basis) for i in indicators(package(body))]
    assert got == [
        ("产出指标", "数量指标", "补助人数", None, "40人", "计划"),
        ("产出指标", "质量指标", "及时率", "描述", "100%", "计划"),
        ("产出指标", "时效指标", "完成率", "描述", "≥95%", None),
    ]


def _text(*rows) -> bytes:
    def one(cells):
        return "".join(f"\t{c}\n" for c in cells) + "\n"

    return ("".join(one(r) for r in HEAD) + "\n" + "".join(one(r) for r in rows) + "\n").encode()


def test_case8_tika_text_short_rows_are_placed_by_their_content():
    data = _text(
        HEADER,
        ("产出指标", "数量指标", "补助人数", "40人", "计划"),  # 三级指标 and 描述 merged
        ("", "质量指标", "合格率", "合格率描述", "≥95%"),  # the last column missing
        ("质量指标", "及时率", "及时率描述", "100%", "计划"),  # the row starts a column late
    )
    document = read_blocks(data)
    publication = parse_publication(document)
    got = [
        (i.level1, i.level2, i.level3, i.description, i.value, i.basis)
        for i in publication.projects[0].indicators
    ]
    assert got == [
        ("产出指标", "数量指标", "补助人数", None, "40人", "计划"),
        ("产出指标", "质量指标", "合格率", "合格率描述", "≥95%", None),
        ("产出指标", "质量指标", "及时率", "及时率描述", "100%", "计划"),
    ]
    assert not publication.projects[0].notes


def test_case8_an_ambiguous_short_row_is_reported_not_guessed_silently():
    data = _text(HEADER, ("甲", "乙", "丙", "40人", "计划"))
    (project,) = parse_publication(read_blocks(data)).projects
    assert [(n.code, n.raw) for n in project.notes] == [
        ("indicator_row_placement", "甲 | 乙 | 丙 | 40人 | 计划")
    ]
    assert project.indicators[0].value == "40人"
