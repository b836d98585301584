"""The dbt project (dbt_project/) against a temporary warehouse filled with hand-built landing
rows that mirror the synthetic reports in tests/synthetic/ (a fictional county, NOT real data).

Runs `dbt build` (seeds, models, data tests, unit tests) through the venv's dbt with
GOVREPORT_WAREHOUSE pointing at the temporary file and target/log paths in tmp.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).parent / "synthetic"))
import landing  # noqa: E402  (tests/synthetic/landing.py)

from pipelines.load.warehouse import ensure_landing  # noqa: E402

RID = landing.report_id
REGION = landing.REGION_CODE


def _ok(result) -> None:
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]


pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(dbt_warehouse) -> Path:
    """The session's dbt build (tests/conftest.py: dbt_warehouse), shared with the other modules."""
    return dbt_warehouse


def _rows(wh: Path, sql: str) -> list[dict]:
    con = duckdb.connect(str(wh), read_only=True)
    try:
        cur = con.execute(sql)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=False)) for r in cur.fetchall()]
    finally:
        con.close()


def _one(wh: Path, sql: str) -> dict:
    rows = _rows(wh, sql)
    assert len(rows) == 1, rows
    return rows[0]


def test_parse_needs_no_warehouse(tmp_path):
    wh = tmp_path / "absent" / "wh.duckdb"
    _ok(landing.run_dbt(wh, tmp_path, "parse"))
    manifest = json.loads((tmp_path / "target" / "manifest.json").read_text())
    models = {n["name"] for n in manifest["nodes"].values() if n["resource_type"] == "model"}
    assert {"stg_reports", "stg_facts", "fct_indicator_facts", "indicator_panel", "target_vs_actual"} <= models
    sources = {(s["source_name"], s["name"]) for s in manifest["sources"].values()}
    assert sources == {("landing", t) for t in ("reports", "sections", "facts", "ingest_errors")}
    seeds = {n["name"] for n in manifest["nodes"].values() if n["resource_type"] == "seed"}
    assert {"indicators", "units", "fact_schema", "regions"} <= seeds
    assert not wh.exists()


def test_build_on_empty_landing(tmp_path):
    (tmp_path / "empty").mkdir()
    wh = tmp_path / "empty" / "govreport.duckdb"  # the name of the prepared parse (tests/dbt_parse.py)
    con = duckdb.connect(str(wh))
    ensure_landing(con)
    con.close()
    _ok(landing.run_dbt(wh, tmp_path, "build"))
    schemas = {r["schema_name"] for r in _rows(wh, "select distinct schema_name from duckdb_tables()")}
    assert {"marts", "reference", "landing"} <= schemas
    assert _one(wh, "select count(*) as n from marts.fct_indicator_facts")["n"] == 0


def test_schemas_and_contracts(built):
    tables = {(r["schema_name"], r["table_name"]) for r in _rows(built, "select schema_name, table_name from duckdb_tables()")}
    for mart in ("dim_regions", "dim_reports", "dim_indicators", "fct_indicator_facts", "indicator_panel",
                 "indicator_revisions", "indicator_yoy", "target_vs_actual", "target_changes",
                 "report_targets_vs_results"):
        assert ("marts", mart) in tables
    views = {(r["schema_name"], r["view_name"]) for r in _rows(built, "select schema_name, view_name from duckdb_views()")}
    assert ("staging", "stg_facts") in views and ("staging", "stg_reports") in views


def _contract_not_null_columns() -> set[tuple[str, str]]:
    """(model, column) of every column whose enforced contract says ``constraints: [{type: not_null}]``,
    read from the parsed project (dbt_project/target/manifest.json, made by `govreport prepare`)."""
    manifest = json.loads((Path(__file__).parent.parent / "dbt_project" / "target" / "manifest.json").read_text())
    out = set()
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model" or not node["config"].get("contract", {}).get("enforced"):
            continue
        for name, column in node["columns"].items():
            if any(c["type"] == "not_null" for c in column.get("constraints", [])):
                out.add((node["name"], name))
    return out


def test_contract_not_null_is_a_constraint_of_the_built_table(built, tmp_path):
    # A column with a not_null constraint carries no not_null data test (one node fewer a column in
    # every build): the table itself refuses NULLs. Every such column must be NOT NULL in DuckDB.
    declared = _contract_not_null_columns()
    assert len(declared) > 40
    enforced = {
        (r["table_name"], r["column"])
        for r in _rows(built, "select table_name, unnest(constraint_column_names) as column from duckdb_constraints() "
                              "where constraint_type = 'NOT NULL' and schema_name = 'marts'")
    }
    assert declared - enforced == set()
    copy = tmp_path / "copy.duckdb"  # the session's build is shared: write to a copy
    shutil.copy(built, copy)
    con = duckdb.connect(str(copy))
    try:
        with pytest.raises(duckdb.ConstraintException):
            con.execute("insert into marts.dim_indicators (indicator_code) values (null)")
    finally:
        con.close()


