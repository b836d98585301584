"""The DuckDB landing schema and the bulk, idempotent loads into it.

Every load of a report is delete-then-insert inside one transaction, from DataFrames
(DuckDB reads them through Arrow), so a re-run never duplicates and a crash never leaves
half a report. Values are always bound, never formatted into SQL.
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
}

SECTION_COLUMNS: dict[str, str] = {
    "report_id": "VARCHAR NOT NULL",
    "ordinal": "INTEGER NOT NULL",
    "part": "VARCHAR NOT NULL",
    "title": "VARCHAR",
    "char_start": "INTEGER NOT NULL",
    "char_end": "INTEGER NOT NULL",
}

ERROR_COLUMNS: dict[str, str] = {
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
    con.execute(_ddl("landing.sections", SECTION_COLUMNS, ",\n  PRIMARY KEY (report_id, ordinal)"))
    con.execute(_ddl("landing.facts", fact_columns_sql(), ",\n  PRIMARY KEY (report_id, fact_id)"))
    con.execute(_ddl("landing.ingest_errors", ERROR_COLUMNS))


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
    con: duckdb.DuckDBPyConnection, *, stage: str, message: str, source: str | None, report_id: str | None
) -> None:
    """Append one row to landing.ingest_errors (the error log; never rolled back with a failed load)."""
    ensure_landing(con)
    con.execute(
        "INSERT INTO landing.ingest_errors (source, report_id, stage, message, occurred_at) VALUES (?, ?, ?, ?, ?)",
        [source, report_id, stage, message, datetime.now(timezone.utc).replace(tzinfo=None)],
    )
