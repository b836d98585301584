"""Runs that do only what changed: the dbt step's plan (skip / incremental / full refresh), the
incremental models keyed by report, and the load that leaves unchanged reports alone.

The one promise that matters: an incremental build gives the same marts, row for row, as a full
refresh of the same landing tables, when reports are added, replaced and removed.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parent / "synthetic"))
import landing  # noqa: E402  (tests/synthetic/landing.py)
from conftest import once_for_all_workers  # noqa: E402

from pipelines.load.unchanged import changed_reports, digests, record_loads  # noqa: E402
from pipelines.load.warehouse import REPORT_TABLES, load_reports  # noqa: E402
from pipelines.transform.build import (  # noqa: E402
    WATERMARK_ENV,
    plan_build,
    project_fingerprint,
    record_build,
    record_publication,
    seed_only_nodes,
    unit_tests_passed,
)

pytestmark = pytest.mark.slow  # dbt

REPO = Path(__file__).resolve().parent.parent


def _warehouse(folder: Path) -> Path:
    """``folder/govreport.duckdb`` (the folder made): the file name of the project's prepared
    parse, which dbt then reuses (tests/dbt_parse.py)."""
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "govreport.duckdb"


def _build(wh: Path, work: Path) -> str:
    """One Dagster-like run of the dbt step and the publication: plan, dbt build with the plan's
    arguments, record the build, then (the publication step) record the publication. Returns the mode."""
    plan = plan_build(str(wh))
    if plan.skip:
        return plan.mode
    result = landing.run_dbt(wh, work, "build", *plan.args, env=plan.apply_env(dict(os.environ)))
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    record_build(str(wh), plan)
    record_publication(str(wh))
    return plan.mode


def _load(wh: Path, frames: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]) -> None:
    con = duckdb.connect(str(wh))
    try:
        load_reports(con, dict(zip(REPORT_TABLES, frames, strict=True)))
    finally:
        con.close()


def _remove(wh: Path, report_id: str) -> None:
    con = duckdb.connect(str(wh))
    try:
        for table in reversed(REPORT_TABLES):
            con.execute(f"DELETE FROM landing.{table} WHERE report_id = ?", [report_id])
    finally:
        con.close()


def _last_watermark(wh: Path):
    con = duckdb.connect(str(wh), read_only=True)
    try:
        return con.execute("SELECT watermark FROM pipeline_state.dbt_builds ORDER BY built_at DESC LIMIT 1").fetchone()[0]
    finally:
        con.close()


def _last_dbt_log(work: Path) -> str:
    """dbt's log file (work/logs/dbt.log) from the last invocation's first line on."""
    text = (work / "logs" / "dbt.log").read_text(encoding="utf-8")
    return text[text.rindex("Running with dbt="):]


def _nodes_run(work: Path) -> set[str]:
    """unique_id of every node the last dbt invocation in work ran (target/run_results.json)."""
    return {r["unique_id"] for r in json.loads((work / "target" / "run_results.json").read_text())["results"]}


def _marts(wh: Path) -> dict[str, pd.DataFrame]:
    """Every mart, sorted on all its columns (timestamps left out: they say when, not what)."""
    con = duckdb.connect(str(wh), read_only=True)
    try:
        out = {}
        names = [r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'marts' ORDER BY 1").fetchall()]
        for name in names:
            cols = [r[0] for r in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'marts' AND table_name = ? "
                "AND data_type NOT LIKE 'TIMESTAMP%' ORDER BY column_index", [name]).fetchall()]
            quoted = ", ".join(f'"{c}"' for c in cols)
            out[name] = con.execute(f'SELECT {quoted} FROM marts."{name}" ORDER BY ALL').df()
        return out
    finally:
        con.close()


def _assert_same_marts(got: Path, want: Path) -> None:
    a, b = _marts(got), _marts(want)
    assert set(a) == set(b)
    for name in b:
        pd.testing.assert_frame_equal(a[name], b[name], check_dtype=False, obj=f"marts.{name}")


def _changed_2023() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The 2023 report again, with one figure corrected (a re-extraction after a grammar fix)."""
    reports, sections, facts = landing.landing_frames((2023,))
    gdp = facts.index[(facts["indicator_code"] == "gdp") & (facts["metric"] == "value")][0]
    facts.loc[gdp, "value"] = facts.loc[gdp, "value"] + 1.0
    facts.loc[gdp, "value_normalized"] = None
    return reports, sections, facts


