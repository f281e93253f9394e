"""Issue 17: publications printed to PDF in many ways give the records of their source.

pipeline/synthetic/pdf.py prints a block stream with fpdf2 in a style (page size and orientation,
margins, font size, column widths narrow enough to wrap codes and targets, rows cut by the page
break with or without a rule under them, rows moved whole, repeated headers, merged 一级指标 with
their text at the top or in the middle). Each PDF must give its source's records, whitespace
aside (a printed page shows no spaces inside a wrapped cell).

Sources: the PDF fixtures' Tika text, the sample, generated publications (pipeline.synthetic), the
other families' fixtures and the shared real tables' .docx (read in place). `make test` runs a
fixed sample (16 styles, each on the next source); `make test-pdf` (PDF_SWEEP=all) runs every
source in 40 styles and, where LibreOffice is installed, the Tika-text sources printed by
LibreOffice from a .docx laid out in those styles.
"""

from __future__ import annotations

import os
import random
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from parsers.formats.read import read_blocks
from parsers.formats.tika_text import read_tika_text
from pipeline.plotting import bundled_font_path
from pipeline.schema import POSITION_COLUMNS
from pipeline.synthetic.corpus import _publication
from pipeline.synthetic.docx import docx_from_blocks
from pipeline.synthetic.pdf import PrintStyle, TooNarrow, pdf_from_blocks, styles
from pipeline.synthetic.tika import tika_text
from pipeline.transform import process_file

from .conftest import SAMPLE, SHARED_FILES
from .fixtures.make_libreoffice import convert
from .test_real_tables import squeeze

HERE = Path(__file__).parent
SHARED_REAL = SHARED_FILES.parent / "real"
FULL = os.environ.get("PDF_SWEEP") == "all"
RECORDS = ("projects", "indicators", "spending_plan", "department_goals", "duty_goals", "project_funds")
SOURCE_COLUMNS = {"doc_id", "source_path", "source_format", "encoding", "source_bytes", "ingested_at"}
AT = datetime(2026, 1, 1, tzinfo=UTC)


def _sources() -> dict[str, tuple[str, bytes]]:
    """name → (suffix, bytes): Tika text of the fixtures, the sample and generated publications, the
    other families' fixtures, and the shared real tables as .docx (their grid and merges known)."""
    out = {p.stem: (".txt", p.read_bytes()) for p in sorted((HERE / "fixtures" / "pdf").glob("0*.txt"))}
    out["lunan"] = (".txt", SAMPLE.read_bytes())
    rng = random.Random(2026)
    for n in range(3 if FULL else 1):
        out[f"corpus-{n}"] = (".txt", tika_text(_publication(rng, n)).encode())
    for path in sorted((HERE / "fixtures" / "families").glob("*.txt")):
        out[path.stem] = (".txt", path.read_bytes())
    for path in sorted(SHARED_REAL.glob("*.docx")) if SHARED_REAL.is_dir() else []:
        out[f"real-{path.stem}"] = (".docx", path.read_bytes())
    return out


SOURCES = _sources()
STYLES = styles(40 if FULL else 16)
# The fixed sample: every style once, each on the next source in turn.
CASES = (
    [(s, st) for s in SOURCES for st in STYLES]
    if FULL
    else [(list(SOURCES)[n % len(SOURCES)], st) for n, st in enumerate(STYLES)]
)
# LibreOffice prints a .docx written from Tika text (the grid of a real .docx is not rebuilt).
TEXT_CASES = [(s, st) for s, st in CASES if SOURCES[s][0] == ".txt"]
LIBREOFFICE_CASES = TEXT_CASES if FULL else TEXT_CASES[::4]


def records(name: str, data: bytes) -> dict[str, list[dict]]:
    rows = process_file(name, data, AT)
    drop = SOURCE_COLUMNS | set(POSITION_COLUMNS)
    return {
        table: [{k: squeeze(v) for k, v in row.items() if k not in drop} for row in rows[table]]
        for table in RECORDS
    }


_EXPECTED: dict[str, dict] = {}


def expected(name: str) -> dict[str, list[dict]]:
    if name not in _EXPECTED:
        suffix, data = SOURCES[name]
        _EXPECTED[name] = records(f"{name}{suffix}", data)
    return _EXPECTED[name]


def differences(want: dict, got: dict) -> list[str]:
    out = []
    for table in RECORDS:
        if len(want[table]) != len(got[table]):
            out.append(f"{table}: {len(got[table])} rows, not {len(want[table])}")
            continue
        for n, (a, b) in enumerate(zip(want[table], got[table], strict=True)):
            out += [f"{table}[{n}].{k}: {b.get(k)!r}, not {v!r}" for k, v in a.items() if b.get(k) != v]
    return out


def printed(name: str, style: PrintStyle) -> bytes:
    try:
        return pdf_from_blocks(read_blocks(SOURCES[name][1]).blocks, style, str(bundled_font_path()))
    except TooNarrow as err:  # a wide real table on a narrow page: no writer would print it so
        pytest.skip(f"not printable in this style: {err}")


