"""Blocks → raw records of one 绩效目标 publication, found by labels and headings.

A publication may be a whole 部门预算 document (part 1's department goals, then a table per
project) or a single table with no document around it; the project tables are read through the
layout each one matches (layouts/).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from . import script
from .blocks import Document, Paragraph, Table
from .budget.reader import common_unit, cover_unit_and_stage, read_budget_tables
from .department import department_goals, duty_goals
from .errors import SourceError
from .layouts.reader import read_projects
from .records import Note, Publication
from .sections import build_sections, part1_heading, split_spans


def parse_publication(document: Document) -> Publication:
    """Read sections, part-1 goals and project tables; raise SourceError if this is no publication."""
    if not script.is_traditional(document):
        return _parse(document)
    # 繁體: read through the simplified characters, every text given back as printed.
    simple, restore = script.folded(document)
    publication = script.restored(_parse(simple), restore)
    detail = "labels in traditional characters, read through their simplified forms; texts kept as printed"
    note = Note("traditional_script", None, "", detail)
    return replace(publication, notes=(note, *publication.notes))


def _parse(document: Document) -> Publication:
    blocks = document.blocks
    if not any(isinstance(b, Table) or (isinstance(b, Paragraph) and not b.is_blank) for b in blocks):
        raise SourceError("no text at all", hint="is this the right file?", outcome="refused")
    spans = split_spans(blocks)
    budget_tables, claimed = read_budget_tables(blocks)
    # A budget table is never a goal table: the layout reader sees the rest.
    goal_blocks = tuple(b for b in blocks if not (isinstance(b, Table) and b.index in claimed))
    projects, notes, titles = read_projects(goal_blocks)
    unruled = _unruled_headers(document)
    # A goal table printed without rules is lost to this reader: never silently (the file's other
    # tables and part 1 are kept, and its outcome says it was read in part).
    notes = [*notes, *(Note("table_unreadable", p.line, p.text.strip()[:60], UNRULED) for p in unruled)]
    has_part1 = any(span.heading is not None and part1_heading(span.heading) for span in spans)
    unreadable = next((n for n in notes if n.code == "table_unreadable"), None)
    if unreadable is not None and not projects and not has_part1 and not budget_tables:
        raise SourceError(unreadable.detail, hint="is this a 绩效目标表?")
    if not projects and not has_part1 and not budget_tables and unruled:
        raise SourceError(
            f"the labels of a 绩效目标表 stand on the page, but no ruled table holds them: {UNRULED}",
            hint="give the .docx, or a PDF printed with the table's borders",
            outcome="refused",
        )
    if not projects and not has_part1 and not budget_tables and (kind := _budget_text(blocks)):
        raise SourceError(
            f"a {kind} publication's text with no budget table and no 绩效目标表 in it",
            hint="its tables are often published as a file of their own (…公开表); ingest that file too",
            outcome="refused",
        )
    if not projects and not has_part1 and not budget_tables:
        closest = next((f" ({n.detail})" for n in notes if n.code == "layout_unmatched"), "")
        raise SourceError(
            "not a performance-goal publication: no table a declared layout reads"
            f"{closest} and no 总体绩效目标 / 分项绩效目标 heading",
            hint="docs/templates.md lists the layouts this reader takes",
            outcome="refused",
        )
    cover_unit, stage = cover_unit_and_stage(blocks) if budget_tables else (None, None)
    if budget_tables:
        titles = (*titles, *_cover_titles(blocks), *(t.title for t in budget_tables))
        stage = stage or _most_common(t.stage for t in budget_tables)
    return Publication(
        sections=build_sections(spans),
        department_goals=department_goals(spans),
        duty_goals=duty_goals(spans),
        projects=projects,
        titles=titles,
        notes=notes,
        budget_tables=budget_tables,
        stage=stage,
        cover_unit=cover_unit or common_unit(budget_tables),
    )


def _budget_text(blocks) -> str | None:
    """部门预算 or 部门决算, when the cover says the file is one (its text, without its tables)."""
    cover = "".join(b.text for b in blocks[:6] if isinstance(b, Paragraph))
    if "决算" in cover:
        return "部门决算"
    return "部门预算" if "预算" in cover else None


UNRULED = "tables without ruling lines are not read"


def _unruled_headers(document: Document) -> list[Paragraph]:
    """A PDF's indicator headers printed as text, not cells (a borderless or three-line table): a
    line of labels apart, among them a 三级指标 and a target (指标值, 目标值)."""
    if document.source_format != "pdf":
        return []
    found = []
    for block in document.blocks:
        if isinstance(block, Paragraph) and "三级指标" in block.text:
            words = block.text.split()
            if any(w.endswith("三级指标") for w in words) and any(
                w.endswith(("指标值", "目标值")) for w in words
            ):
                found.append(block)
    return found


def _cover_titles(blocks) -> list[str]:
    """The cover's lines that name the year: 2019年度部门预算公开, 上海市普陀区2024年区级部门预算, and
    the cover read as one line where the year and the kind stand apart (江苏省2018年度 / 省级部门预算公开报表)."""
    lines = [b.text.strip() for b in blocks[:8] if isinstance(b, Paragraph) and b.text.strip()]
    titles = [t for t in lines if "年" in t and ("预算" in t or "决算" in t) and len(t) <= 40]
    cover = "".join(lines[:3])
    if not titles and "年" in cover and ("预算" in cover or "决算" in cover) and len(cover) <= 60:
        titles.append(cover)
    return titles


def _most_common(values) -> str | None:
    counted = Counter(v for v in values if v)
    return counted.most_common(1)[0][0] if counted else None
