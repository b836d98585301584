"""Looking at the published marts from a terminal: `govreport show`, `export`, `status`, `docs`.

Everything here reads the published copy (``marts.duckdb``, never locked by a run) except
``status``, which also reads the warehouse's error log and the Dagster instance's runs.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

import duckdb

# The columns `govreport show` prints by default (every column with --all-columns): names
# beside codes, the figures with their units.
DEFAULT_COLUMNS: dict[str, list[str]] = {
    "dim_regions": ["region_code", "full_name", "full_name_en", "level", "n_reports", "last_report_year"],
    "dim_reports": ["report_id", "region_name", "region_name_en", "report_year", "delivered_on", "n_facts", "n_targets"],
    "dim_indicators": ["indicator_code", "name_zh", "name_en", "unit_dimension", "direction", "site_chart"],
    "dim_units": ["unit", "label_en", "dimension", "base_unit", "factor"],
    "fct_indicator_facts": ["report_id", "subject", "indicator_name_en", "metric", "value", "unit", "status", "period"],
    "indicator_panel": ["region_name", "indicator_name_zh", "indicator_name_en", "metric", "year", "value", "unit", "status"],
    "indicator_revisions": ["region_name", "indicator_name_en", "metric", "year", "value", "unit", "chosen_value", "superseded_because"],
    "indicator_yoy": ["region_name", "indicator_name_en", "metric", "year", "prev_value", "value", "unit", "pct_change", "growth_check"],
    "target_vs_actual": ["region_name", "indicator_name_zh", "indicator_name_en", "metric", "year", "target_value", "target_comparator", "outcome_value", "verdict", "gap", "gap_unit"],
    "target_changes": ["region_name", "indicator_name_en", "metric", "year", "prev_target_value", "target_value", "change", "change_unit", "change_direction"],
    "report_targets_vs_results": ["report_id", "indicator_name_en", "metric", "result_year", "result_value", "result_unit", "target_year", "target_value", "target_unit"],
    "targets": ["report_id", "subject", "indicator_code", "metric", "target_year", "comparator", "value", "unit"],
    "uncoded_subjects": ["frequency_rank", "subject", "n_facts", "n_reports", "n_regions", "n_targets", "metrics", "units"],
    "cross_region_targets": ["target_year", "region_name", "region_name_en", "indicator_name_en", "metric", "target_value", "target_comparator", "target_unit", "prev_year", "prev_result_value", "prev_result_unit"],
}
REGION_COLUMNS = ("region_code", "region_name", "region_name_en", "full_name", "full_name_en", "name_pinyin")
YEAR_COLUMNS = ("year", "target_year", "report_year")
ORDER_COLUMNS = ("frequency_rank", "region_code", "report_id", "indicator_code", "metric", "target_year", "year", "unit", "subject")


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def connect(marts: Path) -> duckdb.DuckDBPyConnection:
    if not Path(marts).exists():
        raise FileNotFoundError(f"{marts} does not exist yet: run `govreport run` (or scripts/run.sh) first")
    return duckdb.connect(str(marts), read_only=True)


def tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY table_name").fetchall()]


def columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = ? ORDER BY column_index",
        [table]).fetchall()]


def select(
    con: duckdb.DuckDBPyConnection,
    table: str,
    *,
    region: str | None = None,
    year: int | None = None,
    indicator: str | None = None,
    cols: list[str] | None = None,
    all_columns: bool = False,
    limit: int | None = None,
) -> duckdb.DuckDBPyRelation:
    """The rows of a mart filtered by region (code, or a part of its Chinese, pinyin or English
    name, case-insensitive), year (year, target_year or report_year, whichever the mart has) and
    indicator (code or a part of its name); every value is a bound parameter."""
    known = tables(con)
    if table not in known:
        raise ValueError(f"no table {table!r} in the published marts; one of: {', '.join(known)}")
    have = columns(con, table)
    if cols:
        unknown = [c for c in cols if c not in have]
        if unknown:
            raise ValueError(f"{table} has no column {', '.join(unknown)}; its columns: {', '.join(have)}")
        picked = cols
    elif all_columns:
        picked = have
    else:
        picked = [c for c in DEFAULT_COLUMNS.get(table, have) if c in have] or have
    where, params = [], []
    if region:
        rc = [c for c in REGION_COLUMNS if c in have]
        if not rc and "report_id" in have:
            where.append("report_id LIKE ?")
            params.append(f"{region}%")
        elif not rc:
            raise ValueError(f"{table} has no region column to filter on")
        else:
            where.append("(" + " OR ".join(
                f"{_q(c)} = ?" if c == "region_code" else f"{_q(c)} ILIKE ?" for c in rc) + ")")
            params += [region if c == "region_code" else f"%{region}%" for c in rc]
    if year is not None:
        yc = next((c for c in YEAR_COLUMNS if c in have), None)
        if yc is None:
            raise ValueError(f"{table} has no year column to filter on")
        where.append(f"{_q(yc)} = ?")
        params.append(year)
    if indicator:
        ic = [c for c in ("indicator_code", "indicator_name_zh", "indicator_name_en") if c in have]
        if not ic:
            raise ValueError(f"{table} has no indicator column to filter on")
        where.append("(" + " OR ".join(
            f"{_q(c)} = ?" if c == "indicator_code" else f"{_q(c)} ILIKE ?" for c in ic) + ")")
        params += [indicator if c == "indicator_code" else f"%{indicator}%" for c in ic]
    order = [c for c in ORDER_COLUMNS if c in have][:4]
    sql = f"SELECT {', '.join(_q(c) for c in picked)} FROM {_q(table)}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    if order:
        sql += " ORDER BY " + ", ".join(_q(c) for c in order)
    if limit:
        sql += f" LIMIT {int(limit)}"
    return con.sql(sql, params=params) if params else con.sql(sql)


def show(rel: duckdb.DuckDBPyRelation, *, max_rows: int = 50) -> int:
    """Print a readable box table of the terminal's width (DuckDB's renderer: long values are
    shortened, CJK characters counted double, NULL printed as empty). Returns the row count."""
    width = shutil.get_terminal_size((160, 40)).columns
    n = rel.aggregate("count(*)").fetchall()[0][0]
    rel.show(max_width=width, max_rows=max_rows, max_col_width=40, null_value="")
    return n


EXPORT_FORMATS = ("csv", "xlsx", "parquet")


def export(con: duckdb.DuckDBPyConnection, fmt: str, out_dir: Path, names: list[str] | None = None,
           dictionary: Path | None = None) -> list[Path]:
    """Every mart (or `names`) to out_dir: one CSV (UTF-8 with BOM, which Excel reads as UTF-8) or
    Parquet file per mart, or one workbook marts.xlsx with a sheet per mart and a `dictionary`
    sheet (the column descriptions)."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"format {fmt!r}: one of {', '.join(EXPORT_FORMATS)}")
    known = tables(con)
    names = names or known
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ValueError(f"no table {', '.join(unknown)} in the published marts; one of: {', '.join(known)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if fmt == "xlsx":
        import pandas as pd

        path = out_dir / "marts.xlsx"
        part = out_dir / f".{path.name}.tmp"
        with pd.ExcelWriter(part, engine="openpyxl") as xl:
            for name in names:
                con.table(name).df().to_excel(xl, sheet_name=name[:31], index=False)
            data_dictionary(con, names).to_excel(xl, sheet_name="dictionary", index=False)
        os.replace(part, path)
        return [path]
    for name in names:
        path = out_dir / f"{name}.{fmt}"
        part = out_dir / f".{path.name}.tmp"
        options = "FORMAT csv, HEADER true" if fmt == "csv" else "FORMAT parquet"
        con.execute(f"COPY {_q(name)} TO '{str(part).replace(chr(39), chr(39) * 2)}' ({options})")
        if fmt == "csv":  # a BOM so that Excel opens the Chinese text as UTF-8
            data = part.read_bytes()
            part.write_bytes(b"\xef\xbb\xbf" + data)
        os.replace(part, path)
        written.append(path)
    return written


def data_dictionary(con: duckdb.DuckDBPyConnection, names: list[str]):
    return con.execute(
        "SELECT t.table_name AS \"table\", c.column_name AS \"column\", c.data_type, c.is_nullable AS nullable, "
        "c.comment AS description FROM duckdb_columns() c JOIN duckdb_tables() t USING (database_name, schema_name, table_name) "
        "WHERE c.schema_name = 'main' AND list_contains(?, t.table_name) ORDER BY t.table_name, c.column_index",
        [names],
    ).df()


def status_lines(marts: Path, warehouse: str, dagster_home: Path, *, n_failures: int = 10) -> list[str]:
    """Reports published (per year), the last runs of the Dagster instance, and the latest rows
    of landing.ingest_errors."""
    lines: list[str] = []
    if Path(marts).exists():
        when = datetime.fromtimestamp(Path(marts).stat().st_mtime, tz=timezone.utc)
        lines.append(f"published marts: {marts} (built {when:%Y-%m-%d %H:%M:%S} UTC)")
        with contextlib.closing(connect(marts)) as con:
            total, regions, facts = con.execute(
                "SELECT count(*), count(DISTINCT region_code), coalesce(sum(n_facts), 0) FROM dim_reports").fetchone()
            lines.append(f"reports: {total} from {regions} regions, {facts} facts")
            for year, n, names in con.execute(
                "SELECT report_year, count(*), string_agg(coalesce(region_name_en, region_name), '; ' ORDER BY region_code) "
                "FROM dim_reports GROUP BY report_year ORDER BY report_year"
            ).fetchall():
                shown = names if len(names) <= 150 else names[:147] + "..."
                lines.append(f"  {year}: {n} report{'s' if n != 1 else ''} ({shown})")
    else:
        lines.append(f"published marts: none yet at {marts} (run `govreport run`)")
    lines += _run_lines(dagster_home)
    lines += _failure_lines(warehouse, n_failures)
    return lines


def _run_lines(dagster_home: Path) -> list[str]:
    if not (Path(dagster_home) / "dagster.yaml").exists():
        return [f"last run: none (no Dagster instance at {dagster_home})"]
    import dagster as dg

    with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
        runs = instance.get_run_records(limit=5)
        if not runs:
            return ["last run: none yet"]
        out = ["last runs (newest first):"]
        for rec in runs:
            run = rec.dagster_run
            start = datetime.fromtimestamp(rec.start_time, tz=timezone.utc) if rec.start_time else None
            end = datetime.fromtimestamp(rec.end_time, tz=timezone.utc) if rec.end_time else None
            span = f"{start:%Y-%m-%d %H:%M:%S} UTC" if start else "not started"
            if start and end:
                span += f", {(end - start).total_seconds():.0f}s"
            reports = run.tags.get("dagster/asset_partition_range_start")
            if reports:
                reports = f" reports {reports}..{run.tags.get('dagster/asset_partition_range_end')}"
            out.append(f"  {run.run_id[:8]} {run.status.value:<9} {span}{reports or ''}")
        return out


def _failure_lines(warehouse: str, n: int) -> list[str]:
    try:
        con = duckdb.connect(warehouse, read_only=True)
    except duckdb.Error as exc:
        return [f"recent failures: warehouse {warehouse} cannot be read now ({str(exc).splitlines()[0]})"]
    try:
        rows = con.execute(
            "SELECT occurred_at, stage, report_id, message FROM landing.ingest_errors ORDER BY occurred_at DESC LIMIT ?",
            [n],
        ).fetchall()
    except duckdb.Error:
        rows = []
    finally:
        con.close()
    if not rows:
        return ["recent failures: none (landing.ingest_errors is empty)"]
    out = [f"recent failures (landing.ingest_errors, newest first, at most {n}):"]
    for at, stage, report_id, message in rows:
        first = (message or "").splitlines()[0] if message else ""
        out.append(f"  {at:%Y-%m-%d %H:%M:%S} {stage:<8} {report_id or '-':<12} {first[:160]}")
    return out
