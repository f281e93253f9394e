"""Generality, tested: each fixture mutated as the next province would print it must give the original
records, or the original records plus a finding. Silence fails.

The fixtures are the Hebei sample and the real tables of other layouts (../shared/samples/real, read
in place), as Tika text. The mutations: labels renamed to synonyms and to prefixed forms no fixture
has (年度(/项目)指标值, 预期指标值, *指标值, 项目(专项)名称), head and column labels as other provinces spell
them (主管单位, 项目承担单位, 项目编号, 一级指标名称, 指标描述, 指标值设定依据 …), a full-width space inside a label, a unit in the
target header, an unknown column, two columns swapped, a budget table appended, and one table of a
many-project file broken; and header cells under words no layout declares, read by their place and
their cells (考核指标 for 三级指标, 标准值 for 指标值, 指标类别 for 一级指标, 指标分类 for 二级指标). A
reader broken on purpose (no roles from the domain's forms, nothing read by content) fails it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from parsers.errors import SourceError
from pipeline.transform import process_file

from .conftest import SAMPLE

REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "samples" / "real"
FAMILIES = Path(__file__).parent / "fixtures" / "families"
FIXTURES = {
    "lunan": SAMPLE,
    **{p.stem: p for p in sorted(REAL.glob("*.txt"))},
    **{p.stem: p for p in sorted(FAMILIES.glob("*.txt"))},
}
AT = datetime(2026, 1, 1, tzinfo=UTC)
PROJECT_FIELDS = (
    "project_name",
    "project_code",
    "budget_yuan",
    "fiscal_funds_yuan",
    "other_funds_yuan",
    "department",
    "implementing_unit",
    "performance_goal",
)
INDICATOR_FIELDS = (
    "project_seq",
    "level1",
    "level2",
    "level3",
    "value_raw",
    "value_kind",
    "comparator",
    "value",
    "unit",
)
# (a required field's star before a label, as Hunan's exports print it: *指标值, *三级指标)
_TARGET_CELL = re.compile(r"^\t\*?(?:年度|当年度)?(?:指标值|目标值)$", re.M)
_LEVEL3 = re.compile(r"^\t\*?(?:三级指标|指标名称|指标内容|三级绩效指标)$")
_LEVEL_OR_TARGET = re.compile(r"^\t(?:[一二三]级指标|.*指标值|.*目标值)$")


def records(text: str) -> tuple[list, list, set[str]]:
    """What a reader gives of ``text``: projects, indicators and the finding codes."""
    rows = process_file("mutant.txt", text.encode("utf-8"), AT)
    projects = [tuple(p[f] for f in PROJECT_FIELDS) for p in rows["projects"]]
    indicators = [tuple(i[f] for f in INDICATOR_FIELDS) for i in rows["indicators"]]
    return projects, indicators, {f["code"] for f in rows["findings"]}


# --- mutations: text → text, or None where the fixture has nothing to mutate -----------------------


def _rename_target(new: str):
    def mutate(text: str) -> str | None:
        return _TARGET_CELL.sub(f"\t{new}", text) if _TARGET_CELL.search(text) else None

    return mutate


def _rename_name_label(new: str):
    def mutate(text: str) -> str | None:
        return text.replace("\t项目名称\n", f"\t{new}\n") if "\t项目名称\n" in text else None

    return mutate


# Spellings of other provinces for labels the fixtures print (each found losing a field once).
OTHER_SPELLINGS = {
    "主管部门": "主管单位",
    "实施单位": "项目承担单位",
    "项目编码": "项目编号",
    "一级指标": "一级指标名称",
    "二级指标": "二级指标名称",
    "绩效指标描述": "指标描述",
    "指标值确定依据": "指标值设定依据",
    "项目总目标": "项目中长期目标",
    "其中：财政拨款": "其中：财政性资金",
    "其他资金": "其它资金",
}


def _other_spellings(text: str) -> str | None:
    mutated = text
    for label, spelling in OTHER_SPELLINGS.items():
        mutated = mutated.replace(f"\t{label}\n", f"\t{spelling}\n")
    return mutated if mutated != text else None


def _full_width_space(text: str) -> str | None:
    return text.replace("\t三级指标\n", "\t三级\u3000指标\n") if "\t三级指标\n" in text else None


def _wrapped_level_names(text: str) -> str | None:
    """Level names wrapped in their cells, as captures print them (项目完成 / 指标): one category."""
    mutated = text
    for name in (
        "产出指标",
        "效益指标",
        "满意度指标",
        "数量指标",
        "质量指标",
        "社会效益指标",
        "服务对象满意度指标",
    ):
        half = len(name) // 2
        mutated = mutated.replace(f"\t{name}\n", f"\t{name[:half]}\n{name[half:]}\n")
    return mutated if mutated != text else None


def _spaced_labels(text: str) -> str | None:
    """Labels spaced out to fill their cells (项 目 名 称, 指 标 值), as forms typed for print align them."""
    mutated = text
    for label in ("项目名称", "主管部门", "实施单位", "一级指标", "二级指标", "三级指标", "指标值"):
        mutated = mutated.replace(f"\t{label}\n", "\t" + " ".join(label) + "\n")
    return mutated if mutated != text else None


def _star_labels(text: str) -> str | None:
    return text.replace("\t一级指标\n", "\t*一级指标\n").replace("\t三级指标\n", "\t*三级指标\n")


def _table_rows(lines: list[str]) -> list[tuple[int, int]]:
    """(first, end) line ranges of the table rows: TAB lines ended by an empty line."""
    rows, start = [], None
    for n, line in enumerate(lines):
        if line.startswith("\t") and start is None:
            start = n
        elif not line and start is not None:
            rows.append((start, n))
            start = None
        elif not line.startswith("\t"):
            start = None
    return rows


def _header_rows(lines: list[str], rows) -> list[int]:
    """The indicator header rows: a third-level column and a target column."""
    return [
        i
        for i, (a, b) in enumerate(rows)
        if any(_TARGET_CELL.match(x) for x in lines[a:b]) and any(_LEVEL3.match(x) for x in lines[a:b])
    ]


def _unknown_column(text: str) -> str | None:
    """A 责任科室 column after the last one of every indicator table: header and full rows.

    Over a two-row header (年度指标值 | 实际完成值 captions above the split cells) the new column's
    label stands in the caption row and spans down, as Word merges it: an empty cell below."""
    lines = text.split("\n")
    rows = _table_rows(lines)
    headers = _header_rows(lines, rows)
    if not headers:
        return None
    inserts = []
    for h in headers:
        a, b = rows[h]
        width = b - a
        above = rows[h - 1] if h and rows[h - 1][1] + 1 == a else None
        if above and any("指标值" in x for x in lines[above[0] : above[1]]):
            inserts += [(above[1], "\t责任科室"), (b, "\t")]
        else:
            inserts.append((b, "\t责任科室"))
        for a2, b2 in rows[h + 1 :]:
            if b2 - a2 != width:
                break
            inserts.append((b2, "\t办公室"))
    for position, cell in sorted(inserts, reverse=True):
        lines.insert(position, cell)
    return "\n".join(lines)


def _page_break_with_header_again(text: str) -> str | None:
    """The first indicator table cut by a page break after its second indicator row, its header
    printed again over the next page (as a PDF or a capture of a long table gives it): the rows
    below go on under the same levels, the cells a merge carried over the break left empty."""
    lines = text.split("\n")
    rows = _table_rows(lines)
    headers = _header_rows(lines, rows)
    if not headers or headers[0] + 3 >= len(rows):
        return None
    h = headers[0]
    a, b = rows[h]
    cut = rows[h + 2][1] + 1  # after the second indicator row's end
    if rows[h + 3][0] != cut or b + 1 != rows[h + 1][0]:
        return None  # (not one table there)
    return "\n".join([*lines[:cut], "", *lines[a:b], "", *lines[cut:]])


def _swap_columns(text: str) -> str | None:
    """The target and the column after it swapped, in the header and in every row of its table.

    A row with fewer cells (cells merged across at its left) is aligned on its right end."""
    lines = text.split("\n")
    rows = _table_rows(lines)
    headers = _header_rows(lines, rows)
    if not headers:
        return None
    for h in headers:
        a, b = rows[h]
        width = b - a
        k = next(i for i in range(a, b) if _TARGET_CELL.match(lines[i])) - a
        if k + 1 >= width:
            return None
        if _LEVEL_OR_TARGET.match(lines[a + k + 1]):
            return None  # a second group of levels follows: no column of this one to swap with
        from_right = width - k - 1  # cells after the target, counted from the row's end
        end = a - 1
        for a2, b2 in rows[h:]:
            if a2 != end + 1 or (a2 > a and (b2 - a2 < from_right + 1 or b2 - a2 > width)):
                break  # the table ended (a paragraph between), or a row that is not an indicator row
            end = b2
            i = b2 - 1 - from_right
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
    return "\n".join(lines)


def _rename_cell(label: str, new: str):
    """A header cell under a word no layout declares: read by what its cells hold."""

    def mutate(text: str) -> str | None:
        mutated = text.replace(f"\t{label}\n", f"\t{new}\n").replace(f"\t*{label}\n", f"\t{new}\n")
        return mutated if mutated != text else None

    return mutate


def _rename_level3(new: str):
    """The third level's header cell under another word (考核指标): read by its place."""

    def mutate(text: str) -> str | None:
        lines = text.split("\n")
        rows = _table_rows(lines)
        changed = False
        for h in _header_rows(lines, rows):
            a, b = rows[h]
            levels = False  # (a third level stands after the levels it belongs to, before its target)
            for i in range(a, b):
                if re.match(r"^\t\*?[一二]级指标$", lines[i]):
                    levels = True
                elif _TARGET_CELL.match(lines[i]):
                    levels = False
                elif _LEVEL3.match(lines[i]) and levels:
                    lines[i], changed, levels = f"\t{new}", True, False
        return "\n".join(lines) if changed else None

    return mutate