def test_incremental_builds_give_the_marts_of_a_full_refresh(tmp_path):
    wh, work = _warehouse(tmp_path / "incremental"), tmp_path / "inc"
    _load(wh, landing.landing_frames((2022, 2023)))
    assert _build(wh, work) == "full"          # no recorded build yet
    full_nodes = _nodes_run(work)
    assert _build(wh, work) == "skip"          # nothing changed

    # a report added and one replaced
    _load(wh, landing.landing_frames((2024,)))
    _load(wh, _changed_2023())
    assert _build(wh, work) == "incremental"
    # the incremental build reused the full build's parse (target/partial_parse.msgpack)
    log = _last_dbt_log(work)
    assert "Unable to do partial parsing" not in log and "skipping parsing" in log, log[:3000]
    # it ran every model reading the landing tables and every data test with such a parent (a
    # test of fct_indicator_facts against dim_indicators too); it left out the unit tests, the
    # seeds and what reads seeds alone, which the full build of the same project built and tested
    # (the unit tests: this full build, or an earlier full build of the same project, on any
    # warehouse, recorded in the project's target/: unit_tests_passed)
    manifest = json.loads((work / "target" / "manifest.json").read_text())
    ran, unchanged = _nodes_run(work), set(seed_only_nodes(manifest))
    assert unit_tests_passed(project_fingerprint())
    assert not any(n.startswith("unit_test.") for n in ran)
    assert {n.split(".")[2] for n in unchanged if n.startswith("model.")} == {"dim_indicators", "dim_units"}
    tests_of_unchanged = {n for n in full_nodes if n.startswith("test.")
                          and set(manifest["parent_map"][n]) <= unchanged}
    assert full_nodes - ran == unchanged | tests_of_unchanged | {n for n in full_nodes if n.startswith("unit_test.")}
    assert "test.govreport.relationships_fct_indicator_facts_indicator_code__indicator_code__ref_dim_indicators_" in {
        n.rsplit(".", 1)[0] for n in ran}
    want = _warehouse(tmp_path / "full-refresh")
    _load(want, landing.landing_frames((2022, 2024)))
    _load(want, _changed_2023())
    assert landing.run_dbt(want, tmp_path / "full", "build", "--full-refresh").returncode == 0
    _assert_same_marts(wh, want)
    fct = _marts(wh)["fct_indicator_facts"]
    assert set(fct["report_id"]) == {landing.report_id(y) for y in (2022, 2023, 2024)}

    # a report removed from the warehouse: its rows leave the incremental models too
    _remove(wh, landing.report_id(2022))
    assert _build(wh, work) == "incremental"
    _remove(want, landing.report_id(2022))
    assert landing.run_dbt(want, tmp_path / "full", "build", "--full-refresh").returncode == 0
    _assert_same_marts(wh, want)
    assert landing.report_id(2022) not in set(_marts(wh)["fct_indicator_facts"]["report_id"])


@pytest.fixture(scope="session")
def built_2023(tmp_path_factory) -> Path:
    """The 2023 landing after a first run's dbt step: the plan (a full build: no build recorded
    yet), ``dbt build`` with the plan's arguments, the build recorded, its publication not yet.
    Made once for all test workers (tests/conftest.py: once_for_all_workers); tests copy it."""

    def make(folder: Path) -> None:
        wh = folder / "govreport.duckdb"
        _load(wh, landing.landing_frames((2023,)))
        plan = plan_build(str(wh))
        assert plan.mode == "full"  # no recorded build yet
        result = landing.run_dbt(wh, folder, "build", *plan.args, env=plan.apply_env(dict(os.environ)))
        assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
        record_build(str(wh), plan)  # dbt succeeded; the publication comes next

    return once_for_all_workers(tmp_path_factory, "dbt-2023-planned", make) / "govreport.duckdb"


def _copy(built: Path, folder: Path) -> Path:
    return Path(shutil.copy(built, _warehouse(folder)))


