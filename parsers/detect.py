"""Tell a file's format by its content, never by its name."""

from __future__ import annotations

from typing import Literal

from .errors import SourceError

Format = Literal["docx", "tika_text"]

_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PDF = b"%PDF-"
# The stream name an encrypted .docx keeps inside its OLE2 container, as UTF-16LE.
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def detect_format(data: bytes) -> Format:
    """Return the format of ``data`` or raise a SourceError for one we do not read."""
    if not data.strip():
        raise SourceError("empty file", hint="is this the right file?")
    if data.startswith(_ZIP):
        return "docx"
    if data.startswith(_OLE2):
        if _ENCRYPTED_PACKAGE in data:
            raise SourceError(
                "password-protected .docx (an encrypted OLE2 package)",
                hint="remove the password in Word and save it again",
            )
        raise SourceError(
            "unsupported format: legacy Word .doc (OLE2) or another Office binary", hint="convert it to .docx"
        )
    if data.lstrip()[:5] == _PDF:
        raise SourceError("unsupported format: PDF", hint="convert it to .docx")
    return "tika_text"
