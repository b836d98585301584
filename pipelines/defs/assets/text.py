"""The text stage: each report's raw bytes decoded, normalized and read for its metadata and
structure (pipelines.text), its landing rows validated with Pandera before it goes on."""

import warnings
from dataclasses import replace
from typing import Any

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.defs.assets.ingest import PER_REPORT
from pipelines.defs.per_report import each_report, observe_reports, preview, validated
from pipelines.defs.resources import RawStore
from pipelines.defs.timings import timed
from pipelines.ingest.catalog import read_catalog
from pipelines.load.rows import concat, document_tables
from pipelines.model import DocumentRecord
from pipelines.text.document import build_document_record
from pipelines.validate.models import validate_tables


@dg.asset(
    **PER_REPORT,
    group_name="text",
    kinds={"python", "pandas"},
    check_specs=[
        dg.AssetCheckSpec(
            "pandera_reports_and_sections",
            asset="report_documents",
            blocking=True,
            description="Each report's metadata row and its sections against the Pandera schemas built from "
            "the contracts (keys, years, region code, offsets covering the text); a report that fails goes "
            "no further. Metadata: rejected and valid report counts, violations.",
        )
    ],
    owners=["team:govreport"],
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

    def read(report_id: str) -> DocumentRecord:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            record = build_document_record(scraped_pages[report_id], catalog.get(report_id))
        for w in caught:  # a catalog year or region contradicting the text: logged, the catalog wins
            context.log.warning(f"text: report {report_id}: {w.message}")
        return replace(record, rows=document_tables([record]))  # built here: a report that cannot be is its own failure

    documents = each_report(
        context, "text", list(scraped_pages), read, warehouse=warehouse, source_of=lambda rid: scraped_pages[rid].source
    )
    tables = {t: concat(t, [d.rows[t] for d in documents.values()]) for t in ("reports", "sections")}
    with timed("validate.report_documents"):
        rows, found = validate_tables(tables, list(documents))
    documents, check = validated(context, "pandera_reports_and_sections", documents, found, warehouse)
    # each record carries the rows that were validated: the load writes exactly these
    documents = {rid: replace(record, rows=rows[rid]) for rid, record in documents.items()}
    kept = concat("reports", [record.rows["reports"] for record in documents.values()])
    observe_reports(context, "report_documents", {
        rid: {
            "sections": len(record.rows["sections"]),
            "characters": len(record.document.text),
            "report_year": record.document.meta.report_year or 0,
        }
        for rid, record in documents.items()
    })
    yield dg.Output(
        documents,
        metadata={
            "dagster/row_count": len(documents),
            "preview": preview(kept, columns=["report_id", "region_code", "region_name", "report_year",
                                              "year_reviewed", "delivered_on", "title", "n_chars"]),
            "reports": len(documents),
            "sections": sum(len(r.rows["sections"]) for r in documents.values()),
            "report_ids": sorted(documents),
        },
    )
    yield check
