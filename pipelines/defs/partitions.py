import dagster as dg

# One partition per report; keys are report ids such as "110119-2023" (region code - report year).
# Keys are added by `govreport run`/`govreport add` and by the raw-folder sensor.
reports_partitions = dg.DynamicPartitionsDefinition(name="reports")

RANGE_START, RANGE_END = "dagster/asset_partition_range_start", "dagster/asset_partition_range_end"


# A run tagged with this (``govreport run --rebuild``) reloads every report of its range and runs a
# full ``dbt build --full-refresh``, whatever the run state says (pipelines.load.unchanged,
# pipelines.transform.build).
REBUILD_TAG = "govreport/rebuild"


def is_rebuild(tags: dict[str, str]) -> bool:
    """Whether a run's tags ask for a rebuild (REBUILD_TAG = "true")."""
    return tags.get(REBUILD_TAG) == "true"


def range_tags(first: str, last: str) -> dict[str, str]:
    """Tags that make one run cover the partitions first..last (a single-run backfill)."""
    return {RANGE_START: first, RANGE_END: last}
