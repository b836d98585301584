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
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource
from dagster_duckdb import DuckDBResource

from pipelines import settings
from pipelines.defs.io_manager import ReportStoreIOManager


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
    beside_python = Path(sys.executable).parent / "dbt"  # the venv's dbt, even when .venv/bin is not on PATH
    executable = os.environ.get("GOVREPORT_DBT_EXECUTABLE") or (
        str(beside_python) if beside_python.exists() else shutil.which("dbt") or "dbt"
    )
    return DbtCliResource(project_dir=str(project_dir), profiles_dir=str(project_dir), dbt_executable=executable)


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(
        resources={
            "warehouse": DuckDBResource(database=settings.warehouse_path()),
            "raw_store": RawStore(raw_dir=str(settings.raw_dir())),
            "report_store": ReportStoreIOManager(base_dir=str(settings.artifacts_dir())),
            "dbt": dbt_resource(),
            "publish_target": PublishTarget(
                marts_path=str(settings.marts_path()), site_dir=str(settings.warehouse_dir() / "site")
            ),
        },
        executor=executor_from_env(),
    )
