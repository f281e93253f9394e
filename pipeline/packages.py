"""Sources inside .zip packages: each member is a source of its own, ``package.zip/member.docx``.

Chinese Windows writes member names in GBK without the zip's UTF-8 flag: such names are decoded as
GBK (as the archive tools of that system show them). Zips inside a zip are opened too, to a depth of
2. The caps that guard a .docx guard a package: members, inflated size per member and in all, and
the compression ratio (a zip bomb is refused, not inflated).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

MAX_DEPTH = 2
MAX_MEMBERS = 10_000
MAX_MEMBER_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
MAX_RATIO = 200  # inflated / compressed, for members over 1 MiB
_RATIO_FLOOR = 1024 * 1024
_UTF8_FLAG = 0x800


class PackageError(Exception):
    """A package that cannot be opened, or one over a cap."""


def is_package(path: str | Path) -> bool:
    return str(path).lower().endswith(".zip")


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its writer meant it: GBK where the UTF-8 flag is off and it decodes."""
    if info.flag_bits & _UTF8_FLAG:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def members(data: bytes, depth: int = 1) -> list[str]:
    """The sources a package holds, nested packages opened (``inner.zip/x.docx``); raises
    PackageError for a damaged one or one over a cap."""
    found: list[str] = []
    for info, name in _entries(data):
        if is_package(name) and depth < MAX_DEPTH:
            inner = _read(data, info)
            try:
                found += [f"{name}/{m}" for m in members(inner, depth + 1)]
            except PackageError:
                found.append(name)  # read as a source of its own: its error names it
        else:
            found.append(name)
    return found


def read_member(data: bytes, inner_path: str) -> bytes:
    """The bytes of ``inner_path`` (``a.docx`` or ``inner.zip/a.docx``) in the package ``data``."""
    entries = {name: info for info, name in _entries(data)}
    if inner_path in entries:
        return _read(data, entries[inner_path])
    for name, info in entries.items():
        if is_package(name) and inner_path.startswith(name + "/"):
            return read_member(_read(data, info), inner_path[len(name) + 1 :])
    raise PackageError(f"no member {inner_path} in the package")


def split_source(path: str) -> tuple[str, str] | None:
    """``data/raw/p.zip/a/b.docx`` → (``data/raw/p.zip``, ``a/b.docx``) where a package holds the
    source; None for a plain file."""
    parts = path.split("/")
    for n in range(1, len(parts)):
        head = "/".join(parts[:n])
        if is_package(head) and Path(head).is_file():
            return head, "/".join(parts[n:])
    return None


def read_source(path: str) -> bytes:
    """A source's bytes, whether a file or a member of a package."""
    inside = split_source(path)
    if inside is None:
        return Path(path).read_bytes()
    package, member = inside
    return read_member(Path(package).read_bytes(), member)


def _entries(data: bytes) -> list[tuple[zipfile.ZipInfo, str]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise PackageError(f"damaged zip package ({err})") from None
    infos = [i for i in archive.infolist() if not i.is_dir()]
    if len(infos) > MAX_MEMBERS:
        raise PackageError(f"{len(infos):,} members is over the cap of {MAX_MEMBERS:,}")
    if sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
        raise PackageError(f"inflates to over {MAX_TOTAL_BYTES:,} bytes (a zip bomb?)")
    entries = []
    for info in infos:
        name = member_name(info)
        base = name.rsplit("/", 1)[-1]
        if name.startswith("__MACOSX/") or base.startswith("."):
            continue  # resource forks and hidden files of the packer's system
        entries.append((info, name))
    return entries


def _read(data: bytes, info: zipfile.ZipInfo) -> bytes:
    if info.file_size > MAX_MEMBER_BYTES:
        raise PackageError(f"{member_name(info)} inflates to {info.file_size:,} bytes, over the cap")
    if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise PackageError(
            f"{member_name(info)} inflates {info.file_size // max(info.compress_size, 1)}-fold (a zip bomb?)"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(info) as handle:
            content = handle.read(MAX_MEMBER_BYTES + 1)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as err:
        raise PackageError(f"cannot read {member_name(info)} ({err})") from None  # encrypted, damaged
    if len(content) > MAX_MEMBER_BYTES:
        raise PackageError(f"{member_name(info)} inflates past the cap")
    return content
