"""The job over the whole graph, the raw-folder sensor and the daily schedule."""


import json

import dagster as dg

from pipelines.defs.partitions import range_tags, reports_partitions
from pipelines.defs.resources import RawStore
from pipelines.runner import record_registration_failures, sync_partitions

govreport_job = dg.define_asset_job(
    "govreport_job",
    selection=dg.AssetSelection.all(),
    description="Every asset: raw pages -> documents -> facts -> landing -> dbt marts -> published marts and site.",
)

@dg.sensor(
    job=govreport_job,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Every 30 s: registers new files in raw/ and new rows of raw/sources.csv as report "
    "partitions and requests one run of govreport_job for all of them.",
)
def raw_folder_sensor(context: dg.SensorEvaluationContext, raw_store: RawStore) -> dg.SensorResult:
    """Registers new files in raw/ (and new rows of raw/sources.csv) as report partitions and
    requests one run for all of them (one writer of the warehouse at a time, one dbt build).
    The same sync as `govreport run` (pipelines.runner.sync_partitions); a file that cannot be
    registered is logged and recorded in landing.ingest_errors once, not at every tick."""
    reported = set(json.loads(context.cursor)) if context.cursor else set()
    try:
        sync = sync_partitions(context.instance, raw_store.path, add_partitions=False, record=False)
    except Exception as exc:  # noqa: BLE001 - a broken catalog is reported, nothing is requested
        return dg.SensorResult(skip_reason=f"cannot read the catalog: {exc}", cursor=json.dumps(sorted(reported)))
    fresh = [(source, problem) for source, problem in sync.problems if problem not in reported]
    for _, problem in fresh:
        context.log.error(problem)
    if fresh:
        try:
            record_registration_failures(fresh)
            reported.update(problem for _, problem in fresh)
        except Exception as exc:  # noqa: BLE001 - the warehouse is busy: try again at the next tick
            context.log.warning(f"registration failures not recorded yet (warehouse busy: {exc})")
    cursor = json.dumps(sorted(reported))
    if not sync.new_ids:
        return dg.SensorResult(skip_reason="no new reports", cursor=cursor)
    # dynamic partitions keep the order they are added in: the new ones form one range
    first, last = sync.new_ids[0], sync.new_ids[-1]
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=f"new-reports-{first}..{last}-{len(sync.new_ids)}", tags=range_tags(first, last))],
        dynamic_partitions_requests=[reports_partitions.build_add_request(sync.new_ids)],
        cursor=cursor,
    )


@dg.schedule(
    job=govreport_job,
    cron_schedule="0 6 * * *",
    execution_timezone="Asia/Shanghai",
    description="06:00 Asia/Shanghai every day: re-fetches every source (a changed page becomes a new raw "
    "version) and rebuilds the warehouse, the marts and the site in one run over all reports.",
)
def daily_refresh(context: dg.ScheduleEvaluationContext):
    """Every morning: re-fetch every source (a changed page becomes a new raw version and is
    re-extracted) and rebuild the marts, in one run over all reports."""
    keys = context.instance.get_dynamic_partitions(reports_partitions.name)
    if not keys:
        return dg.SkipReason("no reports registered yet")
    return dg.RunRequest(run_key=None, tags=range_tags(keys[0], keys[-1]))
