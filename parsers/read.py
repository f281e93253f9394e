"""Bytes → blocks, whatever the format: the one entry point over the format readers."""

from __future__ import annotations

from pathlib import Path

from .blocks import Document
from .detect import detect_format
from .errors import SourceError
from .tika_text import read_tika_text


def read_blocks(data: bytes) -> Document:
    """Detect the format of ``data`` and return the blocks its reader sees."""
    fmt = detect_format(data)
    if fmt == "docx":
        from .docx import read_docx  # noqa: PLC0415 (lxml only when a .docx comes)

        return read_docx(data)
    return read_tika_text(data)


def read_file(path) -> Document:
    """Read the file at ``path``; errors name the file."""
    try:
        return read_blocks(Path(path).read_bytes())
    except SourceError as err:
        raise err.with_path(str(path)) from None
