"""Spreadsheets (.xlsx, .xls) and .zip packages read into the same records as the .docx and text."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from parsers.blocks import Paragraph, Table
from parsers.errors import SourceError
from parsers.formats.read import read_blocks
from parsers.formats.spreadsheet import display
from pipeline import packages
from pipeline.archive import discover
from pipeline.ingest import ingest
from pipeline.schema import POSITION_COLUMNS

from .conftest import SAMPLE, write
from .workbooks import body_workbook, body_xls

REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "samples" / "real"
needs_real = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/samples/real is not there")


@pytest.mark.parametrize(
    ("value", "fmt", "shown", "exact"),
    [
        (4100000, "#,##0.00", "4,100,000.00", True),
        (4100000, "0.00", "4100000.00", True),
        (4100000.0, "General", "4100000", True),
        (0.95, "0%", "95%", True),
        (0.955, "0%", "96%", False),  # the display hides a digit: said in a note
        (0.9555, "0.00%", "95.55%", True),
        (1234.5, "#,##0", "1,234", False),
        (12, "0", "12", True),
        ("≥95%", "@", "≥95%", True),
        (dt.datetime(2023, 7, 1), "yyyy-mm-dd", "2023-07-01", True),
        (dt.datetime(2023, 7, 1), 'yyyy"年"m"月"d"日"', "2023年7月1日", True),
        (3.5, "0.0_);[Red](0.0)", None, True),  # a format not rendered: the stored value and a note
    ],
)
def test_number_formats_render_as_the_sheet_shows(value, fmt, shown, exact):
    assert display(value, fmt) == (shown, exact)


def _workbook(tmp_path: Path) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "申报表"
    ws["A1"] = "2023年项目支出绩效目标申报表"
    ws["A2"] = "单位：万元"
    for r, row in enumerate(
        (["项目名称", "测试项目", None], ["资金", "合计", None], [None, 0.95, 4100000]), start=5
    ):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(r, c, value)
    ws.merge_cells("B5:C5")
    ws.merge_cells("A6:A7")
    ws["B7"].number_format = "0%"
    ws["C7"].number_format = "#,##0.00"
    ws.row_dimensions[9].hidden = True
    ws["A9"] = "hidden row"
    ws["B9"] = "x"
    hidden = book.create_sheet("底稿")
    hidden["A1"] = "not data"
    hidden.sheet_state = "hidden"
    path = tmp_path / "book.xlsx"
    book.save(path)
    return path.read_bytes()


def test_a_sheet_is_blocks_like_any_other_format(tmp_path):
    document = read_blocks(_workbook(tmp_path))
    assert document.source_format == "xlsx"
    paragraphs = [b.text for b in document.blocks if isinstance(b, Paragraph)]
    assert paragraphs == ["申报表", "2023年项目支出绩效目标申报表", "单位：万元"]
    (table,) = [b for b in document.blocks if isinstance(b, Table)]
    assert [r.texts for r in table.rows] == [
        ("项目名称", "测试项目"),
        ("资金", "合计", ""),
        ("", "95%", "4,100,000.00"),
    ]
    spans = [(c.text, c.grid_span, c.v_merge, c.grid_col) for r in table.rows for c in r.cells]
    assert (
        ("测试项目", 2, None, 1) in spans
        and ("资金", 1, "restart", 0) in spans
        and ("", 1, "continue", 0) in spans
    )
    notes = {(n.code, n.text) for n in document.notes}
    assert ("sheet_hidden", "底稿") in notes and ("row_hidden", "申报表!9") in notes


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"PK\x03\x04" + b"\x00" * 40, "corrupt Office file"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 600,
            "password-protected",
        ),
    ],
)
def test_a_broken_or_encrypted_workbook_gets_a_clear_error(data, expected):
    with pytest.raises(SourceError, match=expected):
        read_blocks(data)


def _rows(out: Path, table: str, name: str) -> pd.DataFrame:
    documents = pd.read_parquet(out / "documents")
    doc = documents[documents.source_path.str.endswith(name)].doc_id.iloc[0]
    rows = pd.read_parquet(out / table)
    rows = rows[rows.doc_id == doc].drop(columns=["doc_id", *POSITION_COLUMNS], errors="ignore")
    return rows.reset_index(drop=True)


@needs_real
@pytest.mark.parametrize("suffix", ["xlsx", "xls"])
@pytest.mark.parametrize("stem", sorted(p.stem for p in REAL.glob("*.json")))
def test_a_real_table_as_a_workbook_gives_the_docx_records(tmp_path, stem, suffix):
    spec = json.loads((REAL / f"{stem}.json").read_text(encoding="utf-8"))
    raw = tmp_path / "raw"
    raw.mkdir()
    (body_workbook if suffix == "xlsx" else body_xls)(spec["body"], raw / f"{stem}.{suffix}")
    write(raw / f"{stem}.docx", (REAL / f"{stem}.docx").read_bytes())
    summary = ingest([raw], tmp_path / "out", jobs=1)
    assert not summary.not_read
    for table in ("projects", "indicators"):
        sheet, word = _rows(tmp_path / "out", table, f".{suffix}"), _rows(tmp_path / "out", table, ".docx")
        assert len(word)
        pd.testing.assert_frame_equal(sheet, word, obj=f"{stem} {table}")


class _GbkName(zipfile.ZipInfo):
    """A member name as Chinese Windows writes it: GBK bytes, no UTF-8 flag."""

    def _encodeFilenameFlags(self):  # noqa: N802 (zipfile's name)
        return self.filename.encode("gbk"), self.flag_bits


def _zip(entries: dict[str, bytes], gbk: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            info = _GbkName(name) if gbk else zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def test_a_zip_of_the_sample_gives_the_samples_records(tmp_path):
    write(tmp_path / "plain" / "lunan.txt", SAMPLE.read_bytes())
    write(
        tmp_path / "zipped" / "package.zip", _zip({"路南/2022年绩效目标.txt": SAMPLE.read_bytes()}, gbk=True)
    )
    ingest([tmp_path / "plain"], tmp_path / "out-plain", jobs=1)
    summary = ingest([tmp_path / "zipped"], tmp_path / "out-zip", jobs=1)
    assert [Path(f.path).relative_to(tmp_path).as_posix() for f in summary.files] == [
        "zipped/package.zip/路南/2022年绩效目标.txt"
    ]
    for table in ("projects", "indicators", "spending_plan"):
        plain = pd.read_parquet(tmp_path / "out-plain" / table).drop(columns=["doc_id"])
        zipped = pd.read_parquet(tmp_path / "out-zip" / table).drop(columns=["doc_id"])
        pd.testing.assert_frame_equal(plain, zipped)


def test_nested_zips_to_depth_two_and_a_changed_member_is_read_again(tmp_path):
    inner = _zip({"b.txt": SAMPLE.read_bytes()})
    package = write(tmp_path / "raw" / "outer.zip", _zip({"inner.zip": inner, "scan.jpg": b"\xff\xd8"}))
    names = [Path(p).relative_to(tmp_path).as_posix() for p in discover([tmp_path / "raw"])]
    assert names == ["raw/outer.zip/inner.zip/b.txt", "raw/outer.zip/scan.jpg"]
    first = ingest([tmp_path / "raw"], tmp_path / "out", jobs=1)
    assert sorted(f.outcome for f in first.files) == ["read", "skipped"]
    changed = SAMPLE.read_text(encoding="utf-8").replace("路南街道", "路北街道").encode()
    package.write_bytes(_zip({"inner.zip": _zip({"b.txt": changed}), "scan.jpg": b"\xff\xd8"}))
    second = ingest([tmp_path / "raw"], tmp_path / "out", jobs=1)
    assert second.status_counts() == {"changed": 1, "unchanged": 1}


def test_zip_bombs_and_damaged_packages_are_refused_with_their_reason(tmp_path):
    bomb = _zip({"huge.txt": b"0" * (8 * 1024 * 1024)})  # inflates about a thousand-fold
    with pytest.raises(packages.PackageError, match="zip bomb"):
        packages.read_member(bomb, "huge.txt")
    write(tmp_path / "raw" / "bomb.zip", bomb)
    write(tmp_path / "raw" / "broken.zip", b"PK\x03\x04 not really")
    summary = ingest([tmp_path / "raw"], tmp_path / "out", jobs=1)
    errors = sorted(f.error for f in summary.failed)
    assert "zip bomb" in errors[0] and "bomb.zip/huge.txt" in errors[0]
    assert "damaged zip package" in errors[1] and "broken.zip" in errors[1]


@needs_real
def test_a_project_library_workbook_is_one_project_and_an_empty_form_a_finding(tmp_path):
    """A 项目库 export prints one project on several sheets: the 申报表 with its indicators, then a
    监控表 with the same head and no indicator rows (not filled in)."""
    from datetime import UTC, datetime

    from pipeline.transform import process_file

    from .workbooks import _lay_out

    body = json.loads((REAL / "12.json").read_text(encoding="utf-8"))["body"]
    empty = [
        item if isinstance(item, str) else {"table": item["table"][: _header_index(item["table"]) + 1]}
        for item in body
    ]
    book = openpyxl.Workbook()
    for n, (title, content) in enumerate(
        (("项目支出绩效目标申报表", body), ("项目支出绩效目标执行监控表", empty))
    ):
        ws = book.active if n == 0 else book.create_sheet()
        ws.title = title

        def merge(r0, c0, r1, c1, ws=ws):
            ws.merge_cells(start_row=r0, start_column=c0, end_row=r1, end_column=c1)

        _lay_out(content, lambda r, c, text, ws=ws: ws.cell(r, c, text), merge)
    book.save(tmp_path / "export.xlsx")
    rows = process_file("export.xlsx", (tmp_path / "export.xlsx").read_bytes(), datetime.now(UTC))
    assert len(rows["projects"]) == 1 and len(rows["indicators"]) == 16
    assert [f["code"] for f in rows["findings"]].count("empty_form") == 1


def _header_index(rows: list) -> int:
    texts = [[c if isinstance(c, str) else c["text"] for c in row] for row in rows]
    return next(i for i, row in enumerate(texts) if "三级指标" in row)
