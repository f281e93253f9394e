"""Rows over a page break, decided on the cells' shapes and rules alone (no PDF writer needed)."""

from __future__ import annotations

from parsers.blocks import Cell
from parsers.formats.pdf_grid import Grid
from parsers.formats.pdf_tables import Shape, TablePart, append_part

# A cell whose text filled its lines down to the cell's foot: no room for another character.
FULL = Shape(end=2, low=770.0, room=1.0, head=10.5, size=10.5)
WHOLE = Shape(end=0, low=770.0, room=30.0, head=10.5, size=10.5)
TOP = Shape(end=0, low=80.0, room=30.0, head=10.5, size=10.5)


def _part(page: int, xs: list[float], cells: list[tuple[str, int, int, Shape]]) -> TablePart:
    """One row of cells (text, first column, span, shape) on a grid of columns ``xs``."""
    grid = Grid(xs, [60.0, 90.0] if page > 1 else [700.0, 780.0], [], {})
    row = [Cell(text, page, (), span, None, col) for text, col, span, _ in cells]
    return TablePart(grid, page, [row], [[shape for *_, shape in cells]])


def test_a_label_that_fills_its_cell_at_a_page_foot_keeps_the_next_pages_label_out():
    """项目名称 filling a two-character column at the foot of a page, 主管部门 starting a row of
    other columns on the next: two rows, two labels (LibreOffice, rows kept whole)."""
    xs = [50.0, 80.0, 200.0, 230.0, 300.0, 330.0, 400.0]
    table = _part(
        1,
        xs,
        [
            ("项目名称", 0, 1, FULL),
            ("就业援助基地补贴", 1, 1, FULL),
            ("项目性质", 2, 1, FULL),
            ("经常性项目", 3, 1, WHOLE),
            ("项目类别", 4, 1, FULL),
            ("特定目标类", 5, 1, WHOLE),
        ],
    )
    below = [
        ("主管部门", 0, 1, TOP),
        ("上海市某某街道办事处", 1, 1, TOP),
        ("实施单位", 2, 1, TOP),
        ("某某", 3, 1, TOP),
    ]
    append_part(table, _part(2, [50.0, 80.0, 200.0, 300.0, 400.0], below))
    assert [c.text for c in table.rows[0]][:2] == ["项目名称", "就业援助基地补贴"]
    assert [c.text for c in table.rows[1]][:3] == ["主管部门", "上海市某某街道办事处", "实施单位"]


def test_a_name_merged_over_two_whole_rows_left_open_at_the_page_foot_takes_its_rest_back():
    """社会公众或服务对象 with no rule under it at the page foot (the other cells closed), 满意度指标
    in its column on the next page beside the next row's own cells: one name over both rows."""
    xs = [50.0, 120.0, 260.0, 330.0]
    open_foot = Shape(end=2, low=770.0, room=1.0, head=10.5, size=10.5, open_foot=True)
    table = _part(
        1,
        xs,
        [("社会公众或服务对象", 0, 1, open_foot), ("学生家长满意度", 1, 1, WHOLE), ("≥90%", 2, 1, WHOLE)],
    )
    append_part(
        table, _part(2, xs, [("满意度指标", 0, 1, TOP), ("学校满意度", 1, 1, TOP), ("≥90%", 2, 1, TOP)])
    )
    assert [c.text for c in table.rows[0]] == ["社会公众或服务对象满意度指标", "学生家长满意度", "≥90%"]
    assert [(c.text, c.v_merge) for c in table.rows[1]][:2] == [("", "continue"), ("学校满意度", None)]


def test_a_cell_open_at_the_foot_beside_cells_open_too_is_no_merge():
    """Every cell open at the foot is a row cut by the break (or a writer that never closes a page):
    no cell is told apart, nothing is carried by the foot alone."""
    xs = [50.0, 120.0, 260.0, 330.0]
    opened = Shape(end=0, low=700.0, room=30.0, head=10.5, size=10.5, open_foot=True)
    table = _part(1, xs, [("数量指标", 0, 1, opened), ("培训人数", 1, 1, opened), ("≥40人", 2, 1, opened)])
    append_part(table, _part(2, xs, [("质量指标", 0, 1, TOP), ("合格率", 1, 1, TOP), ("≥95%", 2, 1, TOP)]))
    assert [c.text for c in table.rows[1]] == ["质量指标", "合格率", "≥95%"]
