"""Tell a file's format by its content, never by its name.

- a zip: a .docx (``word/`` parts), or an OpenDocument text (its ``mimetype`` entry);
- OLE2 (the container of legacy Office files), told apart by its streams as Tika does: an encrypted
  .docx (``EncryptedPackage``), a Word .doc (``WordDocument``; Kingsoft WPS writes the same, with
  its ``KSOProductBuildVer`` property, and that is a .wps), a Works .wps (``MatOST``, or ``CONTENTS``
  with ``SPELLING``);
- RTF (``{\\rtf``), PDF (``%PDF-`` in the first KiB), else text.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath
from typing import Literal

from ..errors import SourceError

Format = Literal["docx", "tika_text", "pdf", "doc", "wps", "rtf", "odt", "xlsx", "xls", "ods"]
# Formats read by converting them to .docx with LibreOffice first.
CONVERTED = ("doc", "wps", "rtf", "odt")
# Spreadsheets: .xlsx and .xls (WPS .et too) read directly, .ods converted to .xlsx by LibreOffice.
SPREADSHEETS = ("xlsx", "xls", "ods")

_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PDF = b"%PDF-"
_RTF = b"{\\rtf"
_ODT = b"application/vnd.oasis.opendocument.text"
_ODS = b"application/vnd.oasis.opendocument.spreadsheet"


# Files that are not documents, told by their names: what they are and what to do.
_NOT_DOCUMENTS = {
    (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".heic"): (
        "an image: scans and pictures are not read",
        "find the .docx, the PDF with a text layer, or run OCR",
    ),
    (".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz"): (
        "an archive this reader does not open (only .zip)",
        "extract it into the folder, or repack it as .zip",
    ),
    (".htm", ".html", ".mht", ".mhtml"): ("a web page", "save the publication's own file (.docx, .pdf)"),
    (".exe", ".dll", ".lnk", ".ini", ".db", ".ds_store", ".tmp", ".bak"): ("not a document", None),
}
_HTML = (b"<!doctype html", b"<html", b"<?xml version")


def skip_reason(name: str) -> tuple[str, str | None] | None:
    """Why a file is no document, by its name alone (a lock file, an image, a .rar), or None."""
    base = name.rsplit("/", 1)[-1]
    if base.startswith("~$"):
        return (
            "an Office lock file (Word writes it while the document is open)",
            "close the document; nothing is lost",
        )
    lower = base.lower()
    return next((why for suffixes, why in _NOT_DOCUMENTS.items() if lower.endswith(suffixes)), None)


# Names that promise a binary document: plain text under one is a placeholder, a failed download or
# a damaged copy, and a refusal says so rather than "not a publication".
_BINARY_NAMES = {
    ".pdf": "PDF",
    ".docx": "Word",
    ".doc": "Word",
    ".wps": "WPS",
    ".odt": "OpenDocument",
    ".xlsx": "Excel",
    ".xls": "Excel",
    ".et": "WPS spreadsheet",
    ".ods": "OpenDocument spreadsheet",
}


def name_contradicted(name: str, data: bytes) -> str | None:
    """What the name promises and the content is not (a .pdf holding plain text), or None."""
    suffix = PurePosixPath(name).suffix.lower()
    kind = _BINARY_NAMES.get(suffix)
    if kind is None or not data.strip():
        return None
    try:
        if detect_format(data) != "tika_text":
            return None
    except SourceError:
        return None
    start = data[:40].decode("utf-8", "replace").split("\n")[0].strip()
    return f"named {suffix} but holds plain text ({start!r}), not a {kind} file"


def detect_format(data: bytes) -> Format:
    """Return the format of ``data`` or raise a SourceError for one we do not read."""
    if not data.strip():
        raise SourceError("empty file", hint="is this the right file?")
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(_HTML) and (b"<html" in data[:4096].lower() or b"<!doctype html" in head):
        raise SourceError(
            "a web page (HTML), whatever its name says",
            hint="download the publication's own file (.docx, .pdf), not the page that links to it",
            outcome="skipped",
        )
    if data.startswith(_ZIP):
        return _zip_format(data)
    if data.startswith(_OLE2):
        return _ole2_format(data)
    if data.lstrip()[:5] == _RTF:
        return "rtf"
    if _PDF in data[:1024]:  # readers accept a PDF header anywhere in the first KiB
        return "pdf"
    return "tika_text"


def _zip_format(data: bytes) -> Format:
    """A zip package: a Word file, a workbook, an OpenDocument text or spreadsheet."""
    # The OpenDocument mimetype entry is stored first and uncompressed.
    if _ODT in data[:200]:
        return "odt"
    if _ODS in data[:200]:
        return "ods"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "mimetype" in names:
                kind = package.read("mimetype").strip()
                return "ods" if kind == _ODS else "odt" if kind == _ODT else "docx"
    except (zipfile.BadZipFile, KeyError, OSError):
        pass  # a corrupt zip is a .docx's problem to report
    return "docx"


def _ole2_format(data: bytes) -> Format:
    streams = _ole2_streams(data)
    if "ENCRYPTEDPACKAGE" in streams:
        raise SourceError(
            "password-protected Office file (an encrypted OLE2 package)",
            hint="remove the password in Word and save it again",
        )
    if "WORKBOOK" in streams or "BOOK" in streams:
        return "xls"  # Excel 97-2003, and WPS 表格 .et
    if "WORDDOCUMENT" in streams:
        return "wps" if b"KSOProductBuildVer" in data or b"K\x00S\x00O\x00P\x00r\x00o\x00d" in data else "doc"
    if "MATOST" in streams or {"CONTENTS", "SPELLING"} <= streams:
        return "wps"
    raise SourceError(
        "unsupported format: an Office binary file that is not a Word or WPS document or a workbook",
        hint="save it as .docx",
    )


def _ole2_streams(data: bytes) -> set[str]:
    """The top-level stream names, upper-cased; from the bytes where olefile cannot parse them."""
    import olefile  # noqa: PLC0415

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            return {entry[0].upper() for entry in ole.listdir(streams=True, storages=True) if entry}
    except Exception:  # a damaged container: look for the names where the directory would hold them
        names = ("WordDocument", "EncryptedPackage", "MatOST", "CONTENTS", "SPELLING", "Workbook")
        return {name.upper() for name in names if name.encode("utf-16-le") in data}
