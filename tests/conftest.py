from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "raw" / "2022" / "lunan-613001-2022.txt"
SAMPLE_RELATIVE = "data/raw/2022/lunan-613001-2022.txt"
# Real 部门预算 / 决算 PDFs and what a careful reader wrote down from them (read in place, never copied).
SHARED_FILES = ROOT.parent / "shared" / "samples" / "files"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ for review")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    """A scratch project folder with the sample in data/raw/2022/, as the current directory."""
    raw = tmp_path / "data" / "raw" / "2022"
    raw.mkdir(parents=True)
    shutil.copy(SAMPLE, raw / SAMPLE.name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path
