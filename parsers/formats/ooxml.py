"""Reading an untrusted Office Open XML package safely: capped zip reads, one hardened XML parser.

A .docx is a zip anyone can craft. Parts are read only up to a size cap and a compression-ratio cap
(a zip bomb is refused before it is inflated), and XML is parsed with entity resolution, DTD loading
and network access off; a part that declares a DOCTYPE is refused outright, since Word never writes
one (no XXE, no billion laughs) — checked on the parsed tree, so that no comment before it and no
UTF-16 encoding hides it.

Parts are found through the package relationships (``_rels/.rels``, then the main part's own), as
Word finds them. Strict Open XML (ISO/IEC 29500 strict, Word's "Strict Open XML Document") differs
from the usual transitional form in its namespaces; it is read by mapping them to transitional ones.
"""

from __future__ import annotations

import io
import posixpath
import zipfile

from lxml import etree

from ..errors import SourceError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}

# Uncompressed. A 1,000-page publication's document.xml is about 20 MB; parsing takes roughly 15-20
# times the part's size in memory, so this cap bounds a worker near 1 GB.
MAX_PART_BYTES = 48 * 1024 * 1024
MAX_RATIO = 200  # XML compresses 5-30×; bombs compress thousands of times
RATIO_FLOOR_BYTES = 1024 * 1024  # small parts may compress as they like
_CHUNK = 1024 * 1024

_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)


# Strict namespace → transitional namespace (only those the reader looks at).
STRICT_NAMESPACES = {
    b"http://purl.oclc.org/ooxml/wordprocessingml/main": W.encode(),
    b"http://purl.oclc.org/ooxml/officeDocument/relationships": (
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    ),
}
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_DEFAULT_MAIN = "word/document.xml"


def open_package(data: bytes) -> zipfile.ZipFile:
    """Open ``data`` as a zip, or raise a SourceError saying why it is not a usable one."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise SourceError(
            "truncated or corrupt Office file (not a readable zip archive)",
            hint="download or copy the file again",
        ) from None


def read_part(package: zipfile.ZipFile, name: str, required: bool = True) -> bytes | None:
    """The bytes of part ``name``, within the size and ratio caps."""
    try:
        info = package.getinfo(name)
    except KeyError:
        if required:
            raise SourceError(
                f"zip archive without {name}: not a Word document",
                hint="is it another kind of Office file? save it as .docx",
            ) from None
        return None
    _check_caps(info)
    try:
        with package.open(info) as part:
            return _bounded_read(part, info)
    except (zipfile.BadZipFile, EOFError, OSError, RuntimeError) as err:
        raise SourceError(
            f"corrupt part {name} in the .docx ({err})", hint="download or copy the file again"
        ) from None


def parse_xml(data: bytes, name: str) -> etree._Element:
    """Parse one XML part with the hardened parser (strict namespaces read as transitional)."""
    if b"<!DOCTYPE" in data[:4096].upper():
        raise _doctype(name)
    if b"purl.oclc.org/ooxml" in data:
        for strict, transitional in STRICT_NAMESPACES.items():
            data = data.replace(strict, transitional)
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as err:
        raise SourceError(
            f"{name} is not well-formed XML ({err})",
            location=name,
            hint="the file is damaged; open and save it again in Word",
        ) from None
    if root.getroottree().docinfo.doctype:
        raise _doctype(name)
    return root


def _doctype(name: str) -> SourceError:
    return SourceError(
        f"{name} declares a DOCTYPE; refused (entity expansion is not allowed)",
        hint="this is not a file Word wrote",
    )


def main_part(package: zipfile.ZipFile) -> str:
    """The name of the main document part, as ``_rels/.rels`` gives it (Word's name otherwise)."""
    return _relationship(package, "_rels/.rels", "", "officeDocument") or _DEFAULT_MAIN


def related_part(package: zipfile.ZipFile, source: str, kind: str) -> str | None:
    """The part that ``source`` relates to as ``kind`` (numbering, styles …), if any."""
    folder, name = posixpath.split(source)
    return _relationship(package, posixpath.join(folder, "_rels", f"{name}.rels"), folder, kind)


def _relationship(package: zipfile.ZipFile, rels: str, folder: str, kind: str) -> str | None:
    data = read_part(package, rels, required=False)
    if not data:
        return None
    for relationship in parse_xml(data, rels).iter(_RELS):
        if (relationship.get("Type") or "").rsplit("/", 1)[-1] != kind:
            continue
        if relationship.get("TargetMode") == "External":
            continue
        target = relationship.get("Target") or ""
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        return posixpath.normpath(path)
    return None


def _check_caps(info: zipfile.ZipInfo) -> None:
    if info.flag_bits & 0x1:
        raise SourceError("encrypted zip entry in the .docx", hint="remove the password and save it again")
    if info.file_size > MAX_PART_BYTES:
        raise SourceError(
            f"{info.filename} would inflate to {info.file_size:,} bytes (cap {MAX_PART_BYTES:,})",
            hint="refused as a possible zip bomb",
        )
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > RATIO_FLOOR_BYTES and ratio > MAX_RATIO:
        raise SourceError(
            f"{info.filename} compresses {ratio:,.0f}:1 (cap {MAX_RATIO}:1)",
            hint="refused as a possible zip bomb",
        )


def _bounded_read(part, info: zipfile.ZipInfo) -> bytes:
    """Read no more than the declared size, whatever the stream would yield."""
    chunks, total = [], 0
    while chunk := part.read(_CHUNK):
        total += len(chunk)
        if total > info.file_size or total > MAX_PART_BYTES:
            raise SourceError(
                f"{info.filename} inflates beyond its declared size", hint="refused as a possible zip bomb"
            )
        chunks.append(chunk)
    return b"".join(chunks)