@pytest.mark.parametrize(("name", "style"), CASES, ids=[f"{n}-{s.name}" for n, s in CASES])
def test_a_publication_printed_by_fpdf2_gives_its_records(name, style):
    want = expected(name)
    assert want["projects"] and want["indicators"]
    diff = differences(want, records(f"{name}.pdf", printed(name, style)))
    assert not diff, "\n".join(diff[:10])


# Cases of the whole sweep that once failed, run by `make test` too (shared real tables).
REGRESSIONS = [
    # 社会效益 指标 filling its narrow cell, 生态效益 指标 alone in the next row: two rows, not one
    ("real-25", "B5P-m31.8-f7.5-w1-j0-grid-keep-open-s876"),
    ("real-25", "B5L-m20-f12-w0.65-j0.6-grid-split-closed-mid-s364"),
    # 总 / 体 / 目 spelled down a narrow cell, 标 on the next page beside the rest of the goals
    ("real-42", "LetterL-m31.8-f12-w0.5-j0.3-grid-split-open-s166"),
    # 总体目 / 标: the goal block's label cut by the break between its captions and their values
    ("real-42", "B5L-m20-f12-w0.65-j0.6-grid-split-closed-mid-s364"),
    # a label merged down into a row cut for sure, printed in the middle of its rows
    ("real-12", "B5L-m31.8-f10.5-w0.65-j0-grid-keep-closed-mid-s987"),
    # 项目效益 / 指标, 社会效益 / 指标: a row cut between the lines of its labels, left unjoined
    ("real-28", "A4L-m15-f9-w0.65-j0.3-grid-split-closed-mid-s627"),
    # 总目标绩效 / 指标: the caption of a block of indicators cut under its header
    ("mof-two-blocks", "LetterL-m31.8-f12-w0.65-j0.3-grid-split-open-s157"),
    # a code and the next field's text end alike by chance (…52 / …52): still one cut row
    ("corpus-1", "A3P-m25.4-f10.5-w0.5-j0.3-grid-split-closed-mid-s53"),
    # 社会公众或服务对象 / 满意度指标: a level-2 name merged over two whole rows, the break between
    # them; its cell alone is left open at the page foot
    ("real-23", "A4P-m20-f10.5-w0.5-j0.6-grid-split-closed-mid-s577"),
    # 实际完 / 成值: header captions merged down two header rows, the break between the rows
    ("real-25", "B5L-m25.4-f9-w0.65-j0.3-grid-keep-open-s531"),
    # a left-aligned title filling the line, the next title under it: two titles
    ("real-42", "LetterP-m31.8-f10.5-w1-j0-grid-split-open-s333"),
    # 财政所工作人员满 / 意度 cut by the break beside the project's name merged down its rows and
    # printed lower than the row's own text: still one row
    ("yunnan-biao14-list", "B5L-m20-f12-w0.65-j0.6-grid-split-closed-mid-s364"),
]


@pytest.mark.skipif(not SHARED_REAL.is_dir(), reason="../shared/samples/real is not here")
@pytest.mark.parametrize(("name", "style_name"), REGRESSIONS, ids=[f"{n}-{s}" for n, s in REGRESSIONS])
def test_a_case_the_sweep_once_failed_gives_its_records(name, style_name):
    style = next(s for s in styles(40) if s.name == style_name)
    if name not in SOURCES:  # corpus-1 is made in the whole sweep only
        rng = random.Random(2026)
        for n in range(int(name.rsplit("-", 1)[1]) + 1):
            SOURCES[f"corpus-{n}"] = (".txt", tika_text(_publication(rng, n)).encode())
    want = expected(name)
    assert want["projects"] and want["indicators"]
    diff = differences(want, records(f"{name}.pdf", printed(name, style)))
    assert not diff, "\n".join(diff[:10])


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
@pytest.mark.parametrize(
    ("name", "style"),
    LIBREOFFICE_CASES,
    ids=[f"{n}-{s.name}" for n, s in LIBREOFFICE_CASES],
)
def test_a_publication_printed_by_libreoffice_gives_its_records(tmp_path, name, style):
    docx = tmp_path / f"{name}.docx"
    blocks = read_tika_text(SOURCES[name][1]).blocks
    docx.write_bytes(docx_from_blocks(blocks, revisions=False, layout=style))
    pdf = convert(shutil.which("soffice"), docx, "pdf", tmp_path, tmp_path).read_bytes()
    diff = differences(expected(name), records(f"{name}.pdf", pdf))
    assert not diff, "\n".join(diff[:10])


def test_the_sweep_fails_on_a_reader_broken_on_purpose(monkeypatch):
    """A reader that no longer joins a row cut by the page break loses fields: the sweep sees it."""
    from parsers.formats import pdf_tables

    name, style = "04-six-pages", PrintStyle(page="B5", split_rows=True, close_at_break=True)
    pdf = printed(name, style)
    assert not differences(expected(name), records(f"{name}.pdf", pdf))
    monkeypatch.setattr(pdf_tables, "_cut", lambda *row: False)
    assert differences(expected(name), records(f"{name}.pdf", pdf))


