"""Stage 1 and 2: get each report's raw bytes, then turn them into a normalized document."""


from typing import Any

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.documents import build_document_record, document_tables
from pipelines.sources import acquire
from pipelines.ingest.catalog import read_catalog
from pipelines.defs.partitions import reports_partitions
from pipelines.defs.per_report import each_report, validated
from pipelines.defs.resources import RawStore
from pipelines.schemas import ReportsModel, SectionsModel, violations

PER_REPORT = dict(
    partitions_def=reports_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    io_manager_key="report_store",
)


@dg.asset(**PER_REPORT, group_name="ingest", kinds={"python", "http"})
def scraped_pages(
    context: dg.AssetExecutionContext, raw_store: RawStore, warehouse: DuckDBResource
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
        "scrape",
        context.partition_keys,
        step,
        warehouse=warehouse,
        source_of=lambda rid: catalog[rid].source if rid in catalog else None,
    )
    context.add_output_metadata(
        {"report_ids": sorted(pages), "new_versions": sum(1 for p in pages.values() if p.is_new)}
    )
    return pages


@dg.asset(
    **PER_REPORT,
    group_name="documents",
    kinds={"python", "pandas"},
    check_specs=[dg.AssetCheckSpec("pandera_reports_and_sections", asset="report_documents", blocking=True)],
)
def report_documents(
    context: dg.AssetExecutionContext,
    scraped_pages: dict[str, Any],
    raw_store: RawStore,
    warehouse: DuckDBResource,
):
    """Each report decoded, stripped of page furniture and normalized (NFKC, Traditional read via
    OpenCC, pinyin glosses and PDF breaks repaired), with its metadata (region and code, report
    year, year reviewed, date delivered, session, speaker) and its parts and numbered sections."""
    catalog = {e.report_id: e for e in read_catalog(raw_store.path)}
    documents = each_report(
        context,
        "document",
        list(scraped_pages),
        lambda rid: build_document_record(scraped_pages[rid], catalog.get(rid)),
        warehouse=warehouse,
        source_of=lambda rid: scraped_pages[rid].source,
    )
    reports, sections = document_tables(documents.values())
    found = violations(ReportsModel, reports, "reports") + violations(SectionsModel, sections, "sections")
    documents, check = validated(context, "pandera_reports_and_sections", documents, found, warehouse)
    yield dg.Output(
        documents,
        metadata={
            "reports": len(documents),
            "sections": int(sections["report_id"].isin(list(documents)).sum()),
            "report_ids": sorted(documents),
        },
    )
    yield check
