"""End to end on three SYNTHETIC reports of a fictional county (tests/synthetic/, see its README):
`govreport run` from the raw files to every mart, checked on concrete rows."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import once_for_all_workers
from dbt_parse import write_partial_parse

pytestmark = pytest.mark.slow  # Dagster, dbt, subprocesses or a browser

SYNTHETIC = Path(__file__).parent / "synthetic"
FICTIONAL_REGION = "region_code,name,full_name,level,parent_code,former_names\n990121,样板县,示例省样板县,county,,\n"


def _run(root: Path) -> None:
    raw = root / "raw"
    raw.mkdir()
    for f in sorted(SYNTHETIC.glob("yangban_*.txt")):
        shutil.copy(f, raw / f.name)
    (root / "regions_extra.csv").write_text(FICTIONAL_REGION, encoding="utf-8")
    env = {
        **os.environ,
        "GOVREPORT_EXTRA_REGIONS": str(root / "regions_extra.csv"),
        "DAGSTER_HOME": str(root / "home"),
        "DO_NOT_TRACK": "1",
        "DBT_TARGET_PATH": str(root / "dbt_target"),  # from the prepared parse (tests/dbt_parse.py)
    }
    write_partial_parse(root / "wh" / "govreport.duckdb", root / "dbt_target")
    done = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "run", "--raw-dir", str(raw), "--warehouse", str(root / "wh" / "govreport.duckdb")],
        env=env, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "reports loaded: 3" in done.stdout


@pytest.fixture(scope="session")
def marts(tmp_path_factory) -> duckdb.DuckDBPyConnection:
    """The published marts of `govreport run` over the three synthetic reports, run once for all
    test workers (read-only)."""
    root = once_for_all_workers(tmp_path_factory, "synthetic", _run)
    con = duckdb.connect(str(root / "wh" / "marts.duckdb"), read_only=True)
    yield con
    con.close()


def rows(con, sql: str, *params) -> list[tuple]:
    return con.execute(sql, list(params)).fetchall()


def test_dimensions(marts):
    assert rows(marts, "SELECT name, level, in_catalog, n_reports FROM dim_regions WHERE region_code = '990121'") == [
        ("示例省样板县", "county", False, 3)
    ]
    assert rows(marts, "SELECT report_id, report_year, year_reviewed FROM dim_reports ORDER BY 1") == [
        ("990121-2022", 2022, 2021), ("990121-2023", 2023, 2022), ("990121-2024", 2024, 2023)
    ]
    assert all(n > 0 for (n,) in rows(marts, "SELECT n_facts FROM dim_reports"))
    assert rows(marts, "SELECT name_zh FROM dim_indicators WHERE indicator_code = 'gdp'") == [("地区生产总值",)]


def test_facts_and_panel(marts):
    assert rows(
        marts,
        "SELECT value, unit, status, period FROM fct_indicator_facts "
        "WHERE report_id = '990121-2023' AND indicator_code = 'gdp' AND metric = 'value'",
    ) == [(213.0, "亿元", "estimate", "2022")]
    # the 2024 report's final figure for 2022 beats the 2023 report's estimate ...
    assert rows(
        marts, "SELECT value, status, report_id FROM indicator_panel WHERE indicator_code = 'gdp' AND metric = 'value' AND year = 2022"
    ) == [(215.0, "actual", "990121-2024")]
    # ... and the estimate stays visible as a revision
    assert rows(
        marts, "SELECT value, status, report_id, chosen_value FROM indicator_revisions WHERE indicator_code = 'gdp' AND year = 2022"
    ) == [(213.0, "estimate", "990121-2023", 215.0)]


def test_year_over_year(marts):
    yoy = dict(
        ((code, year), (prev, pct, check))
        for code, year, prev, pct, check in rows(
            marts,
            "SELECT indicator_code, year, prev_value, round(pct_change, 2), growth_check FROM indicator_yoy "
            "WHERE metric = 'value' AND indicator_code IN ('gdp', 'total_retail_sales')",
        )
    )
    assert yoy[("gdp", 2022)] == (200.0, 7.5, "real_vs_nominal")  # stated 4% at constant prices: not a disagreement
    assert yoy[("total_retail_sales", 2022)] == (50.0, 4.0, "disagrees")  # 50 -> 52 implies 4%, stated 2%


def test_targets_against_outcomes(marts):
    verdicts = {
        (code, metric, year): verdict
        for code, metric, year, verdict in rows(marts, "SELECT indicator_code, metric, year, verdict FROM target_vs_actual")
    }
    assert verdicts[("gdp", "growth_pct", 2022)] == "missed"  # 6%左右 vs 4%
    assert verdicts[("gdp", "growth_pct", 2023)] == "met"  # 5.5%左右 vs 5.2%
    assert verdicts[("general_budget_revenue_own_level", "growth_pct", 2022)] == "met"  # 5%以上 vs 8.8%
    assert verdicts[("total_retail_sales", "growth_pct", 2022)] == "missed"  # 4.5%—5% vs 2%
    assert verdicts[("fixed_asset_investment", "value", 2023)] == "missed"  # 100亿元 vs 86亿元
    assert verdicts[("registered_unemployment_rate", "value", 2023)] == "met"  # 3%以内 vs 2.6%
    assert verdicts[("disposable_income_pc", "growth_pct", 2022)] == "not_comparable"  # 与经济增长同步
    assert verdicts[("fixed_asset_investment", "value", 2024)] == "no_outcome_yet"
    assert rows(
        marts,
        "SELECT target_value, prev_target_value FROM target_changes WHERE indicator_code = 'fixed_asset_investment' AND year = 2024",
    ) == [(85.0, 100.0)]
    # within one report: the year's result beside next year's target
    assert rows(
        marts,
        "SELECT result_year, result_value, target_year, target_value, target_comparator FROM report_targets_vs_results "
        "WHERE report_id = '990121-2023' AND indicator_code = 'gdp' AND metric = 'growth_pct'",
    ) == [(2022, 4.0, 2023, 5.5, "approx")]
