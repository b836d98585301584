"""Stage 5: the dbt project (staging -> intermediate -> marts) as Dagster assets.

The manifest is prepared by `govreport prepare` (run by the README's setup and test commands),
never at import time.
"""


import os
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, DbtProject, dbt_assets
from dagster_duckdb import DuckDBResource

from pipelines import settings

dbt_project = DbtProject(project_dir=settings.dbt_project_dir(), profiles_dir=settings.dbt_project_dir())

if not dbt_project.manifest_path.exists():
    raise FileNotFoundError(
        f"{dbt_project.manifest_path} is missing: run `govreport prepare` (the README's commands do) "
        "to parse the dbt project before loading the Dagster definitions"
    )


OWNERS = ["team:govreport"]


class GovreportDbtTranslator(DagsterDbtTranslator):
    """Groups dbt assets by the folder they sit in (staging, intermediate, marts, seeds); owners;
    dbt tests of the landing sources become asset checks of the landing assets; each dbt asset
    links to its SQL file (code references)."""

    def __init__(self):
        super().__init__(
            settings=DagsterDbtTranslatorSettings(enable_source_tests_as_checks=True, enable_code_references=True)
        )

    def get_owners(self, dbt_resource_props: Mapping[str, Any]):
        return OWNERS

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "reference"
        fqn = dbt_resource_props.get("fqn", [])
        return fqn[1] if len(fqn) > 2 else "transform"


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=GovreportDbtTranslator(),
)
def govreport_dbt(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: DuckDBResource):
    # dbt's profile reads the warehouse from GOVREPORT_WAREHOUSE: point it at this run's warehouse
    os.environ["GOVREPORT_WAREHOUSE"] = warehouse.database
    # row counts (dagster/row_count) and column schema + column lineage for every table dbt builds
    try:
        yield from dbt.cli(["build"], context=context).stream().fetch_row_counts().fetch_column_metadata()
    finally:
        _close_dbt_duckdb_connection()


def _close_dbt_duckdb_connection() -> None:
    """The row counts and column metadata are read through dbt-duckdb's adapter in this process,
    which keeps its DuckDB connection to the warehouse open in a class attribute: close it, so
    that the next steps (and `govreport run`'s summary) can open the warehouse read-only."""
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:  # pragma: no cover - another adapter
        return
    env = getattr(DuckDBConnectionManager, "_ENV", None)
    if env is not None:
        env.close()
        DuckDBConnectionManager._ENV = None