KEY_COLUMNS = {
    # the columns the issue promises, so that queries written today keep working
    "dim_indicators": ["indicator_code", "name_zh", "name_en", "unit_dimension"],
    "indicator_panel": ["region_code", "indicator_code", "metric", "year", "value", "unit", "status", "report_id"],
    "indicator_yoy": ["region_code", "indicator_code", "metric", "year", "value", "unit", "status", "report_id",
                      "prev_value", "abs_change", "pct_change"],
    "target_vs_actual": ["region_code", "indicator_code", "metric", "year", "target_value", "target_value_high",
                         "target_comparator", "outcome_value", "outcome_status", "verdict", "gap",
                         "target_report_id", "outcome_report_id"],
    "target_changes": ["region_code", "indicator_code", "metric", "year", "target_value", "prev_target_value"],
}


def test_key_columns(built):
    for mart, columns in KEY_COLUMNS.items():
        have = [r["column_name"] for r in _rows(
            built, f"select column_name from duckdb_columns() where schema_name = 'marts' and table_name = '{mart}'")]
        assert set(columns) <= set(have), (mart, set(columns) - set(have))


def test_dims(built):
    r = _one(built, f"select * from marts.dim_reports where report_id = '{RID(2023)}'")
    # 20 numeric facts and the pegged target 居民人均可支配收入增长与经济增长基本同步 (a fact of its own)
    assert (r["region_code"], r["report_year"], r["year_reviewed"], r["n_facts"], r["n_targets"]) == (REGION, 2023, 2022, 21, 7)
    g = _one(built, f"select * from marts.dim_regions where region_code = '{REGION}'")
    assert g["in_catalog"] is False and g["n_reports"] == 3 and g["last_report_year"] == 2024
    y = _one(built, "select * from marts.dim_regions where region_code = '110119'")
    assert y["in_catalog"] is True and y["name"] == "延庆区"
    i = _one(built, "select * from marts.dim_indicators where indicator_code = 'gdp'")
    assert (i["name_zh"], i["unit_dimension"]) == ("地区生产总值", "money")
    assert i["direction"] == "higher_better"
    assert _one(built, "select * from marts.dim_indicators where indicator_code = 'cpi'")["direction"] == "lower_better"


def test_fct_indicator_facts(built):
    f = _one(built, f"select * from marts.fct_indicator_facts where report_id = '{RID(2023)}' "
                    "and indicator_code = 'gdp' and metric = 'value'")
    assert (f["value"], f["unit"], f["value_normalized"], f["period_year"], f["region_code"]) == (213, "亿元", 213e8, 2022, REGION)
    assert f["indicator_name_zh"] == "地区生产总值" and f["evidence"] == "全县地区生产总值预计完成213亿元"
    span = _one(built, "select * from marts.fct_indicator_facts where period = '2018-2022'")
    assert (span["period_year"], span["period_start"], span["period_end"]) == (None, 2018, 2022)


def test_panel_and_revisions(built):
    p = _one(built, f"select * from marts.indicator_panel where region_code = '{REGION}' "
                    "and indicator_code = 'gdp' and metric = 'value' and year = 2022")
    # the 2024 report's final actual (经济普查核实 215) beats the 2023 report's estimate (213)
    assert (p["value"], p["status"], p["report_id"], p["n_figures"]) == (215, "actual", RID(2024), 2)
    r = _one(built, "select * from marts.indicator_revisions")
    assert (r["value"], r["status"], r["report_id"], r["superseded_because"], r["revision"]) == (
        213, "estimate", RID(2023), "actual_beats_estimate", 2)
    # a span never enters the panel
    assert _rows(built, "select * from marts.indicator_panel where metric = 'growth_pct' and value = 6.2") == []
    g = _one(built, "select * from marts.indicator_panel where indicator_code = 'gdp' and metric = 'growth_pct' and year = 2022")
    assert (g["value"], g["basis"]) == (4, "按不变价计算")


