"""Bytes → blocks, whatever the format: the one entry point over the format readers."""

from __future__ import annotations

from pathlib import Path

from ..blocks import Document
from ..errors import SourceError
from .detect import CONVERTED, detect_format
from .tika_text import read_tika_text


def read_blocks(data: bytes, convert_timeout: float | None = None) -> Document:
    """Detect the format of ``data`` and return the blocks its reader sees.

    ``convert_timeout`` caps a LibreOffice conversion (never above its own cap)."""
    fmt = detect_format(data)
    if fmt == "docx":
        from .docx import read_docx  # noqa: PLC0415 (lxml only when a .docx comes)

        return read_docx(data)
    if fmt == "xlsx":
        from .spreadsheet import read_xlsx  # noqa: PLC0415

        return read_xlsx(data)
    if fmt == "xls":
        from .spreadsheet import read_xls  # noqa: PLC0415

        return read_xls(data)
    if fmt == "ods":
        from .convert import TIMEOUT_SECONDS, to_xlsx  # noqa: PLC0415
        from .spreadsheet import read_xlsx  # noqa: PLC0415

        cap = TIMEOUT_SECONDS if convert_timeout is None else min(TIMEOUT_SECONDS, convert_timeout)
        document = read_xlsx(to_xlsx(data, cap))
        document.source_format = "ods"
        return document
    if fmt == "pdf":
        from .pdf import read_pdf  # noqa: PLC0415

        return read_pdf(data)
    if fmt in CONVERTED:
        from .convert import TIMEOUT_SECONDS, to_docx  # noqa: PLC0415
        from .docx import read_docx  # noqa: PLC0415

        cap = TIMEOUT_SECONDS if convert_timeout is None else min(TIMEOUT_SECONDS, convert_timeout)
        document = read_docx(to_docx(data, fmt, cap))
        document.source_format = fmt
        return document
    return read_tika_text(data)


def read_file(path) -> Document:
    """Read the file at ``path``; errors name the file."""
    try:
        return read_blocks(Path(path).read_bytes())
    except SourceError as err:
        raise err.with_path(str(path)) from None
