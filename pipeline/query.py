"""SQL over the archive with DuckDB (embedded, no server): one view per table, plus project_history
and budget_history.

    from pipeline.query import connect, table
    con = connect("data/parsed")
    con.sql("SELECT fiscal_year, sum(budget_yuan) FROM projects GROUP BY 1").df()
    projects = table("projects")

Views read the live version's Parquet files (``fiscal_year`` INTEGER, null where unknown).
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd

from .schema import TABLES
from .store import Store

# A project's name without what changes from year to year: a leading 下达 / year, a trailing batch.
# Used in SQL (RE2) and Python (re) alike; the patterns are written to mean the same in both.
NAME_PREFIX = r"^\s*(下达)?\s*((19|20)[0-9]{2})\s*(年度|年)?\s*"
NAME_BATCH = r"\s*[（(]\s*第\s*[一二三四五六七八九十0-9]+\s*批\s*[)）]\s*$"


def project_key(name: str | None) -> str | None:
    """'2021年市级财政社区干部生活补贴（第二批）' → '市级财政社区干部生活补贴'."""
    if name is None:
        return None
    return re.sub(NAME_BATCH, "", re.sub(NAME_PREFIX, "", name)).strip() or name


def connect(out: str | Path = "data/parsed") -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with a view per table of the dataset at ``out``."""
    live = Store(out).live()
    if live is None:
        raise FileNotFoundError(f"{out}: no dataset here yet; run make ingest first")
    con = duckdb.connect()
    for name, spec in TABLES.items():
        con.execute(f"CREATE VIEW all_{name} AS {_select(live / name, spec)}")
    for name in TABLES:
        con.execute(f"CREATE VIEW {name} AS {_primary(name)}")
    con.execute(_PROJECT_HISTORY)
    con.execute(_BUDGET_HISTORY)
    return con


def _select(path: Path, spec) -> str:
    columns = ", ".join(spec.column_names)
    glob = _sql_string((path / "**" / "*.parquet").as_posix())
    if spec.partition and any(p.name.startswith("fiscal_year=") for p in path.iterdir()):
        # A dataset of the old layout, not ingested since: the year is in the folder names.
        source = (
            f"read_parquet({glob}, hive_partitioning = true, "
            f"hive_types = {{'{spec.partition}': INTEGER}}, union_by_name = true)"
        )
    else:
        source = f"read_parquet({glob}, hive_partitioning = false, union_by_name = true)"
    return f"SELECT {columns} FROM {source}"


# A publication held in several formats counts once: the views show the primary document's rows
# (documents.is_primary); all_<table> keeps every copy. Datasets written before is_primary counted
# every document.
_COPIES = "SELECT doc_id FROM all_documents WHERE NOT coalesce(is_primary, true)"


def _primary(name: str) -> str:
    if name == "manifest":
        return "SELECT * FROM all_manifest"
    if name == "documents":
        return "SELECT * FROM all_documents WHERE coalesce(is_primary, true)"
    # Rows of a file that never became a document (a failed file's finding) have no copy to hide.
    return f"SELECT * FROM all_{name} WHERE doc_id IS NULL OR doc_id NOT IN ({_COPIES})"


def _sql_string(text: str) -> str:
    """``text`` as an SQL string literal (a path may hold a quote; CREATE VIEW takes no parameters)."""
    return "'" + text.replace("'", "''") + "'"


