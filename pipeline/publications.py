"""One publication, one primary document: which documents say the same, and which of them counts.

Two documents are one publication when they say the same: the same content (``content_fingerprint``:
projects, indicators, budget lines), or the same unit, year, project names and amounts and budget
lines (``publication_key``) — a PDF with one misread cell is still the .docx it was printed from.
Documents with nothing named (no named project, no budget line) link to nothing: empty pages of
unrelated files look alike. Each publication's primary is the document an analyst would open first:
the .docx, then the Word or WPS original, then a spreadsheet, the Tika text, the PDF; among equals a
file not named as a copy (副本, copy, (1)), then the earliest ingested, then the path. Decided over
the whole dataset on every run, so neither the links nor the primary depend on the run history.
"""

from __future__ import annotations

from collections import defaultdict

from .archive import is_copy
from .findings import finding
from .transform import finding_row

# Lower first: what an analyst opens first.
FORMAT_RANK = {"docx": 0, "doc": 1, "wps": 1, "rtf": 1, "odt": 1, "xlsx": 2, "xls": 2, "et": 2, "ods": 2}
_TEXT_RANK, _PDF_RANK, _OTHER_RANK = 3, 4, 5


def _rank(doc: dict) -> tuple:
    fmt = doc["source_format"]
    rank = FORMAT_RANK.get(
        fmt, _TEXT_RANK if fmt == "tika_text" else _PDF_RANK if fmt == "pdf" else _OTHER_RANK
    )
    return (rank, is_copy(doc["source_path"]), doc["ingested_at"], doc["source_path"])


def assign(documents: list[dict]) -> list[dict]:
    """Set ``publication_id`` and ``is_primary`` on every document row; return the same_publication
    findings that link them, one per document that has a twin."""
    parent = {doc["doc_id"]: doc["doc_id"] for doc in documents}

    def root(doc_id: str) -> str:
        while parent[doc_id] != doc_id:
            parent[doc_id] = parent[parent[doc_id]]
            doc_id = parent[doc_id]
        return doc_id

    for key in ("content_fingerprint", "publication_key"):
        first: dict[str, str] = {}
        for doc in documents:
            value = doc.get(key)
            if value:
                if value in first:
                    parent[root(doc["doc_id"])] = root(first[value])
                else:
                    first[value] = doc["doc_id"]
    groups: dict[str, list[dict]] = defaultdict(list)
    for doc in documents:
        groups[root(doc["doc_id"])].append(doc)
    rows = []
    for members in groups.values():
        members.sort(key=_rank)
        primary = members[0]
        publication = (
            primary.get("publication_key") or primary.get("content_fingerprint") or primary["doc_id"]
        )
        for doc in members:
            doc["publication_id"] = publication[:16]
            doc["is_primary"] = doc is primary
        if len(members) > 1:
            rows += [_link(doc, members) for doc in members]
    return rows


def _link(doc: dict, members: list[dict]) -> dict:
    others = [m for m in members if m is not doc]
    differs = [m["source_path"] for m in others if m["content_fingerprint"] != doc["content_fingerprint"]]
    detail = ""
    if differs:
        detail = f"; the indicators or texts differ from {', '.join(differs)} (a misread cell?)"
    primary = next(m for m in members if m["is_primary"])
    role = "this is the primary document" if doc is primary else f"counted once, as {primary['source_path']}"
    note = finding(
        "same_publication",
        location=doc["source_path"],
        other=", ".join(m["source_path"] for m in others),
        role=role,
        detail=detail,
    )
    return finding_row(note, doc["doc_id"], doc["fiscal_year"], doc["source_path"])
