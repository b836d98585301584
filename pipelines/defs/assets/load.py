"""Stage 4: load each report into DuckDB landing tables (delete + insert in one transaction)."""


import dagster as dg
import pandas as pd
from dagster_duckdb import DuckDBResource

from pipelines import settings
from pipelines.defs.partitions import is_rebuild, reports_partitions
from pipelines.defs.per_report import observe_reports, preview, table_schema
from pipelines.defs.resources import WarehouseLock
from pipelines.ingest.catalog import read_catalog
from pipelines.load.rows import landing_batch
from pipelines.load.unchanged import changed_reports, digests, input_key, record_loads
from pipelines.load.warehouse import REPORT_TABLES, ensure_landing, load_reports
from pipelines.model import DocumentRecord

LANDING = list(REPORT_TABLES)

ingest_errors = dg.AssetSpec(
    ["landing", "ingest_errors"],
    description="Every failure of a report at any stage (source, report_id, stage, message, time); appended by each step.",
    group_name="load",
    kinds={"duckdb"},
    metadata={"dagster/column_schema": table_schema("ingest_errors")},
    owners=["team:govreport"],
)


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            ["landing", table],
            deps=["report_documents", "indicator_facts"],
            group_name="load",
            kinds={"duckdb"},
            partitions_def=reports_partitions,
            description=f"landing.{table} in the DuckDB warehouse, replaced per report.",
            metadata={"dagster/column_schema": table_schema(table)},
            owners=["team:govreport"],
        )
        for table in LANDING
    ],
    ins={
        "report_documents": dg.AssetIn(input_manager_key="report_store"),
        "indicator_facts": dg.AssetIn(input_manager_key="report_store"),
    },
    partitions_def=reports_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
)
def landing_tables(
    context: dg.AssetExecutionContext,
    report_documents: dict[str, DocumentRecord],
    indicator_facts: dict[str, pd.DataFrame],
    warehouse: DuckDBResource,
    warehouse_lock: WarehouseLock,
):
    """Replace the reports of this run in landing.reports/sections/facts, all in one transaction,
    with the rows the text and extract stages validated (no frame is built again here)."""
    loadable = [report_documents[rid] for rid in report_documents if rid in indicator_facts]
    tables = landing_batch(loadable, indicator_facts)
    with warehouse.get_connection() as con:
        ensure_landing(con)
        batch, keys = digests(tables["reports"], tables["sections"], tables["facts"]), _input_keys(loadable)
        if is_rebuild(context.run.tags):  # govreport run --rebuild: every report is replaced
            changed_tables, changed = tables, dict(batch)
        else:
            changed_tables, changed = _only_changed(con, tables, batch)
        if changed:
            load_reports(con, changed_tables)
        record_loads(con, batch, keys)
        totals = {t: con.execute(f"SELECT count(*) FROM landing.{t}").fetchone()[0] for t in LANDING}
    counts = {t: len(changed_tables[t]) for t in LANDING}
    frames = {t: tables[t].drop(columns=["text"], errors="ignore") for t in LANDING}
    for table in LANDING:
        frame = frames[table]
        observe_reports(context, ["landing", table], {
            rid: {"dagster/row_count": int((frame["report_id"] == rid).sum())}
            for rid in (r.report_id for r in loadable)
        })
        yield dg.MaterializeResult(
            asset_key=["landing", table],
            metadata={
                "dagster/row_count": totals[table],  # rows in the table after the load
                "rows_loaded": counts[table],
                "rows_in_table": totals[table],
                "reports_unchanged": len(loadable) - len(changed),
                "preview": preview(frame),
            },
        )


def _input_keys(records: list[DocumentRecord]) -> dict[str, str]:
    """Each report's input key (raw bytes, catalog row, code version: pipelines.load.unchanged)."""
    catalog = {e.report_id: e for e in read_catalog(settings.raw_dir())}
    keys = {}
    for r in records:
        entry = catalog.get(r.report_id)
        if entry is not None and r.sha256:
            keys[r.report_id] = input_key(r.sha256, entry.region, entry.report_year, entry.source)
    return keys


def _only_changed(
    con, tables: dict[str, pd.DataFrame], batch: dict[str, str]
) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """The rows of the reports whose rows differ from their last load (pipelines.load.unchanged):
    an unchanged report keeps its rows and its loaded_at, so dbt has nothing to redo for it."""
    changed = changed_reports(con, tables["reports"], tables["sections"], tables["facts"], batch)
    keep = list(changed)
    return {t: f[f["report_id"].isin(keep)] for t, f in tables.items()}, changed
