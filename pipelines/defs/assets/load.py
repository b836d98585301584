"""Stage 4: load each report into DuckDB landing tables (delete + insert in one transaction)."""


import dagster as dg
import pandas as pd
from dagster_duckdb import DuckDBResource

from pipelines.defs.partitions import reports_partitions
from pipelines.load.rows import document_tables
from pipelines.model import DocumentRecord
from pipelines.model import fact_columns
from pipelines.load.warehouse import ensure_landing, load_reports
from pipelines.defs.per_report import observe_reports, preview

LANDING = ["reports", "sections", "facts"]

ingest_errors = dg.AssetSpec(
    ["landing", "ingest_errors"],
    description="Every failure of a report at any stage (source, report_id, stage, message, time); appended by each step.",
    group_name="load",
    kinds={"duckdb"},
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
        if loadable:
            load_reports(con, reports, sections, facts)
        totals = {t: con.execute(f"SELECT count(*) FROM landing.{t}").fetchone()[0] for t in LANDING}
    counts = {"reports": len(reports), "sections": len(sections), "facts": len(facts)}
    frames = {"reports": reports.drop(columns=["text"], errors="ignore"), "sections": sections, "facts": facts}
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
                "preview": preview(frame),
            },
        )
