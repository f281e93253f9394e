"""The PDF text rules on characters placed by hand: what a printed line break means."""

from __future__ import annotations

from parsers.formats.pdf_text import Char, join_lines, lines_of, paragraphs

SIZE = 10.0


def line_of(text: str, x: float = 0.0, top: float = 0.0, width: float = SIZE) -> list[Char]:
    chars = []
    for ch in text:
        step = width if ord(ch) >= 0x2E80 else width / 2
        chars.append(Char.at(ch, x, x + step, top, top + SIZE, SIZE))
        x += step
    return chars


def cell(*rows: str, edge: float = 60.0) -> tuple[str, int]:
    chars = [c for n, row in enumerate(rows) for c in line_of(row, top=n * 14)]
    return paragraphs(lines_of(chars), edge, 0.0)


def test_a_wrapped_cjk_label_joins_with_nothing():
    # Five characters fill a cell 55 pt wide: the sixth went to the next line.
    assert cell("预算规模及", "资金用途", edge=55.0)[0] == "预算规模及资金用途"


def test_a_short_line_ends_a_paragraph():
    assert cell("资金情况", "(万元)")[0] == "资金情况\n(万元)"


def test_a_code_broken_mid_token_joins_without_a_space():
    assert cell("13030322P003", "970100093", edge=60.0)[0] == "13030322P003970100093"


def test_punctuation_carried_to_the_next_line_still_joins():
    # "为差。" could not end the first line: Chinese line breaking carried "差" over with "。".
    assert cell("不能保障的为", "差。100%", edge=70.0)[0] == "不能保障的为差。100%"


def test_latin_words_wrapped_at_a_space_keep_one():
    assert join_lines("Budget performance", "goals", False) == "Budget performance goals"


def test_a_gap_a_space_wide_is_a_space_but_autospace_is_not():
    chars = line_of("2022", width=SIZE) + line_of("年", x=22.0) + line_of("2", x=40.0)
    (line,) = lines_of(chars)
    assert line.text == "2022年 2"  # 2 pt of autospace after 2022; 8 pt before the last 2


def test_kangxi_radicals_fold_to_the_characters_they_show():
    from parsers.formats.pdf_text import _fold

    assert [_fold(c) for c in "⼀⼆⼈人"] == list("一二人人")


def test_a_cell_ending_on_a_full_line_may_go_on_over_the_page():
    assert cell("社会效益指标说明", edge=80.0)[1] == 1
    assert cell("预算规模及", "资金用途说", edge=55.0)[1] == 2
    assert cell("保障运转。")[1] == 0


def test_a_page_turned_by_rotate_is_read_as_shown():
    """A portrait page (595 × 842) turned by /Rotate 90 shows landscape (842 × 595): user space's y
    runs left to right on it, and its x top to bottom. Such pages came out one character a line."""
    from parsers.formats.pdf_text import placement

    box = (100.0, 500.0, 112.0, 512.0)  # left, bottom, right, top in user space
    assert placement(0, 595, 842)(*box) == (100.0, 112.0, 330.0, 342.0)
    assert placement(90, 595, 842)(*box) == (500.0, 512.0, 100.0, 112.0)
    assert placement(180, 595, 842)(*box) == (483.0, 495.0, 500.0, 512.0)
    assert placement(270, 595, 842)(*box) == (330.0, 342.0, 483.0, 495.0)


def test_a_code_in_parentheses_wrapped_to_the_next_line_joins_the_name():
    # 某某街道办事处（101001）: the code's parentheses looked like an item's number, (1), and the cell
    # read as two paragraphs; an item's number has at most two digits.
    assert cell("某某街道办事", "（101001）", edge=62.0)[0] == "某某街道办事（101001）"
    assert cell("保障正常运转", "（1）培训", edge=62.0)[0] == "保障正常运转\n（1）培训"
