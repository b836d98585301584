"""Stage 3: every quantitative fact of each report, in the fact contract."""


import dagster as dg
import pandas as pd
from dagster_duckdb import DuckDBResource

from pipelines.defs.assets.ingest import PER_REPORT
from pipelines.defs.per_report import each_report, validated
from pipelines.extract.facts import facts_of_document
from pipelines.model import DocumentRecord, fact_columns, fact_schema
from pipelines.timings import timed
from pipelines.validate.models import FactsModel, violations

FACT_TABLE_SCHEMA = dg.TableSchema(
    columns=[
        dg.TableColumn(c["column"], c["dtype"], description=c["description"],
                       constraints=dg.TableColumnConstraints(nullable=c["nullable"] == "true"))
        for c in fact_schema()
    ]
)


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
    table = pd.concat(facts.values(), ignore_index=True) if facts else pd.DataFrame(columns=fact_columns())
    with timed("validate.indicator_facts"):
        found = violations(FactsModel, table, "facts")
    facts, check = validated(context, "pandera_facts", facts, found, warehouse)
    table = table[table["report_id"].isin(list(facts))]
    yield dg.Output(
        facts,
        metadata={
            "facts": len(table),
            "facts_per_report": {rid: len(df) for rid, df in facts.items()},
            "with_indicator": int(table["indicator_code"].notna().sum()) if len(table) else 0,
            "dagster/column_schema": FACT_TABLE_SCHEMA,
        },
    )
    yield check
