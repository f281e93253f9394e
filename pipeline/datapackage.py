"""A Frictionless Data Package descriptor (datapackage.json) for a dataset version, from the schema."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa

from . import PARSER_VERSION
from .schema import TABLES


def descriptor(version: Path) -> dict:
    """The datapackage.json content for the tables under ``version``."""
    resources = []
    for name, table in TABLES.items():
        files = sorted(p.relative_to(version).as_posix() for p in (version / name).rglob("*.parquet"))
        resources.append(
            {
                "name": name,
                "title": table.label_zh,
                "description": table.description,
                "path": files,
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "schema": {"fields": [_field(c) for c in table.columns]},
            }
        )
    return {
        "profile": "data-package",
        "name": "budget-performance-goals",
        "title": "部门预算绩效目标 — performance goals of Chinese budget units",
        "description": "Tables parsed from 绩效目标 publications; see docs/data-dictionary.md.",
        "version": PARSER_VERSION,
        "resources": resources,
    }


def write(version: Path) -> None:
    (version / "datapackage.json").write_text(
        json.dumps(descriptor(version), ensure_ascii=False, indent=1), encoding="utf-8"
    )


def _field(column) -> dict:
    field = {
        "name": column.name,
        "type": _type(column.type),
        "title": column.label_zh,
        "description": column.description,
    }
    if column.unit:
        field["unit"] = column.unit
    if not column.nullable:
        field["constraints"] = {"required": True}
    if pa.types.is_decimal(column.type):
        field["decimalPrecision"] = column.type.precision
        field["decimalScale"] = column.type.scale
    return field


def _type(arrow: pa.DataType) -> str:
    if pa.types.is_integer(arrow):
        return "integer"
    if pa.types.is_decimal(arrow) or pa.types.is_floating(arrow):
        return "number"
    if pa.types.is_timestamp(arrow):
        return "datetime"
    if pa.types.is_date(arrow):
        return "date"
    if pa.types.is_boolean(arrow):
        return "boolean"
    return "string"
