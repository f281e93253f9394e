"""Blocks → raw records of one 绩效目标 publication, found by labels and headings.

A publication may be a whole 部门预算 document (part 1's department goals, then a table per
project) or a single table with no document around it; the project tables are read through the
layout each one matches (layouts/).
"""

from __future__ import annotations

from .blocks import Document, Paragraph, Table
from .department import department_goals, duty_goals
from .errors import SourceError
from .layouts.reader import read_projects
from .records import Publication
from .sections import build_sections, part1_heading, split_spans


def parse_publication(document: Document) -> Publication:
    """Read sections, part-1 goals and project tables; raise SourceError if this is no publication."""
    blocks = document.blocks
    if not any(isinstance(b, Table) or (isinstance(b, Paragraph) and not b.is_blank) for b in blocks):
        raise SourceError("no text at all", hint="is this the right file?")
    spans = split_spans(blocks)
    projects, notes, titles = read_projects(blocks)
    has_part1 = any(span.heading is not None and part1_heading(span.heading) for span in spans)
    if not projects and not has_part1:
        closest = next((f" ({n.detail})" for n in notes if n.code == "layout_unmatched"), "")
        raise SourceError(
            "not a performance-goal publication: no table a declared layout reads"
            f"{closest} and no 总体绩效目标 / 分项绩效目标 heading",
            hint="docs/templates.md lists the layouts this reader takes",
        )
    return Publication(
        sections=build_sections(spans),
        department_goals=department_goals(spans),
        duty_goals=duty_goals(spans),
        projects=projects,
        titles=titles,
        notes=notes,
    )
