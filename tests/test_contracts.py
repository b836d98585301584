"""The table contracts (pipelines/reference/*_schema.csv, landing_tables.csv) are the one place of
each landing table's shape: the DDL, the Pandera schemas, the row builders and the dbt YAML follow
them, and an existing warehouse is brought up to them."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import yaml

from pipelines.contracts import REFERENCE_DIR, ContractError, contract, frame, landing_contracts
from pipelines.load.rows import document_tables, landing_batch
from pipelines.load.warehouse import REPORT_TABLES, create_table_sql, ensure_landing, load_reports, record_error
from pipelines.model import Document, DocumentRecord, Region, ReportMeta, Section
from pipelines.transform.staging import sources_yaml, staging_yaml, stale_files
from pipelines.validate.models import landing_schema, validate_tables, violations

NEW_COLUMN = "reading_minutes,int64,true,,,0,600,,,,Minutes the report took to deliver"


@pytest.fixture
def scratch_reference(tmp_path: Path) -> Path:
    """A copy of pipelines/reference/ whose reports contract has one more column."""
    ref = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, ref)
    path = ref / "report_schema.csv"
    path.write_text(path.read_text(encoding="utf-8") + NEW_COLUMN + "\n", encoding="utf-8")
    return ref


def record(report_id: str = "110119-2023", year_reviewed: int | None = 2022) -> DocumentRecord:
    text = "北京市延庆区2023年政府工作报告\n各位代表:\n一、2022年工作回顾\n地区生产总值213亿元。\n二、2023年工作安排\n增长5%左右。"
    review, plan = text.index("一、"), text.index("二、")
    meta = ReportMeta(
        region_name="北京市延庆区",
        region=Region("110119", "延庆区", "北京市延庆区", "district", "110000"),
        report_year=2023,
        year_reviewed=year_reviewed,
        delivered_on=date(2022, 12, 21) if year_reviewed else None,
        title="北京市延庆区2023年政府工作报告",
    )
    sections = [Section("front", None, 0, review), Section("review", "一、2022年工作回顾", review, plan),
                Section("plan", "二、2023年工作安排", plan, len(text))]
    return DocumentRecord(report_id, "raw/x.txt", "raw/x.txt", "a" * 64, Document(text, meta, sections))


def test_committed_dbt_yaml_is_generated_from_the_contracts():
    stale = stale_files()
    assert not stale, f"{[str(p) for p in stale]} disagree with pipelines/reference/: run scripts/generate_dbt_yaml.py"


def test_a_column_added_to_the_reports_contract_reaches_ddl_pandera_and_dbt(scratch_reference):
    spec = contract("reports", scratch_reference)
    assert spec.names[-1] == "reading_minutes" and "reading_minutes" not in contract("reports").names

    # the DDL, on a new warehouse and on one made before the column existed
    assert "reading_minutes BIGINT," in create_table_sql(spec)
    con = duckdb.connect()
    assert ensure_landing(con) == []
    assert ensure_landing(con, scratch_reference) == ["reports.reading_minutes"]
    columns = dict(con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'landing' AND table_name = 'reports'"
    ).fetchall())
    assert columns["reading_minutes"] == "BIGINT"

    # the Pandera schema: its dtype, nullability and bounds
    schema = landing_schema("reports", scratch_reference)
    column = schema.columns["reading_minutes"]
    assert str(column.dtype) == "Int64" and column.nullable
    assert {str(c) for c in column.checks} == {"<Check greater_than_or_equal_to: greater_than_or_equal_to(0.0)>",
                                               "<Check less_than_or_equal_to: less_than_or_equal_to(600.0)>"}
    assert list(schema.columns)[-1] == "reading_minutes"

    # the dbt source and staging column lists, with the column's doc
    staging = yaml.safe_load(staging_yaml(scratch_reference))
    stg_reports = next(m for m in staging["models"] if m["name"] == "stg_reports")
    assert stg_reports["columns"][-1] == {"name": "reading_minutes", "description": "Minutes the report took to deliver"}
    sources = yaml.safe_load(sources_yaml(scratch_reference))
    reports = next(t for t in sources["sources"][0]["tables"] if t["name"] == "reports")
    assert reports["columns"][-1]["name"] == "reading_minutes" and reports["columns"][-1]["data_type"] == "bigint"

    # the row builder has not been told: building the rows fails, naming the column
    from pipelines.load.rows import report_row

    with pytest.raises(ContractError, match="missing reading_minutes"):
        frame("reports", [report_row(record())], reference_dir=scratch_reference)


def test_a_row_with_a_column_the_contract_lacks_is_refused():
    row = {c.name: None for c in contract("sections").built} | {"ordinal": 0, "char_start": 0, "char_end": 1}
    with pytest.raises(ContractError, match="not in the contract heading_level"):
        frame("sections", [row | {"heading_level": 1}])
    with pytest.raises(ContractError, match="missing title"):
        frame("sections", [{k: v for k, v in row.items() if k != "title"}])


def test_the_load_refuses_a_frame_that_misses_a_column(tmp_path):
    tables = document_tables([record()]) | {"facts": frame("facts", [])}
    tables["reports"] = tables["reports"].drop(columns=["speaker"])
    con = duckdb.connect(str(tmp_path / "wh.duckdb"))
    with pytest.raises(ContractError, match=r"missing \['speaker'\]"):
        load_reports(con, tables)
    assert con.execute("SELECT count(*) FROM landing.reports").fetchone()[0] == 0


def test_year_reviewed_is_a_nullable_integer_everywhere(tmp_path):
    tables = document_tables([record("110119-2023"), record("110229-2023", year_reviewed=None)])
    reports = tables["reports"]
    assert str(reports["year_reviewed"].dtype) == "Int64" and reports["year_reviewed"].isna().tolist() == [False, True]
    assert violations(landing_schema("reports"), reports, "reports") == []
    assert "year_reviewed BIGINT," in create_table_sql(contract("reports"))
    con = duckdb.connect(str(tmp_path / "wh.duckdb"))
    load_reports(con, tables | {"facts": frame("facts", [])})
    assert con.execute("SELECT report_id, year_reviewed FROM landing.reports ORDER BY 1").fetchall() == [
        ("110119-2023", 2022), ("110229-2023", None)
    ]


def test_the_validated_rows_are_the_rows_loaded(tmp_path):
    records = [record("110119-2023"), record("110229-2023")]
    tables = document_tables(records)
    tables["sections"].loc[4, "part"] = "preface"  # the second report's review section
    rows, found = validate_tables(tables, [r.report_id for r in records])
    assert [v.report_id for v in found] == ["110229-2023"] and "preface" in found[0].message
    assert set(rows) == {"110119-2023"}
    kept = rows["110119-2023"]
    assert kept["sections"] is not None and len(kept["sections"]) == 3
    good = records[0]
    good.rows = kept
    batch = landing_batch([good], {good.report_id: frame("facts", [])})
    pd.testing.assert_frame_equal(batch["reports"], tables["reports"].iloc[[0]].reset_index(drop=True))
    with pytest.raises(ContractError, match="no validated landing rows"):
        landing_batch([records[1]], {records[1].report_id: frame("facts", [])})


def test_every_landing_table_has_a_schema_and_the_dags_keys():
    contracts = landing_contracts()
    assert list(contracts) == ["reports", "sections", "facts", "ingest_errors"]
    assert set(REPORT_TABLES) < set(contracts)
    for table, spec in contracts.items():
        assert list(landing_schema(table).columns) == [c.name for c in spec.built]
    assert contract("sections").column("part").allowed_values == contract("facts").column("part").allowed_values
    assert contract("reports").column("loaded_at").set_by == "load"


def test_record_error_holds_to_the_contract():
    con = duckdb.connect()
    record_error(con, stage="text", message="raw/x.txt: no text", source="raw/x.txt", report_id=None, run_id="r1")
    with pytest.raises(ValueError, match="stage failed isin"):
        record_error(con, stage="scrape", message="boom", source=None, report_id=None)
    assert con.execute("SELECT run_id, stage, occurred_at IS NOT NULL FROM landing.ingest_errors").fetchall() == [
        ("r1", "text", True)
    ]


# The landing DDL as pipelines/load/warehouse.py wrote it before the contracts (kept verbatim: the
# layout of the warehouses that exist), and the older one with primary keys on sections and facts.
OLD_DDL = [
    "CREATE SCHEMA landing",
    """CREATE TABLE landing.reports (report_id VARCHAR PRIMARY KEY, region_code VARCHAR NOT NULL,
       region_name VARCHAR NOT NULL, region_level VARCHAR, report_year INTEGER NOT NULL, year_reviewed INTEGER,
       delivered_on DATE, session VARCHAR, speaker VARCHAR, title VARCHAR, source VARCHAR NOT NULL,
       raw_path VARCHAR, sha256 VARCHAR NOT NULL, n_chars INTEGER NOT NULL, text VARCHAR NOT NULL,
       loaded_at TIMESTAMP NOT NULL)""",
    """CREATE TABLE landing.sections (report_id VARCHAR NOT NULL, ordinal INTEGER NOT NULL, part VARCHAR NOT NULL,
       title VARCHAR, char_start INTEGER NOT NULL, char_end INTEGER NOT NULL{sections_key})""",
    """CREATE TABLE landing.facts (report_id VARCHAR NOT NULL, fact_id VARCHAR NOT NULL, part VARCHAR NOT NULL,
       section VARCHAR, subject VARCHAR NOT NULL, indicator_code VARCHAR, metric VARCHAR NOT NULL,
       value DOUBLE NOT NULL, value_high DOUBLE, unit VARCHAR NOT NULL, value_normalized DOUBLE,
       unit_normalized VARCHAR, comparator VARCHAR NOT NULL, period VARCHAR, status VARCHAR NOT NULL,
       basis VARCHAR, evidence VARCHAR NOT NULL, char_start BIGINT NOT NULL, char_end BIGINT NOT NULL{facts_key})""",
    """CREATE TABLE landing.ingest_errors ({run_id}source VARCHAR, report_id VARCHAR, stage VARCHAR NOT NULL,
       message VARCHAR NOT NULL, occurred_at TIMESTAMP NOT NULL)""",
]


@pytest.mark.parametrize("layout", ["today", "keyed"])
def test_ensure_landing_brings_an_existing_warehouse_up_to_the_contract(layout, tmp_path, scratch_reference):
    keyed = layout == "keyed"
    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    for sql in OLD_DDL:
        con.execute(sql.format(
            sections_key=", PRIMARY KEY (report_id, ordinal)" if keyed else "",
            facts_key=", PRIMARY KEY (report_id, fact_id)" if keyed else "",
            run_id="" if keyed else "run_id VARCHAR, ",
        ))
    con.execute("INSERT INTO landing.reports VALUES ('110119-2022', '110119', '北京市延庆区', 'district', 2022, 2021, "
                "NULL, NULL, NULL, NULL, 'old.txt', NULL, 'b', 10, '0123456789', TIMESTAMP '2025-01-01 00:00:00')")
    con.execute("INSERT INTO landing.sections VALUES ('110119-2022', 0, 'front', NULL, 0, 10)")
    con.execute("INSERT INTO landing.ingest_errors (source, report_id, stage, message, occurred_at) "
                "VALUES ('x.txt', NULL, 'document', 'no text', TIMESTAMP '2025-01-01 00:00:00')")

    added = ensure_landing(con, scratch_reference)
    # the columns added to the contracts since that layout (issue 10's report columns, the
    # normalized subject) and the scratch column reach the old warehouse
    since = ["reports.document_kind", "reports.source_format", "reports.furniture_lines_removed",
             "reports.furniture_chars_removed"]
    assert added == since + ["reports.reading_minutes", "facts.subject_normalized", "facts.pegged_to"] + (
        [] if not keyed else ["ingest_errors.run_id"])
    assert con.execute(
        "SELECT count(*) FROM duckdb_constraints() WHERE schema_name = 'landing' AND constraint_type = 'PRIMARY KEY' "
        "AND table_name IN ('sections', 'facts')"
    ).fetchone()[0] == 0
    assert con.execute("SELECT stage FROM landing.ingest_errors").fetchall() == [("text",)]
    assert con.execute("SELECT report_id, reading_minutes FROM landing.reports").fetchall() == [("110119-2022", None)]
    # facts.unit was NOT NULL then; a ratio written without unit (收入倍差2.12) is NULL now
    assert ("unit",) not in con.execute(
        "SELECT unnest(constraint_column_names) FROM duckdb_constraints() WHERE schema_name = 'landing' "
        "AND table_name = 'facts' AND constraint_type = 'NOT NULL'").fetchall()
    assert ("value",) in con.execute(
        "SELECT unnest(constraint_column_names) FROM duckdb_constraints() WHERE schema_name = 'landing' "
        "AND table_name = 'facts' AND constraint_type = 'NOT NULL'").fetchall()
    assert ensure_landing(con, scratch_reference) == []  # once

    # the old rows stay, the pipeline's rows load beside them
    load_reports(con, document_tables([record()]) | {"facts": frame("facts", [])})
    assert con.execute("SELECT report_id, year_reviewed FROM landing.reports ORDER BY 1").fetchall() == [
        ("110119-2022", 2021), ("110119-2023", 2022)
    ]
    assert con.execute("SELECT count(*) FROM landing.sections").fetchone()[0] == 4
