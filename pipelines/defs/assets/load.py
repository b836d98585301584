"""Stage 4: load each report into DuckDB landing tables (delete + insert in one transaction)."""


import dagster as dg
import pandas as pd
from dagster_duckdb import DuckDBResource

from pipelines import settings
from pipelines.defs.partitions import reports_partitions
from pipelines.ingest.catalog import read_catalog
from pipelines.load.rows import document_tables
from pipelines.load.unchanged import changed_reports, digests, input_key, record_loads
from pipelines.load.warehouse import ensure_landing, load_reports
from pipelines.model import DocumentRecord, fact_columns

LANDING = ["reports", "sections", "facts"]

ingest_errors = dg.AssetSpec(
    ["landing", "ingest_errors"],
    description="Every failure of a report at any stage (source, report_id, stage, message, time); appended by each step.",
    group_name="load",
    kinds={"duckdb"},
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
):
    """Replace the reports of this run in landing.reports/sections/facts, all in one transaction."""
    loadable = [report_documents[rid] for rid in report_documents if rid in indicator_facts]
    reports, sections = document_tables(loadable)
    facts = (
        pd.concat([indicator_facts[r.report_id] for r in loadable], ignore_index=True)
        if loadable
        else pd.DataFrame(columns=fact_columns())
    )
    with warehouse.get_connection() as con:
        ensure_landing(con)
        batch, keys = digests(reports, sections, facts), _input_keys(loadable)
        reports, sections, facts, changed = _only_changed(con, reports, sections, facts, batch)
        if changed:
            load_reports(con, reports, sections, facts)
        record_loads(con, batch, keys)
        totals = {t: con.execute(f"SELECT count(*) FROM landing.{t}").fetchone()[0] for t in LANDING}
    counts = {"reports": len(reports), "sections": len(sections), "facts": len(facts)}
    for table in LANDING:
        yield dg.MaterializeResult(
            asset_key=["landing", table],
            metadata={
                "rows_loaded": counts[table],
                "rows_in_table": totals[table],
                "reports_unchanged": len(loadable) - len(changed),
            },
        )


def _input_keys(records: list[DocumentRecord]) -> dict[str, str]:
    """Each report's input key (raw bytes, catalog row, code version: pipelines.load.unchanged)."""
    catalog = {e.report_id: e for e in read_catalog(settings.raw_dir())}
    keys = {}
    for r in records:
        entry = catalog.get(r.report_id)
        if entry is not None and r.sha256:
            keys[r.report_id] = input_key(r.sha256, entry.region, entry.report_year)
    return keys


def _only_changed(con, reports: pd.DataFrame, sections: pd.DataFrame, facts: pd.DataFrame, batch: dict[str, str]):
    """The rows of the reports whose rows differ from their last load (pipelines.load.unchanged):
    an unchanged report keeps its rows and its loaded_at, so dbt has nothing to redo for it."""
    changed = changed_reports(con, reports, sections, facts, batch)
    keep = list(changed)
    return (
        reports[reports["report_id"].isin(keep)],
        sections[sections["report_id"].isin(keep)],
        facts[facts["report_id"].isin(keep)],
        changed,
    )
