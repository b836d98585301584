"""Resources and the executor, configured from environment variables with defaults (pipelines.settings).

Moving to another warehouse (GOVREPORT_WAREHOUSE=md:govreport for MotherDuck) or another
executor (GOVREPORT_EXECUTOR=multiprocess, or module:attribute such as
dagster_celery:celery_executor / dagster_k8s:k8s_job_executor) is configuration, not code.
"""

from __future__ import annotations

import importlib
import os
import shutil
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource
from dagster_duckdb import DuckDBResource

from pipelines import settings
from pipelines.defs.io_manager import ReportStoreIOManager
from pipelines.defs.liveness import reap_dead_runs, where_tags
from pipelines.load.lock import held_message, hold_warehouse, holds_warehouse, is_lock_conflict, warehouse_holder


class Warehouse(DuckDBResource):
    """The DuckDB warehouse. Unlike DuckDBResource (ten silent retries, ~100 s), a warehouse held
    by another process fails within a few seconds with one line naming the holder's PID."""

    @contextmanager
    def get_connection(self):
        deadline = time.monotonic() + 3.0
        while True:
            try:
                conn = duckdb.connect(self.database, read_only=False, config=dict(self.connection_config))
                break
            except duckdb.Error as exc:
                if not is_lock_conflict(exc):
                    raise
                if time.monotonic() >= deadline:
                    raise dg.Failure(description=held_message(self.database, exc)) from None
                time.sleep(0.25)
        try:
            yield conn
        finally:
            conn.close()


class WarehouseLock(dg.ConfigurableResource):
    """The one-writer lock of the warehouse, taken for the whole run by every path that writes it
    (``govreport run``, the UI, the sensor's and the schedule's runs): the assets that write the
    warehouse (raw pages onwards: landing, dbt, publication) require it, so it is set up before
    any work. Setting it up records where the run executes in its tags (so a killed run is found
    and marked failed), marks failed the runs of this host whose process is gone, waits for
    another run's lock (logging whom it waits for), refuses at once a warehouse held by another
    process (one line naming it) and merges the failures kept beside the warehouse.

    The lock is kept until the process ends (a run launched by the daemon or the UI has a process
    of its own; ``govreport run`` holds it around the run and releases it). The resource has no
    teardown on purpose: a resource with one must be built inside a context manager, which the
    sensors' contexts that receive every resource do not do."""

    database: str

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        from pipelines.load.warehouse import merge_pending_errors

        instance, run = context.instance, getattr(context, "run", None)
        if run is None:
            return  # built outside a run (a sensor's or a test's context): nothing to guard
        if instance is not None:
            instance.add_run_tags(run.run_id, where_tags())
            for run_id in reap_dead_runs(instance):
                context.log.warning(f"run {run_id} was found dead (its process is gone) and marked failed")
        if holds_warehouse(self.database):
            held = None  # this process holds it already (govreport run around its run)
        else:
            held = hold_warehouse(self.database, run_id=run.run_id, on_wait=context.log.warning)
            held.__enter__()
        try:
            problem = warehouse_holder(self.database)
            if problem:
                raise dg.Failure(description=problem)
            if not self.database.startswith("md:") and self.database != ":memory:":
                with duckdb.connect(self.database) as con:
                    merged = merge_pending_errors(con)
                if merged:
                    context.log.info(f"{merged} failure(s) kept while the warehouse was held merged into landing.ingest_errors")
        except BaseException:
            if held is not None:
                held.__exit__(None, None, None)
            raise
        if held is not None:
            _KEPT.append(held)  # referenced until the process ends: the lock is released with it


_KEPT: list = []


class RawStore(dg.ConfigurableResource):
    """The raw-document folder: the source catalog (sources.csv) and immutable raw versions."""

    raw_dir: str

    @property
    def path(self) -> Path:
        return Path(self.raw_dir)


class PublishTarget(dg.ConfigurableResource):
    """Where the marts are published for BI tools and where the region site is written."""

    marts_path: str  # the published DuckDB file; Parquet goes to a `marts` folder beside it
    site_dir: str

    @property
    def marts_file(self) -> Path:
        return Path(self.marts_path)

    @property
    def parquet_dir(self) -> Path:
        return Path(self.marts_path).parent / "marts"


def executor_from_env() -> dg.ExecutorDefinition:
    name = os.environ.get("GOVREPORT_EXECUTOR", "in_process")
    if name == "in_process":  # one process: dbt-duckdb does not retry a locked DuckDB file
        return dg.in_process_executor
    if name == "multiprocess":
        return dg.multiprocess_executor
    module, _, attr = name.partition(":")
    return getattr(importlib.import_module(module), attr)


def dbt_resource() -> DbtCliResource:
    project_dir = settings.dbt_project_dir()
    return DbtCliResource(project_dir=str(project_dir), profiles_dir=str(project_dir), dbt_executable=dbt_executable())


def real_dbt_executable() -> str:
    """The dbt that runs the project: GOVREPORT_DBT_EXECUTABLE, else the venv's, else PATH's."""
    beside_python = Path(sys.executable).parent / "dbt"  # the venv's dbt, even when .venv/bin is not on PATH
    return os.environ.get("GOVREPORT_DBT_EXECUTABLE") or (
        str(beside_python) if beside_python.exists() else shutil.which("dbt") or "dbt"
    )


def dbt_executable() -> str:
    """What dagster-dbt starts: the guard ``govreport-dbt`` (pipelines.transform.dbt_guard), which
    makes dbt die with the run's process and ends it past the step deadline, then becomes the
    real dbt (GOVREPORT_DBT_REAL tells it which); plain dbt when the guard is not installed."""
    real = real_dbt_executable()
    guard = Path(sys.executable).parent / "govreport-dbt"
    if not guard.exists():
        return real
    os.environ["GOVREPORT_DBT_REAL"] = shutil.which(real) or real
    return str(guard)


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(
        resources={
            "warehouse": Warehouse(database=settings.warehouse_path()),
            "warehouse_lock": WarehouseLock(database=settings.warehouse_path()),
            "raw_store": RawStore(raw_dir=str(settings.raw_dir())),
            "report_store": ReportStoreIOManager(base_dir=str(settings.artifacts_dir())),
            "dbt": dbt_resource(),
            "publish_target": PublishTarget(
                marts_path=str(settings.marts_path()), site_dir=str(settings.site_dir())
            ),
        },
        executor=executor_from_env(),
    )
