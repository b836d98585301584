"""The job over the whole graph, the raw-folder sensor and the daily schedule."""


import json

import dagster as dg

from pipelines.defs.partitions import reports_partitions
from pipelines.defs.resources import RawStore
from pipelines.ingest.catalog import read_catalog
from pipelines.sources import register_local_files

govreport_job = dg.define_asset_job(
    "govreport_job",
    selection=dg.AssetSelection.all(),
    description="Every asset: raw pages -> documents -> facts -> landing -> dbt marts -> published marts and site.",
)

RANGE_START, RANGE_END = "dagster/asset_partition_range_start", "dagster/asset_partition_range_end"


def range_tags(first: str, last: str) -> dict[str, str]:
    """Tags that make one run cover the partitions first..last (a single-run backfill)."""
    return {RANGE_START: first, RANGE_END: last}


@dg.sensor(job=govreport_job, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING)
def raw_folder_sensor(context: dg.SensorEvaluationContext, raw_store: RawStore) -> dg.SensorResult:
    """Registers new files in raw/ (and new rows of raw/sources.csv) as report partitions and
    requests one run for all of them (one writer of the warehouse at a time, one dbt build)."""
    reported = set(json.loads(context.cursor)) if context.cursor else set()
    for source, problem in register_local_files(raw_store.path):
        if problem not in reported:  # say it once, not every 30 seconds
            context.log.error(problem)
            reported.add(problem)
    try:
        catalog = read_catalog(raw_store.path)
    except Exception as exc:  # noqa: BLE001 - a broken catalog is reported, nothing is requested
        return dg.SensorResult(skip_reason=f"cannot read the catalog: {exc}", cursor=json.dumps(sorted(reported)))
    known = set(context.instance.get_dynamic_partitions(reports_partitions.name))
    new_ids = [e.report_id for e in catalog if e.report_id not in known]
    if not new_ids:
        return dg.SensorResult(skip_reason="no new reports", cursor=json.dumps(sorted(reported)))
    # dynamic partitions keep the order they are added in: the new ones form one range
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=f"new-reports-{new_ids[0]}..{new_ids[-1]}-{len(new_ids)}", tags=range_tags(new_ids[0], new_ids[-1]))],
        dynamic_partitions_requests=[reports_partitions.build_add_request(new_ids)],
        cursor=json.dumps(sorted(reported)),
    )


@dg.schedule(job=govreport_job, cron_schedule="0 6 * * *", execution_timezone="Asia/Shanghai")
def daily_refresh(context: dg.ScheduleEvaluationContext):
    """Every morning: re-fetch every source (a changed page becomes a new raw version and is
    re-extracted) and rebuild the marts, in one run over all reports."""
    keys = context.instance.get_dynamic_partitions(reports_partitions.name)
    if not keys:
        return dg.SkipReason("no reports registered yet")
    return dg.RunRequest(run_key=None, tags=range_tags(keys[0], keys[-1]))
