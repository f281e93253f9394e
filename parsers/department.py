"""Part 1, 部门整体绩效目标: 总体目标, 部门职责目标, the numbered items of 分项绩效目标, 工作保障措施."""

from __future__ import annotations

from dataclasses import replace

import regex

from . import labels as L
from .blocks import Paragraph
from .records import DepartmentGoal, DutyGoal
from .sections import Span, part1_heading

# An item heading (``2、计生工作建设``) is short and does not end a sentence; a numbered line that
# does (``1、开展学习。``) continues the field above it.
_ITEM_NAME_MAX_CHARS = 40
_SENTENCE_END = "。；;！!"


def department_goals(spans: list[Span]) -> tuple[DepartmentGoal, ...]:
    """总体目标 and 部门职责目标 from the 总体绩效目标 section, and the 工作保障措施 text."""
    goals: list[DepartmentGoal] = []
    for span in spans:
        kind = part1_heading(span.heading) if span.heading else None
        if kind == L.OVERALL_HEADING:
            goals.extend(_overall(_body(span)))
        elif kind == L.MEASURES_HEADING and _body(span):
            body = _body(span)
            goals.append(DepartmentGoal(L.MEASURES_HEADING, _join(body), body[0].line))
    return tuple(goals)


def duty_goals(spans: list[Span]) -> tuple[DutyGoal, ...]:
    """One DutyGoal per numbered item of 分项绩效目标, in document order."""
    items: list[dict] = []
    for span in spans:
        if span.heading is None or part1_heading(span.heading) != L.ITEMS_HEADING:
            continue
        field = None
        for paragraph in _body(span):
            for piece in _pieces(paragraph):
                field = _feed_item_line(items, field, piece)
    return tuple(_duty_goal(seq, item) for seq, item in enumerate(items, start=1))


# A field label that starts a sentence inside a paragraph (…顺利开展。绩效目标是…): a printed page
# joins two paragraphs where the first one's last line happened to fill the line.
_FIELD_INSIDE = regex.compile(r"(?<=[。；！？])(?=(?:" + "|".join(L.DUTY_FIELDS) + r")[是：:])")
_GOAL_INSIDE = regex.compile(r"(?<=[。；！？])(?=(?:" + f"{L.DUTY_GOALS}|{L.OVERALL_GOAL}" + r")[：:])")


def _pieces(paragraph: Paragraph, inside: regex.Pattern = _FIELD_INSIDE) -> list[Paragraph]:
    parts = inside.split(paragraph.text)
    if len(parts) == 1:
        return [paragraph]
    return [replace(paragraph, text=part) for part in parts if part.strip()]


def _feed_item_line(items: list[dict], field: str | None, paragraph: Paragraph) -> str | None:
    """Add one paragraph to the items; return the field that a continuation line would extend."""
    text = paragraph.text.strip()
    for label, name in L.DUTY_FIELDS.items():
        rest = L.after_label(text, label)
        if rest is not None and items:
            _append(items[-1], name, rest)
            return name
    number, rest = L.strip_number(text)
    if number is not None and len(rest) <= _ITEM_NAME_MAX_CHARS and not rest.endswith(tuple(_SENTENCE_END)):
        items.append({"number": number, "name": rest, "line": paragraph.line})
        return None
    if items and field is not None:
        _append(items[-1], field, text)
    return field


def _duty_goal(seq: int, item: dict) -> DutyGoal:
    return DutyGoal(
        seq=seq,
        number=item["number"],
        name=item["name"],
        line=item["line"],
        **{name: item.get(name) for name in L.DUTY_FIELDS.values()},
    )


def _overall(body: list[Paragraph]) -> list[DepartmentGoal]:
    """Split the 总体绩效目标 section at its 总体目标： and 部门职责目标： labels."""
    parts: dict[str, list[str]] = {}
    lines: dict[str, int | None] = {}
    kind = L.OVERALL_GOAL
    for paragraph in (piece for whole in body for piece in _pieces(whole, _GOAL_INSIDE)):
        text = paragraph.text.strip()
        for label in (L.DUTY_GOALS, L.OVERALL_GOAL):
            rest = L.after_label(text, label, joiners="：:")
            if rest is not None:
                kind, text = label, rest
                break
        lines.setdefault(kind, paragraph.line)
        if text:
            parts.setdefault(kind, []).append(text)
    return [DepartmentGoal(kind, "\n".join(texts), lines[kind]) for kind, texts in parts.items()]


def _body(span: Span) -> list[Paragraph]:
    return [b for b in span.blocks if isinstance(b, Paragraph) and b.role == "body" and not b.is_blank]


def _join(paragraphs: list[Paragraph]) -> str:
    return "\n".join(p.text.strip() for p in paragraphs)


def _append(item: dict, name: str, text: str) -> None:
    item[name] = f"{item[name]}\n{text}" if item.get(name) else text
