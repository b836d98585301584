import dagster as dg

# One partition per report; keys are report ids such as "110119-2023" (region code - report year).
# Keys are added by `govreport run`/`govreport add` and by the raw-folder sensor.
reports_partitions = dg.DynamicPartitionsDefinition(name="reports")

RANGE_START, RANGE_END = "dagster/asset_partition_range_start", "dagster/asset_partition_range_end"


def range_tags(first: str, last: str) -> dict[str, str]:
    """Tags that make one run cover the partitions first..last (a single-run backfill)."""
    return {RANGE_START: first, RANGE_END: last}
