"""The ingest stage: each report's raw bytes (fetched or read from raw/), kept immutable."""


from typing import Any

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.defs.partitions import reports_partitions
from pipelines.defs.per_report import each_report, observe_reports
from pipelines.defs.resources import RawStore, WarehouseLock
from pipelines.ingest.catalog import read_catalog
from pipelines.ingest.sources import acquire

PER_REPORT = dict(
    partitions_def=reports_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    io_manager_key="report_store",
)


@dg.asset(**PER_REPORT, group_name="ingest", kinds={"python", "http"}, owners=["team:govreport"])
def scraped_pages(
    context: dg.AssetExecutionContext, raw_store: RawStore, warehouse: DuckDBResource, warehouse_lock: WarehouseLock
) -> dict[str, Any]:
    """The raw page of each report: fetched (URL sources) or registered (files in raw/), kept
    immutable under raw/ with its SHA-256; an unchanged page writes nothing new."""
    catalog = {e.report_id: e for e in read_catalog(raw_store.path)}

    def step(report_id: str):
        if report_id not in catalog:
            raise KeyError(f"{report_id} is not in {raw_store.path / 'sources.csv'}")
        return acquire(raw_store.path, catalog[report_id])

    pages = each_report(
        context,
        "ingest",
        context.partition_keys,
        step,
        warehouse=warehouse,
        source_of=lambda rid: catalog[rid].source if rid in catalog else None,
    )
    observe_reports(context, "scraped_pages", {
        rid: {"new_version": bool(p.is_new), "sha256": p.sha256, "source": str(catalog[rid].source) if rid in catalog else ""}
        for rid, p in pages.items()
    })
    context.add_output_metadata(
        {"dagster/row_count": len(pages), "report_ids": sorted(pages),
         "new_versions": sum(1 for p in pages.values() if p.is_new)}
    )
    return pages