# Units line up by code where one is printed, else by the name a table prints (unit, 主管部门, 实施单位):
# tables of other layouts often print no code, and a unit's name is what two layouts share.
_PROJECT_HISTORY = f"""
CREATE VIEW project_history AS
SELECT regexp_replace(coalesce(d.unit_name, p.department, p.implementing_unit, d.unit_code),
         '^\\s*[\\[【(（]\\s*[0-9]{{2,}}\\s*[\\]】)）]\\s*', '') AS unit_key,
       coalesce(p.unit_code, d.unit_code) AS unit_code, d.unit_name, d.unit_scope, p.department,
       trim(regexp_replace(regexp_replace(p.project_name, '{NAME_PREFIX}', ''), '{NAME_BATCH}', '')) AS project_key,
       p.fiscal_year, p.template, p.project_name, p.project_code, p.budget_yuan, p.fiscal_funds_yuan,
       p.other_funds_yuan, p.performance_goal,
       (SELECT count(*) FROM indicators i WHERE i.doc_id = p.doc_id AND i.project_seq = p.project_seq)
         AS indicator_count,
       p.doc_id, p.project_seq
FROM projects p JOIN documents d USING (doc_id)
"""


# A unit's budget lines across years, keyed by subject code and column role: names change (2019:
# 文化体育与传媒 → 文化旅游体育与传媒), codes do not. The unit is its name without spaces.
_BUDGET_HISTORY = """
CREATE VIEW budget_history AS
SELECT regexp_replace(coalesce(d.unit_name, t.unit_name), '\\s+', '', 'g') AS unit_key,
       l.fiscal_year, coalesce(t.stage, d.stage) AS stage, t.kind, t.title, l.side, l.subject_code,
       l.subject_level, l.subject_name, l.column_role, l.column_label, l.amount_yuan, l.amount_raw,
       t.amount_unit, l.doc_id, l.table_seq, l.row_seq
FROM budget_lines l JOIN budget_tables t USING (doc_id, table_seq) JOIN documents d USING (doc_id)
"""
VIEWS = ("project_history", "budget_history", *(f"all_{name}" for name in TABLES))


def sql(query: str, out: str | Path = "data/parsed") -> pd.DataFrame:
    """Run ``query`` over the dataset and return a DataFrame."""
    return connect(out).sql(query).df()


def table(name: str, out: str | Path = "data/parsed") -> pd.DataFrame:
    """One table as a DataFrame: the primary document of each publication (``all_<name>``: every copy),
    or a history view (project_history, budget_history)."""
    if name not in TABLES and name not in VIEWS:
        raise KeyError(f"no table {name!r}; tables: {', '.join([*TABLES, *VIEWS])}")
    return connect(out).sql(f"SELECT * FROM {name}").df()


def overview(out: str | Path = "data/parsed") -> pd.DataFrame:
    """Each table with its row count and the fiscal years it holds."""
    con = connect(out)
    rows = []
    for name, spec in TABLES.items():
        count = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
        years = ""
        if spec.partition:
            found = con.execute(
                f"SELECT DISTINCT {spec.partition} FROM {name} WHERE {spec.partition} IS NOT NULL ORDER BY 1"
            ).fetchall()
            years = ", ".join(str(y[0]) for y in found)
            unknown = con.execute(f"SELECT count(*) FROM {name} WHERE {spec.partition} IS NULL").fetchone()[0]
            years += (", " if years else "") + "unknown" if unknown else ""
        rows.append({"table": name, "label_zh": spec.label_zh, "rows": count, "fiscal_years": years})
    return pd.DataFrame(rows)


def outcomes(out: str | Path = "data/parsed") -> pd.DataFrame:
    """How many sources each outcome has (read, partial, refused, skipped, duplicate, failed)."""
    return (
        connect(out)
        .sql("SELECT outcome, count(*) AS sources FROM manifest GROUP BY 1 ORDER BY 2 DESC, 1")
        .df()
    )


def template_mix(out: str | Path = "data/parsed") -> pd.DataFrame:
    """How many documents, projects and indicators each layout gave (docs/templates.md)."""
    return (
        connect(out)
        .sql("""SELECT coalesce(p.template, 'none') AS template, count(DISTINCT p.doc_id) AS documents,
            count(*) AS projects,
            CAST(sum((SELECT count(*) FROM indicators i
                      WHERE i.doc_id = p.doc_id AND i.project_seq = p.project_seq)) AS BIGINT) AS indicators
            FROM projects p GROUP BY 1 ORDER BY projects DESC, template""")
        .df()
    )