@pytest.mark.parametrize(
    ("above", "below"),
    [
        ("资金支", "出计划（%）"),
        ("资金支出计划", "（%）"),
        ("资金", "支出计划（%）"),  # the piece below is a plan label by its form alone
        ("", "资金支出计划（%）"),
        ("资金支出计", ""),
    ],
)
def test_a_plan_label_cut_over_its_two_rows_is_one_label(above, below):
    """A page break between the plan's two rows cuts its merged label (the pieces make it again) or
    moves its whole text beside the values (LibreOffice, rows kept whole), or the writer clips it."""
    from dataclasses import replace

    from parsers.blocks import Row, Table
    from parsers.publication import parse_publication

    document = read_tika_text(SOURCES["03-typed-titles"][1])
    blocks = list(document.blocks)
    for n, block in enumerate(blocks):
        if isinstance(block, Table):
            rows = list(block.rows)
            for r, row in enumerate(rows):
                if row.texts[0].startswith("资金支出计划"):
                    rows[r] = Row((replace(row.cells[0], text=above), *row.cells[1:]), row.line)
                    after = rows[r + 1]
                    rows[r + 1] = Row((replace(after.cells[0], text=below), *after.cells[1:]), after.line)
                    break
            blocks[n] = replace(block, rows=tuple(rows))
    want = parse_publication(document).projects
    got = parse_publication(replace(document, blocks=tuple(blocks))).projects
    assert [p.spending for p in got] == [p.spending for p in want] and want[0].spending
    assert any(n.code == "label_rejoined" and n.raw == (above + below) for n in got[0].notes)


def test_a_first_level_name_cut_over_its_rows_is_one_name():
    """产出指 on one page, 标 beside the next indicator row on the next: one 产出指标 for both."""
    from dataclasses import replace

    from parsers.blocks import Row, Table
    from parsers.publication import parse_publication

    document = read_tika_text(SOURCES["02-merged-levels"][1])
    blocks = list(document.blocks)
    for n, block in enumerate(blocks):
        rows = list(block.rows) if isinstance(block, Table) else []
        for r, row in enumerate(rows[:-1]):
            if row.texts[0] == "产出指标" and not rows[r + 1].texts[0]:
                rows[r] = Row((replace(row.cells[0], text="产出指"), *row.cells[1:]), row.line)
                after = rows[r + 1]
                rows[r + 1] = Row((replace(after.cells[0], text="标"), *after.cells[1:]), after.line)
                blocks[n] = replace(block, rows=tuple(rows))
                break
    want = parse_publication(document).projects[0]
    got = parse_publication(replace(document, blocks=tuple(blocks))).projects[0]
    assert [i.level1 for i in got.indicators] == [i.level1 for i in want.indicators]
    assert want.indicators[0].level1 == "产出指标" and want.indicators[1].level1 == "产出指标"
    assert any(n.code == "label_rejoined" and n.raw == "产出指标" for n in got.notes)


def test_a_row_cut_by_a_page_break_and_left_unjoined_goes_on_the_row_above():
    """产出 | 数量 | 补助 | ≥120人 on one page, 指标 | 指标 | 人数 with no target on the next (the
    break between the lines of every cell): one indicator, its names and texts whole."""
    from dataclasses import replace

    from parsers.blocks import Row, Table
    from parsers.publication import parse_publication

    document = read_tika_text(SOURCES["02-merged-levels"][1])
    blocks = list(document.blocks)
    for n, block in enumerate(blocks):
        rows = list(block.rows) if isinstance(block, Table) else []
        at = next(
            (r for r, row in enumerate(rows) if row.texts[:3] == ("产出指标", "数量指标", "补助人数")), None
        )
        if at is not None:
            row = rows[at]
            first = [replace(c, text=t) for c, t in zip(row.cells, ("产出", "数量", "补助"), strict=False)]
            rest = [replace(c, text="") for c in row.cells]
            for c, t in zip(rest, ("指标", "指标", "人数"), strict=False):
                c.text = t
            rows[at : at + 1] = [Row((*first, *row.cells[3:]), row.line), Row(tuple(rest), row.line)]
            blocks[n] = replace(block, rows=tuple(rows))
            break
    want = parse_publication(document).projects[0]
    got = parse_publication(replace(document, blocks=tuple(blocks))).projects[0]
    assert want.indicators[0].level3 == "补助人数" and want.indicators[0].value == "≥120人"
    assert [(i.level1, i.level2, i.level3, i.value) for i in got.indicators] == [
        (i.level1, i.level2, i.level3, i.value) for i in want.indicators
    ]
    assert any(n.code == "label_rejoined" and n.raw == "产出指标 数量指标" for n in got.notes)
