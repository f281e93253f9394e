"""Split the block stream into sections at headings.

A heading is a paragraph with a structural bookmark, a part heading (``第二部分``), one of the known
part-1 headings, or the title of a 绩效目标表. Every block lands in exactly one section.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import labels as L
from .blocks import Block, Paragraph, Table
from .layouts.segments import is_title
from .records import Section

# Headings are short; a long bookmarked paragraph is body text that happens to hold a bookmark.
_HEADING_MAX_CHARS = 80
_PART1_HEADINGS = (L.OVERALL_HEADING, L.ITEMS_HEADING, L.MEASURES_HEADING)


@dataclass(frozen=True, slots=True)
class Span:
    """A heading (None for text before the first one) and the blocks up to the next heading."""

    heading: Paragraph | None
    blocks: tuple[Block, ...]


def is_table_title(block: Block) -> bool:
    """True for a paragraph titling a project's table: ``1.2022车辆保险费绩效目标表``."""
    return is_title(block)


def part1_heading(block: Block) -> str | None:
    """Which part-1 heading ``block`` is (总体绩效目标, 分项绩效目标, 工作保障措施), if any."""
    if not isinstance(block, Paragraph) or len(block.text) > _HEADING_MAX_CHARS:
        return None
    if "标" not in block.text and "施" not in block.text:  # cheap test (目标, 措施) before the regex
        return None
    folded = L.canon(L.strip_number(block.text)[1])
    return next((h for h in _PART1_HEADINGS if folded.endswith(h)), None)


def is_heading(block: Block) -> bool:
    if not isinstance(block, Paragraph) or block.role != "body" or block.is_blank:
        return False
    if len(block.text) > _HEADING_MAX_CHARS:
        return False
    if block.bookmarks and any(L.is_structural_bookmark(name) for name in block.bookmarks):
        return True
    return bool(L.PART_HEADING.match(block.text.strip()) or part1_heading(block) or is_table_title(block))


def split_spans(blocks: tuple[Block, ...]) -> list[Span]:
    """Cut ``blocks`` at every heading; the first span holds what comes before any heading."""
    spans: list[Span] = []
    heading: Paragraph | None = None
    body: list[Block] = []
    for block in blocks:
        if is_heading(block):
            if heading is not None or body:
                spans.append(Span(heading, tuple(body)))
            heading, body = block, []  # type: ignore[assignment]
        else:
            body.append(block)
    if heading is not None or body:
        spans.append(Span(heading, tuple(body)))
    return spans


def build_sections(spans: list[Span]) -> tuple[Section, ...]:
    """One Section per span, its text every non-blank line of the span (table rows TAB-joined)."""
    sections: list[Section] = []
    part: str | None = None
    for span in spans:
        if span.heading is not None and L.PART_HEADING.match(span.heading.text.strip()):
            part = L.PART_HEADING.match(span.heading.text.strip()).group(0)
        lines = block_lines(((span.heading,) if span.heading else ()) + span.blocks)
        if not lines:
            continue
        first = span.heading or span.blocks[0]
        sections.append(
            Section(
                seq=len(sections) + 1,
                bookmark=_structural_bookmark(span.heading),
                heading=span.heading.text.strip() if span.heading else None,
                part=part,
                text="\n".join(lines),
                line=first.line,
                block=first.index,
            )
        )
    return tuple(sections)


def block_lines(blocks) -> list[str]:
    """The non-blank body lines of ``blocks``: paragraph texts, each table row as TAB-joined cells."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            for row in block.rows:
                line = "\t".join(row.texts)
                if line.strip():  # (a row with any text: TAB is whitespace too)
                    lines.append(line)
        elif not block.is_blank and block.role == "body":
            # Page furniture, comments and part names are the extractor's, not the document's text.
            lines.append(block.text)
    return lines


def _structural_bookmark(paragraph: Paragraph | None) -> str | None:
    if paragraph is None:
        return None
    return next((name for name in paragraph.bookmarks if L.is_structural_bookmark(name)), None)
