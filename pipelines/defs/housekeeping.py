"""Bounded disk: what each run leaves behind is kept for the last GOVREPORT_KEEP_RUNS runs.

* dbt target folders: dagster-dbt gives every invocation its own ``dbt_project/target/<op>-<run
  id>-<uuid>/`` (manifest, run results, compiled SQL and ``dbt.log``, ~8.5 MB each);
* Dagster compute logs: ``$DAGSTER_HOME/storage/<run id>/`` (stdout/stderr of each step).

The newest ``keep_runs()`` of each are kept; those of a run still in progress are never removed.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import dagster as dg

from pipelines import settings

_TARGET_RUN = re.compile(r"^.+-(?P<run>[0-9a-f]{7,8})-[0-9a-f]{7}$")
_RUN_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _in_progress(instance: dg.DagsterInstance | None) -> set[str]:
    if instance is None:
        return set()
    runs = instance.get_runs(
        filters=dg.RunsFilter(
            statuses=[dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.CANCELING]
        )
    )
    return {r.run_id for r in runs}


def _prune(folders: list[Path], keep: int, protected) -> int:
    folders = sorted(folders, key=lambda p: p.stat().st_mtime, reverse=True)
    removed = 0
    for folder in folders[keep:]:
        if protected(folder):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed += 1
    return removed


def prune_run_files(
    instance: dg.DagsterInstance | None = None,
    *,
    keep: int | None = None,
    target_dir: Path | None = None,
    storage_dir: Path | None = None,
) -> int:
    """Remove the dbt target folders and compute-log folders beyond the newest ``keep``;
    returns how many folders were removed."""
    keep = settings.keep_runs() if keep is None else keep
    live = _in_progress(instance)
    live_short = {r[:7] for r in live} | {r[:8] for r in live}
    target_dir = target_dir or settings.dbt_project_dir() / "target"
    storage_dir = storage_dir or (Path(instance.root_directory) / "storage" if instance is not None else None)
    removed = 0
    if target_dir.is_dir():
        runs = [p for p in target_dir.iterdir() if p.is_dir() and _TARGET_RUN.match(p.name)]
        removed += _prune(runs, keep, lambda p: _TARGET_RUN.match(p.name).group("run") in live_short)
    if storage_dir is not None and storage_dir.is_dir():
        logs = [p for p in storage_dir.iterdir() if p.is_dir() and _RUN_ID.match(p.name)]
        removed += _prune(logs, keep, lambda p: p.name in live)
    return removed
