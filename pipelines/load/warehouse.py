"""The DuckDB landing schema and the bulk, idempotent loads into it.

The tables are their contracts (pipelines/reference/landing_tables.csv and the CSV of each table,
read by pipelines.contracts): the DDL is generated from them, ensure_landing adds to an existing
warehouse the columns a contract gained, and a frame whose columns differ from its contract is
refused, never reindexed. The load writes the frames the Pandera schemas validated.

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
report) keeps its PRIMARY KEY (``primary_key`` in landing_tables.csv). A warehouse created with
the older keyed tables is rebuilt without those two indexes by ensure_landing, once.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.contracts import Contract, ContractError, contract, frame, landing_contracts
from pipelines.validate.models import landing_schema, violations

# Stage names of landing.ingest_errors before the stages were named after the folders
# (ingest, text, extract, validate): ensure_landing renames the rows an older warehouse holds.
_OLD_STAGES = {"register": "ingest", "scrape": "ingest", "document": "text"}


def create_table_sql(spec: Contract, name: str | None = None) -> str:
    """CREATE TABLE IF NOT EXISTS for a landing table, from its contract."""
    cols = [f"{c.name} {c.sql_type}{'' if c.nullable else ' NOT NULL'}" for c in spec.columns]
    if spec.primary_key:
        cols.append(f"PRIMARY KEY ({', '.join(spec.key)})")
    body = ",\n  ".join(cols)
    return f"CREATE TABLE IF NOT EXISTS {name or 'landing.' + spec.table} (\n  {body}\n)"


def landing_ddl(reference_dir: Path | None = None) -> list[str]:
    """The DDL of every landing table (what ensure_landing runs on an empty warehouse)."""
    return ["CREATE SCHEMA IF NOT EXISTS landing"] + [
        create_table_sql(spec) for spec in landing_contracts(reference_dir).values()
    ]


def ensure_landing(con: duckdb.DuckDBPyConnection, reference_dir: Path | None = None) -> list[str]:
    """Create the landing schema and tables if they do not exist, and bring an existing warehouse
    up to the contracts: a column missing from a table is added (nullable: the rows already there
    have no value for it; Pandera holds every new row to the contract), a PRIMARY KEY that the
    contract no longer declares is dropped, so is a NOT NULL on a column the contract lets be NULL,
    old stage names are renamed. Safe to call every time;
    returns the columns added (``table.column``)."""
    for sql in landing_ddl(reference_dir):
        con.execute(sql)
    have: dict[str, set[str]] = {}
    for table, column in con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = current_database() "
        "AND schema_name = 'landing'"
    ).fetchall():
        have.setdefault(table, set()).add(column)
    added = []
    for spec in landing_contracts(reference_dir).values():
        for c in spec.columns:
            if c.name not in have.get(spec.table, set()):
                con.execute(f"ALTER TABLE landing.{spec.table} ADD COLUMN {c.name} {c.sql_type}")
                added.append(f"{spec.table}.{c.name}")
        if not spec.primary_key:
            _drop_primary_key(con, spec)
        _drop_relaxed_not_null(con, spec)
    for old, new in _OLD_STAGES.items():
        con.execute("UPDATE landing.ingest_errors SET stage = ? WHERE stage = ?", [new, old])
    return added


def _drop_relaxed_not_null(con: duckdb.DuckDBPyConnection, spec: Contract) -> None:
    """Drop the NOT NULL of a column that the contract now lets be NULL (facts.unit since unitless
    ratios: an older warehouse would refuse their rows)."""
    required = {
        column
        for (column,) in con.execute(
            "SELECT unnest(constraint_column_names) FROM duckdb_constraints() WHERE database_name = current_database() "
            "AND schema_name = 'landing' AND table_name = ? AND constraint_type = 'NOT NULL'",
            [spec.table],
        ).fetchall()
    }
    for c in spec.columns:
        if c.nullable and c.name in required:
            con.execute(f"ALTER TABLE landing.{spec.table} ALTER COLUMN {c.name} DROP NOT NULL")


def _drop_primary_key(con: duckdb.DuckDBPyConnection, spec: Contract) -> None:
    """Rebuild landing.<table> without its PRIMARY KEY when an older version created one
    (DuckDB cannot drop a constraint in place); rows and NOT NULL constraints are kept."""
    table = spec.table
    keyed = con.execute(
        "SELECT count(*) FROM duckdb_constraints() WHERE database_name = current_database() "
        "AND schema_name = 'landing' AND table_name = ? AND constraint_type = 'PRIMARY KEY'",
        [table],
    ).fetchone()[0]
    if not keyed:
        return
    cols = ", ".join(spec.names)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(create_table_sql(spec, f"landing._{table}_unkeyed"))
        con.execute(f"INSERT INTO landing._{table}_unkeyed ({cols}) SELECT {cols} FROM landing.{table}")
        con.execute(f"DROP TABLE landing.{table}")
        con.execute(f"ALTER TABLE landing._{table}_unkeyed RENAME TO {table}")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


REPORT_TABLES = ("reports", "sections", "facts")  # the tables whose rows of a report are replaced together


def _check_keys(tables: Mapping[str, pd.DataFrame]) -> None:
    """What the primary keys used to guarantee, checked on the batch before anything is written:
    no duplicate key in a frame, and no section or fact of a report that is not being replaced
    (all rows of the batch's reports are deleted first, so the keys stay unique in the table)."""
    ids = set(tables["reports"]["report_id"].astype(str))
    for name in REPORT_TABLES:
        df, key = tables[name], contract(name).key
        if df.empty:
            continue
        dup = df.duplicated(subset=key, keep=False)
        if dup.any():
            rows = df.loc[dup, key].drop_duplicates().head(5).to_dict("records")
            raise ValueError(f"landing.{name}: duplicate ({', '.join(key)}) in the batch: {rows}")
        stray = sorted(set(df["report_id"].astype(str)) - ids)
        if stray:
            raise ValueError(f"landing.{name}: rows of reports not in the batch: {stray[:5]}")


def _insert(con: duckdb.DuckDBPyConnection, spec: Contract, df: pd.DataFrame, now: datetime) -> None:
    """Insert a frame holding exactly the contract's built columns; the load sets the others
    (``set_by=load``: the time of the write). A column missing or extra is an error, never
    filled with NULL or dropped."""
    built = {c.name for c in spec.built}
    if set(df.columns) != built:
        missing, extra = sorted(built - set(df.columns)), sorted(set(df.columns) - built)
        raise ContractError(
            f"landing.{spec.table}: the frame does not hold the columns of {spec.file.name}: "
            f"missing {missing or 'none'}, not in the contract {extra or 'none'}"
        )
    for c in spec.columns:
        if c.set_by == "load":
            if c.dtype != "timestamp":
                raise ContractError(f"{spec.file.name} column {c.name}: the load sets only timestamps (the time of the write)")
            df = df.assign(**{c.name: now})
    cols = ", ".join(spec.names)
    con.register("_govreport_frame", df)
    try:
        con.execute(f"INSERT INTO landing.{spec.table} ({cols}) SELECT {cols} FROM _govreport_frame")
    finally:
        con.unregister("_govreport_frame")


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def load_reports(con: duckdb.DuckDBPyConnection, tables: Mapping[str, pd.DataFrame]) -> None:
    """Replace the given reports (all their rows in landing.reports, sections and facts) in one
    transaction. ``tables``: the validated frames of those tables (pipelines.load.rows.landing_batch)."""
    missing = [t for t in REPORT_TABLES if t not in tables]
    if missing:
        raise ValueError(f"load_reports: no frame for landing.{', landing.'.join(missing)}")
    _check_keys(tables)
    ensure_landing(con)
    ids = pd.DataFrame({"report_id": tables["reports"]["report_id"].astype(str).unique()})
    now = _now()
    con.execute("BEGIN TRANSACTION")
    try:
        con.register("_govreport_ids", ids)
        for table in reversed(REPORT_TABLES):
            con.execute(f"DELETE FROM landing.{table} WHERE report_id IN (SELECT report_id FROM _govreport_ids)")
        con.unregister("_govreport_ids")
        for table in REPORT_TABLES:
            _insert(con, contract(table), tables[table], now)
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
    grows while a report keeps failing; run_id tells which run met it). The row is built and
    validated like every landing row: a stage outside the contract's vocabulary is refused."""
    row = frame("ingest_errors", [dict(run_id=run_id, source=source, report_id=report_id, stage=stage, message=message)])
    found = violations(landing_schema("ingest_errors"), row, "ingest_errors")
    if found:
        raise ValueError("; ".join(v.message for v in found))
    ensure_landing(con)
    _insert(con, contract("ingest_errors"), row, _now())


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
