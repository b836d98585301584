"""What the dbt step has to do on this run: nothing, an incremental build or a full refresh.

The dbt project's inputs are the landing tables, the seeds (pipelines/reference/*.csv) and the
project's own files. After each successful build the step records, in
``pipeline_state.dbt_builds`` of the warehouse:

* ``project_fingerprint``: a SHA-256 of the project files and the seed CSV files;
* ``landing_fingerprint``: row counts of the landing tables and the newest ``loaded_at``;
* ``watermark``: the newest ``landing.reports.loaded_at`` the build saw.

On the next run:

* same project and same landing -> the build is skipped (the marts are what a build would make);
* same project, landing changed -> ``dbt build`` with ``GOVREPORT_REPORTS_LOADED_AFTER=<watermark>``
  in dbt's environment (``BuildPlan.env``; an environment variable, not ``--vars``, so that dbt
  keeps its partial parse: macros/incremental.sql says why) of the selector ``landing_changed``
  (dbt_project/selectors.yml: what reads the landing tables and its data tests; not the unit
  tests, the seeds and the marts of seeds alone, which the full build of the same project built
  and tested): the
  models keyed by report (``int_indicator_facts``, ``fct_indicator_facts``) only replace the rows
  of reports loaded since the watermark (incremental, ``delete+insert`` on ``report_id``); the
  marts derived from them rebuild from these tables;
* project or seeds changed (an indicator added to ``indicators.csv``, a model edited), no
  recorded build, marts missing, or a rebuild asked for (``govreport run --rebuild``, the run tag
  ``govreport/rebuild``) -> ``dbt build --full-refresh``, without the unit tests when they already
  passed in a full build of the same project fingerprint with the same dbt and DuckDB, on any warehouse
  (``unit_tests_passed``: ``<dbt project>/target/unit_tests_passed``; they read no warehouse rows).

The load step keeps ``loaded_at`` of a report whose rows did not change (pipelines.load.unchanged),
so a re-run over unchanged raw documents finds the landing unchanged.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import duckdb

from pipelines import settings

STATE_SCHEMA = "pipeline_state"
WATERMARK_ENV = "GOVREPORT_REPORTS_LOADED_AFTER"  # read by dbt_project/macros/incremental.sql
INCREMENTAL_SELECTOR = "landing_changed"  # dbt_project/selectors.yml
PROJECT_SUFFIXES = {".sql", ".yml", ".yaml", ".md", ".csv"}


@dataclass
class BuildPlan:
    mode: str  # "skip", "incremental" or "full"
    reason: str
    project_fingerprint: str
    landing_fingerprint: str
    watermark: datetime | None
    args: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)  # set in dbt's environment (WATERMARK_ENV)

    @property
    def skip(self) -> bool:
        return self.mode == "skip"

    def subset_args(self) -> list[str]:
        """The arguments for a build of some assets only (a selection in the Dagster UI, which
        dagster-dbt passes as --select): the incremental selector would override that --select,
        so it gives way to the plain exclusion of the unit tests it stands for."""
        if "--selector" not in self.args:
            return list(self.args)
        i = self.args.index("--selector")
        return [*self.args[:i], "--exclude", "resource_type:unit_test", *self.args[i + 2:]]

    def apply_env(self, environ: MutableMapping[str, str]) -> MutableMapping[str, str]:
        """Put this plan's variables into ``environ`` (``os.environ`` for dagster-dbt, which passes
        it to dbt, or a copy for a subprocess) and return it: WATERMARK_ENV set for an incremental
        build with a watermark, removed otherwise (a value left by an earlier build in the same
        process must not narrow this one)."""
        environ.pop(WATERMARK_ENV, None)
        environ.update(self.env)
        return environ


UNIT_TESTS_LEFT_OUT = ["--exclude-resource-type", "unit_test"]
UNIT_TESTS_PASSED = "unit_tests_passed"  # in the dbt project's target/ (not committed)


def _unit_tests_key(project: str) -> str:
    """What a pass of the unit tests is recorded under: the project fingerprint and the versions
    of what runs them (dbt, its DuckDB adapter, DuckDB)."""
    versions = " ".join(f"{name} {importlib.metadata.version(name)}" for name in ("dbt-core", "dbt-duckdb", "duckdb"))
    return f"{project} {versions}\n"


def unit_tests_passed(project: str, project_dir: Path | None = None) -> bool:
    """Whether the dbt unit tests passed in a full build of this project (``project``: its
    fingerprint) with this dbt and DuckDB, on any warehouse (``<project>/target/unit_tests_passed``, written
    by record_build). A unit test gives its model fixed input rows and compares the output: it
    reads the project's SQL and seeds, never the warehouse's rows, so a full refresh of another
    warehouse, or ``govreport run --rebuild``, of the same project need not run them again (the
    incremental selector leaves them out on the same grounds). An edited model or seed is another
    fingerprint: the next full build runs them. ``dbt build`` run by hand runs them always."""
    path = Path(project_dir or settings.dbt_project_dir()) / "target" / UNIT_TESTS_PASSED
    try:
        return path.read_text(encoding="utf-8") == _unit_tests_key(project)
    except OSError:
        return False


def _record_unit_tests(project: str) -> None:
    target = settings.dbt_project_dir() / "target"
    try:
        target.mkdir(parents=True, exist_ok=True)
        tmp = target / f".{UNIT_TESTS_PASSED}.{os.getpid()}"
        tmp.write_text(_unit_tests_key(project), encoding="utf-8")
        os.replace(tmp, target / UNIT_TESTS_PASSED)  # whole or not at all: other runs may read it
    except OSError:  # a read-only project: the next full build runs them again
        pass


def dbt_threads() -> int:
    """dbt's --threads (GOVREPORT_DBT_THREADS, default 4): the many small nodes and tests of the
    project wait on DuckDB commits more than on the CPU, so 4 threads help even on 2 cores."""
    return int(os.environ.get("GOVREPORT_DBT_THREADS", "4"))


def project_fingerprint(project_dir: Path | None = None) -> str:
    """SHA-256 over the dbt project's files (models, macros, tests, dbt_project.yml, profiles.yml,
    selectors.yml) and the seed files (seed-paths: pipelines/reference), by relative path and content."""
    project_dir = Path(project_dir or settings.dbt_project_dir())
    digest = hashlib.sha256()
    roots = [project_dir / "models", project_dir / "macros", project_dir / "tests", project_dir / "seeds"]
    files = [project_dir / "dbt_project.yml", project_dir / "profiles.yml", project_dir / "selectors.yml"]
    for root in roots:
        if root.is_dir():
            files += [p for p in root.rglob("*") if p.is_file() and p.suffix in PROJECT_SUFFIXES]
    seeds = Path(settings.REPO_ROOT / "pipelines" / "reference")
    files += sorted(seeds.glob("*.csv"))
    for path in sorted(set(files)):
        if path.is_file():
            digest.update(str(path.name if path.parent == seeds else path.relative_to(project_dir)).encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


def _landing_state(con: duckdb.DuckDBPyConnection) -> tuple[str, datetime | None]:
    counts = {}
    for table in ("reports", "sections", "facts", "ingest_errors"):
        try:
            counts[table] = con.execute(f"SELECT count(*) FROM landing.{table}").fetchone()[0]
        except duckdb.CatalogException:
            counts[table] = None
    try:
        watermark, ids = con.execute(
            "SELECT max(loaded_at), hash(string_agg(report_id || '@' || loaded_at::varchar, ',' ORDER BY report_id)) "
            "FROM landing.reports"
        ).fetchone()
    except duckdb.CatalogException:
        watermark, ids = None, None
    text = json.dumps({"counts": counts, "watermark": str(watermark), "ids": str(ids)}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest(), watermark


def _last_build(con: duckdb.DuckDBPyConnection) -> tuple | None:
    try:
        return con.execute(
            f"SELECT project_fingerprint, landing_fingerprint, watermark FROM {STATE_SCHEMA}.dbt_builds "
            "ORDER BY built_at DESC LIMIT 1"
        ).fetchone()
    except duckdb.CatalogException:
        return None


def _marts_present(con: duckdb.DuckDBPyConnection) -> bool:
    n = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'marts'"
    ).fetchone()[0]
    return n > 0


def plan_build(
    warehouse: str, project_dir: Path | None = None, *, rebuild: bool = False, published: bool = True
) -> BuildPlan:
    """Decide what the dbt step does (see the module's docstring); ``rebuild`` (``govreport run
    --rebuild``) always gives a full refresh. A build is skipped only when its result was also
    published (``record_publication`` after it, and ``published``: the caller found the published
    files): otherwise the step builds again so that the publication after it runs. Opens and
    closes the warehouse before dbt opens it."""
    project = project_fingerprint(project_dir)
    threads = ["--threads", str(dbt_threads())]
    # a full refresh runs the unit tests unless they passed for this same project already (they
    # read only the project's SQL and seeds, never the warehouse: unit_tests_passed)
    full = ["--full-refresh", *threads, *(UNIT_TESTS_LEFT_OUT if unit_tests_passed(project, project_dir) else [])]
    if warehouse.startswith("md:") or warehouse == ":memory:":
        return BuildPlan("full", "not a local warehouse file", project, "", None, full)
    con = duckdb.connect(warehouse)
    try:
        landing, watermark = _landing_state(con)
        last = _last_build(con)
        present = _marts_present(con)
        last_published = _last_publication(con)
    finally:
        con.close()
    if rebuild:
        return BuildPlan("full", "rebuild requested", project, landing, watermark, full)
    if last is None or not present:
        return BuildPlan("full", "no recorded build", project, landing, watermark, full)
    last_project, last_landing, last_watermark = last
    if last_project != project:
        return BuildPlan("full", "dbt project or seeds changed", project, landing, watermark, full)
    if last_landing == landing and published and last_published == (project, landing):
        return BuildPlan(
            "skip", "landing tables and dbt project unchanged since the last build", project, landing, watermark, threads
        )
    # The selector (dbt_project/selectors.yml) builds what reads the landing tables and the data
    # tests on it; it leaves out the unit tests, the seeds and the marts of seeds alone, with their
    # tests: all read only the project's files, which are those of the last full build (same
    # fingerprint), which built and tested them. A selector, not --select/--exclude: dagster-dbt
    # adds its own `--select fqn:*`, which dbt would add to a --select of ours, and an --exclude
    # would also drop the tests that join a new row to an unchanged table (fct -> dim_indicators);
    # dbt takes a --selector over any --select. The Dagster step reports the nodes left out as
    # unchanged (pipelines/defs/assets/transform.py), so that the publication after it runs.
    args = [*threads, "--selector", INCREMENTAL_SELECTOR]
    env = {WATERMARK_ENV: str(last_watermark)} if last_watermark is not None else {}
    reason = (f"reports loaded after {last_watermark}" if last_landing != landing
              else "the last build was not published (publication blocked, killed or deleted)")
    return BuildPlan("incremental", reason, project, landing, watermark, args, env)


def seed_only_nodes(manifest: Mapping[str, Any]) -> list[str]:
    """unique_ids of the seeds and models with no source (landing table) among their ancestors:
    what the incremental selector (dbt_project/selectors.yml) leaves out, parents before children
    (the order Dagster wants their outputs in). Shape: manifest.json."""
    parents = manifest["parent_map"]
    memo: dict[str, bool] = {}

    def reads_landing(node: str) -> bool:
        if node not in memo:
            memo[node] = node.startswith("source.") or any(reads_landing(p) for p in parents.get(node, []))
        return memo[node]

    def depth(node: str) -> int:
        return 1 + max((depth(p) for p in parents.get(node, [])), default=-1)

    chosen = [n for n in parents if n.split(".")[0] in ("seed", "model") and not reads_landing(n)]
    return sorted(chosen, key=lambda n: (depth(n), n))


def _last_publication(con: duckdb.DuckDBPyConnection) -> tuple[str, str] | None:
    try:
        row = con.execute(f"SELECT project_fingerprint, landing_fingerprint FROM {STATE_SCHEMA}.publications").fetchone()
    except duckdb.CatalogException:
        return None
    return tuple(row) if row else None


def record_publication(warehouse: str, project_dir: Path | None = None) -> None:
    """Record that the marts as they are now (this project, this landing) were published: the next
    plan may skip the build only then. Called by the publication step after it succeeded."""
    if warehouse.startswith("md:") or warehouse == ":memory:":
        return
    project = project_fingerprint(project_dir)
    con = duckdb.connect(warehouse)
    try:
        landing, _ = _landing_state(con)
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {STATE_SCHEMA}")
        con.execute(f"CREATE TABLE IF NOT EXISTS {STATE_SCHEMA}.publications "
                    "(project_fingerprint VARCHAR, landing_fingerprint VARCHAR, published_at TIMESTAMP)")
        con.execute(f"DELETE FROM {STATE_SCHEMA}.publications")
        con.execute(f"INSERT INTO {STATE_SCHEMA}.publications VALUES (?, ?, ?)",
                    [project, landing, datetime.now(timezone.utc).replace(tzinfo=None)])
    finally:
        con.close()


def record_build(warehouse: str, plan: BuildPlan) -> None:
    """Record a successful build (after dbt has closed the warehouse); a full build that ran the
    unit tests also records that they passed for its project (unit_tests_passed)."""
    if plan.mode == "full" and UNIT_TESTS_LEFT_OUT[0] not in plan.args:
        _record_unit_tests(plan.project_fingerprint)
    if warehouse.startswith("md:") or warehouse == ":memory:":
        return
    con = duckdb.connect(warehouse)
    try:
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {STATE_SCHEMA}")
        con.execute(
            f"CREATE TABLE IF NOT EXISTS {STATE_SCHEMA}.dbt_builds (built_at TIMESTAMP, mode VARCHAR, "
            "project_fingerprint VARCHAR, landing_fingerprint VARCHAR, watermark TIMESTAMP)"
        )
        con.execute(
            f"INSERT INTO {STATE_SCHEMA}.dbt_builds VALUES (?, ?, ?, ?, ?)",
            [datetime.now(timezone.utc).replace(tzinfo=None), plan.mode, plan.project_fingerprint,
             plan.landing_fingerprint, plan.watermark],
        )
    finally:
        con.close()
