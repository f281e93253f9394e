"""Bad files: one clear error naming the file and what is wrong; the rest of the batch goes on;
what was ingested before stays."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.ingest import ingest
from pipeline.synthetic.tika import Project, Publication, tika_text

from .conftest import SAMPLE, write

GOOD = tika_text(Publication(projects=[Project("70100223A01", "2023运转经费", "1.00", "1.00")]))


def no_table_after_title() -> str:
    # The second project's heading is there, its table is not.
    return GOOD + "[bookmark: _Toc_x]2.2023办公经费绩效目标表\n \n"


def no_value_column() -> str:
    return GOOD.replace("\t指标值\n", "\t备注\n")  # (a column that says it is no target)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty file"),
        (b"\x00\x01binary\x00", "binary data"),
        (b"%PDF-1.4 fake", "damaged PDF"),
        ("随便一段文字\n没有表格\n".encode(), "not a performance-goal publication"),
        (no_table_after_title().encode(), "'2.2023办公经费绩效目标表' has no 绩效目标表 table after it"),
    ],
)
def test_bad_file_error_names_file_and_reason(tmp_path, content, expected):
    raw = tmp_path / "raw" / "2023"
    write(raw / "good.txt", GOOD)
    write(raw / "bad.txt", content)
    summary = ingest([tmp_path / "raw"], tmp_path / "out")
    assert [f.path.rsplit("/", 1)[-1] for f in summary.not_read] == ["bad.txt"]
    error = summary.not_read[0].error
    assert error.startswith(str(raw / "bad.txt")) and expected in error
    documents = pd.read_parquet(tmp_path / "out" / "documents")
    assert list(documents.source_path.str.rsplit("/", n=1).str[-1]) == ["good.txt"]
    findings = pd.read_parquet(tmp_path / "out" / "findings")
    recorded = findings[findings.code.isin(["file_error", "file_refused"])]
    # Text that is no publication is refused (a warning); bytes that cannot be read fail (an error).
    severity = "warning" if summary.not_read[0].outcome == "refused" else "error"
    assert (
        len(recorded) == 1 and recorded.iloc[0].severity == severity and expected in recorded.iloc[0].message
    )


@pytest.mark.parametrize("name", ["bad.pdf", "bad.docx", "bad.xls"])
def test_plain_text_under_a_document_name_is_a_damaged_file_not_a_refused_publication(tmp_path, name):
    """A placeholder left where a PDF should be (a real repository holds a 17-byte 'dummy pdf
    content' .pdf): the error says what the name promised and what the file holds."""
    write(tmp_path / "raw" / "2023" / "good.txt", GOOD)
    write(tmp_path / "raw" / "2023" / name, b"dummy pdf content")
    summary = ingest([tmp_path / "raw"], tmp_path / "out")
    (bad,) = summary.not_read
    assert bad.outcome == "failed"
    suffix = name.rsplit(".", 1)[1]
    assert f"{name}: named .{suffix} but holds plain text ('dummy pdf content')" in bad.error
    assert "get the original file" in bad.error


def test_a_tika_text_that_is_no_publication_under_its_own_name_is_still_refused(tmp_path):
    write(tmp_path / "raw" / "2023" / "notes.txt", "随便一段文字\n没有表格\n")
    (bad,) = ingest([tmp_path / "raw"], tmp_path / "out").not_read
    assert bad.outcome == "refused" and "not a performance-goal publication" in bad.error


def test_error_location_points_into_the_file(tmp_path):
    write(tmp_path / "raw" / "2023" / "bad.txt", no_table_after_title())
    summary = ingest([tmp_path / "raw"], tmp_path / "out")
    line = GOOD.count("\n") + 1
    assert f"bad.txt: line {line}: " in summary.failed[0].error


def test_a_file_that_goes_bad_keeps_its_earlier_rows(tmp_path):
    source = write(tmp_path / "raw" / "2022" / "lunan.txt", SAMPLE.read_bytes())
    ingest([tmp_path / "raw"], tmp_path / "out")
    source.write_bytes(b"")  # truncated by a failed copy
    summary = ingest([tmp_path / "raw"], tmp_path / "out")
    assert summary.failed and "empty file" in summary.failed[0].error
    assert len(pd.read_parquet(tmp_path / "out" / "projects")) == 12
    findings = pd.read_parquet(tmp_path / "out" / "findings")
    assert (findings.code == "file_error").sum() == 1 and (findings.code == "yes_no_placeholder").sum() == 40
    # Fixed again: the error goes, the rows are those of the file now.
    source.write_bytes(SAMPLE.read_bytes())
    summary = ingest([tmp_path / "raw"], tmp_path / "out")
    findings = pd.read_parquet(tmp_path / "out" / "findings")
    assert not summary.failed and (findings.code == "file_error").sum() == 0


def test_exit_codes_and_messages(tmp_path, capsys):
    write(tmp_path / "raw" / "2023" / "good.txt", GOOD)
    assert main(["ingest", str(tmp_path / "raw"), "--out", str(tmp_path / "out")]) == 0
    write(tmp_path / "raw" / "2023" / "bad.txt", b"")
    assert main(["ingest", str(tmp_path / "raw"), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "1 file(s) failing" in err and "bad.txt: empty file" in err
    assert main(["ingest", str(tmp_path / "missing"), "--out", str(tmp_path / "out")]) == 2
    with pytest.raises(SystemExit) as usage:
        main(["ingest", "--no-such-flag"])
    assert usage.value.code == 2


def test_duplicate_files_add_rows_once(tmp_path):
    write(tmp_path / "raw" / "2023" / "a.txt", GOOD)
    write(tmp_path / "raw" / "2023" / "copy-of-a.txt", GOOD)
    summary = ingest([tmp_path / "raw"], tmp_path / "out")
    assert summary.status_counts() == {"new": 1, "duplicate": 1}
    assert len(pd.read_parquet(tmp_path / "out" / "projects")) == 1


def test_a_parser_bug_is_one_failed_file_and_debug_shows_where(tmp_path, monkeypatch, capsys):
    write(tmp_path / "raw" / "2023" / "good.txt", GOOD)
    write(tmp_path / "raw" / "2023" / "also.txt", GOOD.replace("2023运转经费", "2023其他经费"))

    def broken(*args):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr("pipeline.transform.check_publication", broken)
    assert (
        main(["ingest", str(tmp_path / "raw"), "--out", str(tmp_path / "out"), "--jobs", "1", "--debug"]) == 1
    )
    err = capsys.readouterr().err
    assert "internal error ZeroDivisionError: boom" in err and "Traceback (most recent call last)" in err
    assert "in broken" in err


def test_one_unreadable_table_costs_only_itself(tmp_path):
    # The second project's indicator header names its levels and no target column at all.
    text = SAMPLE.read_text(encoding="utf-8")
    first = text.index("\t指标值\n")
    second = text.index("\t指标值\n", first + 1)
    broken = text[:second] + "\t备注\n" + text[second + len("\t指标值\n") :]
    write(tmp_path / "raw" / "2022" / "broken.txt", broken)
    summary = ingest([str(tmp_path / "raw")], str(tmp_path / "out"), jobs=1)
    assert summary.failed == []
    projects = pd.read_parquet(tmp_path / "out" / "projects")
    assert len(projects) == 11  # twelve tables, one unreadable
    findings = pd.read_parquet(tmp_path / "out" / "findings")
    errors = findings[findings.code == "table_unreadable"]
    assert len(errors) == 1 and errors.severity.iloc[0] == "error"
    assert "no 指标值 column in the indicator header" in errors.message.iloc[0]


def test_a_table_without_a_target_column_is_an_error_finding_and_the_rest_lands(tmp_path):
    write(tmp_path / "raw" / "2023" / "x.txt", no_value_column())
    summary = ingest([str(tmp_path / "raw")], str(tmp_path / "out"), jobs=1)
    assert summary.failed == []
    findings = pd.read_parquet(tmp_path / "out" / "findings")
    assert list(findings[findings.severity == "error"].code) == ["table_unreadable"]
    assert len(pd.read_parquet(tmp_path / "out" / "department_goals")) > 0
