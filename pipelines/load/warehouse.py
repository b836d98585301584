"""The DuckDB landing schema and the bulk, idempotent loads into it.

Every load of a report is delete-then-insert inside one transaction, from DataFrames
(DuckDB reads them through Arrow), so a re-run never duplicates and a crash never leaves
half a report. Values are always bound, never formatted into SQL.

Keys: landing.sections (report_id, ordinal) and landing.facts (report_id, fact_id) are unique,
but carry no PRIMARY KEY. At national scale (~10M facts) the ART index of a primary key doubled
the file (1.4 GiB instead of 0.65 GiB), made each batch insert ~1.7x slower and the replacement
of already loaded reports ~7x slower (docs/scale.md). Uniqueness holds without it: load_reports
deletes every row of the reports it loads and refuses a batch with a duplicate key or with rows
of a report it does not load; the Pandera checks and the dbt tests (unique_combination on
stg_sections / stg_facts / fct_indicator_facts) check it again. landing.reports (one row per
report) keeps its PRIMARY KEY. A warehouse created with the older keyed tables is rebuilt
without those two indexes by ensure_landing, once.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.model import fact_schema

_SQL_TYPES = {"string": "VARCHAR", "float64": "DOUBLE", "int64": "BIGINT"}

REPORT_COLUMNS: dict[str, str] = {
    "report_id": "VARCHAR PRIMARY KEY",
    "region_code": "VARCHAR NOT NULL",
    "region_name": "VARCHAR NOT NULL",
    "region_level": "VARCHAR",
    "report_year": "INTEGER NOT NULL",
    "year_reviewed": "INTEGER",
    "delivered_on": "DATE",
    "session": "VARCHAR",
    "speaker": "VARCHAR",
    "title": "VARCHAR",
    "source": "VARCHAR NOT NULL",
    "raw_path": "VARCHAR",
    "sha256": "VARCHAR NOT NULL",
    "n_chars": "INTEGER NOT NULL",
    "text": "VARCHAR NOT NULL",
    "loaded_at": "TIMESTAMP NOT NULL",
    # issue 10: what kind of document, read from which format, and the page furniture removed
    # (nullable: warehouses and frames from before these columns have none)
    "document_kind": "VARCHAR",  # report | excerpt | news_summary
    "source_format": "VARCHAR",  # html | text | pdf | docx
    "furniture_lines_removed": "INTEGER",
    "furniture_chars_removed": "INTEGER",
}
ADDED_REPORT_COLUMNS = ("document_kind", "source_format", "furniture_lines_removed", "furniture_chars_removed")

SECTION_COLUMNS: dict[str, str] = {
    "report_id": "VARCHAR NOT NULL",
    "ordinal": "INTEGER NOT NULL",
    "part": "VARCHAR NOT NULL",
    "title": "VARCHAR",
    "char_start": "INTEGER NOT NULL",
    "char_end": "INTEGER NOT NULL",
}

ERROR_COLUMNS: dict[str, str] = {
    "run_id": "VARCHAR",
    "source": "VARCHAR",
    "report_id": "VARCHAR",
    "stage": "VARCHAR NOT NULL",
    "message": "VARCHAR NOT NULL",
    "occurred_at": "TIMESTAMP NOT NULL",
}


def fact_columns_sql() -> dict[str, str]:
    cols = {}
    for c in fact_schema():
        sql = _SQL_TYPES[c["dtype"]]
        cols[c["column"]] = sql if c["nullable"] == "true" else f"{sql} NOT NULL"
    return cols


def _ddl(table: str, columns: dict[str, str], extra: str = "") -> str:
    body = ",\n  ".join(f"{name} {sql}" for name, sql in columns.items())
    return f"CREATE TABLE IF NOT EXISTS {table} (\n  {body}{extra}\n)"


def ensure_landing(con: duckdb.DuckDBPyConnection) -> None:
    """Create the landing schema and tables if they do not exist (safe to call every time)."""
    con.execute("CREATE SCHEMA IF NOT EXISTS landing")
    con.execute(_ddl("landing.reports", REPORT_COLUMNS))
    con.execute(_ddl("landing.sections", SECTION_COLUMNS))
    con.execute(_ddl("landing.facts", fact_columns_sql()))
    con.execute(_ddl("landing.ingest_errors", ERROR_COLUMNS))
    con.execute("ALTER TABLE landing.ingest_errors ADD COLUMN IF NOT EXISTS run_id VARCHAR")
    _add_missing_columns(con, "facts", fact_columns_sql())
    for column in ADDED_REPORT_COLUMNS:  # a warehouse created before them gets them, empty
        con.execute(f"ALTER TABLE landing.reports ADD COLUMN IF NOT EXISTS {column} {REPORT_COLUMNS[column]}")
    for table, columns in (("sections", SECTION_COLUMNS), ("facts", fact_columns_sql())):
        _drop_primary_key(con, table, columns)


def _add_missing_columns(con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, str]) -> None:
    """Add to landing.<table> the columns an older version of the contract did not have (e.g.
    facts.subject_normalized), nullable: their rows get values when their reports are loaded again."""
    have = {
        r[0]
        for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() "
            "AND schema_name = 'landing' AND table_name = ?",
            [table],
        ).fetchall()
    }
    for name, sql in columns.items():
        if name not in have:
            con.execute(f"ALTER TABLE landing.{table} ADD COLUMN IF NOT EXISTS {name} {sql.replace(' NOT NULL', '')}")


def _drop_primary_key(con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, str]) -> None:
    """Rebuild landing.<table> without its PRIMARY KEY when an older version created one
    (DuckDB cannot drop a constraint in place); rows and NOT NULL constraints are kept."""
    keyed = con.execute(
        "SELECT count(*) FROM duckdb_constraints() WHERE database_name = current_database() "
        "AND schema_name = 'landing' AND table_name = ? AND constraint_type = 'PRIMARY KEY'",
        [table],
    ).fetchone()[0]
    if not keyed:
        return
    cols = ", ".join(columns)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(_ddl(f"landing._{table}_unkeyed", columns))
        con.execute(f"INSERT INTO landing._{table}_unkeyed ({cols}) SELECT {cols} FROM landing.{table}")
        con.execute(f"DROP TABLE landing.{table}")
        con.execute(f"ALTER TABLE landing._{table}_unkeyed RENAME TO {table}")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def _check_keys(reports: pd.DataFrame, sections: pd.DataFrame, facts: pd.DataFrame) -> None:
    """What the primary keys used to guarantee, checked on the batch before anything is written:
    no duplicate key in a frame, and no section or fact of a report that is not being replaced
    (all rows of the batch's reports are deleted first, so the keys stay unique in the table)."""
    ids = set(reports["report_id"].astype(str))
    for name, frame, key in (
        ("reports", reports, ["report_id"]),
        ("sections", sections, ["report_id", "ordinal"]),
        ("facts", facts, ["report_id", "fact_id"]),
    ):
        if frame.empty:
            continue
        dup = frame.duplicated(subset=key, keep=False)
        if dup.any():
            rows = frame.loc[dup, key].drop_duplicates().head(5).to_dict("records")
            raise ValueError(f"landing.{name}: duplicate ({', '.join(key)}) in the batch: {rows}")
        stray = sorted(set(frame["report_id"].astype(str)) - ids)
        if stray:
            raise ValueError(f"landing.{name}: rows of reports not in the batch: {stray[:5]}")


def _insert(con: duckdb.DuckDBPyConnection, table: str, columns: Iterable[str], df: pd.DataFrame) -> None:
    cols = list(columns)
    frame = df.reindex(columns=cols)  # noqa: F841  (read by DuckDB through the replacement scan)
    con.register("_govreport_frame", frame)
    try:
        con.execute(f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(cols)} FROM _govreport_frame")
    finally:
        con.unregister("_govreport_frame")


def load_reports(
    con: duckdb.DuckDBPyConnection,
    reports: pd.DataFrame,
    sections: pd.DataFrame,
    facts: pd.DataFrame,
) -> None:
    """Replace the given reports (all their rows in all landing tables) in one transaction."""
    _check_keys(reports, sections, facts)
    ensure_landing(con)
    ids = pd.DataFrame({"report_id": reports["report_id"].astype(str).unique()})
    reports = reports.assign(loaded_at=datetime.now(timezone.utc).replace(tzinfo=None))
    con.execute("BEGIN TRANSACTION")
    try:
        con.register("_govreport_ids", ids)
        for table in ("landing.facts", "landing.sections", "landing.reports"):
            con.execute(f"DELETE FROM {table} WHERE report_id IN (SELECT report_id FROM _govreport_ids)")
        con.unregister("_govreport_ids")
        _insert(con, "landing.reports", REPORT_COLUMNS, reports)
        _insert(con, "landing.sections", SECTION_COLUMNS, sections)
        _insert(con, "landing.facts", fact_columns_sql(), facts)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def record_error(
    con: duckdb.DuckDBPyConnection,
    *,
    stage: str,
    message: str,
    source: str | None,
    report_id: str | None,
    run_id: str | None = None,
) -> None:
    """Append one row to landing.ingest_errors, the error log (one row per failure per run, so it
    grows while a report keeps failing; run_id tells which run met it)."""
    ensure_landing(con)
    con.execute(
        "INSERT INTO landing.ingest_errors (run_id, source, report_id, stage, message, occurred_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [run_id, source, report_id, stage, message, datetime.now(timezone.utc).replace(tzinfo=None)],
    )


# --- failures that cannot reach the warehouse are kept beside it ---------------------------

PENDING_ERRORS = "pending_errors.jsonl"


def pending_errors_file() -> Path:
    """``<warehouse dir>/pending_errors.jsonl``: the rows of landing.ingest_errors that could not
    be written (the warehouse was held by another process); merged by the next run that can."""
    from pipelines import settings

    return settings.warehouse_dir() / PENDING_ERRORS


def keep_pending_error(row: dict, path: Path | None = None) -> Path:
    path = path or pending_errors_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps({**row, "occurred_at": row.get("occurred_at") or _now().isoformat()}, ensure_ascii=False)
    with open(path, "a", encoding="utf-8") as f:  # one short append: whole lines, even with two writers
        f.write(line + "\n")
        f.flush()
        os.fsync(f.fileno())
    return path


def record_errors_or_keep(database: str, rows: list[dict], path: Path | None = None) -> bool:
    """Append ``rows`` (run_id, source, report_id, stage, message) to landing.ingest_errors; when
    the warehouse cannot be written (held by another process), keep them in the pending file
    instead. Returns True when they reached the warehouse."""
    if not rows:
        return True
    try:
        con = duckdb.connect(database)
    except duckdb.Error:
        for row in rows:
            keep_pending_error(row, path)
        return False
    try:
        for row in rows:
            record_error(con, **row)
    finally:
        con.close()
    return True


def merge_pending_errors(con: duckdb.DuckDBPyConnection, path: Path | None = None) -> int:
    """Move the kept rows into landing.ingest_errors (one transaction); returns how many."""
    path = path or pending_errors_file()
    batches = sorted(path.parent.glob(f"{PENDING_ERRORS}.merging-*")) if path.parent.is_dir() else []
    if path.exists():
        claimed = path.with_name(f"{PENDING_ERRORS}.merging-{uuid.uuid4().hex[:12]}")
        os.replace(path, claimed)  # appenders after this point start a new file
        batches.append(claimed)
    if not batches:
        return 0
    rows = []
    for batch in batches:
        for line in batch.read_text(encoding="utf-8").splitlines():
            with contextlib.suppress(ValueError):
                rows.append(json.loads(line))
    ensure_landing(con)
    con.execute("BEGIN TRANSACTION")
    try:
        for r in rows:
            con.execute(
                "INSERT INTO landing.ingest_errors (run_id, source, report_id, stage, message, occurred_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [r.get("run_id"), r.get("source"), r.get("report_id"), r.get("stage") or "ingest",
                 r.get("message") or "", r.get("occurred_at")],
            )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    for batch in batches:
        batch.unlink(missing_ok=True)
    return len(rows)


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)
