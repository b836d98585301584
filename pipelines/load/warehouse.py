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

from collections.abc import Iterable
from datetime import datetime, timezone

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
    for column in ADDED_REPORT_COLUMNS:  # a warehouse created before them gets them, empty
        con.execute(f"ALTER TABLE landing.reports ADD COLUMN IF NOT EXISTS {column} {REPORT_COLUMNS[column]}")
    for table, columns in (("sections", SECTION_COLUMNS), ("facts", fact_columns_sql())):
        _drop_primary_key(con, table, columns)


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
