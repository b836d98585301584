"""The text stage: each report's raw bytes decoded, normalized and read for its metadata and
structure (pipelines.text), validated with Pandera before it goes on."""

from typing import Any

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.defs.assets.ingest import PER_REPORT
from pipelines.defs.per_report import each_report, validated
from pipelines.defs.resources import RawStore
from pipelines.ingest.catalog import read_catalog
from pipelines.load.rows import document_tables
from pipelines.text.document import build_document_record
from pipelines.timings import timed
from pipelines.validate.models import ReportsModel, SectionsModel, violations


@dg.asset(
    **PER_REPORT,
    group_name="text",
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
        "text",
        list(scraped_pages),
        lambda rid: build_document_record(scraped_pages[rid], catalog.get(rid)),
        warehouse=warehouse,
        source_of=lambda rid: scraped_pages[rid].source,
    )
    reports, sections = document_tables(documents.values())
    with timed("validate.report_documents"):
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