def test_the_plan_follows_the_project_and_a_rebuild(built_2023, tmp_path):
    wh = _copy(built_2023, tmp_path / "wh")  # a full build of the 2023 landing (the plan said so) ...
    record_publication(str(wh))  # ... then published, as _build does
    assert plan_build(str(wh)).mode == "skip"
    # the published files gone (deleted, or a publication killed before it wrote them): build and publish again
    assert plan_build(str(wh), published=False).mode == "incremental"
    assert plan_build(str(wh), rebuild=True).mode == "full"
    assert "--full-refresh" in plan_build(str(wh), rebuild=True).args

    # an edited model (or seed) is another project: the next build is a full refresh
    project = tmp_path / "dbt_project"
    shutil.copytree(REPO / "dbt_project", project, ignore=shutil.ignore_patterns("target", "logs", "dbt_packages"))
    before = project_fingerprint(project)
    model = project / "models" / "marts" / "dim_units.sql"
    model.write_text(model.read_text(encoding="utf-8") + "\n-- edited\n", encoding="utf-8")
    assert project_fingerprint(project) != before
    plan = plan_build(str(wh), project_dir=project)
    assert (plan.mode, plan.reason) == ("full", "dbt project or seeds changed")

    # new landing rows: incremental, without the unit tests a full build of the project ran
    _load(wh, landing.landing_frames((2024,)))
    plan = plan_build(str(wh))
    assert plan.mode == "incremental"
    assert plan.args[plan.args.index("--selector") + 1] == "landing_changed"
    # a build of some assets only (a selection in the Dagster UI) keeps dagster-dbt's --select
    assert "--selector" not in plan.subset_args() and "resource_type:unit_test" in plan.subset_args()
    # the watermark goes in dbt's environment, never in --vars (a new --vars value makes dbt parse
    # the whole project again); an earlier build's value is removed, not inherited
    assert "--vars" not in plan.args
    assert plan.env == {WATERMARK_ENV: str(_last_watermark(wh))}
    assert plan.apply_env({WATERMARK_ENV: "stale", "PATH": "/bin"}) == {"PATH": "/bin", **plan.env}
    assert plan_build(str(wh), rebuild=True).apply_env({WATERMARK_ENV: "stale"}) == {}


def test_the_load_leaves_unchanged_reports_alone(tmp_path):
    wh = tmp_path / "wh.duckdb"
    frames = landing.landing_frames((2022, 2023))
    con = duckdb.connect(str(wh))
    try:
        load_reports(con, dict(zip(REPORT_TABLES, frames, strict=True)))
        batch = digests(*frames)
        assert set(changed_reports(con, *frames, batch)) == set(batch)   # never recorded: every report
        record_loads(con, batch)
        assert changed_reports(con, *frames) == {}                       # the same rows again: none
        again = landing.landing_frames((2022,))
        reports, sections, facts = _changed_2023()
        both = tuple(pd.concat([a, b], ignore_index=True) for a, b in zip(again, (reports, sections, facts), strict=True))
        assert set(changed_reports(con, *both)) == {landing.report_id(2023)}  # only the corrected one
    finally:
        con.close()


def test_a_build_whose_publication_failed_is_not_skipped(built_2023, tmp_path):
    # the plan's build of the 2023 landing, recorded: dbt succeeded, then the publication was
    # blocked or killed
    wh = _copy(built_2023, tmp_path / "wh")
    again = plan_build(str(wh))
    assert again.mode == "incremental" and "not published" in again.reason
    record_publication(str(wh))  # once published, nothing is left to do
    assert plan_build(str(wh)).mode == "skip"


def test_a_full_build_leaves_out_the_unit_tests_that_passed_for_the_same_project(tmp_path, monkeypatch):
    project = tmp_path / "dbt_project"  # a copy: its target/ holds no record yet
    shutil.copytree(REPO / "dbt_project", project, ignore=shutil.ignore_patterns("target", "logs", "dbt_packages"))
    monkeypatch.setenv("GOVREPORT_DBT_PROJECT_DIR", str(project))
    wh = _warehouse(tmp_path / "wh")
    _load(wh, landing.landing_frames((2023,)))
    plan = plan_build(str(wh))
    assert plan.mode == "full" and "--exclude-resource-type" not in plan.args  # never passed: they run
    record_build(str(wh), plan)  # as after a successful build
    assert unit_tests_passed(plan.project_fingerprint, project)
    again = plan_build(str(wh), rebuild=True)  # same project: any warehouse, a rebuild
    assert again.mode == "full" and again.args[-2:] == ["--exclude-resource-type", "unit_test"]
    record_build(str(wh), again)  # a build without them keeps the record as it was
    assert unit_tests_passed(plan.project_fingerprint, project)
    model = project / "models" / "marts" / "dim_units.sql"  # an edited model: another project
    model.write_text(model.read_text(encoding="utf-8") + "\n-- edited\n", encoding="utf-8")
    edited = plan_build(str(wh))
    assert edited.mode == "full" and "--exclude-resource-type" not in edited.args
