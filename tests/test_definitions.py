"""The Dagster definitions load from a dbt project that has not been prepared: the manifest is
made on the way, or, when the project cannot be parsed, an asset stands in and says why."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # Dagster, dbt, subprocesses or a browser

REPO = Path(__file__).resolve().parent.parent

LOAD = """
import json
import dagster as dg
from pipelines.definitions import defs
from pipelines.defs.assets import transform
graph = defs().resolve_asset_graph()
out = {"keys": sorted(k.to_user_string() for k in graph.get_all_asset_keys()), "problem": transform.MANIFEST_PROBLEM}
if transform.MANIFEST_PROBLEM:
    out["description"] = graph.get(dg.AssetKey("govreport_dbt")).description
    result = dg.materialize([transform.govreport_dbt], raise_on_error=False)
    out["materialized"] = result.success
    out["failure"] = result.get_step_failure_events()[0].event_specific_data.error.message
print(json.dumps(out))
"""


def load_definitions(project: Path, tmp_path: Path) -> dict:
    env = {
        **os.environ,
        "GOVREPORT_DBT_PROJECT_DIR": str(project),
        "GOVREPORT_WAREHOUSE": str(tmp_path / "wh.duckdb"),
        "DAGSTER_HOME": str(tmp_path / "home"),
        "DO_NOT_TRACK": "1",
    }
    (tmp_path / "home").mkdir(exist_ok=True)
    done = subprocess.run([sys.executable, "-c", LOAD], env=env, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def copy_project(dest: Path) -> Path:
    project = dest / "dbt_project"
    shutil.copytree(REPO / "dbt_project", project, ignore=shutil.ignore_patterns("target", "logs", "dbt_packages"))
    return project


def test_a_missing_manifest_is_made_when_the_definitions_load(tmp_path):
    project = copy_project(tmp_path / "checkout")
    (tmp_path / "checkout" / "pipelines").symlink_to(REPO / "pipelines")  # the seeds: ../pipelines/reference
    assert not (project / "target").exists()
    out = load_definitions(project, tmp_path)
    assert out["problem"] is None
    assert {"staging/stg_reports", "marts/fct_indicator_facts", "published_marts"} <= set(out["keys"])
    assert (project / "target" / "manifest.json").exists()


def test_a_project_that_cannot_be_parsed_leaves_the_definitions_loadable(tmp_path):
    project = copy_project(tmp_path / "broken")  # no ../pipelines/reference: the seeds are missing
    out = load_definitions(project, tmp_path)
    assert "govreport prepare" in out["problem"] and "dbt parse failed" in out["problem"]
    assert {"govreport_dbt", "published_marts", "landing/facts"} <= set(out["keys"])
    assert "dbt project not loaded" in out["description"]
    assert out["materialized"] is False and "govreport prepare" in out["failure"]
