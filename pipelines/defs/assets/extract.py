"""Stage 3: every quantitative fact of each report, in the fact contract."""


import dagster as dg
import pandas as pd
from dagster_duckdb import DuckDBResource

from pipelines.contracts import frame
from pipelines.defs.assets.ingest import PER_REPORT
from pipelines.defs.per_report import each_report, table_schema, validated
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
    check_specs=[dg.AssetCheckSpec("pandera_facts", asset="indicator_facts", blocking=True)],
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
    rows, found = validate_tables({"facts": table}, list(facts))
    facts, check = validated(context, "pandera_facts", facts, found, warehouse)
    # each report's slice of the validated frame: the load writes exactly these rows
    facts = {rid: rows[rid]["facts"] for rid in facts}
    yield dg.Output(
        facts,
        metadata={
            "facts": sum(len(df) for df in facts.values()),
            "facts_per_report": {rid: len(df) for rid, df in facts.items()},
            "with_indicator": sum(int(df["indicator_code"].notna().sum()) for df in facts.values()),
            "dagster/column_schema": table_schema("facts"),
        },
    )
    yield check