BUDGET_TABLE = (
    "\n一般公共预算支出预算表\n单位：万元\n\t科目编码\n\t科目名称\n\t金额\n\n\t\n\t合计\n\t12.34\n\n"
    "\t221\n\t住房保障支出\n\t12.34\n\n"
)


def _budget_table_appended(text: str) -> str:
    return text + BUDGET_TABLE


MUTATIONS = {
    "target 年度(/项目)指标值": _rename_target("年度(/项目)指标值"),
    "target 预期指标值": _rename_target("预期指标值"),
    "target *指标值": _rename_target("*指标值"),
    "target 计划目标值": _rename_target("计划目标值"),
    "name 项目(专项)名称": _rename_name_label("项目(专项)名称"),
    "name 专项资金名称": _rename_name_label("专项资金名称"),
    "name 项目 名称": _rename_name_label("项目\u3000名称"),
    "labels of other provinces": _other_spellings,
    "full-width space in 三级指标": _full_width_space,
    "* before the levels": _star_labels,
    "level names wrapped in their cells": _wrapped_level_names,
    "labels spaced out": _spaced_labels,
    "page break, the header again": _page_break_with_header_again,
    "unknown column 责任科室": _unknown_column,
    "target and next column swapped": _swap_columns,
    "budget table appended": _budget_table_appended,
    "third level 考核指标": _rename_level3("考核指标"),
    "first level 指标类别": _rename_cell("一级指标", "指标类别"),
    "second level 指标分类": _rename_cell("二级指标", "指标分类"),
    "target 标准值": _rename_target("标准值"),
}
# Mutants that may add rows of their own kind or a finding, never change or lose a record.
# (a target read by its cells: the layout its label would have named is not identified either)
ADDS_FINDING = {
    "unknown column 责任科室": {"indicator_column_unread"},
    "target 标准值": {"target_by_content", "layout_unmatched"},
}


