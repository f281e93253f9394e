"""Blocks → raw records of one 绩效目标 publication, found by labels and headings."""

from __future__ import annotations

from .blocks import Document, Paragraph, Table
from .department import department_goals, duty_goals
from .errors import SourceError
from .project_table import parse_projects
from .records import Publication
from .sections import build_sections, part1_heading, split_spans


def parse_publication(document: Document) -> Publication:
    """Read sections, part-1 goals and project tables; raise SourceError if this is no publication."""
    blocks = document.blocks
    if not any(isinstance(b, Table) or (isinstance(b, Paragraph) and not b.is_blank) for b in blocks):
        raise SourceError("no text at all", hint="is this the right file?")
    spans = split_spans(blocks)
    projects = parse_projects(blocks)
    has_part1 = any(span.heading is not None and part1_heading(span.heading) for span in spans)
    if not projects and not has_part1:
        raise SourceError(
            "not a performance-goal publication: no 绩效目标表 (a table with 项目编码) "
            "and no 总体绩效目标 / 分项绩效目标 heading",
            hint="this reader takes 部门预算绩效目标 publications (.docx or their Tika text)",
        )
    return Publication(
        sections=build_sections(spans),
        department_goals=department_goals(spans),
        duty_goals=duty_goals(spans),
        projects=projects,
    )
