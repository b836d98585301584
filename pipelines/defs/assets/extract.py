"""Stage 3: every quantitative fact of each report, in the fact contract."""


import dagster as dg
import pandas as pd
from dagster_duckdb import DuckDBResource

from pipelines.contracts import frame
from pipelines.defs.assets.ingest import PER_REPORT
from pipelines.defs.per_report import each_report, observe_reports, preview, table_schema, validated
from pipelines.defs.timings import timed
from pipelines.extract.facts import facts_of_document
from pipelines.model import DocumentRecord
from pipelines.validate.models import validate_tables


def facts_of(record: DocumentRecord) -> pd.DataFrame:
    facts = facts_of_document(record.document, report_id=record.report_id)
    if facts.empty:
        raise ValueError(f"{record.source}: no quantitative facts found: not a work report?")
    return facts


@dg.asset(
    **PER_REPORT,
    group_name="extract",
    kinds={"python", "pandas"},
    check_specs=[
        dg.AssetCheckSpec(
            "pandera_facts",
            asset="indicator_facts",
            blocking=True,
            description="Every fact of each report against the fact contract (pipelines/reference/fact_schema.csv: "
            "columns, types, vocabularies, nullability) with the Pandera schema built from it; a report that fails "
            "never reaches the warehouse. Metadata: rejected and valid report counts, violations.",
        )
    ],
    owners=["team:govreport"],
)
def indicator_facts(
    context: dg.AssetExecutionContext,
    report_documents: dict[str, DocumentRecord],
    warehouse: DuckDBResource,
):
    """Every quantitative fact of each report: value, unit, comparator, period, status, basis,
    catalog indicator and the evidence it came from, validated with Pandera before loading."""
    facts = each_report(
        context,
        "extract",
        list(report_documents),
        lambda rid: facts_of(report_documents[rid]),
        warehouse=warehouse,
        source_of=lambda rid: report_documents[rid].source,
    )
    table = pd.concat(facts.values(), ignore_index=True) if facts else frame("facts", [])
    with timed("validate.indicator_facts"):
        rows, found = validate_tables({"facts": table}, list(facts))
    facts, check = validated(context, "pandera_facts", facts, found, warehouse)
    # each report's slice of the validated frame: the load writes exactly these rows
    facts = {rid: rows[rid]["facts"] for rid in facts}
    table = pd.concat(facts.values(), ignore_index=True) if facts else frame("facts", [])
    observe_reports(context, "indicator_facts", {
        rid: {
            "dagster/row_count": len(df),
            "with_indicator": int(df["indicator_code"].notna().sum()),
            "targets": int((df["status"] == "target").sum()),
        }
        for rid, df in facts.items()
    })
    yield dg.Output(
        facts,
        metadata={
            "dagster/row_count": len(table),
            "facts": len(table),
            "facts_per_report": {rid: len(df) for rid, df in facts.items()},
            "with_indicator": int(table["indicator_code"].notna().sum()) if len(table) else 0,
            "dagster/column_schema": table_schema("facts"),
            "preview": preview(table, columns=["report_id", "part", "subject", "indicator_code", "metric",
                                                 "value", "unit", "status", "period", "evidence"]),
        },
    )
    yield check