def test_yoy(built):
    def row(code, year):
        return _one(built, f"select * from marts.indicator_yoy where indicator_code = '{code}' and metric = 'value' and year = {year}")

    gdp = row("gdp", 2022)
    assert (gdp["prev_value"], gdp["abs_change"], gdp["pct_change"]) == (200, 15, 7.5)
    assert (gdp["stated_growth_pct"], gdp["stated_growth_price_basis"], gdp["growth_check"], gdp["growth_disagrees"]) == (
        4, "constant_prices", "real_vs_nominal", False)
    retail = row("total_retail_sales", 2022)
    assert (retail["pct_change"], retail["stated_growth_pct"], retail["growth_gap_pp"]) == (4.0, 2, 2.0)
    assert (retail["growth_check"], retail["growth_disagrees"]) == ("disagrees", True)
    fai = row("fixed_asset_investment", 2023)
    assert (fai["prev_value"], fai["abs_change"], fai["pct_change"], fai["growth_check"]) == (100, -14, -14.0, "within_tolerance")
    rev = row("general_budget_revenue_own_level", 2022)
    assert (rev["growth_check"], rev["growth_disagrees"]) == ("same_scope", False)
    assert row("gdp", 2021)["growth_check"] == "no_previous_level"


def test_target_vs_actual(built):
    rows = {(r["indicator_code"], r["metric"], r["year"]): r for r in _rows(built, "select * from marts.target_vs_actual")}

    def check(key, verdict, gap, outcome=None):
        r = rows[key]
        assert r["verdict"] == verdict, r
        assert r["gap"] == gap, r
        if outcome is not None:
            assert r["outcome_value"] == outcome, r

    check(("gdp", "growth_pct", 2022), "missed", -2.0, 4)           # 6%左右 vs 4%
    check(("gdp", "growth_pct", 2023), "met", -0.3, 5.2)            # 5.5%左右 vs 5.2%: within 0.5 point
    check(("general_budget_revenue_own_level", "growth_pct", 2022), "met", 3.8, 8.8)  # 5%以上
    check(("fixed_asset_investment", "value", 2022), "met", 0.0, 100)
    check(("fixed_asset_investment", "value", 2023), "missed", -14.0, 86)
    check(("total_retail_sales", "growth_pct", 2022), "missed", -2.5, 2)  # range 4.5%—5%
    check(("registered_unemployment_rate", "value", 2023), "met", -0.4, 2.6)  # 3%以内
    check(("fixed_asset_investment", "value", 2024), "no_outcome_yet", None)
    income = rows[("disposable_income_pc", "growth_pct", 2022)]
    assert (income["target_kind"], income["verdict"], income["outcome_value"], income["benchmark_growth_pct"]) == (
        "pegged_to_growth", "not_comparable", 4.9, 4)
    assert income["benchmark_gap_pp"] == pytest.approx(0.9)
    assert income["target_text"] == "居民人均可支配收入增长与经济增长同步"
    r = rows[("total_retail_sales", "growth_pct", 2022)]
    assert (r["target_value"], r["target_value_high"], r["target_report_id"], r["outcome_report_id"]) == (4.5, 5, RID(2022), RID(2023))


def test_target_changes(built):
    r = _one(built, "select * from marts.target_changes where indicator_code = 'fixed_asset_investment' and year = 2024")
    assert (r["target_value"], r["prev_target_value"], r["change"], r["change_direction"]) == (85, 100, -15, "lowered")
    r = _one(built, "select * from marts.target_changes where indicator_code = 'fixed_asset_investment' and year = 2022")
    assert r["change_direction"] == "new_target"


def test_report_targets_vs_results(built):
    rows = {(r["indicator_code"], r["metric"]): r for r in
            _rows(built, f"select * from marts.report_targets_vs_results where report_id = '{RID(2023)}'")}
    g = rows[("gdp", "growth_pct")]
    assert (g["result_year"], g["result_value"], g["target_year"], g["target_value"], g["target_comparator"]) == (2022, 4, 2023, 5.5, "approx")
    f = rows[("fixed_asset_investment", "value")]
    assert (f["result_value"], f["target_value"], f["target_minus_result"]) == (100, 100, 0)
    assert rows[("disposable_income_pc", "growth_pct")]["target_text"] == "居民人均可支配收入增长与经济增长基本同步"