CASES = [(f, m) for f in FIXTURES for m in MUTATIONS]


@pytest.fixture(scope="module")
def originals():
    return {name: records(path.read_text(encoding="utf-8")) for name, path in FIXTURES.items()}


@pytest.mark.parametrize(("fixture", "mutation"), CASES)
def test_mutant_gives_the_original_records(originals, fixture, mutation):
    text = FIXTURES[fixture].read_text(encoding="utf-8")
    mutant = MUTATIONS[mutation](text)
    if mutant is None or mutant == text:
        pytest.skip("nothing to mutate in this fixture")
    projects, indicators, codes = records(mutant)
    want_projects, want_indicators, want_codes = originals[fixture]
    if mutation == "target and next column swapped":  # a split target's cells join in print order
        indicators, want_indicators = _tokens(indicators), _tokens(want_indicators)
    assert projects == want_projects
    assert indicators == want_indicators
    new = codes - want_codes
    assert new <= ADDS_FINDING.get(mutation, set()), new
    if mutation == "unknown column 责任科室":
        assert "indicator_column_unread" in codes  # the column is named, its cells kept in remark
    if mutation == "budget table appended":
        rows = process_file("mutant.txt", mutant.encode("utf-8"), AT)
        assert [r["amount_raw"] for r in rows["budget_lines"]] == ["12.34", "12.34"]


