"""Stage 5: the dbt project (staging -> intermediate -> marts) as Dagster assets.

The assets are read from the dbt manifest, which `govreport prepare` makes (the README's commands
run it). When the manifest is missing, loading the definitions makes it (`dbt parse`, a few
seconds); when the project cannot be parsed, the definitions still load, with one asset
``govreport_dbt`` in its place that says why and fails with that message when materialized.
"""


import logging
import os
import time
from collections.abc import Iterator, Mapping
from typing import Any

import dagster as dg
import duckdb
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, DbtProject, dbt_assets
from dagster_duckdb import DuckDBResource
from dbt.adapters.duckdb.connections import DuckDBConnectionManager

from pipelines import settings
from pipelines.defs.housekeeping import prune_run_files
from pipelines.defs.partitions import is_rebuild
from pipelines.defs.resources import WarehouseLock
from pipelines.transform.build import plan_build, record_build, seed_only_nodes
from pipelines.transform.manifest import ManifestError, ensure_manifest
from pipelines.transform.table_metadata import Relation, metadata_of, read_table_facts, relation_of_node

dbt_project = DbtProject(project_dir=settings.dbt_project_dir(), profiles_dir=settings.dbt_project_dir())


def _manifest_problem() -> str | None:
    """None when the manifest is there (made now if it was missing), else what went wrong."""
    try:
        if ensure_manifest(settings.dbt_project_dir()):
            logging.getLogger(__name__).warning(
                "%s was missing: parsed the dbt project (`govreport prepare` does it ahead)", dbt_project.manifest_path
            )
    except ManifestError as exc:
        return f"{dbt_project.manifest_path} is missing and could not be made: {exc}"
    return None


MANIFEST_PROBLEM = _manifest_problem()


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


if MANIFEST_PROBLEM is None:

    @dbt_assets(
        manifest=dbt_project.manifest_path,
        project=dbt_project,
        dagster_dbt_translator=GovreportDbtTranslator(),
    )
    def govreport_dbt(
        context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: DuckDBResource, warehouse_lock: WarehouseLock
    ):
        # dbt's profile reads the warehouse from GOVREPORT_WAREHOUSE: point it at this run's warehouse
        os.environ["GOVREPORT_WAREHOUSE"] = warehouse.database
        # skip, incremental or full refresh (pipelines.transform.build); a rebuild is always full
        plan = plan_build(
            warehouse.database, rebuild=is_rebuild(context.run.tags), published=settings.published_outputs_exist()
        )
        context.log.info(f"dbt: {plan.mode} ({plan.reason})")
        plan.apply_env(os.environ)  # the watermark of an incremental build (dagster-dbt passes os.environ to dbt)
        whole = set(context.selected_asset_keys) == set(context.assets_def.keys)
        if plan.skip and whole:  # no output: the marts are what a build would make, and publication is skipped
            return
        deadline = settings.step_deadline()
        os.environ["GOVREPORT_STEP_DEADLINE"] = f"{deadline:g}"  # the dbt guard ends dbt past it
        started = time.monotonic()
        try:
            args = plan.args if whole else plan.subset_args()
            invocation = dbt.cli(["build", *args], context=context)
            if whole and plan.mode == "incremental":  # first: Dagster wants outputs in topological order
                yield from _unchanged_outputs(context, invocation.manifest)
            if settings.dbt_column_lineage():
                # column lineage (sqlglot over every model) only when asked for: it was the largest
                # part of a warm dbt step (GOVREPORT_DBT_COLUMN_LINEAGE); dagster-dbt's adapter path
                events = invocation.stream().fetch_row_counts()
                yield from events.fetch_column_metadata(with_column_lineage=True)
            else:
                # row counts (dagster/row_count) and column schema of every table dbt built, read
                # in one DuckDB connection once dbt has let go of the file (table_metadata.py)
                yield from with_table_metadata(invocation.stream(), invocation.manifest, warehouse.database)
        except Exception as exc:
            if time.monotonic() - started >= deadline - 1:
                raise dg.Failure(
                    description=f"dbt build exceeded the step deadline of {deadline:g}s (GOVREPORT_STEP_DEADLINE) and was ended"
                ) from exc
            raise
        finally:
            _close_dbt_duckdb_connection()
            removed = prune_run_files(context.instance)
            if removed:
                context.log.info(f"pruned {removed} old dbt target folder(s) and log folder(s) (GOVREPORT_KEEP_RUNS)")
        if whole:  # a build of some models only (a selection in the UI) is no build of the landing
            record_build(warehouse.database, plan)