def test_fact_vocabulary_test_catches_bad_values(built, tmp_path):
    (tmp_path / "bad").mkdir()
    wh = tmp_path / "bad" / "govreport.duckdb"  # the name of the prepared parse (tests/dbt_parse.py)
    con = duckdb.connect(str(wh))
    con.execute(f"ATTACH '{built}' AS src (READ_ONLY)")
    con.execute("COPY FROM DATABASE src TO govreport")
    con.execute("UPDATE landing.facts SET metric = 'level' WHERE fact_id = (SELECT min(fact_id) FROM landing.facts)")
    con.close()
    result = landing.run_dbt(wh, tmp_path, "test", "--select", "stg_facts")
    assert result.returncode != 0
    assert "in_fact_vocabulary_stg_facts_metric" in result.stdout and "FAIL 1" in result.stdout


def test_docs_generate_offline(built, tmp_path):
    # dbt opens the warehouse read-write: a copy of the session's build, which other workers read
    (tmp_path / "docs").mkdir()
    copy = shutil.copy(built, tmp_path / "docs" / "govreport.duckdb")
    _ok(landing.run_dbt(copy, tmp_path, "docs", "generate"))
    catalog = json.loads((tmp_path / "target" / "catalog.json").read_text())
    assert any(k.endswith(".target_vs_actual") for k in catalog["nodes"])
    manifest = json.loads((tmp_path / "target" / "manifest.json").read_text())
    for node in manifest["nodes"].values():
        if node["resource_type"] == "model" and node["config"].get("schema") == "marts":
            undocumented = [c for c, v in node["columns"].items() if not v.get("description")]
            assert node["description"] and not undocumented, (node["name"], undocumented)


NAMED_MARTS = ["indicator_panel", "indicator_revisions", "indicator_yoy", "target_vs_actual", "target_changes",
               "report_targets_vs_results", "targets", "cross_region_targets"]
DIFFERENCE_UNITS = {"target_vs_actual": "gap_unit", "target_changes": "change_unit",
                    "report_targets_vs_results": "target_minus_result_unit", "indicator_yoy": "abs_change_unit",
                    "indicator_revisions": "revision_unit", "cross_region_targets": "target_minus_result_unit"}


def test_marts_read_on_their_own(built):
    """Names beside codes on every mart, a unit on every difference, the unit table, every target
    (coded or not), the uncoded subjects, and regions side by side."""
    for mart in NAMED_MARTS:
        have = {r["column_name"] for r in _rows(
            built, f"select column_name from duckdb_columns() where schema_name = 'marts' and table_name = '{mart}'")}
        assert {"region_name", "region_name_en", "indicator_name_zh", "indicator_name_en"} <= have, mart
    for mart, column in DIFFERENCE_UNITS.items():
        assert _rows(built, f"select {column}, {column}_en from marts.{mart} limit 1") is not None
    gap = _one(built, "select * from marts.target_vs_actual where indicator_code = 'gdp' and metric = 'growth_pct' and year = 2023")
    assert gap["gap_unit"] == "个百分点" and gap["gap_unit_en"] == "percentage points" and gap["indicator_name_en"]
    inv = _one(built, "select * from marts.target_changes where indicator_code = 'fixed_asset_investment' and year = 2024")
    assert inv["change_unit"] == "亿元" and inv["change_unit_en"] == "100 million yuan"
    yanqing = _one(built, "select * from marts.dim_regions where full_name_en ilike '%yanqing%'")
    assert yanqing["region_code"] == "110119" and yanqing["name_pinyin"] == "Yanqing"
    assert _one(built, "select * from marts.dim_units where unit = '亿元'")["label_en"] == "100 million yuan"
    counts = _one(built, "select count(*) as n, count(*) filter (where is_coded) as coded, "
                         "count(*) filter (where not is_coded) as uncoded from marts.targets")
    facts = _one(built, "select count(*) as n, count(indicator_code) as coded from marts.fct_indicator_facts "
                        "where status = 'target'")
    assert counts["coded"] > 0 and (counts["n"], counts["coded"]) == (facts["n"], facts["coded"])
    uncoded = _one(built, "select count(*) as n from marts.fct_indicator_facts "
                          "where indicator_code is null and nullif(trim(subject), '') is not null")["n"]
    assert _one(built, "select coalesce(sum(n_facts), 0) as n from marts.uncoded_subjects")["n"] == uncoded
    assert _one(built, "select count(*) as n from marts.uncoded_subjects where subject in "
                       "(select subject from marts.fct_indicator_facts where indicator_code is not null)")["n"] == 0
    cross = _rows(built, "select * from marts.cross_region_targets where indicator_code = 'gdp' and metric = 'growth_pct'")
    assert cross and all(r["region_name"] for r in cross)
    assert _one(built, "select site_chart from marts.dim_indicators where indicator_code = 'gdp'")["site_chart"] is True
