"""The Dagster code location `govreport`: every definition under pipelines/defs, assembled in one
object, with code references (each asset links to the file and line that defines it; dbt assets
to their SQL file) and its owner on every asset."""

import warnings
from pathlib import Path

import dagster as dg

OWNERS = ["team:govreport"]


def _owned(spec: dg.AssetSpec) -> dg.AssetSpec:
    return spec if spec.owners else spec.replace_attributes(owners=OWNERS)


@dg.definitions
def defs() -> dg.Definitions:
    loaded = dg.load_from_defs_folder(path_within_project=Path(__file__).parent)
    # an object imported by two modules (govreport_dbt in publish.py) is listed twice: keep one
    assets = list({id(a): a for a in loaded.assets or []}.values())
    with warnings.catch_warnings():  # both APIs are marked beta/preview: no warning at every load
        warnings.simplefilter("ignore", category=dg.BetaWarning)
        warnings.simplefilter("ignore", category=dg.PreviewWarning)
        return _assemble(loaded, assets)


def _assemble(loaded: dg.Definitions, assets: list) -> dg.Definitions:
    return dg.Definitions(
        assets=dg.with_source_code_references(assets),
        asset_checks=loaded.asset_checks,
        jobs=loaded.jobs,
        schedules=loaded.schedules,
        sensors=loaded.sensors,
        resources=loaded.resources,
        executor=loaded.executor,
        loggers=loaded.loggers,
        metadata=loaded.metadata,
    ).map_asset_specs(func=_owned)