else:
    logging.getLogger(__name__).error(MANIFEST_PROBLEM)

    @dg.asset(name="govreport_dbt", group_name="transform", description=f"dbt project not loaded: {MANIFEST_PROBLEM}")
    def govreport_dbt() -> None:
        """Stands for the dbt project while it cannot be parsed: fails with the reason."""
        raise dg.Failure(description=MANIFEST_PROBLEM)


def with_table_metadata(events: Iterator[Any], manifest: Mapping[str, Any], database: str) -> Iterator[Any]:
    """The events of a dbt build, each materialization with the row count and column schema of
    its table (pipelines.transform.table_metadata). The events are held until dbt has ended (the
    warehouse is then free to open); when the build failed, the events of what it did build are
    still yielded, then its error is raised."""
    held, error = [], None
    try:
        for event in events:
            held.append(event)
    except Exception as exc:  # dbt failed: keep what it built, then say why
        error = exc
    relations = [_relation_of_event(event, manifest) for event in held]
    try:
        facts = read_table_facts(database, [rel for rel in relations if rel is not None])
    except duckdb.Error as exc:  # the metadata is a convenience: never fail a build for it
        logging.getLogger(__name__).warning("row counts and column schema not read from %s: %s", database, exc)
        facts = {}
    for event, rel in zip(held, relations, strict=True):
        if rel in facts:
            event = event.with_metadata({**event.metadata, **metadata_of(facts[rel])})
        yield event
    if error is not None:
        raise error


def _relation_of_event(event: Any, manifest: Mapping[str, Any]) -> Relation | None:
    """The table a dbt materialization event is about (None for a check, a test or a node that makes no relation)."""
    if not isinstance(event, (dg.Output, dg.AssetMaterialization)) or "unique_id" not in event.metadata:
        return None
    node = manifest["nodes"].get(event.metadata["unique_id"].value)
    return relation_of_node(node) if node else None


def _unchanged_outputs(context: dg.AssetExecutionContext, manifest: Mapping[str, Any]):
    """An incremental build leaves out the seeds and the marts of seeds alone (dbt_project/
    selectors.yml): their tables are those of the last full build of the same project. Report
    them as outputs of this run all the same, marked unchanged, before dbt's own (they are
    upstream of them): an asset without an output would make Dagster skip the publication
    downstream of the dbt step."""
    translator = GovreportDbtTranslator()
    selected = set(context.selected_asset_keys)
    for uid in seed_only_nodes(manifest):
        key = translator.get_asset_key(manifest["nodes"][uid])
        if key not in selected:
            continue
        name = context.assets_def.get_output_name_for_asset_key(key)
        yield dg.Output(
            None,
            output_name=name,
            metadata={"govreport/unchanged": "not rebuilt: an incremental build; its inputs are the "
                      "project's files, those of the last full build"},
        )


def _close_dbt_duckdb_connection() -> None:
    """With column lineage on, the row counts and column metadata are read through dbt-duckdb's adapter in this process,
    which keeps its DuckDB connection to the warehouse open in a class attribute: close it, so
    that the next steps (and `govreport run`'s summary) can open the warehouse read-only."""
    env = getattr(DuckDBConnectionManager, "_ENV", None)
    if env is not None:
        env.close()
        DuckDBConnectionManager._ENV = None
