"""Decode extractor text: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (older Tika wrote
the platform charset on Chinese Windows). Line endings LF, CRLF and CR all become LF."""

from __future__ import annotations

import codecs

from ..errors import SourceError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes) -> tuple[str, str]:
    """Return (text with LF line endings, name of the encoding used)."""
    text, encoding = _decode(data)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, encoding


def _decode(data: bytes) -> tuple[str, str]:
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as err:
                raise _undecodable(name, err) from None
    if b"\x00" in data:
        raise SourceError(
            "binary data (NUL bytes), not extracted text",
            hint="give the .docx itself or the text Apache Tika extracts from it",
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            raise _undecodable("utf-8", utf8_error) from None


def _undecodable(name: str, err: UnicodeDecodeError) -> SourceError:
    return SourceError(
        f"cannot decode the text: not {name} nor GB18030 (bad byte at offset {err.start})",
        location=f"byte {err.start}",
        hint="save the text as UTF-8",
    )