def _tokens(indicators: list[tuple]) -> list[tuple]:
    at = INDICATOR_FIELDS.index("value_raw")
    return [(*i[:at], sorted((i[at] or "").split()), *i[at + 1 :]) for i in indicators]


def test_a_unit_in_the_target_header_keeps_printed_targets_and_reads_bare_numbers_in_it():
    text = FIXTURES["lunan"].read_text(encoding="utf-8")
    _, original, _ = records(text)
    _, mutant, codes = records(_rename_target("指标值（%）")(text))
    assert [i[:5] for i in mutant] == [i[:5] for i in original]  # every row, every printed target
    for before, after in zip(original, mutant, strict=True):
        if before[-1] in (None, "%"):  # bare numbers now read in %, percentages unchanged
            assert after[-1] == "%" or after[5] != "quantity"
        else:
            assert after == before
    assert "value_unit_header_conflict" in codes  # 40人 under a header in %


def test_one_broken_table_of_a_many_project_file_costs_only_its_project():
    text = FIXTURES["lunan"].read_text(encoding="utf-8")
    projects, indicators, _ = records(text)
    first = text.index("\t指标值\n")
    second = text.index("\t指标值\n", first + 1)
    mutant = text[:second] + "\t备注\n" + text[second + len("\t指标值\n") :]  # no target left
    got_projects, got_indicators, codes = records(mutant)
    assert "table_unreadable" in codes
    assert got_projects == [p for n, p in enumerate(projects) if n != 1]
    assert {i[1:] for i in got_indicators} <= {i[1:] for i in indicators}
    assert len(got_indicators) == len([i for i in indicators if i[0] != 2])


def test_the_harness_catches_a_reader_broken_on_purpose(monkeypatch):
    """Without the roles read from the domain's forms (and no column read by its cells), prefixed
    target labels lose the file."""
    import parsers.layouts.forms as forms
    import parsers.layouts.indicators as indicators
    import parsers.layouts.segments as segments

    def clear():  # what the forms decided is cached: the broken reader must not see it, nor leave it
        forms.column_role.cache_clear()
        forms.header_role.cache_clear()
        segments._spellings_of.cache_clear()
        segments._spelled.cache_clear()
        segments._header_spellings.cache_clear()

    import parsers.layouts.reader as reader

    monkeypatch.setattr(forms, "COLUMN_FORMS", ())
    monkeypatch.setattr(reader, "target_by_content", lambda header, rows: None)
    monkeypatch.setattr(indicators, "_ROLE_MAPS", {})
    clear()
    try:
        text = FIXTURES["lunan"].read_text(encoding="utf-8")
        mutant = _rename_target("年度(/项目)指标值")(text)
        try:
            projects, indicators_, _ = records(mutant)
        except SourceError:
            projects, indicators_ = [], []
    finally:
        clear()
    assert not projects or len(indicators_) < 108  # the harness would fail on this reader


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/samples/real is not there")
def test_the_fixtures_are_there():
    assert len(FIXTURES) >= 10 and len(CASES) >= 100
    assert Decimal(1)  # the module reads Decimal values from records
