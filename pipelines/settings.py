"""Paths and connection settings, all from environment variables with repo-relative defaults.

Moving the warehouse (e.g. to MotherDuck, ``md:govreport``) or the raw store is configuration:
set the variable, change no code.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def _path(var: str, default: Path) -> Path:
    value = os.environ.get(var)
    return Path(value).expanduser().resolve() if value else default


def raw_dir() -> Path:
    """Raw documents and the source catalog (sources.csv)."""
    return _path("GOVREPORT_RAW_DIR", REPO_ROOT / "raw")


def warehouse_path() -> str:
    """The DuckDB warehouse (a file path, or any DuckDB connection string such as md:db)."""
    value = os.environ.get("GOVREPORT_WAREHOUSE")
    if value and (value.startswith("md:") or value == ":memory:"):
        return value
    return str(_path("GOVREPORT_WAREHOUSE", REPO_ROOT / "warehouse" / "govreport.duckdb"))


def warehouse_dir() -> Path:
    """Folder beside the warehouse: published marts, Parquet, site, intermediate artifacts."""
    wh = warehouse_path()
    if wh.startswith("md:") or wh == ":memory:":
        return _path("GOVREPORT_OUTPUT_DIR", REPO_ROOT / "warehouse")
    return _path("GOVREPORT_OUTPUT_DIR", Path(wh).parent)


def marts_path() -> Path:
    """The published copy of the marts that BI tools open (replaced atomically after each build)."""
    return _path("GOVREPORT_MARTS", warehouse_dir() / "marts.duckdb")


def parquet_dir() -> Path:
    """The Parquet copies of the marts: a ``marts`` folder beside the published DuckDB file."""
    return marts_path().parent / "marts"


def site_dir() -> Path:
    """The region site (``index.html`` and a page per region), beside the warehouse."""
    return warehouse_dir() / "site"


def published_outputs_exist() -> bool:
    """Whether the published marts file and the site's index are there (a run that finds either
    missing goes through every report and publishes again)."""
    return marts_path().exists() and (site_dir() / "index.html").exists()


def artifacts_dir() -> Path:
    """Per-report intermediate artifacts (pickles written by the report IO manager)."""
    return _path("GOVREPORT_ARTIFACTS_DIR", warehouse_dir() / "artifacts")


def dbt_project_dir() -> Path:
    return _path("GOVREPORT_DBT_PROJECT_DIR", REPO_ROOT / "dbt_project")


def dagster_home() -> Path:
    return _path("DAGSTER_HOME", REPO_ROOT / ".dagster_home")


# The Dagster instance's settings, written to $DAGSTER_HOME/dagster.yaml when it has none:
# no telemetry, no "join the community" pop-up over the UI (nux), and one run at a time (runs
# write one DuckDB file, which takes one writer).
DAGSTER_YAML = """telemetry:
  enabled: false
nux:
  enabled: false
concurrency:
  runs:
    max_concurrent_runs: 1
"""


def keep_runs() -> int:
    """How many runs' dbt target folders, dbt logs and Dagster compute logs are kept
    (GOVREPORT_KEEP_RUNS, default 5); older ones are removed after each dbt build."""
    return max(1, int(os.environ.get("GOVREPORT_KEEP_RUNS") or 5))


def step_deadline() -> float:
    """The deadline of one run step in seconds (GOVREPORT_STEP_DEADLINE, default 1800): the dbt
    build is killed past it, a per-report step (read, extract) of one report is interrupted."""
    return float(os.environ.get("GOVREPORT_STEP_DEADLINE") or 1800)


def dbt_column_lineage() -> bool:
    """Whether the dbt step computes column lineage for the Dagster UI (GOVREPORT_DBT_COLUMN_LINEAGE
    = 1; default off). The column schema of every model is always recorded; the lineage parses
    every model with sqlglot and took most of a warm dbt step."""
    return os.environ.get("GOVREPORT_DBT_COLUMN_LINEAGE", "0").strip().lower() in ("1", "true", "yes")
