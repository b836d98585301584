"""`govreport run`: every report of the catalog through the whole graph, in-process.

Reports run as one Dagster run (a single-run backfill over the `reports` partitions). A report
that fails (a fetch, a document that is not a work report, a Pandera check) is recorded in
landing.ingest_errors with the run's id and left out, while the others go on to the warehouse
and the marts; `govreport run` then lists the failures and exits 1. Only one run at a time may
write the warehouse: a lock file beside it makes a second `govreport run` wait.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
import duckdb

from pipelines import settings
from pipelines.definitions import defs
from pipelines.defs import timings
from pipelines.defs.liveness import reap_dead_runs, where_tags
from pipelines.defs.partitions import REBUILD_TAG, range_tags, reports_partitions
from pipelines.ingest.catalog import add_source, discover_local_files, read_catalog
from pipelines.ingest.fetch import fetch
from pipelines.load.lock import hold_warehouse, warehouse_holder
from pipelines.load.unchanged import input_key, loaded_input_keys
from pipelines.load.warehouse import record_errors_or_keep
from pipelines.publish.marts import remove_interrupted_publication
from pipelines.text.document import identify_report
from pipelines.transform.build import plan_build


@dataclass
class RunOutcome:
    success: bool
    report_ids: list[str]
    failed: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    run_ids: list[str] = field(default_factory=list)
    step_failures: list[str] = field(default_factory=list)
    held: str | None = None  # the warehouse was held by another process: nothing was done
    stages: dict[str, float | None] = field(default_factory=dict)  # seconds per stage (None: skipped)
    plan: str = ""  # which reports the run went through, and why (reports_to_run)


# The stages `govreport run` times, and the Dagster step each is read from (validate runs inside
# the text and extract steps and is timed by pipelines.defs.timings, then taken out of them).
STAGES = ["start-up", "read", "extract", "validate", "load", "dbt", "publish", "site"]
STEP_STAGE = {
    "scraped_pages": "read",
    "report_documents": "read",
    "indicator_facts": "extract",
    "landing_tables": "load",
    "govreport_dbt": "dbt",
    "published_marts": "publish",
    "region_site": "site",
}


def stage_timings(instance: dg.DagsterInstance, run_ids: list[str], started: float) -> dict[str, float | None]:
    """Seconds per stage of these runs, from their step events: start-up is the time from
    ``started`` (a ``time.time()`` taken when the command started) to the first step; a stage
    whose steps were all skipped is None."""
    out: dict[str, float | None] = {}
    first_step = None
    begun: dict[str, float] = {}
    for run_id in run_ids:
        for record in instance.all_logs(run_id):
            event = record.dagster_event
            if event is None or event.step_key is None:
                continue
            step = event.step_key.split("[")[0]
            stage = STEP_STAGE.get(step)
            kind = event.event_type_value
            if kind == "STEP_START":
                begun[event.step_key] = record.timestamp
                first_step = record.timestamp if first_step is None else min(first_step, record.timestamp)
            elif kind in ("STEP_SUCCESS", "STEP_FAILURE") and stage and event.step_key in begun:
                out[stage] = (out.get(stage) or 0.0) + record.timestamp - begun[event.step_key]
            elif kind == "STEP_SKIPPED" and stage:
                out.setdefault(stage, None)
    validate = timings.totals()
    for step, stage in (("report_documents", "read"), ("indicator_facts", "extract")):
        spent = validate.get(f"validate.{step}", 0.0)
        if out.get(stage) is not None:
            out[stage] = max(0.0, out[stage] - spent)
        if spent:
            out["validate"] = (out.get("validate") or 0.0) + spent
    if first_step is not None:
        out["start-up"] = max(0.0, first_step - started)
    return {stage: out[stage] for stage in STAGES if stage in out}


def format_stages(stages: dict[str, float | None], total: float) -> list[str]:
    lines = ["time by stage:"]
    for stage, seconds in stages.items():
        lines.append(f"  {stage:<10} {'skipped (unchanged)':>8}" if seconds is None else f"  {stage:<10} {seconds:7.2f} s")
    known = sum(s for s in stages.values() if s is not None)
    lines.append(f"  {'other':<10} {max(0.0, total - known):7.2f} s   (Dagster events between steps, summary)")
    return lines


def contiguous_ranges(keys: list[str], order: list[str]) -> list[tuple[str, str]]:
    """Split keys into runs of consecutive partitions (in the partitions' order)."""
    position = {k: i for i, k in enumerate(order)}
    ranges: list[tuple[str, str]] = []
    for key in sorted(keys, key=position.__getitem__):
        if ranges and position[key] == position[ranges[-1][1]] + 1:
            ranges[-1] = (ranges[-1][0], key)
        else:
            ranges.append((key, key))
    return ranges


def errors_of_runs(run_ids: list[str]) -> dict[str, str]:
    """The failures recorded by these runs, per report."""
    try:
        con = duckdb.connect(settings.warehouse_path(), read_only=True)
    except duckdb.Error:
        return {}
    try:
        rows = con.execute(
            "SELECT report_id, string_agg(message, ' | ' ORDER BY occurred_at) FROM landing.ingest_errors "
            "WHERE run_id IN (SELECT unnest(?)) AND report_id IS NOT NULL GROUP BY report_id",
            [run_ids],
        ).fetchall()
    except duckdb.CatalogException:
        rows = []
    finally:
        con.close()
    return dict(rows)


@contextmanager
def warehouse_lock(run_id: str | None = None):
    """One writer at a time: DuckDB and dbt-duckdb do not wait for a locked file, this does. The
    same lock as the runs' WarehouseLock resource (re-entrant in this process); a waiting run says
    on stderr whom it waits for."""
    with hold_warehouse(settings.warehouse_path(), run_id=run_id, on_wait=lambda m: print(m, file=sys.stderr, flush=True)):
        yield


def register_source(raw_dir: Path, source: str, *, fetcher=fetch, **given) -> tuple:
    """Register a URL or a local file in the catalog (``govreport add``, files dropped into raw/):
    ``pipelines.ingest.catalog.add_source`` with the text stage's :func:`identify_report`.
    ``given``: region, report_year, notes. Returns ``(entry, added)``."""
    return add_source(raw_dir, source, identify=identify_report, fetcher=fetcher, **given)


def discover_reports(raw_dir: Path, listing_url: str, *, fetcher=fetch, first_page=None, remember: bool = True):
    """``govreport discover``: the work-report links of a listing page and its pagination, each new
    one registered (:func:`register_source`, the text decides region and year); the listing is
    kept in raw/listings.csv for the listings sensor when ``remember``. Returns the
    ``pipelines.ingest.listing.Discovery`` (added and skipped links with reasons)."""
    from pipelines.ingest.listing import add_listing, discover

    found = discover(
        listing_url,
        lambda url: register_source(raw_dir, url, fetcher=fetcher),
        raw_dir=raw_dir,
        fetcher=fetcher,
        first_page=first_page,
    )
    if remember:
        add_listing(raw_dir, listing_url)
    return found


def poll_listings(raw_dir: Path, state: dict[str, dict[str, str]], *, interval: float | None = None):
    """One round of the listings sensor: every listing of raw/listings.csv polled politely
    (robots.txt, per-host rate limit, conditional request with the validators in ``state``);
    a changed listing is read for new reports, which are registered. Returns
    ``(state, discoveries, problems)`` with the validators to keep and ``(url, message)`` problems."""
    from pipelines.errors import IngestError
    from pipelines.ingest.listing import MIN_HOST_INTERVAL, HostRateLimiter, polite_fetcher, poll_listing, read_listings

    if interval is None:
        interval = float(os.environ.get("GOVREPORT_HOST_INTERVAL", MIN_HOST_INTERVAL))
    limiter = HostRateLimiter(interval)
    robots: dict = {}
    polite = polite_fetcher(limiter, robots)
    state = dict(state)
    discoveries, problems = [], []
    for listing in read_listings(raw_dir):
        try:
            poll = poll_listing(listing.url, state.get(listing.url), limiter=limiter, robots_cache=robots)
            state[listing.url] = poll.validators
            if poll.status == "disallowed":
                problems.append((listing.url, f"{listing.url}: disallowed by the site's robots.txt (not polled)"))
            if poll.status != "changed":
                continue
            discoveries.append(discover_reports(raw_dir, listing.url, fetcher=polite, first_page=poll.page, remember=False))
        except (IngestError, OSError) as exc:
            problems.append((listing.url, str(exc)))
    return state, discoveries, problems


def register_local_files(raw_dir: Path) -> list[tuple[str, str]]:
    """Add every .html/.htm/.txt file in raw/ that the catalog lacks; return (file, problem) for
    each file that could not be registered (the problem names the file)."""
    problems = []
    for path in discover_local_files(raw_dir):
        try:
            register_source(raw_dir, str(path))
        except Exception as exc:  # noqa: BLE001 - a file we cannot register is reported, the others go on
            message = str(exc) if path.name in str(exc) else f"{path}: {exc}"
            problems.append((str(path), message))
    return problems


@dataclass
class Sync:
    report_ids: list[str]  # every report of the catalog, in catalog order
    new_ids: list[str]  # the ones added as partitions by this sync
    problems: list[tuple[str, str]]  # (file, message) for files in raw/ that could not be registered


def sync_partitions(
    instance: dg.DagsterInstance, raw_dir: Path | None = None, *, add_partitions: bool = True, record: bool = True
) -> Sync:
    """Register new files in raw/ in the catalog and every catalog entry as a partition: the one
    sync that ``govreport run`` and the ``raw_folder_sensor`` share. Registration failures are
    recorded in landing.ingest_errors (stage ``ingest``) when ``record`` is true and the warehouse
    can be written. ``add_partitions=False`` leaves adding the new partitions to the caller (a
    sensor returns them as a request). Raises CatalogError when raw/sources.csv is malformed."""
    raw = raw_dir or settings.raw_dir()
    problems = register_local_files(raw)
    ids = [e.report_id for e in read_catalog(raw)]
    known = set(instance.get_dynamic_partitions(reports_partitions.name))
    new = [rid for rid in ids if rid not in known]
    if new and add_partitions:
        instance.add_dynamic_partitions(reports_partitions.name, new)
    if record and problems:
        record_registration_failures(problems)
    return Sync(ids, new, problems)


def record_registration_failures(problems: list[tuple[str, str]], run_id: str | None = None) -> None:
    """landing.ingest_errors rows (stage ``ingest``) for files that could not be registered, each
    (source, message) once: a file refused again by every run is not a new failure (and a new row
    each run would change the landing and so make every run rebuild)."""
    known = _recorded_registration_failures(settings.warehouse_path())
    rows = [dict(stage="ingest", message=m, source=s, report_id=None, run_id=run_id)
            for s, m in dict.fromkeys(problems) if (s, m) not in known]
    record_errors_or_keep(settings.warehouse_path(), rows)


def _recorded_registration_failures(warehouse: str) -> set[tuple[str, str]]:
    """(source, message) of the registration failures already in landing.ingest_errors (empty when
    the warehouse cannot be read now: then they are recorded again, never lost)."""
    if warehouse.startswith("md:") or warehouse == ":memory:" or not Path(warehouse).exists():
        return set()
    try:
        con = duckdb.connect(warehouse, read_only=True)
    except duckdb.Error:
        return set()
    try:
        return set(con.execute(
            "SELECT source, message FROM landing.ingest_errors WHERE stage = 'ingest' AND report_id IS NULL"
        ).fetchall())
    except duckdb.Error:
        return set()
    finally:
        con.close()


def reports_to_run(ids: list[str], raw_dir: Path | None = None) -> tuple[list[str], str]:
    """The reports of the catalog this run has to go through, and why. Every report when the dbt
    project or the landing changed since the last dbt build (dbt has to run) or a published output
    is missing; otherwise the URL sources (they are fetched again) and the file reports whose
    input key (raw bytes, catalog row, code version: pipelines.load.unchanged) differs from the
    one of their last load. The rest would give the same rows: they are left out of the run."""
    raw = raw_dir or settings.raw_dir()
    wh = settings.warehouse_path()
    if wh.startswith("md:") or wh == ":memory:" or not Path(wh).exists():
        return ids, "no local warehouse yet"
    if not settings.published_outputs_exist():
        return ids, "published marts or site missing"
    plan = plan_build(wh)
    if plan.mode != "skip":
        return ids, f"dbt has to run ({plan.reason})"
    try:
        con = duckdb.connect(wh, read_only=True)
    except duckdb.Error:
        return ids, "warehouse busy"
    try:
        loaded = loaded_input_keys(con)
    finally:
        con.close()
    catalog = {e.report_id: e for e in read_catalog(raw)}
    stale = []
    for rid in ids:
        entry = catalog.get(rid)
        if entry is None or entry.is_url or rid not in loaded:
            stale.append(rid)
            continue
        path = (raw / entry.source).resolve()
        if not path.is_file():
            stale.append(rid)
            continue
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:  # unreadable now: the run's read step records why
            stale.append(rid)
            continue
        if input_key(digest, entry.region, entry.report_year, entry.source) != loaded[rid]:
            stale.append(rid)
    return stale, f"{len(ids) - len(stale)} of {len(ids)} reports unchanged since their last load"


def _log_config() -> dict:
    """Console log level of the runs (GOVREPORT_LOG_LEVEL, default WARNING: errors and the summary)."""
    level = os.environ.get("GOVREPORT_LOG_LEVEL", "WARNING").upper()
    return {"loggers": {"console": {"config": {"log_level": level}}}}


def run_all(
    instance: dg.DagsterInstance | None = None, started: float | None = None, *, rebuild: bool = False
) -> RunOutcome:
    """Register the catalog's reports, then run the job over those that need it (every report with
    ``rebuild``, which also reloads their rows and runs a full dbt build: REBUILD_TAG)."""
    started = time.time() if started is None else started
    instance = instance or dg.DagsterInstance.get()
    timings.reset()
    with warehouse_lock():
        # before any work: runs whose process died are marked failed (the queue goes on), and a
        # warehouse held by another process (a BI tool, a notebook) stops this run in one line
        reap_dead_runs(instance)
        held = warehouse_holder(settings.warehouse_path())
        if held:
            return RunOutcome(success=False, report_ids=[], errors=[held], held=held)
        # a publication killed half-way leaves temporary files beside the published marts; a run
        # with nothing to do publishes nothing, so they are removed here (under the same lock)
        remove_interrupted_publication(settings.marts_path(), settings.parquet_dir())
        sync = sync_partitions(instance)
        ids, problems = sync.report_ids, sync.problems
        outcome = RunOutcome(success=not problems, report_ids=list(ids), errors=[m for _, m in problems])
        if not ids:
            outcome.success = False
            outcome.errors.append(f"no reports in {settings.raw_dir() / 'sources.csv'}: add one with `govreport add`")
            return outcome
        todo, outcome.plan = (ids, "every report, rebuilt (--rebuild)") if rebuild else reports_to_run(ids)
        if not todo:
            outcome.stages = {"start-up": time.time() - started}
            return outcome
        job = defs().resolve_job_def("govreport_job")
        order = instance.get_dynamic_partitions(reports_partitions.name)
        for first, last in contiguous_ranges(todo, order):
            result = job.execute_in_process(
                instance=instance,
                tags={**range_tags(first, last), **where_tags(), **({REBUILD_TAG: "true"} if rebuild else {})},
                raise_on_error=False,
                run_config=_log_config(),
            )
            outcome.run_ids.append(result.run_id)
            if not result.success:
                outcome.success = False
                outcome.step_failures.extend(step_failures(result))
        outcome.stages = stage_timings(instance, outcome.run_ids, started)
    outcome.failed = errors_of_runs(outcome.run_ids)
    if outcome.failed:
        outcome.success = False
        outcome.errors.extend(outcome.failed.values())
    elif not outcome.success:
        said = "; ".join(dict.fromkeys(outcome.step_failures)) or "see the log above or the Dagster UI"
        outcome.errors.append(f"run {outcome.run_ids[-1]} failed: {said}")
    return outcome


def step_failures(result) -> list[str]:
    """The first line of each failed step's error (what the run's failure is about)."""
    out = []
    for event in result.all_events:
        if event.event_type_value != "STEP_FAILURE" or event.step_failure_data is None:
            continue
        error = event.step_failure_data.error
        text = (error.message if error else "").strip()
        if error and error.cause and "Failure" not in (error.cls_name or ""):
            text = (error.cause.message or text).strip()
        first = text.splitlines()[0] if text else "failed"
        first = re.sub(r"^(?:[A-Za-z_]\w*\.)*\w*(?:Failure|Error|Exception): ", "", first)
        out.append(f"{event.step_key}: {first}")
    return out


def summary(outcome: RunOutcome, seconds: float) -> str:
    wh, marts = settings.warehouse_path(), settings.marts_path()
    lines = [f"govreport run: {'done' if outcome.success else 'finished with errors'} in {seconds:.1f}s"]
    if outcome.held:  # nothing ran: no counts, which would be those of an earlier build
        return "\n".join(lines + ["nothing was run: the warehouse is held by another process (see the error below)"])
    try:
        con = duckdb.connect(wh, read_only=True)
    except duckdb.Error as exc:
        return "\n".join(lines + [f"warehouse {wh} cannot be opened: {exc}"])
    try:
        n_reports, n_facts = con.execute(
            "SELECT (SELECT count(*) FROM landing.reports), (SELECT count(*) FROM landing.facts)"
        ).fetchone()
        lines.append(f"reports loaded: {n_reports}   facts extracted: {n_facts}   (warehouse: {wh})")
        tables = con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts' ORDER BY 1"
        ).fetchall()
        lines.append("rows per mart:")
        for (name,) in tables:
            count = con.execute(f'SELECT count(*) FROM marts."{name}"').fetchone()[0]
            lines.append(f"  marts.{name:<28} {count:>8}")
    except duckdb.Error as exc:
        lines.append(f"(warehouse not complete: {exc})")
    finally:
        con.close()
    if outcome.plan:
        lines.append(f"this run: {outcome.plan}")
    if outcome.stages:
        lines += format_stages(outcome.stages, seconds)
    lines += [
        f"published for BI tools: {marts} (+ Parquet in {marts.parent / 'marts'}), site: {settings.warehouse_dir() / 'site' / 'index.html'}",
        f"Dagster UI: DAGSTER_HOME={settings.dagster_home()} .venv/bin/dg dev   (then open http://127.0.0.1:3000)",
        "example query:",
        f"  .venv/bin/python -c \"import duckdb; print(duckdb.connect('{marts}', read_only=True).sql("
        "\\\"SELECT region_code, indicator_code, metric, year, value, unit, status FROM indicator_panel ORDER BY 1,2,3,4\\\"))\"",
    ]
    return "\n".join(lines)
