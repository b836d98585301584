"""Row counts and column schema of built tables, read in one DuckDB connection
(pipelines.transform.table_metadata), and the dbt step's handling of its events."""

from __future__ import annotations

import dagster as dg
import duckdb
import pytest

from pipelines.defs.assets.transform import with_table_metadata
from pipelines.transform.table_metadata import Relation, metadata_of, read_table_facts, relation_of_node


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE SCHEMA marts")
        con.execute("CREATE TABLE marts.fct (fact_id VARCHAR, value DOUBLE, year INTEGER)")
        con.execute("INSERT INTO marts.fct VALUES ('a', 1.5, 2024), ('b', 2.0, 2025), ('c', NULL, 2025)")
        con.execute('CREATE TABLE marts."odd ""name""" (x INTEGER)')
        con.execute("CREATE VIEW marts.v AS SELECT year FROM marts.fct")
    return str(path)


def test_columns_in_table_order_and_exact_row_counts(warehouse):
    fct, odd, view = Relation("marts", "fct"), Relation("marts", 'odd "name"'), Relation("marts", "v", is_view=True)
    facts = read_table_facts(warehouse, [fct, odd, view, Relation("marts", "never_built")])
    assert facts[fct].columns == (("fact_id", "VARCHAR"), ("value", "DOUBLE"), ("year", "INTEGER"))
    assert facts[fct].row_count == 3
    assert facts[odd].row_count == 0
    assert facts[view].row_count is None and facts[view].columns == (("year", "INTEGER"),)
    assert Relation("marts", "never_built") not in facts  # a failed model: left out, no error


def test_metadata_under_dagster_dbt_keys(warehouse):
    fct = Relation("marts", "fct")
    meta = metadata_of(read_table_facts(warehouse, [fct])[fct])
    assert meta["dagster/row_count"].value == 3
    assert [c.name for c in meta["dagster/column_schema"].columns] == ["fact_id", "value", "year"]
    view = Relation("marts", "v", is_view=True)
    assert "dagster/row_count" not in metadata_of(read_table_facts(warehouse, [view])[view])


def test_relation_of_manifest_nodes():
    model = {"resource_type": "model", "schema": "marts", "name": "fct", "alias": "fct_alias",
             "config": {"materialized": "incremental"}}
    assert relation_of_node(model) == Relation("marts", "fct_alias")
    assert relation_of_node({**model, "config": {"materialized": "view"}}).is_view
    assert relation_of_node({**model, "config": {"materialized": "ephemeral"}}) is None
    assert relation_of_node({**model, "resource_type": "test"}) is None


def test_events_keep_their_order_and_a_failed_build_still_yields_what_it_built(warehouse):
    manifest = {"nodes": {
        "model.p.fct": {"resource_type": "model", "schema": "marts", "name": "fct", "config": {"materialized": "table"}},
    }}
    built = dg.Output(None, output_name="fct", metadata={"unique_id": "model.p.fct"})
    check = dg.AssetCheckResult(asset_key="fct", check_name="unique_fact_id", passed=True)

    def stream():
        yield built
        yield check
        raise RuntimeError("dbt build failed: 1 test failed")

    got = []
    with pytest.raises(RuntimeError, match="1 test failed"):
        for event in with_table_metadata(stream(), manifest, warehouse):
            got.append(event)
    assert [type(e) for e in got] == [dg.Output, dg.AssetCheckResult]
    assert got[0].metadata["dagster/row_count"].value == 3
    assert got[0].metadata["unique_id"].value == "model.p.fct"


def test_an_unreadable_warehouse_leaves_the_events_without_table_metadata(tmp_path):
    manifest = {"nodes": {"model.p.fct": {"resource_type": "model", "schema": "marts", "name": "fct",
                                          "config": {"materialized": "table"}}}}
    bad = tmp_path / "not_duckdb.duckdb"
    bad.write_bytes(b"this is not a database file" * 100)
    event = dg.Output(None, output_name="fct", metadata={"unique_id": "model.p.fct"})
    (out,) = list(with_table_metadata(iter([event]), manifest, str(bad)))
    assert "dagster/row_count" not in out.metadata
