"""Stage 5: the dbt project (staging -> intermediate -> marts) as Dagster assets.

The manifest is prepared by `govreport prepare` (run by the README's setup and test commands),
never at import time.
"""


import os
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets
from dagster_duckdb import DuckDBResource

from pipelines import settings
from pipelines.transform.build import plan_build, record_build

dbt_project = DbtProject(project_dir=settings.dbt_project_dir(), profiles_dir=settings.dbt_project_dir())

if not dbt_project.manifest_path.exists():
    raise FileNotFoundError(
        f"{dbt_project.manifest_path} is missing: run `govreport prepare` (the README's commands do) "
        "to parse the dbt project before loading the Dagster definitions"
    )


class GovreportDbtTranslator(DagsterDbtTranslator):
    """Groups dbt assets by the folder they sit in (staging, intermediate, marts, seeds)."""

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
    plan = plan_build(warehouse.database)
    context.log.info(f"dbt: {plan.mode} ({plan.reason})")
    whole = set(context.selected_asset_keys) == set(context.assets_def.keys)
    if plan.skip and whole:  # no output: the marts are what a build would make, and publication is skipped
        return
    yield from dbt.cli(["build", *plan.args], context=context).stream()
    record_build(warehouse.database, plan)
