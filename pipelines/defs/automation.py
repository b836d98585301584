"""The job over the whole graph, the raw-folder sensor and the daily schedule."""


import hashlib
import json
from pathlib import Path

import dagster as dg

from pipelines.defs.liveness import reap_dead_runs
from pipelines.defs.partitions import range_tags, reports_partitions
from pipelines.defs.resources import RawStore
from pipelines.ingest.catalog import read_catalog
from pipelines.runner import contiguous_ranges, poll_listings, record_registration_failures, sync_partitions

LISTINGS_INTERVAL = 6 * 3600  # seconds between two polls of the registered listing pages

govreport_job = dg.define_asset_job(
    "govreport_job",
    selection=dg.AssetSelection.all(),
    description="Every asset: raw pages -> documents -> facts -> landing -> dbt marts -> published marts and site.",
)

def raw_version(raw_dir: Path, entry) -> str:
    """What a run of the report depends on, as a short digest: the bytes of a local file (a
    changed file is a new version), the address of a URL (its pages are re-fetched by each run;
    a new raw version is made by a run, it never asks for one)."""
    if entry.is_url:
        return "url-" + hashlib.sha256(entry.source.encode("utf-8")).hexdigest()[:12]
    path = entry.path(raw_dir)
    try:
        return "sha-" + hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    except OSError:
        return "missing"


def _read_cursor(cursor: str | None) -> tuple[set[str], dict[str, str]]:
    if not cursor:
        return set(), {}
    data = json.loads(cursor)
    if isinstance(data, list):  # the cursor of an older version: the problems only
        return set(data), {}
    return set(data.get("problems", [])), dict(data.get("versions", {}))


def _cursor(problems: set[str], versions: dict[str, str]) -> str:
    return json.dumps({"problems": sorted(problems), "versions": versions}, sort_keys=True, ensure_ascii=False)


@dg.sensor(
    job=govreport_job,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Every 30 s: registers new files in raw/ and new rows of raw/sources.csv as report "
    "partitions and requests one run of govreport_job for all of them.",
)
def raw_folder_sensor(context: dg.SensorEvaluationContext, raw_store: RawStore) -> dg.SensorResult:
    """Registers new files in raw/ (and new rows of raw/sources.csv) as report partitions and
    requests runs for every report that is new, re-added or whose file changed (one run per range
    of consecutive partitions; one writer of the warehouse at a time, one dbt build). Run keys
    carry the reports' raw versions: a changed report is never taken for one already run.
    The same sync as `govreport run` (pipelines.runner.sync_partitions); a file that cannot be
    registered is logged and recorded in landing.ingest_errors once, not at every tick."""
    reported, seen = _read_cursor(context.cursor)
    try:
        sync = sync_partitions(context.instance, raw_store.path, add_partitions=False, record=False)
    except Exception as exc:  # noqa: BLE001 - a broken catalog is reported, nothing is requested
        return dg.SensorResult(skip_reason=f"cannot read the catalog: {exc}", cursor=_cursor(reported, seen))
    fresh = [(source, problem) for source, problem in sync.problems if problem not in reported]
    for _, problem in fresh:
        context.log.error(problem)
    if fresh:
        try:
            record_registration_failures(fresh)
            reported.update(problem for _, problem in fresh)
        except Exception as exc:  # noqa: BLE001 - the warehouse is busy: try again at the next tick
            context.log.warning(f"registration failures not recorded yet (warehouse busy: {exc})")
    entries = {e.report_id: e for e in read_catalog(raw_store.path)}
    versions = {rid: raw_version(raw_store.path, entries[rid]) for rid in sync.report_ids if rid in entries}
    changed = [rid for rid in sync.report_ids if seen.get(rid) != versions.get(rid)]
    cursor = _cursor(reported, versions)
    if not changed:
        return dg.SensorResult(skip_reason="no new or changed reports", cursor=cursor)
    # dynamic partitions keep the order they are added in: the new ones come last
    order = list(context.instance.get_dynamic_partitions(reports_partitions.name))
    order += [rid for rid in sync.new_ids if rid not in order]
    requests = []
    for first, last in contiguous_ranges(changed, order):
        span = order[order.index(first) : order.index(last) + 1]
        digest = hashlib.sha256("|".join(f"{rid}={versions.get(rid)}" for rid in span).encode("utf-8")).hexdigest()[:12]
        requests.append(dg.RunRequest(run_key=f"reports-{first}..{last}-{digest}", tags=range_tags(first, last)))
    return dg.SensorResult(
        run_requests=requests,
        dynamic_partitions_requests=[reports_partitions.build_add_request(sync.new_ids)] if sync.new_ids else [],
        cursor=cursor,
    )


@dg.sensor(minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING)
def dead_run_sensor(context: dg.SensorEvaluationContext) -> dg.SkipReason:
    """Marks failed the runs of this host whose process is gone (killed, crashed), so that the
    run queue, which runs one run at a time, never waits for them forever."""
    reaped = reap_dead_runs(context.instance)
    for run_id in reaped:
        context.log.warning(f"run {run_id}: its process is gone; marked failed")
    return dg.SkipReason(f"marked {len(reaped)} dead run(s) failed" if reaped else "no dead runs")


@dg.sensor(job=govreport_job, minimum_interval_seconds=LISTINGS_INTERVAL, default_status=dg.DefaultSensorStatus.RUNNING)
def listings_sensor(context: dg.SensorEvaluationContext, raw_store: RawStore) -> dg.SensorResult:
    """Polls the listing pages of raw/listings.csv (`govreport discover` adds them) every six hours:
    robots.txt, one request per host every two seconds, conditional requests (the ETag /
    Last-Modified of the last poll are the cursor). New report links are registered in
    raw/sources.csv and become partitions and one run, through the same sync as `govreport run`."""
    state = json.loads(context.cursor) if context.cursor else {}
    try:
        state, found, problems = poll_listings(raw_store.path, state)
    except Exception as exc:  # noqa: BLE001 - a broken listings file is reported, nothing is requested
        return dg.SensorResult(skip_reason=f"cannot poll the listings: {exc}", cursor=json.dumps(state))
    for _, problem in problems:
        context.log.warning(problem)
    for discovery in found:
        for url, report_id in discovery.added:
            context.log.info(f"{discovery.listing}: new report {report_id} at {url}")
    cursor = json.dumps(state, sort_keys=True)
    try:
        sync = sync_partitions(context.instance, raw_store.path, add_partitions=False, record=False)
    except Exception as exc:  # noqa: BLE001
        return dg.SensorResult(skip_reason=f"cannot read the catalog: {exc}", cursor=cursor)
    if not sync.new_ids:
        return dg.SensorResult(skip_reason="no new reports on the listing pages", cursor=cursor)
    first, last = sync.new_ids[0], sync.new_ids[-1]
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=f"listed-reports-{first}..{last}-{len(sync.new_ids)}", tags=range_tags(first, last))],
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
